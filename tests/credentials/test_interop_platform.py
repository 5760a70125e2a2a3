"""A badge issued by the platform itself (through the services, served by its
endpoints) verifies in Digital Bazaar's verifier, which also reads our status list,
rejects a tampered copy, and sees the bit once the certificate is revoked."""

import copy
import json

import pytest
from rest_framework.test import APIClient

from certificates import services
from tests.certificates.factories import badge_settings, issued_with_badge
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _badges(settings, tmp_path):
    badge_settings(settings, tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def certificate(django_capture_on_commit_callbacks, trainer):
    return issued_with_badge(django_capture_on_commit_callbacks, trainer=trainer)


def _served(certificate) -> tuple[dict, dict, dict]:
    """The badge, did.json and the status list, as the site serves them."""
    client = APIClient()
    badge = client.get(f"/api/v1/certificates/{certificate.display_code}/credential")
    did = client.get("/.well-known/did.json")
    status = client.get("/credentials/status/1")
    assert badge.status_code == did.status_code == status.status_code == 200
    return json.loads(badge.content), did.json(), status.json()


def _verify(digitalbazaar, badge, did, status):
    return digitalbazaar(
        {
            "mode": "verify",
            "credential": badge,
            "didDocuments": [did],
            "statusLists": {badge["credentialStatus"]["statusListCredential"]: status},
        }
    )


def test_interop_platform_badge_verifies_in_digitalbazaar(digitalbazaar, certificate):
    badge, did, status = _served(certificate)
    assert _verify(digitalbazaar, badge, did, status) == {
        "verified": True,
        "errors": [],
        "status": [{"purpose": "revocation", "set": False}],
    }
    alone = digitalbazaar(
        {"mode": "verify", "credential": status, "didDocuments": [did]}
    )
    assert alone == {"verified": True, "errors": [], "status": None}


def test_interop_platform_badge_tampered_is_rejected(digitalbazaar, certificate):
    badge, did, status = _served(certificate)
    tampered = copy.deepcopy(badge)
    tampered["credentialSubject"]["achievement"]["name"] = "Programmer en Python"
    answer = _verify(digitalbazaar, tampered, did, status)
    assert answer["verified"] is False
    assert "Invalid signature." in answer["errors"]


def test_interop_platform_revocation_seen_by_digitalbazaar(
    digitalbazaar, certificate, trainer
):
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Fraude")
    badge, did, status = _served(certificate)
    answer = _verify(digitalbazaar, badge, did, status)
    assert answer["status"] == [{"purpose": "revocation", "set": True}]
