"""A write that fails after its file is stored leaves neither the file nor the
row: certificate PDFs, course covers, lesson recordings, portfolio photos, story
photos and course copies (security catalogue, E6: "no row left behind", nor a
file)."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from certificates import services as certificate_services
from certificates.models import Certificate
from core.storage_transactions import atomic_with_files
from courses import services as course_services
from courses.models import Course
from sharing import services as sharing_services
from skills import services as skills_services
from stories import services as story_services
from stories.models import Story
from tests.certificates.factories import badge_settings, completed_enrollment
from tests.factories import CourseFactory, LearnerFactory, LessonFactory
from tests.sharing.factories import (
    h5p_libraries_install,
    rich_course,
    share,
    trainer_of,
)

pytestmark = pytest.mark.django_db

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


class LaterStepFailed(Exception):
    pass


def _fail(*args, **kwargs):
    raise LaterStepFailed


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    badge_settings(settings, tmp_path)
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def _stored(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _png(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def test_faults_orphan_certificate_pdf(
    media_root, monkeypatch, django_capture_on_commit_callbacks
):
    """The skills award fails after the PDF is stored: no PDF file, and the
    certificate is still in preparation, to be rendered again."""
    with django_capture_on_commit_callbacks(execute=False):
        certificate = certificate_services.certificate_issue(
            enrollment=completed_enrollment()
        )
    before = _stored(media_root)
    monkeypatch.setattr(certificate_services, "member_skills_award", _fail)
    with pytest.raises(LaterStepFailed):
        certificate_services.certificate_pdf_store(certificate_id=certificate.pk)
    assert _stored(media_root) == before
    certificate.refresh_from_db()
    assert not certificate.pdf
    assert certificate.status == Certificate.Status.PREPARING


def test_faults_orphan_course_cover(media_root, monkeypatch):
    """The update fails after the cover is stored: no file, no change."""
    course = CourseFactory()
    monkeypatch.setattr(
        Course.objects, "filter", _fail
    )  # the row's update, after the store
    with pytest.raises(LaterStepFailed):
        course_services.course_cover_set(course=course, upload=_png(), alt="Un sac")
    assert _stored(media_root) == []
    monkeypatch.undo()
    course.refresh_from_db()
    assert not course.cover_image


def test_faults_orphan_lesson_recording(media_root):
    """The recording is stored, then the video is refused: the whole change is,
    and the recording's file goes too."""
    lesson = LessonFactory()
    with pytest.raises(ValidationError):
        course_services.lesson_media_set(
            lesson=lesson,
            audio=SimpleUploadedFile("son.mp3", MP3, "audio/mpeg"),
            audio_transcript="Bonjour.",
            video=SimpleUploadedFile("film.mp4", b"<html></html>", "video/mp4"),
            video_transcript="On voit un téléphone.",
        )
    assert _stored(media_root) == []
    lesson.refresh_from_db()
    assert not lesson.audio


def test_faults_orphan_portfolio_photo(media_root, monkeypatch):
    """The portfolio's save fails after the photo is stored: no file, no photo."""
    member = LearnerFactory()
    portfolio = skills_services.portfolio_get_or_create(user=member)
    monkeypatch.setattr(type(portfolio), "save", _fail)
    with pytest.raises(LaterStepFailed):
        skills_services.portfolio_update(portfolio=portfolio, user=member, photo=_png())
    assert _stored(media_root) == []
    monkeypatch.undo()
    portfolio.refresh_from_db()
    assert not portfolio.photo


def test_faults_orphan_story_photo(media_root, monkeypatch):
    """Linking the story's skills fails after the photo is stored (the story
    row saved already): neither the story nor its photo remains."""
    member = LearnerFactory()
    monkeypatch.setattr(story_services, "_files_delete_after_commit", _fail)
    with pytest.raises(LaterStepFailed):
        story_services.story_create(
            actor=member,
            author=member,
            title="Mes impôts",
            body="Je remplis Tax-on-web seule.",
            kind=Story.Kind.ONLINE_ALONE,
            photo=_png(),
            photo_alt="Léa devant l'ordinateur",
        )
    assert _stored(media_root) == []
    assert not Story.objects.exists()


def test_faults_orphan_course_copy_files(media_root):
    """The transaction around a course copy fails after the copy is built: the
    copy's media and H5P files go with its rows; the original's stay."""
    h5p_libraries_install()
    original = share(rich_course())
    before = _stored(media_root)

    with pytest.raises(LaterStepFailed), atomic_with_files():
        copy = sharing_services.course_copy(source=original, trainer=trainer_of())
        assert _stored(media_root) != before  # the copy's own files, for now
        raise LaterStepFailed

    assert not Course.objects.filter(pk=copy.pk).exists()
    assert _stored(media_root) == before
