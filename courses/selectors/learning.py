"""Reads for learning: syllabus and locks, progress, the learner's home."""

from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.languages import html_sentence, isolated
from members.models import User

from ..models import (
    Course,
    Enrollment,
    Lesson,
    LessonProgress,
    Module,
)


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
    """Why a lesson cannot be opened yet, and where to go first: `sentence` is
    translated, with a %(title)s in the language of the course."""

    sentence: str
    title: str
    language: str
    url: str

    @property
    def message(self) -> str:
        return self.sentence % {"title": self.title}

    @property
    def message_html(self) -> SafeString:
        """The message for a page: the title keeps its own direction."""
        return html_sentence(self.sentence, title=isolated(self.title, self.language))


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
    sentence = _("Terminez d'abord le module « %(title)s ».")
    return Lock(sentence, course.title, course.language, course.get_absolute_url())


def _in_order_lock(course: Course, lesson: Lesson) -> Lock:
    sentence = _("Terminez d'abord la leçon « %(title)s ».")
    return Lock(sentence, lesson.title, course.language, _lesson_url(course, lesson))


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
            ).only("id", "slug", "title", "language")
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
        .only(
            "id",
            "title",
            "module__id",
            "module__course__slug",
            "module__course__language",
        )
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
        .only(
            "id",
            "completed_at",
            "course__id",
            "course__slug",
            "course__title",
            "course__language",
        )
        .annotate(
            required_total=grouped_count(required, "module__course_id"),
            required_done=grouped_count(done, "enrollment_id"),
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
        .only(
            "id",
            "title",
            "module__id",
            "module__course__slug",
            "module__course__language",
        )
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


def grouped_count(rows: QuerySet, group_by: str) -> Coalesce:
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
            required_total=grouped_count(required, "module__course_id"),
            required_done=grouped_count(done, "enrollment_id"),
        )
        .order_by("-enrolled_at", "-pk")
    )


# --- Authoring: what a trainer may edit (staff: everything) ---
