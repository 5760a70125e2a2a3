"""Files of courses: lesson images, the cover picture, a lesson's sound and video
with their transcripts; checked by content, stored under generated names."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.storage_transactions import atomic_with_files, file_written
from core.uploads import audio_check, image_check, upload_store, video_check

from ..models import Course, Lesson

IMAGE_FOLDER = "lessons/images/"
COVER_FOLDER = "courses/covers"
AUDIO_FOLDER = "lessons/audio"
VIDEO_FOLDER = "lessons/video"


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


def stored_file_forget(name: str) -> None:
    """Deletes a replaced file once the new one is safely recorded."""
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _store_checked(upload: UploadedFile, check, folder: str) -> str:
    extension = check(upload)
    # Stored before the row is updated: never a row that points to nothing.
    stored = upload_store(upload=upload, folder=folder, extension=extension)
    file_written(stored)  # and removed again if the update then rolls back
    return stored


@atomic_with_files()
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
        stored_file_forget(old_name)
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
        stored_file_forget(old_name)


@atomic_with_files()
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
