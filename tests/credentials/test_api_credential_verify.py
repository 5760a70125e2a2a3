"""Anyone checks an Open Badge on our endpoint (and partners on a page): check by
check answers, and bad input refused with a clear 4xx, never a 500."""

import copy
import json
from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from certificates import badges, services
from certificates.credentials.keys import public_multikey_encode, secret_multikey_encode
from certificates.models import Certificate
from tests.certificates.factories import badge_settings, issued_with_badge
from tests.credentials.factories import Issuer, credential_data
from tests.factories import PartnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db
URL = reverse("api-credential-verify")


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


@pytest.fixture
def badge(certificate) -> dict:
    return json.loads(bytes(certificate.credential.document))


def _post(api, body, content_type="application/json"):
    if not isinstance(body, (bytes, str)):
        body = json.dumps(body)
    return api.post(URL, data=body, content_type=content_type)


def _checks(response) -> dict:
    return {line["name"]: line["passed"] for line in response.json()["checks"]}


def test_verify_our_badge_passes_every_check(api, badge):
    response = _post(api, badge)
    assert response.status_code == 200
    assert response.json()["verified"] is True
    assert _checks(response) == {
        "signature": True,
        "issuer": True,
        "status": True,
        "validity": True,
    }


def test_verify_revoked_badge_says_so(api, badge, certificate, trainer):
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Fraude")
    response = _post(api, badge)
    assert response.status_code == 200
    assert _checks(response)["status"] is False
    assert "Révoqué" in response.content.decode()


def test_verify_expired_certificate_is_listed_in_status(api, badge, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=date(2020, 1, 1))
    response = _post(api, badge)
    assert _checks(response)["status"] is False  # its bit is set once expired


def test_verify_tampered_badge_is_422(api, badge):
    tampered = copy.deepcopy(badge)
    tampered["credentialSubject"]["achievement"]["name"] = "Programmer en Python"
    response = _post(api, tampered)
    assert response.status_code == 422
    assert _checks(response)["signature"] is False
    assert "modifié" in response.content.decode()


def test_verify_other_issuer_is_not_known_here(api):
    other = Issuer(did="did:web:elsewhere.example")
    other.add_key("key-1")
    from certificates.credentials.open_badges import open_badge_build
    from certificates.credentials.proofs import credential_sign
    from tests.credentials.factories import CREATED

    signed = credential_sign(
        open_badge_build(data=credential_data(issuer_did=other.did)),
        key=other.keys["key-1"][0],
        verification_method=other.method("key-1"),
        created=CREATED,
    )
    response = _post(api, signed)
    assert response.status_code == 200
    assert response.json()["verified"] is False
    assert _checks(response)["issuer"] is False
    assert "Émetteur inconnu ici" in response.content.decode()


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "pas du JSON"),
        (b"[1, 2]", 400, "pas un badge"),
        (json.dumps({"type": "Thing"}).encode(), 400, "VerifiableCredential"),
        (b" " * (256 * 1024 + 1), 413, "256 ko"),
    ],
)
def test_verify_bad_input_is_a_clear_4xx(api, body, status, words):
    response = _post(api, body)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_verify_without_proof_or_with_unknown_context(api, badge):
    unsigned = {k: v for k, v in badge.items() if k != "proof"}
    response = _post(api, unsigned)
    assert response.status_code == 400
    assert response.json()["code"] == "proof_missing"
    remote = copy.deepcopy(badge)
    remote["@context"] = [*remote["@context"], "https://evil.example/context.jsonld"]
    response = _post(api, remote)
    assert response.status_code == 400
    assert response.json()["code"].startswith("context")


def test_verify_upload_as_a_file(api, badge):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("badge.json", json.dumps(badge).encode())
    response = api.post(URL, {"credential": upload}, format="multipart")
    assert response.status_code == 200
    assert response.json()["verified"] is True


def test_verify_in_openapi_schema(api):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/credentials/verify/" in schema["paths"]


def test_verify_badge_signed_by_digitalbazaar_verifies_on_our_endpoint(
    api, badge, digitalbazaar
):
    """Digital Bazaar's signer, with our key, makes a badge our endpoint accepts."""
    signer = badges.signer_current()
    unsigned = {k: v for k, v in badge.items() if k != "proof"}
    answer = digitalbazaar(
        {
            "mode": "sign",
            "credential": unsigned,
            "created": "2025-03-10T09:30:12Z",
            "key": {
                "id": signer.verification_method,
                "controller": badges.site_did(),
                "publicKeyMultibase": public_multikey_encode(signer.key.public_key()),
                "secretKeyMultibase": secret_multikey_encode(signer.key),
            },
            "didDocuments": [badges.did_document()],
        }
    )
    response = _post(api, answer["credential"])
    assert response.status_code == 200
    assert response.json()["verified"] is True


def test_partner_page_checks_a_pasted_badge(client, badge):
    client.force_login(PartnerFactory())
    page = client.get(reverse("certificates:partner-badge"))
    assert "Vérifier un badge numérique" in page.content.decode()
    response = client.post(
        reverse("certificates:partner-badge"), {"credential": json.dumps(badge)}
    )
    assert response.status_code == 200
    assert "Badge authentique et valable" in response.content.decode()
    response = client.post(reverse("certificates:partner-badge"), {"credential": "x"})
    assert response.status_code == 400
    assert "pas du JSON" in response.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        {"proof": "z123"},
        {"proof": [1, 2]},
        {"issuer": 42},
        {"issuer": {"id": ["x"]}},
        {"@context": 7},
        {"@context": [None]},
        {"credentialStatus": "x"},
        {"credentialStatus": {"statusListIndex": "abc"}},
        {"validFrom": "yesterday"},
        {"validUntil": 3},
        {"type": ["VerifiableCredential", 5]},
        {"credentialSubject": None},
    ],
)
def test_verify_odd_fields_never_500(api, badge, change):
    """Whatever a field holds, the answer is a 2xx or 4xx with a message."""
    odd = {**copy.deepcopy(badge), **change}
    response = _post(api, odd)
    assert 200 <= response.status_code < 500
    body = response.json()
    assert body.get("detail") or body.get("checks")
