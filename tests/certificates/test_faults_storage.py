"""The media storage is full or read-only when a certificate's PDF is stored: the
certificate stays "en préparation" with no file name pointing nowhere, the learner's
page says so, and the sweep issues it once the storage accepts files again."""

import errno
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from certificates.tasks import certificate_render_task
from tests.certificates.factories import completed_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.SITE_URL = "https://sirius.example"
    settings.CERTIFICATE_SWEEP_MINUTES = 0


@pytest.mark.parametrize(
    "code", [pytest.param(errno.ENOSPC, id="full"), pytest.param(errno.EROFS, id="ro")]
)
def test_faults_storage_pdf_waits_then_the_sweep_issues_it(
    client, monkeypatch, tmp_path, code, django_capture_on_commit_callbacks
):
    real_save = FileSystemStorage._save

    def refuse(self, name, content):
        raise OSError(code, "the storage refuses files")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    enrollment = completed_enrollment()
    certificate = services.certificate_issue(enrollment=enrollment)
    # The worker's task retries (autoretry on OSError), then gives up for now
    # (in-process, the last error comes back to the caller).
    with pytest.raises((OSError, Retry)):
        certificate_render_task.apply(args=[certificate.pk])

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PREPARING
    assert not certificate.pdf and not certificate.pdf_sha256
    assert not (tmp_path / "media" / "certificates").exists() or not any(
        (tmp_path / "media" / "certificates").iterdir()
    )
    client.force_login(enrollment.user)
    page = client.get("/certificates/")
    assert page.status_code == 200
    assert "préparation" in page.content.decode()

    monkeypatch.setattr(FileSystemStorage, "_save", real_save)
    Certificate.objects.filter(pk=certificate.pk).update(
        created_at=timezone.now() - timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_sweep() == [certificate.pk]

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.pdf and (tmp_path / "media" / certificate.pdf.name).exists()
