"""Pages of the stories app: the public "Réussites", a story's page, "Mes
réussites" (write, submit, un-publish, delete), trainers' drafts, staff review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core.files import private_file_response
from core.qr import qr_data_uri
from core.uploads import audio_max_bytes, limit_upload_size, too_big_error
from members.models import User
from members.permissions import role_required, trainer_required

from . import selectors, services
from .forms import (
    LearnerChoiceForm,
    ReviewForm,
    StoryFilterForm,
    StoryForm,
    story_form_initial,
)
from .models import Story

PAGE_SIZE = 24
staff_required = role_required(User.Role.STAFF)


def _competence_codes(story: Story) -> list[str]:
    """The DigComp codes a story's evidence proves, from what was prefetched."""
    codes = {skill.competence.code for skill in story.skill_evidence}
    for certificate in story.evidence:
        codes.update(item.get("code", "") for item in certificate.competences or [])
    return sorted(code for code in codes if code)


def story_list(request):
    """Published stories, filterable by competence, kind and language; the same
    number of queries whatever the number of stories."""
    form = StoryFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {name: value for name, value in form.cleaned_data.items() if value}
    stories = selectors.stories_published(**filters)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    for story in page.object_list:
        story.codes = _competence_codes(story)
    return render(
        request,
        "stories/story_list.html",
        {"form": form, "page": page, "filtered": bool(filters)},
    )


@require_safe
def story_file(request, slug: str, kind: str):
    """The story's photo or recording, to whoever may see the story, at this moment."""
    story = selectors.story_visible(slug=slug, viewer=request.user)
    return private_file_response(request, getattr(story, kind).name)


def story_detail(request, slug: str):
    """A story with its verified evidence and share link; 404 before publication
    for anyone but its author, the drafting trainer and staff."""
    story = selectors.story_visible(slug=slug, viewer=request.user)
    portfolio = getattr(story.author, "portfolio", None)
    public_portfolio = portfolio is not None and portfolio.visibility == "public"
    indexable = story.is_published and public_portfolio and portfolio.search_engines
    page_url = request.build_absolute_uri(story.get_absolute_url())
    context = {
        "story": story,
        "page_url": page_url,
        "qr": qr_data_uri(page_url) if story.is_published else "",
        "portfolio_url": portfolio.get_absolute_url() if public_portfolio else "",
        "is_author": request.user.is_authenticated
        and request.user.pk == story.author_id,
        "indexable": indexable,
    }
    response = render(request, "stories/story_detail.html", context)
    if not indexable:
        response["X-Robots-Tag"] = "noindex, nofollow"
    if not story.is_published:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_stories(request):
    """ "Mes réussites": the member's stories with their state in words."""
    context = {"stories": selectors.stories_of(user=request.user)}
    if request.user.is_trainer or request.user.is_staff_member:
        context["drafted"] = selectors.stories_drafted_by(trainer=request.user)
    response = render(request, "stories/my_stories.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _posted_and_valid(request, form) -> bool:
    """A valid POST; a file over the limit (not even read) is a form error."""
    if request.method != "POST":
        return False
    if getattr(request, "upload_too_big", False):
        form.add_error(None, too_big_error(audio_max_bytes()))
        return False
    return form.is_valid()


def _story_form_page(request, *, form, author: User, story: Story | None):
    return render(
        request,
        "stories/story_form.html",
        {"form": form, "author": author, "story": story},
    )


@login_required
@limit_upload_size(audio_max_bytes)
@require_http_methods(["GET", "POST"])
def story_create(request):
    """The member writes a new story (saved as a draft)."""
    form = StoryForm(request.POST or None, request.FILES or None, author=request.user)
    if _posted_and_valid(request, form):
        try:
            services.story_create(
                actor=request.user, author=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Votre réussite est enregistrée. Envoyez-la quand vous voulez."),
            )
            return redirect("stories:mine")
    return _story_form_page(request, form=form, author=request.user, story=None)


@trainer_required
@require_http_methods(["GET"])
def trainer_learner_choose(request):
    """A trainer picks a learner of their groups to write a story with."""
    form = LearnerChoiceForm(request.GET or None, trainer=request.user)
    if request.GET and form.is_valid():
        return redirect("stories:trainer-draft", pk=form.cleaned_data["learner"].pk)
    return render(request, "stories/trainer_choose.html", {"form": form})


@trainer_required
@limit_upload_size(audio_max_bytes)
@require_http_methods(["GET", "POST"])
def trainer_draft(request, pk: int):
    """A trainer drafts a story with and for a learner of their group; it waits
    for the learner's approval. Any other member is a 404."""
    learner = get_object_or_404(
        User.objects.filter(learner_groups__trainer=request.user).distinct(), pk=pk
    )
    form = StoryForm(request.POST or None, request.FILES or None, author=learner)
    if _posted_and_valid(request, form):
        try:
            services.story_create(
                actor=request.user, author=learner, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le brouillon est enregistré : %(name)s doit l'approuver.")
                % {"name": learner},
            )
            return redirect("stories:mine")
    return _story_form_page(request, form=form, author=learner, story=None)


@login_required
@limit_upload_size(audio_max_bytes)
@require_http_methods(["GET", "POST"])
def story_edit(request, slug: str):
    """The author (or the drafting trainer, before approval) edits the story."""
    story = selectors.story_editable_by(user=request.user, slug=slug)
    form = StoryForm(
        request.POST or None,
        request.FILES or None,
        author=story.author,
        story=story,
        initial=story_form_initial(story),
    )
    if _posted_and_valid(request, form):
        try:
            services.story_update(
                story=story, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Les changements sont enregistrés."))
            return redirect("stories:mine")
    return _story_form_page(request, form=form, author=story.author, story=story)


@login_required
@require_POST
def story_submit(request, slug: str):
    """The author sends the story to review (or approves a trainer's draft)."""
    story = selectors.story_of_author(user=request.user, slug=slug)
    try:
        services.story_submit(story=story, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Merci ! L'équipe va relire votre réussite avant de la publier."),
        )
    return redirect("stories:mine")


@login_required
@require_http_methods(["GET", "POST"])
def story_unpublish(request, slug: str):
    """Asks once, then takes the story down at once."""
    story = selectors.story_of_author(user=request.user, slug=slug)
    if request.method == "POST":
        try:
            services.story_unpublish(story=story, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Votre réussite n'est plus visible."))
        return redirect("stories:mine")
    return render(
        request, "stories/story_confirm.html", {"story": story, "action": "unpublish"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def story_delete(request, slug: str):
    """Asks once, then deletes the story and its files (the author's, or a
    trainer's draft the member has not approved yet)."""
    story = selectors.story_deletable_by(user=request.user, slug=slug)
    if request.method == "POST":
        services.story_delete(story=story, actor=request.user)
        messages.success(request, _("La réussite est supprimée."))
        return redirect("stories:mine")
    return render(
        request, "stories/story_confirm.html", {"story": story, "action": "delete"}
    )


@staff_required
def review_queue(request):
    """Staff only: the stories waiting for review, oldest first."""
    response = render(
        request,
        "stories/review_queue.html",
        {"stories": selectors.stories_to_review()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def story_review(request, slug: str):
    """Staff read the story as it would show and decide, with a comment."""
    story = selectors.story_visible(slug=slug, viewer=request.user)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            story = services.story_review(
                story=story, reviewer=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Décision enregistrée : %(status)s.")
                % {"status": story.get_status_display()},
            )
            return redirect("stories:review-queue")
    response = render(
        request, "stories/story_review.html", {"story": story, "form": form}
    )
    response["Cache-Control"] = "private, no-store"
    return response
