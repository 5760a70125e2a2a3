"""The issuer's public documents: a certificate's badge (the stored bytes), did.json
with the key in assertionMethod, and the signed status list with short caching."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from certificates import services
from certificates.credentials.did import did_document_key_lookup
from certificates.credentials.proofs import credential_verify
from certificates.credentials.status_list import MIN_LENGTH, status_list_decode
from certificates.models import Credential
from tests.certificates.factories import badge_settings, issued_with_badge
from tests.factories import LearnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _badges(settings, tmp_path):
    badge_settings(settings, tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def certificate(django_capture_on_commit_callbacks, trainer):
    return issued_with_badge(django_capture_on_commit_callbacks, trainer=trainer)


def _url(code):
    return reverse("api-certificate-credential", args=[code])


def test_api_credential_returns_the_stored_bytes(api, certificate):
    """Anyone downloads the badge, byte for byte as signed, in any code spelling."""
    stored = bytes(Credential.objects.get(certificate=certificate).document)
    response = api.get(_url(certificate.display_code.lower().replace("-", " ")))
    assert response.status_code == 200
    assert response.content == stored
    assert response["Content-Type"] == "application/ld+json"
    assert response["X-Robots-Tag"] == "noindex"
    assert json.loads(response.content)["type"][1] == "OpenBadgeCredential"


def test_api_credential_unknown_or_private_is_404(api, certificate):
    assert api.get(_url("0000-0000-0000-0")).status_code == 404
    services.certificate_visibility_set(
        certificate=certificate, user=certificate.user, public=False
    )
    response = api.get(_url(certificate.display_code))
    assert response.status_code == 404
    assert "badge" in response.json()["detail"]


def test_api_credential_rate_limited_like_verification(api, certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = "1/m"
    api.get(reverse("api-verification-detail", args=[certificate.display_code]))
    response = api.get(_url(certificate.display_code))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_api_credential_in_openapi_schema(api):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/certificates/{code}/credential" in schema["paths"]


def test_did_json_lists_the_signing_key(client, certificate):
    """did.json names the key that signed the badge, as a Multikey for assertions."""
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == "did:web:sirius.example"
    method = document["verificationMethod"][0]
    assert method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert document["assertionMethod"] == [method["id"]]
    badge = json.loads(bytes(certificate.credential.document))
    assert badge["proof"]["verificationMethod"] == method["id"]
    result = credential_verify(
        badge, public_key_lookup=did_document_key_lookup(document)
    )
    assert result.verified


def test_status_list_signed_cached_briefly_and_shows_revocation(
    client, certificate, trainer
):
    badge = json.loads(bytes(certificate.credential.document))
    url = badge["credentialStatus"]["statusListCredential"]
    assert url == "https://sirius.example/credentials/status/1"
    index = int(badge["credentialStatus"]["statusListIndex"])
    response = client.get("/credentials/status/1")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    listed = response.json()
    did = client.get("/.well-known/did.json").json()
    lookup = did_document_key_lookup(did)
    assert credential_verify(listed, public_key_lookup=lookup).verified
    bits = status_list_decode(listed["credentialSubject"]["encodedList"])
    assert bits.length >= MIN_LENGTH
    assert index not in bits

    services.certificate_revoke(certificate=certificate, by=trainer, reason="Fraude")

    listed = client.get("/credentials/status/1").json()
    assert index in status_list_decode(listed["credentialSubject"]["encodedList"])
    assert client.get("/credentials/status/2").status_code == 404


def test_member_page_offers_the_badge(client, django_capture_on_commit_callbacks):
    learner = LearnerFactory()
    certificate = issued_with_badge(django_capture_on_commit_callbacks, user=learner)
    client.force_login(learner)
    page = client.get(reverse("certificates:mine")).content.decode()
    assert "Télécharger le badge numérique (.json)" in page
    assert (
        f"https://sirius.example/api/v1/certificates/{certificate.display_code}"
        "/credential" in page
    )
    assert "portefeuille" in page
