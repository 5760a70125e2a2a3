"""Object storage: with STORAGES pointing at an S3 bucket (moto's standalone server,
started by the test), lessons' media, certificate PDFs, H5P activities and backups
live in the bucket, nothing is written to MEDIA_ROOT, and players still seek."""

import hashlib
import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import Image

from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.h5p.services import h5p_lesson_create
from h5p.services import package_install
from lms.backup import MANIFEST
from tests.certificates.factories import completed_enrollment
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.h5p import packages as h5p_packages
from tests.processes import PrivateS3

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def bucket():
    server = PrivateS3()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3(bucket, settings, tmp_path):
    """Every file of this test goes to the bucket; MEDIA_ROOT stays an empty folder
    that the test checks at the end."""
    client = bucket.client()
    for key in bucket.object_keys():
        client.delete_object(Bucket=bucket.bucket, Key=key)
    media_root = tmp_path / "media"
    media_root.mkdir()
    settings.MEDIA_ROOT = str(media_root)
    settings.STORAGES = {**settings.STORAGES, "default": bucket.default_storage()}
    yield bucket
    assert not any(media_root.rglob("*")), "a file was written outside STORAGES"


def _png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (8, 8), "#3465a4").save(output, "PNG")
    return output.getvalue()


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_storage_s3_lesson_image_stored_in_the_bucket_and_shown(client, s3):
    """A trainer's image lands in the bucket; the lesson's Markdown names it under
    /media/, which the site serves from the bucket with its type."""
    trainer = TrainerFactory()
    course = CourseFactory(trainers=[trainer])
    lesson = LessonFactory(module=ModuleFactory(course=course))
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]),
        {"image": SimpleUploadedFile("moi.png", _png(), "image/png"), "alt": "Écran"},
    )

    [key] = s3.object_keys()
    assert key.startswith("lessons/images/") and key.endswith(".png")
    assert f"![Écran](/media/{key})" in response.content.decode()
    shown = client.get(f"/media/{key}")
    assert shown.status_code == 200
    assert shown["Content-Type"] == "image/png"
    assert (
        _body(shown) == s3.client().get_object(Bucket=s3.bucket, Key=key)["Body"].read()
    )


def test_storage_s3_recording_answers_byte_ranges(client, s3):
    """Safari asks for parts of a recording: the bucket's file is cut as asked."""
    sound = b"ID3" + bytes(range(256)) * 4
    name = default_storage.save("lessons/audio/a.mp3", ContentFile(sound))
    assert name in s3.object_keys()
    assert default_storage.url(name) == f"/media/{name}"

    part = client.get(f"/media/{name}", HTTP_RANGE="bytes=3-9")
    tail = client.get(f"/media/{name}", HTTP_RANGE="bytes=-4")
    past = client.get(f"/media/{name}", HTTP_RANGE=f"bytes={len(sound)}-")

    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 3-9/{len(sound)}"
    assert _body(part) == sound[3:10]
    assert _body(tail) == sound[-4:]
    assert past.status_code == 416


def test_storage_s3_two_uploads_with_one_name_keep_both_files(s3):
    """As on a disk, a second file with a taken name gets another name."""
    first = default_storage.save("lessons/audio/same.mp3", ContentFile(b"one"))
    second = default_storage.save("lessons/audio/same.mp3", ContentFile(b"two"))

    assert first != second
    assert default_storage.open(first).read() == b"one"
    assert default_storage.open(second).read() == b"two"


def test_storage_s3_certificate_pdf_in_the_bucket_and_private(
    client, s3, django_capture_on_commit_callbacks
):
    """The certificate's PDF is written to the bucket; its holder downloads the
    same bytes whose SHA-256 the certificate records; /media/ never serves it."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(enrollment=completed_enrollment())
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf.name in s3.object_keys()

    client.force_login(certificate.user)
    download = client.get(reverse("certificates:pdf", args=[certificate.code]))
    data = _body(download)

    assert download.status_code == 200 and data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404


def test_storage_s3_h5p_activity_installed_and_played_from_the_bucket(client, s3):
    """An H5P package's libraries and content are unpacked into the bucket and the
    player's files come back from there to an enrolled learner."""
    content = package_install(upload=h5p_packages.good_package(), user=StaffFactory())
    lesson = h5p_lesson_create(
        module=ModuleFactory(), title="Activité", content=content
    )
    learner = EnrollmentFactory(course=lesson.module.course).user
    client.force_login(learner)

    keys = s3.object_keys()
    script = f"libraries/{h5p_packages.MAIN}-1.0/scripts/check.js"
    assert any(key.endswith(f"h5p/{script}") for key in keys)
    response = client.get(f"/h5p/files/{script}")

    assert response.status_code == 200
    assert _body(response) == h5p_packages.MAIN_JS.encode()


@pytest.mark.django_db(transaction=True)  # SQLite's backup waits for open transactions
def test_storage_s3_backup_reads_every_file_from_the_bucket(s3, tmp_path):
    """make backup copies the bucket's files with their checksums."""
    name = default_storage.save("lessons/audio/b.mp3", ContentFile(b"ID3backup"))

    call_command("backup", "--to", str(tmp_path / "backup"))

    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert name in manifest["files"]
    assert (tmp_path / "backup" / "files" / name).read_bytes() == b"ID3backup"
