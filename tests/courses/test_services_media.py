"""Covers, recordings and videos: checked by content, each with its text alternative."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from courses import services
from courses.models import Lesson, LessonProgress, Module
from tests.factories import CourseFactory, EnrollmentFactory, LessonFactory

pytestmark = pytest.mark.django_db

# The first bytes of real files: enough for the content check, which never
# trusts the name or the browser's type.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def _stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_services_media_audio_and_video_stored_with_transcripts(media_root):
    """A recording and a video are kept under generated names with their texts."""
    lesson = LessonFactory()

    services.lesson_media_set(
        lesson=lesson,
        audio=SimpleUploadedFile("../../evil name.mp3", MP3, "audio/mpeg"),
        audio_transcript="Bonjour, voici la leçon.",
        video=SimpleUploadedFile("film.mp4", MP4, "video/mp4"),
        video_transcript="On voit un téléphone.",
    )

    lesson.refresh_from_db()
    assert lesson.audio.name.startswith("lessons/audio/")
    assert lesson.audio.name.endswith(".mp3")
    assert "evil" not in lesson.audio.name
    assert lesson.video.name.endswith(".mp4")
    assert lesson.audio_transcript == "Bonjour, voici la leçon."
    assert len(_stored_files(media_root)) == 2


def test_services_media_needs_transcript_and_keeps_nothing(media_root):
    """A recording without its transcript is refused and nothing is stored."""
    lesson = LessonFactory()

    with pytest.raises(ValidationError) as refused:
        services.lesson_media_set(
            lesson=lesson,
            audio=SimpleUploadedFile("son.mp3", MP3, "audio/mpeg"),
            audio_transcript="   ",
        )

    assert "audio_transcript" in refused.value.message_dict
    lesson.refresh_from_db()
    assert not lesson.audio
    assert _stored_files(media_root) == []


@pytest.mark.parametrize(
    ("field", "content"),
    [("audio", HTML), ("audio", _png()), ("video", HTML), ("video", MP3)],
)
def test_services_media_wrong_content_refused(media_root, field, content):
    """A web page or an image named .mp3 or .mp4 is refused by its content."""
    lesson = LessonFactory()
    upload = SimpleUploadedFile(f"file.{'mp3' if field == 'audio' else 'mp4'}", content)

    with pytest.raises(ValidationError) as refused:
        services.lesson_media_set(
            lesson=lesson, **{field: upload, f"{field}_transcript": "Texte."}
        )

    assert field in refused.value.message_dict
    assert _stored_files(media_root) == []


def test_services_media_too_big_refused(media_root, settings):
    """A recording over the limit is refused with the limit in megabytes."""
    settings.LESSON_AUDIO_MAX_BYTES = 1024 * 1024
    lesson = LessonFactory()
    big = SimpleUploadedFile("long.mp3", MP3 + b"\0" * 1024 * 1024, "audio/mpeg")

    with pytest.raises(ValidationError) as refused:
        services.lesson_media_set(lesson=lesson, audio=big, audio_transcript="Texte.")

    assert "1 Mo au plus" in refused.value.message_dict["audio"][0]


def test_services_media_replace_then_remove_deletes_old_files(
    media_root, django_capture_on_commit_callbacks
):
    """Replacing a recording deletes the old file; removing it clears its text."""
    lesson = LessonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_media_set(
            lesson=lesson,
            audio=SimpleUploadedFile("a.mp3", MP3),
            audio_transcript="Premier.",
        )
    first = lesson.audio.name
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_media_set(
            lesson=lesson,
            audio=SimpleUploadedFile("b.mp3", MP3),
            audio_transcript="Second.",
        )
    assert _stored_files(media_root) == [lesson.audio.name]
    assert lesson.audio.name != first

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_media_set(lesson=lesson, remove_audio=True)

    lesson.refresh_from_db()
    assert not lesson.audio
    assert lesson.audio_transcript == ""
    assert _stored_files(media_root) == []


def test_services_media_transcript_alone_can_be_corrected(media_root):
    """Correcting a transcript keeps the recording already there."""
    lesson = LessonFactory()
    services.lesson_media_set(
        lesson=lesson, audio=SimpleUploadedFile("a.mp3", MP3), audio_transcript="Tpyo."
    )

    services.lesson_media_set(lesson=lesson, audio_transcript="Typo corrigée.")

    lesson.refresh_from_db()
    assert lesson.audio.name.endswith(".mp3")
    assert lesson.audio_transcript == "Typo corrigée."


def test_services_cover_set_needs_alt_and_an_image(media_root):
    """A cover is an image with its description; a web page is refused."""
    course = CourseFactory()
    with pytest.raises(ValidationError) as no_alt:
        services.course_cover_set(
            course=course, upload=SimpleUploadedFile("c.png", _png()), alt=" "
        )
    with pytest.raises(ValidationError) as not_image:
        services.course_cover_set(
            course=course, upload=SimpleUploadedFile("c.png", HTML), alt="Un écran"
        )

    assert "cover_alt" in no_alt.value.message_dict
    assert "cover_image" in not_image.value.message_dict
    assert _stored_files(media_root) == []

    services.course_cover_set(
        course=course, upload=SimpleUploadedFile("c.png", _png()), alt="Un écran"
    )
    course.refresh_from_db()
    assert course.cover_image.name.startswith("courses/covers/")
    assert course.cover_alt == "Un écran"


def test_services_lesson_delete_closes_the_gap():
    """Deleting the middle lesson leaves positions 0 and 1."""
    first, middle, last = LessonFactory.create_batch(3, module=LessonFactory().module)
    module = first.module

    services.lesson_delete(lesson=middle)

    positions = list(
        Lesson.objects.filter(module=module).values_list("position", flat=True)
    )
    assert positions == [0, 1, 2]
    assert not Lesson.objects.filter(pk=middle.pk).exists()


def test_services_lesson_delete_refused_once_someone_finished_it():
    """A lesson a learner finished stays, so their progress is never lost."""
    lesson = LessonFactory()
    enrollment = EnrollmentFactory(course=lesson.module.course)
    LessonProgress.objects.create(enrollment=enrollment, lesson=lesson)

    with pytest.raises(ValidationError) as refused:
        services.lesson_delete(lesson=lesson)
    with pytest.raises(ValidationError):
        services.module_delete(module=lesson.module)

    assert refused.value.code == "has_progress"
    assert Lesson.objects.filter(pk=lesson.pk).exists()


def test_services_module_delete_takes_its_lessons():
    """Deleting a part deletes its lessons; the other parts are renumbered."""
    course = CourseFactory()
    kept, deleted = (Module.objects.create(course=course, title=t) for t in "AB")
    Module.objects.filter(pk=kept.pk).update(position=1)
    Module.objects.filter(pk=deleted.pk).update(position=0)
    LessonFactory(module=deleted)

    services.module_delete(module=deleted)

    assert list(course.modules.values_list("title", "position")) == [("A", 0)]
    assert not Lesson.objects.filter(module__course=course).exists()
