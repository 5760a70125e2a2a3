"""certificate_outcome_set: the holder says what happened since a certificate."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from certificates.models import Certificate, CertificateOutcome
from certificates.services import certificate_outcome_set, certificate_reissue
from members.models import User
from tests.factories import (
    CertificateFactory,
    EnrollmentFactory,
    LearnerFactory,
    StaffFactory,
)
from tests.reports.factories import moment

pytestmark = pytest.mark.django_db

JOB = CertificateOutcome.Outcome.JOB
TRAINING = CertificateOutcome.Outcome.TRAINING
CONFIDENT = CertificateOutcome.Outcome.CONFIDENT


def test_services_outcome_answer_with_several_outcomes():
    """Two boxes ticked: both are kept, and the answer is the holder's."""
    certificate = CertificateFactory()

    answer = certificate_outcome_set(
        certificate=certificate, user=certificate.user, outcomes=[JOB, CONFIDENT]
    )

    answer.refresh_from_db()
    assert answer.outcomes == [JOB, CONFIDENT]
    assert answer.outcome_labels == [
        "J'ai trouvé un emploi",
        "Je suis plus à l'aise en ligne",
    ]
    assert answer.user == certificate.user
    assert not answer.declined


def test_services_outcome_change_keeps_one_answer_per_certificate():
    """Answering again replaces the answer: one row, first answered when it was."""
    certificate = CertificateFactory()
    first = certificate_outcome_set(
        certificate=certificate, user=certificate.user, outcomes=[JOB]
    )

    second = certificate_outcome_set(
        certificate=certificate, user=certificate.user, outcomes=[TRAINING]
    )

    assert CertificateOutcome.objects.count() == 1
    second.refresh_from_db()
    assert second.outcomes == [TRAINING]
    assert second.answered_at == first.answered_at


def test_services_outcome_decline_clears_earlier_outcomes():
    """ "Je préfère ne pas répondre" after an answer: no outcome is kept."""
    certificate = CertificateFactory()
    certificate_outcome_set(
        certificate=certificate, user=certificate.user, outcomes=[JOB, TRAINING]
    )

    answer = certificate_outcome_set(
        certificate=certificate, user=certificate.user, outcomes=[], declined=True
    )

    answer.refresh_from_db()
    assert answer.declined
    assert answer.outcomes == []


def test_services_outcome_someone_elses_certificate_is_refused():
    """Another learner, or even staff, cannot answer for the holder."""
    certificate = CertificateFactory()

    for intruder in (LearnerFactory(), StaffFactory()):
        with pytest.raises(PermissionDenied):
            certificate_outcome_set(
                certificate=certificate, user=intruder, outcomes=[JOB]
            )

    assert not CertificateOutcome.objects.exists()


def test_services_outcome_certificate_without_holder_is_refused():
    """After erasure a certificate has no holder: nobody can answer for it."""
    certificate = CertificateFactory(user=None, holder_name="")

    with pytest.raises(PermissionDenied):
        certificate_outcome_set(
            certificate=certificate, user=LearnerFactory(), outcomes=[JOB]
        )


@pytest.mark.parametrize(
    ("outcomes", "declined", "message"),
    [
        ([], False, "Cochez au moins une réponse"),
        (["rich"], False, "Choisissez vos réponses dans la liste"),
        ([JOB], True, "mais pas les deux"),
    ],
)
def test_services_outcome_bad_answers_are_explained(outcomes, declined, message):
    certificate = CertificateFactory()

    with pytest.raises(ValidationError) as error:
        certificate_outcome_set(
            certificate=certificate,
            user=certificate.user,
            outcomes=outcomes,
            declined=declined,
        )

    assert message in error.value.messages[0]
    assert not CertificateOutcome.objects.exists()


@pytest.mark.parametrize(
    "status", [Certificate.Status.PREPARING, Certificate.Status.REVOKED]
)
def test_services_outcome_only_for_a_valid_certificate(status):
    certificate = CertificateFactory(status=status)

    with pytest.raises(ValidationError, match="certificats valides"):
        certificate_outcome_set(
            certificate=certificate, user=certificate.user, outcomes=[JOB]
        )


def test_services_outcome_saves_the_age_band_given_with_it():
    """The age band is the member's, whatever certificate they answer on; ""
    takes it back; a band that does not exist is refused."""
    certificate = CertificateFactory()
    holder = certificate.user

    certificate_outcome_set(
        certificate=certificate, user=holder, outcomes=[JOB], age_band="26_44"
    )
    holder.refresh_from_db()
    assert holder.get_age_band_display() == "26 à 44 ans"

    certificate_outcome_set(
        certificate=certificate, user=holder, outcomes=[JOB], age_band=""
    )
    holder.refresh_from_db()
    assert holder.age_band == ""

    with pytest.raises(ValidationError, match="tranche d'âge"):
        certificate_outcome_set(
            certificate=certificate, user=holder, outcomes=[JOB], age_band="99"
        )
    assert User.objects.get(pk=holder.pk).age_band == ""


def test_services_outcome_follows_a_reissued_certificate(
    django_capture_on_commit_callbacks,
):
    """A re-issued certificate replaces the old one: the answer moves to it,
    so the report, which counts valid certificates, still counts it."""
    holder = LearnerFactory()
    enrollment = EnrollmentFactory(user=holder, completed_at=moment(2026, 3, 9))
    old = CertificateFactory(user=holder, course=enrollment.course)
    certificate_outcome_set(certificate=old, user=holder, outcomes=[JOB])

    with django_capture_on_commit_callbacks():
        new = certificate_reissue(certificate=old, by=StaffFactory())

    assert CertificateOutcome.objects.get().certificate == new
