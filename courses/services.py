"""Writes on courses: enrolment, completion, and trainers' authoring."""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lms.markdown import RENDERER_VERSION, render_markdown
from lms.uploads import image_check, upload_store
from members.models import User
from skills.models import Competence

from . import selectors
from .models import Course, CourseCompetence, Enrollment, Lesson, LessonProgress, Module
from .signals import course_completed


@transaction.atomic
def enrollment_create(*, user: User, course: Course) -> Enrollment:
    """Enrols a member in a published course once; enrolling again returns the same."""
    if course.status != Course.Status.PUBLISHED:
        raise ValidationError(
            _("Ce module n'est pas ouvert aux inscriptions."), code="not_published"
        )
    missing = course.prerequisites.exclude(
        Exists(
            Enrollment.objects.filter(
                user=user, course=OuterRef("pk"), completed_at__isnull=False
            )
        )
    )
    if missing.exists():
        titles = ", ".join(missing.values_list("title", flat=True))
        raise ValidationError(
            _("Terminez d'abord : %(titles)s."),
            params={"titles": titles},
            code="prerequisites",
        )
    enrollment, _created = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


def lesson_complete(*, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Marks the lesson done once; finishing the last required lesson completes."""
    if lesson.module.course_id != enrollment.course_id:
        raise ValidationError(
            _("Cette leçon ne fait pas partie de ce module."), code="wrong_course"
        )
    if lesson.kind != Lesson.Kind.TEXT:
        raise ValidationError(
            _("Cette leçon se termine par son activité."), code="not_text"
        )
    lock = selectors.lesson_lock(enrollment=enrollment, lesson=lesson)
    if lock is not None:
        raise ValidationError(lock.message, code="locked")
    try:
        with transaction.atomic():
            progress, _created = LessonProgress.objects.get_or_create(
                enrollment=enrollment, lesson=lesson
            )
    except IntegrityError:
        # Another tab finished the same lesson at the same moment: one row stays.
        progress = LessonProgress.objects.get(enrollment=enrollment, lesson=lesson)
    with transaction.atomic():
        Enrollment.objects.filter(pk=enrollment.pk).update(
            last_activity_at=timezone.now()
        )
        enrollment_complete_if_done(enrollment=enrollment)
    return progress


def enrollment_complete_if_done(*, enrollment: Enrollment) -> bool:
    """Records completion once (conditional update) when no required lesson is left."""
    required_left = (
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
    if required_left:
        return False
    updated = Enrollment.objects.filter(
        pk=enrollment.pk, completed_at__isnull=True
    ).update(completed_at=timezone.now())
    if updated:
        enrollment.refresh_from_db(fields=["completed_at"])
        transaction.on_commit(
            lambda: course_completed.send(sender=Enrollment, enrollment=enrollment)
        )
    return bool(updated)


# --- Authoring: courses, modules and lessons written by trainers ---

# What a trainer may set on a course; status, trainers and dates never come from a form.
COURSE_EDITABLE_FIELDS = (
    "title",
    "slug",
    "summary",
    "description_markdown",
    "language",
    "level_band",
    "duration_hours",
)
LESSON_EDITABLE_FIELDS = ("title", "minutes", "required", "body_markdown")
IMAGE_FOLDER = "lessons/images/"


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


def lesson_image_store(*, upload: UploadedFile, alt: str) -> str:
    """Checks and stores a lesson image under a generated name; returns the
    Markdown to paste into the lesson."""
    alt = " ".join(alt.split()).replace("[", "").replace("]", "")
    if not alt:
        raise ValidationError(
            _("Décrivez l'image en quelques mots (texte alternatif)."), code="no_alt"
        )
    extension = image_check(upload)
    stored = upload_store(upload=upload, folder=IMAGE_FOLDER, extension=extension)
    return f"![{alt}]({settings.MEDIA_URL_PATH}{stored})"
