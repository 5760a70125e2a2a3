"""Reads on stories: the public list and page, a member's own, the review queue."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from certificates.models import Certificate
from skills.models import MemberSkill

from .models import Story


def valid_certificates() -> QuerySet[Certificate]:
    """Certificates that still prove something publicly: issued, not revoked or
    replaced, and whose holder keeps verification public (else /v/ shows nothing)."""
    return Certificate.objects.filter(
        status=Certificate.Status.ISSUED, public_verification=True
    ).order_by("-issued_on", "pk")


def active_member_skills() -> QuerySet[MemberSkill]:
    """Skills whose evidence still counts, with their competence."""
    return (
        MemberSkill.objects.filter(withdrawn_at__isnull=True)
        .select_related("competence")
        .order_by("competence__area__number", "competence__position", "-level")
    )


def _with_evidence(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Author and evidence in a fixed number of queries, whatever the count."""
    return stories.select_related("author").prefetch_related(
        Prefetch("certificates", queryset=valid_certificates(), to_attr="evidence"),
        Prefetch("skills", queryset=active_member_skills(), to_attr="skill_evidence"),
    )


def public_stories() -> QuerySet[Story]:
    """Published stories whose author may be seen: below 13, only with a legal
    representative's consent (I5), withdrawn consent hiding them at once."""
    return Story.objects.filter(status=Story.Status.PUBLISHED).exclude(
        author__under_13=True, author__guardian_consent_at__isnull=True
    )


def stories_published(
    *,
    competence: str | None = None,
    kind: str | None = None,
    language: str | None = None,
) -> QuerySet[Story]:
    """Published stories, newest first, filtered by a DigComp code (through a
    linked skill or certificate), a kind of success and a language."""
    stories = public_stories()
    if competence:
        # A subquery rather than joins: no duplicate rows, no DISTINCT to sort.
        skills = MemberSkill.objects.filter(
            withdrawn_at__isnull=True, competence__code=competence
        )
        matching = Story.objects.filter(
            Q(skills__in=skills)
            | Q(
                certificates__in=valid_certificates().filter(
                    member_skills__competence__code=competence
                )
            )
        )
        stories = stories.filter(pk__in=matching.values("pk"))
    if kind:
        stories = stories.filter(kind=kind)
    if language:
        stories = stories.filter(language=language)
    return _with_evidence(stories).order_by("-published_at", "-pk")


def story_visible(*, slug: str, viewer) -> Story:
    """The story if the viewer may see it, else Http404: anyone once published;
    before that (or after it was withdrawn) only its author, the trainer who
    drafted it and staff. An unpublished story is never confirmed to exist."""
    story = get_object_or_404(_with_evidence(Story.objects.all()), slug=slug)
    if story_may_see_unpublished(story=story, viewer=viewer):
        return story
    if story.is_published and not story.author.needs_guardian_consent:
        return story
    raise Http404


def story_may_see_unpublished(*, story: Story, viewer) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return viewer.pk in (story.author_id, story.drafted_by_id) or viewer.is_staff_member


def stories_of(*, user) -> QuerySet[Story]:
    """The member's own stories and the drafts a trainer wrote for them."""
    return Story.objects.filter(author=user).order_by("-updated_at", "-pk")


def stories_drafted_by(*, trainer) -> QuerySet[Story]:
    """The stories a trainer drafted for learners, with their authors."""
    return (
        Story.objects.filter(drafted_by=trainer)
        .select_related("author")
        .order_by("-updated_at", "-pk")
    )


def stories_to_review() -> QuerySet[Story]:
    """The staff's queue: stories waiting for review, oldest first."""
    return (
        Story.objects.filter(status=Story.Status.IN_REVIEW)
        .select_related("author")
        .order_by("submitted_at", "pk")
    )


def stories_for_portfolio(*, user) -> QuerySet[Story]:
    """The author's published stories, for their portfolio page."""
    return public_stories().filter(author=user).order_by("-published_at", "-pk")


def story_of_author(*, user, slug: str) -> Story:
    """The member's own story (404 for anyone else's, whatever its state)."""
    return get_object_or_404(Story.objects.filter(author=user), slug=slug)


def story_editable_by(*, user, slug: str) -> Story:
    """The story the author, or the trainer who drafted it, may open to edit."""
    return get_object_or_404(
        Story.objects.filter(Q(author=user) | Q(drafted_by=user)).select_related(
            "author"
        ),
        slug=slug,
    )


def story_deletable_by(*, user, slug: str) -> Story:
    """The author's story, or a trainer's draft the member has not approved yet."""
    return get_object_or_404(
        Story.objects.filter(
            Q(author=user) | Q(drafted_by=user, status=Story.Status.AWAITING_MEMBER)
        ),
        slug=slug,
    )
