"""Reads for browsing: the catalogue, a course's page and its linked courses."""

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from core.search import search_filter
from members.models import User

from ..models import (
    Course,
    CourseCompetence,
    Enrollment,
)


def _with_trainers(courses: QuerySet[Course]) -> QuerySet[Course]:
    trainers = User.objects.only("id", "first_name", "last_name", "username")
    return courses.prefetch_related(Prefetch("trainers", queryset=trainers))


# PostgreSQL text search configuration for each course language; others: simple.
SEARCH_CONFIGS = {"fr": "french", "nl": "dutch", "en": "english"}


def course_catalogue(
    *,
    q: str = "",
    area: int | None = None,
    level: str | None = None,
    language: str | None = None,
    duration: str | None = None,
) -> QuerySet[Course]:
    """Published courses matching the search and filters, with trainers and
    competences (with areas): best match first when searching, else by title."""
    competences = CourseCompetence.objects.select_related("competence__area")
    courses = _with_trainers(Course.objects.published()).prefetch_related(
        Prefetch("course_competences", queryset=competences)
    )
    if area:
        courses = courses.in_area(area)
    if level:
        courses = courses.at_level(level)
    if language:
        courses = courses.in_language(language)
    if duration:
        courses = courses.lasting(duration)
    q = q.strip()
    if not q:
        return courses.order_by("title")
    folded = search_filter(courses, q)
    if connection.vendor == "postgresql":
        # Stemmed, ranked matches, plus those that differ only by accents or case.
        return _full_text_search(courses, q, Q(pk__in=folded.values("pk")))
    return folded.order_by("title")


def _full_text_search(courses: QuerySet[Course], q: str, also: Q) -> QuerySet[Course]:
    """Each course matched and ranked in its own language's configuration."""
    # Imported here: only PostgreSQL runs this.
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    matches = Q()
    ranks = []
    for code, _name in settings.LANGUAGES:
        config = SEARCH_CONFIGS.get(code, "simple")
        vector = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("description_markdown", weight="C", config=config)
        )
        query = SearchQuery(q, config=config, search_type="websearch")
        courses = courses.alias(**{f"search_{code}": vector})
        matches |= Q(language=code, **{f"search_{code}": query})
        ranks.append(When(language=code, then=SearchRank(vector, query)))
    rank = Case(*ranks, default=Value(0.0), output_field=FloatField())
    return courses.filter(matches | also).annotate(rank=rank).order_by("-rank", "title")


def course_for_visitor(slug: str) -> Course:
    """A published course; drafts and archives are a 404 here."""
    return get_object_or_404(course_catalogue(), slug=slug)


def courses_taught_by(trainer: User) -> QuerySet[Course]:
    return Course.objects.taught_by(trainer).order_by("status", "title")


# --- Learning: course page, lesson player, progress and the learner's home ---


def _linked_courses(course: Course, user: User) -> list[Course]:
    """The course's prerequisites (marked completed or not for this member) and its
    published versions in other languages, in one query."""
    completed = Enrollment.objects.filter(
        user_id=user.pk if user.is_authenticated else None,
        course=OuterRef("pk"),
        completed_at__isnull=False,
    )
    prerequisite_links = Course.prerequisites.through.objects.filter(
        from_course_id=course.pk, to_course_id=OuterRef("pk")
    )
    version_links = Course.other_language_versions.through.objects.filter(
        from_course_id=course.pk, to_course_id=OuterRef("pk")
    )
    return list(
        Course.objects.filter(Q(unlocks=course) | Q(other_language_versions=course))
        .distinct()
        .only("id", "slug", "title", "language", "status")
        .annotate(
            completed=Exists(completed),
            is_prerequisite=Exists(prerequisite_links),
            is_version=Exists(version_links),
        )
        .order_by("title")
    )


def course_page(*, slug: str, user: User) -> Course:
    """A published course with trainers, competences (with areas), the member's
    enrolment id, `prerequisite_list` (each marked completed or not for this
    member) and `language_versions` (published ones): 4 queries, whatever the size."""
    enrollment = Enrollment.objects.filter(
        user_id=user.pk if user.is_authenticated else None, course=OuterRef("pk")
    )
    # course_catalogue() already prefetches the competences with their areas.
    # The organisation is joined for the licence line of shared courses.
    courses = (
        course_catalogue()
        .select_related("author_organisation")
        .annotate(
            enrollment_id=Subquery(enrollment.values("pk")[:1]),
            enrollment_completed_at=Subquery(enrollment.values("completed_at")[:1]),
        )
    )
    course = get_object_or_404(courses, slug=slug)
    linked = _linked_courses(course, user)
    course.prerequisite_list = [each for each in linked if each.is_prerequisite]
    course.language_versions = [
        each
        for each in linked
        if each.is_version and each.status == Course.Status.PUBLISHED
    ]
    return course


def missing_prerequisites(course: Course) -> list[Course]:
    """Prerequisites of a course_page() course that the member has not completed."""
    return [each for each in course.prerequisite_list if not each.completed]
