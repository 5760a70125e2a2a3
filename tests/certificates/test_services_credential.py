"""The Open Badge of a certificate: signed once with the PDF, stored as bytes, its
status bit set by revocation, re-issue and erasure, verifiable against did.json."""

import json

import pytest

from certificates import badges, services
from certificates.credentials.did import did_document_key_lookup
from certificates.credentials.proofs import credential_verify
from certificates.credentials.status_list import status_list_decode
from certificates.models import Certificate, Credential
from certificates.privacy import member_data_erase
from tests.certificates.factories import completed_enrollment
from tests.factories import LearnerFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_DEV_KEY_FILE = tmp_path / "keys" / "signing-key"


@pytest.fixture
def trainer():
    return TrainerFactory()


def _issue(django_capture_on_commit_callbacks, trainer, **learner) -> Certificate:
    enrollment = completed_enrollment(user=LearnerFactory(**learner))
    enrollment.course.trainers.add(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_pdf_store(
            certificate_id=services.certificate_issue(enrollment=enrollment).pk
        )
    certificate.refresh_from_db()
    return certificate


def _badge(certificate) -> dict:
    return json.loads(bytes(Credential.objects.get(certificate=certificate).document))


def test_services_credential_signed_at_issuance_verifies(
    django_capture_on_commit_callbacks, trainer
):
    """An issued certificate has a signed OpenBadgeCredential by the site's did:web,
    with a status entry, that verifies against the published did.json."""
    certificate = _issue(
        django_capture_on_commit_callbacks, trainer, email="lea@example.org"
    )
    assert certificate.status == Certificate.Status.ISSUED
    badge = _badge(certificate)
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["issuer"]["id"] == "did:web:sirius.example"
    assert badge["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert badge["credentialStatus"]["type"] == "BitstringStatusListEntry"
    identifier = badge["credentialSubject"]["identifier"][0]
    assert identifier["identityType"] == "emailAddress"
    assert "lea@example.org" not in json.dumps(badge)
    lookup = did_document_key_lookup(badges.did_document())
    assert credential_verify(badge, public_key_lookup=lookup).verified


def test_services_credential_without_email_hashes_the_printed_name(
    django_capture_on_commit_callbacks, trainer
):
    """A learner without e-mail gets a badge too, naming them by a hashed name."""
    certificate = _issue(
        django_capture_on_commit_callbacks, trainer, email="", first_name="Ana"
    )
    identifier = _badge(certificate)["credentialSubject"]["identifier"][0]
    assert identifier["identityType"] == "name"
    assert identifier["identityHash"].startswith("sha256$")


def test_services_credential_stored_once_same_bytes(
    django_capture_on_commit_callbacks, trainer
):
    """Storing again (a task retry) keeps the same signed bytes."""
    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    before = bytes(certificate.credential.document)
    services.certificate_pdf_store(certificate_id=certificate.pk)
    badges.credential_issue(certificate=certificate)
    assert bytes(Credential.objects.get(certificate=certificate).document) == before
    assert Credential.objects.count() == 1


def _listed(certificate) -> bool:
    signed = badges.status_list_signed()
    index = Credential.objects.get(certificate=certificate).status_index
    return index in status_list_decode(signed["credentialSubject"]["encodedList"])


def test_services_revoke_sets_the_status_bit(
    django_capture_on_commit_callbacks, trainer
):
    """Revoking sets the credential's bit in the published status list."""
    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    assert not _listed(certificate)
    services.certificate_revoke(certificate=certificate, by=trainer, reason="Fraude")
    assert _listed(certificate)


def test_services_reissue_sets_the_old_status_bit(
    django_capture_on_commit_callbacks, trainer
):
    """Re-issuing marks the old badge revoked; the new one gets its own index."""
    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(certificate=certificate, by=trainer)
    services.certificate_pdf_store(certificate_id=new.pk)
    assert _listed(certificate)
    assert not _listed(new)


def test_services_erasure_sets_the_status_bit(
    django_capture_on_commit_callbacks, trainer
):
    """A holder who erases their account: their badge says revoked."""
    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    member_data_erase(user=certificate.user)
    assert _listed(certificate)


def test_services_expired_certificate_is_listed(
    django_capture_on_commit_callbacks, trainer
):
    """Past its expiry date, a certificate's bit is set."""
    from datetime import date

    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=date(2020, 1, 1))
    assert _listed(certificate)


def test_services_missing_badges_signed_once_by_command(
    django_capture_on_commit_callbacks, trainer
):
    """Certificates issued before badges existed get one, once, by a command."""
    import io

    from django.core.management import call_command

    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    Credential.objects.all().delete()
    out = io.StringIO()
    call_command("credentials_issue_missing", stdout=out)
    call_command("credentials_issue_missing", stdout=out)
    assert out.getvalue().splitlines() == ["1 badge(s) signed.", "0 badge(s) signed."]
    assert _badge(certificate)["type"][1] == "OpenBadgeCredential"


def test_services_erasure_drops_the_stored_badge(
    django_capture_on_commit_callbacks, trainer, client
):
    """After erasure the badge is no longer served; its index stays revoked."""
    certificate = _issue(django_capture_on_commit_callbacks, trainer)
    url = f"/api/v1/certificates/{certificate.display_code}/credential"
    assert client.get(url).status_code == 200
    member_data_erase(user=certificate.user)
    assert bytes(Credential.objects.get(certificate=certificate).document) == b""
    assert client.get(url).status_code == 404
    assert _listed(certificate)
