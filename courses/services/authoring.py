"""Trainers' writes on courses, modules and lessons: create, edit, move, publish,
archive and delete (a lesson someone finished is never deleted)."""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.markdown import RENDERER_VERSION, render_markdown
from h5p import services as h5p_engine
from members.models import User
from skills.models import Competence

from ..models import (
    Course,
    CourseCompetence,
    Lesson,
    LessonProgress,
    Module,
)
from .media import stored_file_forget

# What a trainer may set on a course; status, trainers and dates never come from a form.
COURSE_EDITABLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "description_markdown",
    "language",
    "level_band",
    "duration_hours",
    "certificate_validity_months",
)
LESSON_EDITABLE_FIELDS = ("title", "minutes", "required", "body_markdown")


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:70].strip("-") or "module"
    slug, number = base, 2
    while Course.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _set_course_fields(course: Course, fields: dict) -> None:
    for name in COURSE_EDITABLE_FIELDS:
        if name in fields:
            setattr(course, name, fields[name])
    if not course.slug:
        course.slug = _unique_slug(course.title, exclude_pk=course.pk)
    # Rendered once here, so pages never render Markdown.
    try:
        course.description_html = render_markdown(course.description_markdown or "")
    except ValidationError as error:
        raise ValidationError({"description_markdown": error}) from error
    course.renderer_version = RENDERER_VERSION


def _set_competences(course: Course, competences: dict[Competence, int]) -> None:
    CourseCompetence.objects.filter(course=course).delete()
    CourseCompetence.objects.bulk_create(
        CourseCompetence(course=course, competence=competence, level=level)
        for competence, level in competences.items()
    )


def _set_prerequisites(course: Course, prerequisites: Iterable[Course]) -> None:
    allowed = [
        each
        for each in prerequisites
        if each.pk != course.pk and each.status == Course.Status.PUBLISHED
    ]
    course.prerequisites.set(allowed)


@transaction.atomic
def course_create(
    *,
    trainer: User,
    fields: dict,
    competences: dict[Competence, int] | None = None,
    prerequisites: Iterable[Course] = (),
) -> Course:
    """A draft course taught by its author; slug from the title when left empty."""
    course = Course(status=Course.Status.DRAFT, duration_hours=Decimal(1))
    _set_course_fields(course, fields)
    course.full_clean()
    course.save()
    course.trainers.add(trainer)
    _set_competences(course, competences or {})
    _set_prerequisites(course, prerequisites)
    return course


@transaction.atomic
def course_update(
    *,
    course: Course,
    fields: dict,
    competences: dict[Competence, int] | None = None,
    prerequisites: Iterable[Course] = (),
) -> Course:
    """Changes what a trainer may change; status and trainers stay as they are."""
    _set_course_fields(course, fields)
    course.full_clean()
    course.save()
    _set_competences(course, competences or {})
    _set_prerequisites(course, prerequisites)
    return course


def _lock_course(course_id: int) -> None:
    # Serialises reorderings of one course, so positions stay contiguous.
    list(Course.objects.select_for_update().filter(pk=course_id).values("pk"))


def _move(rows: list, row, direction: str) -> None:
    """Swaps the row with its neighbour, then numbers every row 0, 1, 2, ..."""
    index = [each.pk for each in rows].index(row.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction in {"up", "down"} and 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, each in enumerate(rows):
        each.position = position
    type(row).objects.bulk_update(rows, ["position"])


@transaction.atomic
def module_create(
    *, course: Course, title: str, unlock_in_order: bool = False
) -> Module:
    """A new module, placed after the course's other modules."""
    _lock_course(course.pk)
    position = course.modules.count()
    return Module.objects.create(
        course=course, title=title, unlock_in_order=unlock_in_order, position=position
    )


@transaction.atomic
def module_update(*, module: Module, title: str, unlock_in_order: bool) -> Module:
    """Renames the module and sets whether its lessons open in order."""
    module.title = title
    module.unlock_in_order = unlock_in_order
    module.full_clean()
    module.save(update_fields=["title", "unlock_in_order"])
    return module


@transaction.atomic
def module_move(*, module: Module, direction: str) -> Module:
    """Moves the module one place up or down; positions stay 0, 1, 2, ..."""
    _lock_course(module.course_id)
    rows = list(
        Module.objects.filter(course_id=module.course_id).order_by("position", "id")
    )
    _move(rows, module, direction)
    return module


def _set_lesson_fields(lesson: Lesson, fields: dict) -> None:
    for name in LESSON_EDITABLE_FIELDS:
        if name in fields:
            setattr(lesson, name, fields[name])
    try:
        lesson.body_html = render_markdown(lesson.body_markdown or "")
    except ValidationError as error:
        raise ValidationError({"body_markdown": error}) from error
    lesson.renderer_version = RENDERER_VERSION


@transaction.atomic
def lesson_create(*, module: Module, fields: dict) -> Lesson:
    """A new text lesson at the end of the module, its Markdown sanitised."""
    _lock_course(module.course_id)
    lesson = Lesson(module=module, kind=Lesson.Kind.TEXT)
    _set_lesson_fields(lesson, fields)
    lesson.position = module.lessons.count()
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_update(*, lesson: Lesson, fields: dict) -> Lesson:
    """Changes a lesson's text; learners' progress on it is kept."""
    _set_lesson_fields(lesson, fields)
    lesson.full_clean()
    lesson.save()
    return lesson


@transaction.atomic
def lesson_move(*, lesson: Lesson, direction: str) -> Lesson:
    """Moves the lesson one place up or down; positions stay contiguous."""
    _lock_course(lesson.module.course_id)
    rows = list(
        Lesson.objects.filter(module_id=lesson.module_id).order_by("position", "id")
    )
    _move(rows, lesson, direction)
    return lesson


@transaction.atomic
def course_publish(*, course: Course) -> Course:
    """Opens the course to learners; refused without a lesson or with an empty one."""
    lessons = Lesson.objects.filter(module__course=course)
    if not lessons.exists():
        raise ValidationError(
            _("Ajoutez au moins une leçon avant de publier."), code="no_lesson"
        )
    empty = lessons.filter(kind=Lesson.Kind.TEXT, body_markdown__regex=r"^\s*$").first()
    no_questions = lessons.filter(
        kind=Lesson.Kind.QUIZ, quiz__pool__isnull=True
    ).first()
    if no_questions is not None:
        raise ValidationError(
            _("Le quiz « %(title)s » n'a pas encore de questions."),
            params={"title": no_questions.title},
            code="empty_quiz",
        )
    if empty is not None:
        raise ValidationError(
            _("La leçon « %(title)s » n'a pas encore de texte."),
            params={"title": empty.title},
            code="empty_lesson",
        )
    return _set_status(course, Course.Status.PUBLISHED)


@transaction.atomic
def course_unpublish(*, course: Course) -> Course:
    """Back to draft: hidden from the catalogue; learners' progress rows are kept."""
    return _set_status(course, Course.Status.DRAFT)


@transaction.atomic
def course_archive(*, course: Course) -> Course:
    """Archives the course: no new enrolments; progress and certificates stay."""
    return _set_status(course, Course.Status.ARCHIVED)


def _set_status(course: Course, status: str) -> Course:
    Course.objects.filter(pk=course.pk).update(status=status)
    course.status = status
    return course


def _has_progress(lessons) -> bool:
    return LessonProgress.objects.filter(lesson__in=lessons).exists()


@transaction.atomic
def lesson_delete(*, lesson: Lesson) -> None:
    """Deletes a lesson nobody has finished yet; the others close up the gap."""
    _lock_course(lesson.module.course_id)
    if _has_progress([lesson]):
        raise ValidationError(
            _(
                "Des personnes ont déjà terminé cette leçon : elle ne peut plus "
                "être supprimée. Rendez-la facultative si elle n'est plus utile."
            ),
            code="has_progress",
        )
    media = [lesson.audio.name, lesson.video.name]
    module_id = lesson.module_id
    activities = _activities_of([lesson])
    lesson.delete()
    _untried_activities_delete(*activities)
    _renumber(Lesson.objects.filter(module_id=module_id))
    for name in media:
        stored_file_forget(name)


@transaction.atomic
def module_delete(*, module: Module) -> None:
    """Deletes a part and its lessons, when nobody has finished one of them yet."""
    _lock_course(module.course_id)
    lessons = list(module.lessons.select_related("quiz", "h5p_content"))
    if _has_progress(lessons):
        raise ValidationError(
            _(
                "Des personnes ont déjà terminé des leçons de cette partie : "
                "elle ne peut plus être supprimée."
            ),
            code="has_progress",
        )
    media = [name for each in lessons for name in (each.audio.name, each.video.name)]
    course_id = module.course_id
    activities = _activities_of(lessons)
    module.delete()
    _untried_activities_delete(*activities)
    _renumber(Module.objects.filter(course_id=course_id))
    for name in media:
        stored_file_forget(name)


def _activities_of(lessons) -> tuple[list, list]:
    """The quizzes and H5P activities of these lessons."""
    quizzes = [each.quiz for each in lessons if each.quiz_id]
    contents = [each.h5p_content for each in lessons if each.h5p_content_id]
    return quizzes, contents


def _untried_activities_delete(quizzes, contents) -> None:
    """Activities go with their lessons unless learners tried them (their attempts
    stay); questions stay in the course's bank, H5P libraries stay for others."""
    for quiz in quizzes:
        if not quiz.attempts.exists():
            quiz.delete()
    for content in contents:
        if not content.attempts.exists():
            h5p_engine.content_delete(content=content)


def _renumber(rows) -> None:
    """Numbers the rows 0, 1, 2, ... in their current order."""
    for position, row in enumerate(rows.order_by("position", "id")):
        if row.position != position:
            type(row).objects.filter(pk=row.pk).update(position=position)
