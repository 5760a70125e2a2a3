"""The certificates' admin: revoked with a reason, never deleted, and its PDF
link downloads the stored original."""

import hashlib

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from certificates.models import Certificate
from tests.certificates.test_views_verification import PDF_BYTES, certificate_make, page

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:certificates_certificate_changelist"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


def test_admin_certificates_cannot_be_deleted(admin_client):
    """No delete page, no "delete selected" action: the code never turns into
    "unknown" for a partner holding it."""
    certificate = certificate_make()

    delete = admin_client.post(
        reverse("admin:certificates_certificate_delete", args=[certificate.pk]),
        {"post": "yes"},
    )
    changelist = admin_client.get(reverse(CHANGELIST)).content.decode()

    assert delete.status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()
    assert "delete_selected" not in changelist
    assert 'value="revoke"' in changelist


def test_admin_certificates_revoke_asks_a_reason_then_revokes(admin_client):
    """ "Révoquer" asks for the reason first; then the revocation service revokes
    (status, date) and the public page says "révoqué"."""
    certificate = certificate_make()
    data = {"action": "revoke", ACTION_CHECKBOX_NAME: [certificate.pk]}

    asked = admin_client.post(reverse(CHANGELIST), data)
    certificate.refresh_from_db()
    assert asked.status_code == 200
    assert "Raison de la révocation" in asked.content.decode()
    assert certificate.status == Certificate.Status.ISSUED

    done = admin_client.post(
        reverse(CHANGELIST), {**data, "apply": "1", "reason": "Fraude signalée"}
    )

    certificate.refresh_from_db()
    assert done.status_code == 302
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Fraude signalée"
    assert certificate.revoked_on is not None
    assert "Révoqué" in page(admin_client, certificate).content.decode()


def test_admin_certificates_pdf_link_downloads_the_original(admin_client):
    """The change page's PDF link used to point into private storage (404): it
    now downloads the stored original."""
    certificate = certificate_make()
    html = admin_client.get(
        reverse("admin:certificates_certificate_change", args=[certificate.pk])
    ).content.decode()
    link = reverse("admin:certificates_certificate_pdf", args=[certificate.pk])
    assert f'href="{link}"' in html

    response = admin_client.get(link)

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == hashlib.sha256(PDF_BYTES).hexdigest()
