"""Course archives for tests: written from a course, edited entry by entry, a
"fresh instance" made by removing the course, its H5P activities and libraries,
and refusals checked to leave nothing behind."""

import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from courses.models import Course, Lesson
from h5p.models import Content, Library
from quizzes.models import Question, QuestionBank, Quiz
from sharing.archive import course_archive_import, course_archive_write
from tests.sharing.factories import trainer_of


def archive_bytes(course: Course) -> bytes:
    buffer = io.BytesIO()
    course_archive_write(course=course, fileobj=buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "module.sirius-course.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/zip")


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(
    data: bytes, changes: Mapping[str, bytes | None] | None = None, **options
) -> bytes:
    """The archive with entries replaced, added, or removed (None)."""
    files = entries(data)
    for name, content in (changes or {}).items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    return build(files, **options)


def build(files: Mapping[str, bytes], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name), content, compression)
    return buffer.getvalue()


def document(data: bytes) -> dict:
    return json.loads(entries(data)["course.json"])


def with_document(data: bytes, document: dict) -> bytes:
    return rezip(data, {"course.json": json.dumps(document).encode()})


def instance_empty(media_root: Path) -> None:
    """What a fresh instance lacks: every course, question, H5P activity, library
    and file."""
    for course in Course.objects.all():
        course.modules.all().delete()
    Course.objects.all().delete()
    Quiz.objects.all().delete()
    QuestionBank.objects.all().delete()
    Content.objects.all().delete()
    Library.objects.all().delete()
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()


def files_count(root: Path) -> int:
    return sum(1 for path in root.rglob("*") if path.is_file())


def refusal(data: bytes, user=None) -> ValidationError:
    """The refusal of importing these bytes (by a trainer unless a user is given)."""
    with pytest.raises(ValidationError) as error:
        course_archive_import(upload=upload(data), user=user or trainer_of())
    return error.value


def counts() -> tuple[int, ...]:
    """How many courses, lessons, questions, H5P contents and libraries exist."""
    return (
        Course.objects.count(),
        Lesson.objects.count(),
        Question.objects.count(),
        Content.objects.count(),
        Library.objects.count(),
    )


def refused_leaving_nothing(data: bytes, media_root, temp_root) -> ValidationError:
    """The refusal, once checked that no row, stored file or temporary file stays."""
    before, files = counts(), files_count(media_root)
    error = refusal(data)
    assert counts() == before
    assert files_count(media_root) == files
    assert list(temp_root.iterdir()) == []
    return error
