"""The certificate's life after issuance: revocation with a public date and an
internal reason, re-issue under a new code, and the holder's public switch."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certificates import services
from certificates.models import Certificate
from tests.certificates.factories import completed_enrollment
from tests.factories import LearnerFactory, StaffFactory, TrainerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def issued(trainer, django_capture_on_commit_callbacks) -> Certificate:
    """An issued certificate (PDF stored) of a course taught by `trainer`."""
    enrollment = completed_enrollment()
    enrollment.course.trainers.add(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=enrollment)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    return certificate


def test_services_revoke_dates_today_and_keeps_reason(issued, trainer):
    """The course's trainer revokes: status revoked, today's date, the reason kept."""
    services.certificate_revoke(
        certificate=issued, by=trainer, reason="  Fraude au quiz constatée  "
    )
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.REVOKED
    assert issued.revoked_on == timezone.localdate()
    assert issued.revoked_reason == "Fraude au quiz constatée"


def test_services_revoke_needs_a_reason(issued, trainer):
    """A blank reason is refused in French and nothing changes."""
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(certificate=issued, by=trainer, reason="   ")
    assert "raison" in error.value.messages[0] or "pourquoi" in error.value.messages[0]
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED


def test_services_revoke_twice_is_refused(issued, trainer):
    """Revoking a revoked certificate says so and keeps the first date and reason."""
    services.certificate_revoke(certificate=issued, by=trainer, reason="Erreur")
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(certificate=issued, by=trainer, reason="Autre")
    assert "déjà révoqué" in error.value.messages[0]
    issued.refresh_from_db()
    assert issued.revoked_reason == "Erreur"


def test_services_revoke_by_another_trainer_or_learner_refused(issued):
    """Only staff or the course's trainers: the service itself refuses others."""
    for stranger in (TrainerFactory(), issued.user):
        with pytest.raises(PermissionDenied):
            services.certificate_revoke(certificate=issued, by=stranger, reason="x")
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED


def test_services_revoke_by_staff_on_any_course(issued):
    """Staff act on any course."""
    services.certificate_revoke(certificate=issued, by=StaffFactory(), reason="x")
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.REVOKED


def test_services_reissue_supersedes_and_issues_new_code(
    issued, trainer, django_capture_on_commit_callbacks
):
    """After a name correction: a new certificate with a new code and the corrected
    name, its PDF rendered after commit; the old one superseded and pointing to it;
    exactly one active certificate for the learner and course."""
    user = issued.user
    user.first_name, user.last_name = "Léa", "Martin-Dupont"
    user.save()

    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(certificate=issued, by=trainer)

    issued.refresh_from_db()
    new.refresh_from_db()
    assert new.code != issued.code
    assert new.holder_name == "Léa Martin-Dupont"
    assert issued.holder_name != new.holder_name  # the old snapshot is untouched
    assert issued.status == Certificate.Status.SUPERSEDED
    assert issued.superseded_by == new
    assert new.status == Certificate.Status.ISSUED and new.pdf
    assert new.pdf_sha256 != issued.pdf_sha256
    active = Certificate.objects.filter(
        user=user, course=issued.course, status__in=Certificate.ACTIVE
    )
    assert list(active) == [new]


def test_services_reissue_keeps_holder_visibility_choice(issued, trainer):
    """A holder who switched public verification off keeps it off on the new one."""
    services.certificate_visibility_set(
        certificate=issued, user=issued.user, public=False
    )
    new = services.certificate_reissue(certificate=issued, by=trainer)
    assert new.public_verification is False


def test_services_reissue_refuses_revoked_and_superseded(issued, trainer):
    """A superseded certificate cannot be re-issued twice; a revoked one never."""
    services.certificate_reissue(certificate=issued, by=trainer)
    with pytest.raises(ValidationError) as error:
        services.certificate_reissue(certificate=issued, by=trainer)
    assert "déjà été remplacé" in error.value.messages[0]
    assert Certificate.objects.filter(user=issued.user).count() == 2

    current = Certificate.objects.get(user=issued.user, status__in=Certificate.ACTIVE)
    services.certificate_revoke(certificate=current, by=trainer, reason="x")
    with pytest.raises(ValidationError) as error:
        services.certificate_reissue(certificate=current, by=trainer)
    assert "révoqué" in error.value.messages[0]


def test_services_revoke_superseded_refused(issued, trainer):
    """The replaced certificate is not the one to revoke: the message says so."""
    services.certificate_reissue(certificate=issued, by=trainer)
    with pytest.raises(ValidationError) as error:
        services.certificate_revoke(certificate=issued, by=trainer, reason="x")
    assert "nouveau" in error.value.messages[0]


def test_services_reissue_without_holder_account_refused(issued, trainer):
    """A holder who erased their account: no enrolment to take a snapshot from."""
    issued.user.delete()
    issued.refresh_from_db()
    with pytest.raises(ValidationError):
        services.certificate_reissue(certificate=issued, by=trainer)
    issued.refresh_from_db()
    assert issued.status == Certificate.Status.ISSUED


def test_services_visibility_only_by_holder(issued):
    """The holder switches public verification off and on; nobody else can."""
    services.certificate_visibility_set(
        certificate=issued, user=issued.user, public=False
    )
    issued.refresh_from_db()
    assert issued.public_verification is False
    assert issued.status == Certificate.Status.ISSUED  # not a revocation

    with pytest.raises(PermissionDenied):
        services.certificate_visibility_set(
            certificate=issued, user=LearnerFactory(), public=True
        )
    issued.refresh_from_db()
    assert issued.public_verification is False
