"""Pages of sharing under /teach/: share a course, the shared-modules catalogue,
and "Copier dans mes cours"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.forms import CatalogueFilterForm
from courses.models import Licence
from courses.selectors import course_for_teacher
from members.permissions import trainer_required

from . import selectors, services
from .forms import LICENCE_HELP, ShareForm

PAGE_SIZE = 12


def _licences() -> list[dict]:
    return [
        {"value": value, "label": label, "help": LICENCE_HELP[value]}
        for value, label in Licence.choices
    ]


@trainer_required
def course_share(request, pk: int):
    """Shares a course the trainer teaches under the licence they choose."""
    course = course_for_teacher(request.user, pk)
    initial = {"licence": course.licence or Licence.CC_BY_SA}
    form = ShareForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_share(
                course=course,
                trainer=request.user,
                licence=form.cleaned_data["licence"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le module est partagé sous licence %(licence)s.")
                % {"licence": course.get_licence_display()},
            )
            return redirect("sharing:course-share", pk=course.pk)
    organisation = course.author_organisation or request.user.organisation
    context = {
        "course": course,
        "form": form,
        "licences": _licences(),
        "selected": form["licence"].value() or Licence.CC_BY_SA,
        "organisation": organisation,
    }
    return render(request, "sharing/course_share.html", context)


@require_POST
@trainer_required
def course_unshare(request, pk: int):
    """Stops sharing; copies already made keep their attribution."""
    course = course_for_teacher(request.user, pk)
    services.course_unshare(course=course, trainer=request.user)
    messages.success(
        request,
        _(
            "Le module n'est plus partagé. Les copies déjà faites restent, avec "
            "leur mention de l'original."
        ),
    )
    return redirect("sharing:course-share", pk=course.pk)


@trainer_required
def shared_catalogue(request):
    """Modules other trainers share, with the learner catalogue's search and
    filters."""
    form = CatalogueFilterForm(request.GET)
    page = Paginator(selectors.shared_catalogue(**form.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "form": form, "active_filters": form.active_filters()}
    return render(request, "sharing/shared_catalogue.html", context)


@trainer_required
def course_copy(request, pk: int):
    """Asks to confirm, then copies the shared course into the trainer's drafts."""
    source = selectors.shared_course(pk)
    if request.method == "POST":
        try:
            copy = services.course_copy(source=source, trainer=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("sharing:catalogue")
        messages.success(
            request,
            _(
                "Le module est copié dans vos modules, en brouillon. Vous pouvez "
                "le modifier : l'original ne change pas."
            ),
        )
        return redirect(reverse("teach:course-detail", args=[copy.pk]))
    return render(request, "sharing/course_copy.html", {"course": source})
