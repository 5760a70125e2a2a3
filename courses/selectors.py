"""Reads on courses: the catalogue, a course page and a trainer's courses."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import User

from .models import (
    Course,
    CourseCompetence,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
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
    if connection.vendor == "postgresql":
        return _full_text_search(courses, q)
    return courses.filter(Q(title__icontains=q) | Q(summary__icontains=q)).order_by(
        "title"
    )


def _full_text_search(courses: QuerySet[Course], q: str) -> QuerySet[Course]:
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
    return courses.filter(matches).annotate(rank=rank).order_by("-rank", "title")


def course_for_visitor(slug: str) -> Course:
    """A published course; drafts and archives are a 404 here."""
    return get_object_or_404(course_catalogue(), slug=slug)


def courses_taught_by(trainer: User) -> QuerySet[Course]:
    return Course.objects.taught_by(trainer).order_by("status", "title")


# --- Learning: course page, lesson player, progress and the learner's home ---


@dataclass(frozen=True)
class Progress:
    """Required lessons done out of required lessons, counted from progress rows."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return (100 * self.done) // self.total if self.total else 0


@dataclass(frozen=True)
class Lock:
    """Why a lesson cannot be opened yet, and where to go first."""

    message: str
    url: str


@dataclass
class SyllabusModule:
    module: Module
    lessons: list[Lesson]
    progress: Progress


@dataclass
class Syllabus:
    """A course's modules and lessons for one member, each lesson with done and lock."""

    modules: list[SyllabusModule]
    lessons: list[Lesson]
    missing_prerequisites: list[Course]
    progress: Progress

    @property
    def next_lesson(self) -> Lesson | None:
        return next((lesson for lesson in self.lessons if not lesson.done), None)

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        """The lessons before and after this one in the course."""
        ids = [each.pk for each in self.lessons]
        index = ids.index(lesson.pk)
        before = self.lessons[index - 1] if index > 0 else None
        after = self.lessons[index + 1] if index + 1 < len(self.lessons) else None
        return before, after

    def lesson(self, lesson_id: int) -> Lesson | None:
        return next((each for each in self.lessons if each.pk == lesson_id), None)

    def next_after(self, lesson: Lesson) -> Lesson | None:
        """Where "Continuer" leads: the next open lesson not done after this one,
        else the first one not done earlier in the course."""
        index = [each.pk for each in self.lessons].index(lesson.pk)
        later = self.lessons[index + 1 :] + self.lessons[:index]
        open_ones = [each for each in later if not each.done and each.lock is None]
        return open_ones[0] if open_ones else self.next_lesson


def _progress(lessons: list[Lesson]) -> Progress:
    required = [lesson for lesson in lessons if lesson.required]
    return Progress(sum(lesson.done for lesson in required), len(required))


def _lesson_url(course: Course, lesson: Lesson) -> str:
    return reverse("courses:lesson-detail", args=[course.slug, lesson.pk])


def _prerequisite_lock(course: Course) -> Lock:
    message = _("Terminez d'abord le module « %(title)s ».") % {"title": course.title}
    return Lock(message, course.get_absolute_url())


def _in_order_lock(course: Course, lesson: Lesson) -> Lock:
    message = _("Terminez d'abord la leçon « %(title)s ».") % {"title": lesson.title}
    return Lock(message, _lesson_url(course, lesson))


def _set_locks(course: Course, modules: list[SyllabusModule], missing: list) -> None:
    """Locks from the course's prerequisites, then from each module's order."""
    for part in modules:
        first_not_done = None
        for lesson in part.lessons:
            lesson.lock = None
            if missing:
                lesson.lock = _prerequisite_lock(missing[0])
            elif part.module.unlock_in_order and first_not_done is not None:
                lesson.lock = _in_order_lock(course, first_not_done)
            if not lesson.done and first_not_done is None:
                first_not_done = lesson


def _done_lesson_ids(*, user: User, course_id: int) -> QuerySet:
    return LessonProgress.objects.filter(
        enrollment__user_id=user.pk if user.is_authenticated else None,
        enrollment__course_id=course_id,
    ).values("lesson_id")


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
    courses = course_catalogue().annotate(
        enrollment_id=Subquery(enrollment.values("pk")[:1])
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


def course_syllabus(
    *, course: Course, user: User, missing_prerequisites: list[Course] | None = None
) -> Syllabus:
    """Modules and lessons in order, each lesson marked done and locked or not for
    this member (one query; one more when the prerequisites are not given)."""
    if missing_prerequisites is None:
        missing_prerequisites = list(
            course.prerequisites.exclude(
                Exists(
                    Enrollment.objects.filter(
                        user_id=user.pk if user.is_authenticated else None,
                        course=OuterRef("pk"),
                        completed_at__isnull=False,
                    )
                )
            ).only("id", "slug", "title")
        )
    lessons = list(
        Lesson.objects.filter(module__course_id=course.pk)
        .select_related("module")
        .defer("body_markdown", "body_html", "audio_transcript", "video_transcript")
        .annotate(
            done=Exists(
                _done_lesson_ids(user=user, course_id=course.pk).filter(
                    lesson_id=OuterRef("pk")
                )
            )
        )
        .order_by("module__position", "module_id", "position", "id")
    )
    modules: dict[int, SyllabusModule] = {}
    for lesson in lessons:
        part = modules.setdefault(
            lesson.module_id, SyllabusModule(lesson.module, [], Progress(0, 0))
        )
        part.lessons.append(lesson)
    for part in modules.values():
        part.progress = _progress(part.lessons)
    _set_locks(course, list(modules.values()), missing_prerequisites)
    return Syllabus(
        list(modules.values()), lessons, missing_prerequisites, _progress(lessons)
    )


def missing_prerequisites(course: Course) -> list[Course]:
    """Prerequisites of a course_page() course that the member has not completed."""
    return [each for each in course.prerequisite_list if not each.completed]


def enrollment_for_lesson(*, user: User, slug: str, lesson_id: int) -> Enrollment:
    """The member's enrolment in the course that holds this lesson; 404 otherwise
    (another course's lesson, a course they do not follow, a visitor)."""
    return get_object_or_404(
        Enrollment.objects.select_related("course"),
        user_id=user.pk,
        course__slug=slug,
        course__modules__lessons__pk=lesson_id,
    )


def lesson_in_course(*, course: Course, lesson_id: int) -> Lesson:
    """One lesson of the course, with its text; 404 when it belongs elsewhere."""
    return get_object_or_404(
        Lesson.objects.select_related("module", "quiz"),
        pk=lesson_id,
        module__course=course,
    )


def enrollment_requirements_met(*, enrollment: Enrollment) -> bool:
    """Every required lesson done: texts read, required quizzes passed (a quiz
    lesson is done only when passed). H5P scores never count here."""
    return not (
        Lesson.objects.filter(module__course_id=enrollment.course_id, required=True)
        .exclude(
            Exists(
                LessonProgress.objects.filter(
                    enrollment_id=enrollment.pk, lesson_id=OuterRef("pk")
                )
            )
        )
        .exists()
    )


def lesson_lock(*, enrollment: Enrollment, lesson: Lesson) -> Lock | None:
    """Why this lesson is locked for the enrolled member, or None when it is open."""
    syllabus = course_syllabus(course=enrollment.course, user=enrollment.user)
    found = syllabus.lesson(lesson.pk)
    return found.lock if found is not None else None


@dataclass(frozen=True)
class ModuleProgress:
    module: Module
    progress: Progress


@dataclass(frozen=True)
class CourseProgress:
    progress: Progress
    modules: list[ModuleProgress]

    @property
    def percent(self) -> int:
        return self.progress.percent


def enrollment_progress(*, enrollment: Enrollment) -> CourseProgress:
    """Required lessons done per module and for the course, counted by one
    aggregate query over LessonProgress rows (never stored)."""
    done_ids = LessonProgress.objects.filter(enrollment_id=enrollment.pk).values(
        "lesson_id"
    )
    modules = Module.objects.filter(course_id=enrollment.course_id).annotate(
        total=Count("lessons", filter=Q(lessons__required=True)),
        done=Count("lessons", filter=Q(lessons__required=True, lessons__in=done_ids)),
    )
    parts = [ModuleProgress(m, Progress(m.done, m.total)) for m in modules]
    total = Progress(
        sum(part.progress.done for part in parts),
        sum(part.progress.total for part in parts),
    )
    return CourseProgress(total, parts)


def next_lesson(*, enrollment: Enrollment) -> Lesson | None:
    """The first lesson not done, in module then lesson order (one query)."""
    done_ids = LessonProgress.objects.filter(enrollment_id=enrollment.pk).values(
        "lesson_id"
    )
    return (
        Lesson.objects.filter(module__course_id=enrollment.course_id)
        .exclude(pk__in=done_ids)
        .select_related("module__course")
        .only("id", "title", "module__id", "module__course__slug")
        .order_by("module__position", "module_id", "position", "id")
        .first()
    )


@dataclass
class LearnerHome:
    next_lesson: Lesson | None
    enrollments: list[Enrollment]


def learner_home(*, user: User) -> LearnerHome:
    """The member's courses with progress, most recent activity first, and the next
    lesson across them (two queries, whatever the number of enrolments)."""
    required = Lesson.objects.filter(
        module__course_id=OuterRef("course_id"), required=True
    )
    done = LessonProgress.objects.filter(
        enrollment_id=OuterRef("pk"), lesson__required=True
    )
    enrollments = list(
        Enrollment.objects.filter(user_id=user.pk)
        .select_related("course")
        .only("id", "course__id", "course__slug", "course__title", "course__language")
        .annotate(
            required_total=_count(required, "module__course_id"),
            required_done=_count(done, "enrollment_id"),
        )
        .order_by("-last_activity_at", "-pk")
    )
    for enrollment in enrollments:
        enrollment.course_progress = Progress(
            enrollment.required_done, enrollment.required_total
        )
    last_activity = Enrollment.objects.filter(
        user_id=user.pk, course_id=OuterRef("module__course_id")
    ).values("last_activity_at")[:1]
    done_anywhere = LessonProgress.objects.filter(
        enrollment__user_id=user.pk, lesson_id=OuterRef("pk")
    )
    lesson = (
        Lesson.objects.filter(
            module__course__enrollments__user_id=user.pk,
            module__course__enrollments__completed_at__isnull=True,
        )
        .exclude(Exists(done_anywhere))
        .select_related("module__course")
        .only("id", "title", "module__id", "module__course__slug")
        .annotate(last_activity=Subquery(last_activity))
        .order_by(
            "-last_activity",
            "module__course_id",
            "module__position",
            "module_id",
            "position",
            "id",
        )
        .first()
    )
    return LearnerHome(lesson, enrollments)


def _count(rows: QuerySet, group_by: str) -> Coalesce:
    counted = rows.values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), Value(0))


def enrollments_with_progress(*, user: User) -> QuerySet[Enrollment]:
    """The member's enrolments, latest first, each with its required lessons done
    and in total counted from progress rows (one query, whatever their number)."""
    required = Lesson.objects.filter(
        module__course_id=OuterRef("course_id"), required=True
    )
    done = LessonProgress.objects.filter(
        enrollment_id=OuterRef("pk"), lesson__required=True
    )
    return (
        Enrollment.objects.filter(user_id=user.pk)
        .select_related("course")
        .annotate(
            required_total=_count(required, "module__course_id"),
            required_done=_count(done, "enrollment_id"),
        )
        .order_by("-enrolled_at", "-pk")
    )


# --- Authoring: what a trainer may edit (staff: everything) ---


def courses_for_teacher(user: User) -> QuerySet[Course]:
    """The courses this member may edit: the ones they teach; staff, all."""
    if user.is_staff_member:
        return Course.objects.all()
    return Course.objects.taught_by(user)


def course_for_teacher(user: User, pk_or_slug: int | str) -> Course:
    """A course the member may edit, by id or slug; 404 for anyone else's."""
    lookup = {"pk": pk_or_slug} if str(pk_or_slug).isdigit() else {"slug": pk_or_slug}
    return get_object_or_404(courses_for_teacher(user), **lookup)


def course_preview_for_teacher(user: User, pk: int) -> Course:
    """A course the member may edit, with its competences, for the learner preview."""
    courses = courses_for_teacher(user).prefetch_related(
        "course_competences__competence__area"
    )
    return get_object_or_404(courses, pk=pk)


def module_for_teacher(user: User, pk: int) -> Module:
    """A module of a course the member may edit; 404 otherwise."""
    return get_object_or_404(
        Module.objects.select_related("course"),
        pk=pk,
        course__in=courses_for_teacher(user),
    )


def lesson_for_teacher(user: User, pk: int) -> Lesson:
    """A lesson of a course the member may edit; 404 otherwise."""
    return get_object_or_404(
        Lesson.objects.select_related("module__course"),
        pk=pk,
        module__course__in=courses_for_teacher(user),
    )


def course_outline(course: Course) -> list[Module]:
    """The course's modules in order, each with its lessons in order (2 queries)."""
    lessons = Lesson.objects.order_by("position", "id").defer(
        "body_markdown", "body_html"
    )
    return list(
        course.modules.order_by("position", "id").prefetch_related(
            Prefetch("lessons", queryset=lessons)
        )
    )


# --- Trainer dashboard: each enrolled learner's progress in one course ---

# A learner who has not finished and shows no activity for this many days is stuck.

# Progress bands of the dashboard's chart: (lowest, highest) percentage, inclusive.
PROGRESS_BANDS = ((0, 24), (25, 49), (50, 74), (75, 99), (100, 100))


def stuck_after_days() -> int:
    """Days without activity before an unfinished learner counts as stuck."""
    return settings.SIRIUS_STUCK_AFTER_DAYS


def dashboard_course(*, user: User, slug: str) -> Course:
    """A course whose dashboard the member may see: one they teach; staff, any.
    Anyone else's course is a 404 (one query)."""
    return get_object_or_404(
        courses_for_teacher(user).only("id", "slug", "title", "status"), slug=slug
    )


def course_learners_progress(course: Course) -> QuerySet[Enrollment]:
    """The course's enrolments with the learner, required lessons done and in total,
    the percentage (counted from progress rows, never stored) and a stuck flag;
    stuck first, then least progress first (one query, whatever their number)."""
    required = Lesson.objects.filter(
        module__course_id=OuterRef("course_id"), required=True
    )
    done = LessonProgress.objects.filter(
        enrollment_id=OuterRef("pk"), lesson__required=True
    )
    quiet_since = timezone.now() - timedelta(days=stuck_after_days())
    return (
        Enrollment.objects.filter(course_id=course.pk)
        .select_related("user")
        .only(
            "id",
            "course_id",
            "enrolled_at",
            "last_activity_at",
            "completed_at",
            "user__id",
            "user__username",
            "user__first_name",
            "user__last_name",
        )
        .annotate(
            required_total=_count(required, "module__course_id"),
            required_done=_count(done, "enrollment_id"),
        )
        .annotate(
            percent=Case(
                When(required_total=0, then=Value(0)),
                default=F("required_done") * 100 / F("required_total"),
                output_field=IntegerField(),
            ),
            stuck=Case(
                When(
                    completed_at__isnull=True,
                    last_activity_at__lt=quiet_since,
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-stuck", "percent", "last_activity_at", "pk")
    )


@dataclass(frozen=True)
class ProgressBand:
    """How many learners of a course have a percentage between low and high."""

    low: int
    high: int
    count: int


def progress_distribution(course: Course) -> list[ProgressBand]:
    """Learners per progress band (0-24, 25-49, 50-74, 75-99, 100 %), counted by
    one aggregate query."""
    counts = course_learners_progress(course).aggregate(
        **{
            f"band_{low}": Count("pk", filter=Q(percent__gte=low, percent__lte=high))
            for low, high in PROGRESS_BANDS
        }
    )
    return [
        ProgressBand(low, high, counts[f"band_{low}"]) for low, high in PROGRESS_BANDS
    ]
