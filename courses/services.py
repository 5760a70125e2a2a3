"""Writes on courses: enrolment, completion, and trainers' authoring."""

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from h5p import services as h5p_engine
from lms.markdown import RENDERER_VERSION, render_markdown
from lms.uploads import audio_check, image_check, upload_store, video_check
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
    lesson_open_check(enrollment=enrollment, lesson=lesson)
    return lesson_progress_record(enrollment=enrollment, lesson=lesson)


def lesson_open_check(*, enrollment: Enrollment, lesson: Lesson) -> None:
    """ValidationError saying why, when the lesson is still locked for the member."""
    lock = selectors.lesson_lock(enrollment=enrollment, lesson=lesson)
    if lock is not None:
        raise ValidationError(lock.message, code="locked")


def lesson_progress_record(*, enrollment: Enrollment, lesson: Lesson) -> LessonProgress:
    """Records the finished lesson once, then completes the course if nothing
    required is left (text lessons by "Continuer", quizzes by passing)."""
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
    required_left = not selectors.enrollment_requirements_met(enrollment=enrollment)
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
    "certificate_validity_months",
)
LESSON_EDITABLE_FIELDS = ("title", "minutes", "required", "body_markdown")
IMAGE_FOLDER = "lessons/images/"
COVER_FOLDER = "courses/covers"
AUDIO_FOLDER = "lessons/audio"
VIDEO_FOLDER = "lessons/video"


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


def _forget_file_after_commit(name: str) -> None:
    """Deletes a replaced file once the new one is safely recorded."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _store_checked(upload: UploadedFile, check, folder: str) -> str:
    extension = check(upload)
    # Stored before the row is updated: a failed update leaves an unused file,
    # never a row that points to nothing.
    return upload_store(upload=upload, folder=folder, extension=extension)


@transaction.atomic
def course_cover_set(
    *, course: Course, upload: UploadedFile | None, alt: str, remove: bool = False
) -> Course:
    """Sets, describes or removes the course's cover picture; a picture always
    has its alternative text."""
    alt = " ".join(alt.split())
    old_name = course.cover_image.name
    if remove:
        course.cover_image, course.cover_alt = "", ""
    else:
        if not alt:
            raise ValidationError(
                {"cover_alt": _("Décrivez l'image en quelques mots.")}, code="no_alt"
            )
        if upload is None and not old_name:
            raise ValidationError(
                {"cover_image": _("Choisissez une image.")}, code="no_image"
            )
        if upload is not None:
            try:
                course.cover_image.name = _store_checked(
                    upload, image_check, COVER_FOLDER
                )
            except ValidationError as error:
                raise ValidationError({"cover_image": error.messages}) from error
        course.cover_alt = alt
    Course.objects.filter(pk=course.pk).update(
        cover_image=course.cover_image.name, cover_alt=course.cover_alt
    )
    if old_name != course.cover_image.name:
        _forget_file_after_commit(old_name)
    return course


def _media_field_set(lesson: Lesson, field: str, upload, transcript: str, remove: bool):
    """Replaces, keeps or removes one of the lesson's media, checking its transcript."""
    check, folder = {
        "audio": (audio_check, AUDIO_FOLDER),
        "video": (video_check, VIDEO_FOLDER),
    }[field]
    transcript = transcript.strip()
    file = getattr(lesson, field)
    old_name = file.name
    if remove:
        file.name, transcript = "", ""
    elif upload is not None or old_name:
        if not transcript:
            raise ValidationError(
                {
                    f"{field}_transcript": _(
                        "Ajoutez la transcription : sans elle, certaines personnes "
                        "n'ont pas accès au contenu."
                    )
                },
                code="no_transcript",
            )
        if upload is not None:
            try:
                file.name = _store_checked(upload, check, folder)
            except ValidationError as error:
                raise ValidationError({field: error.messages}) from error
    setattr(lesson, f"{field}_transcript", transcript)
    if old_name != file.name:
        _forget_file_after_commit(old_name)


@transaction.atomic
def lesson_media_set(
    *,
    lesson: Lesson,
    audio: UploadedFile | None = None,
    audio_transcript: str = "",
    remove_audio: bool = False,
    video: UploadedFile | None = None,
    video_transcript: str = "",
    remove_video: bool = False,
) -> Lesson:
    """Sets the lesson's recording and video; each needs its transcript."""
    errors: dict[str, list[str]] = {}
    for field, upload, transcript, remove in (
        ("audio", audio, audio_transcript, remove_audio),
        ("video", video, video_transcript, remove_video),
    ):
        try:
            _media_field_set(lesson, field, upload, transcript, remove)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    Lesson.objects.filter(pk=lesson.pk).update(
        audio=lesson.audio.name,
        audio_transcript=lesson.audio_transcript,
        video=lesson.video.name,
        video_transcript=lesson.video_transcript,
    )
    return lesson


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
        _forget_file_after_commit(name)


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
        _forget_file_after_commit(name)


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
