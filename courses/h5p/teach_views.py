"""H5P authoring under /teach/: a trainer uploads a package as a lesson of a
module and sees what it holds; staff see the installed libraries."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.uploads import limit_upload_size, upload_cut_off, upload_data
from h5p import selectors as h5p_selectors
from members.models import User
from members.permissions import role_required, trainer_required

from .. import selectors, services
from ..forms import LessonDetailsForm
from ..models import Lesson
from . import services as h5p_services
from .forms import H5PLessonForm

staff_required = role_required(User.Role.STAFF)


def h5p_max_bytes() -> int:
    """The largest .h5p upload, in bytes (setting H5P_MAX_PACKAGE_BYTES)."""
    return settings.H5P_MAX_PACKAGE_BYTES


@trainer_required
@limit_upload_size(h5p_max_bytes)
def h5p_create(request, pk: int):
    """Uploads a package as a new lesson at the end of the part; a refused
    package shows every reason."""
    module = selectors.module_for_teacher(request.user, pk)
    form = H5PLessonForm(*upload_data(request))
    too_big = upload_cut_off(request, form, "package", h5p_max_bytes())
    if not too_big and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            lesson = h5p_services.h5p_lesson_upload(
                module=module,
                upload=data["package"],
                user=request.user,
                title=data["title"],
                minutes=data["minutes"],
                required=data["required"],
            )
        except ValidationError as error:
            form.add_error("package", error)
        else:
            messages.success(request, _("L'activité H5P est ajoutée."))
            return redirect("teach:h5p-detail", pk=lesson.pk)
    context = {"form": form, "module": module, "course": module.course}
    return render(
        request,
        "courses/teach/h5p_form.html",
        context,
        status=413 if too_big else 200,
    )


@trainer_required
def h5p_detail(request, pk: int):
    """An H5P lesson: its activity's title, libraries, and a preview link."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    if lesson.kind != Lesson.Kind.H5P:
        return redirect("teach:lesson-edit", pk=lesson.pk)
    form = LessonDetailsForm(request.POST or None, instance=lesson)
    if request.method == "POST" and form.is_valid():
        services.lesson_update(lesson=lesson, fields=form.cleaned_data)
        messages.success(request, _("Modifications enregistrées."))
        return redirect("teach:h5p-detail", pk=lesson.pk)
    content = lesson.h5p_content
    context = {
        "lesson": lesson,
        "course": lesson.module.course,
        "content": content,
        "libraries": content.libraries.order_by("machine_name"),
        "form": form,
    }
    return render(request, "courses/teach/h5p_detail.html", context)


@staff_required
def h5p_libraries(request):
    """Installed libraries, with the contents that use each one."""
    context = {"libraries": h5p_selectors.libraries_with_contents()}
    return render(request, "courses/teach/h5p_libraries.html", context)
