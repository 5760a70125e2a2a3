"""Certificates award and withdraw skills; trainers attest skills of their learners."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from certificates import services as certificate_services
from skills import selectors, services
from skills.models import MemberSkill
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory
from tests.skills.factories import attested, competence, issued_certificate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.SITE_URL = "https://sirius.example"


def test_services_award_on_issue_one_skill_per_competence(
    django_capture_on_commit_callbacks,
):
    """Once its PDF is stored, the certificate awards 1.1 at level 3 as evidence."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    skill = MemberSkill.objects.get(user=certificate.user)
    assert (skill.competence.code, skill.level, skill.source) == ("1.1", 3, "certified")
    assert skill.certificate == certificate
    assert skill.awarded_on == certificate.issued_on


def test_services_award_twice_does_nothing(django_capture_on_commit_callbacks):
    """A second award of the same certificate creates no duplicate."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    assert services.member_skills_award(certificate=certificate) == []
    assert MemberSkill.objects.filter(user=certificate.user).count() == 1


def test_services_revoke_withdraws_the_skills(django_capture_on_commit_callbacks):
    """After revocation, the skill no longer counts on the portfolio."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    trainer = TrainerFactory()
    certificate.course.trainers.add(trainer)
    certificate_services.certificate_revoke(
        certificate=certificate, by=trainer, reason="Fraude"
    )
    assert selectors.member_skill_summaries(user=certificate.user) == []
    assert MemberSkill.objects.get().withdrawn_at is not None


def test_services_reissue_replaces_the_skills(django_capture_on_commit_callbacks):
    """The new certificate's skills replace the old one's, once it is issued."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    trainer = TrainerFactory()
    certificate.course.trainers.add(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_services.certificate_reissue(
            certificate=certificate, by=trainer
        )
    (summary,) = selectors.member_skill_summaries(user=certificate.user)
    assert [skill.certificate_id for skill in summary.evidence] == [new.pk]
    assert MemberSkill.objects.filter(certificate=certificate).get().withdrawn_at


def test_services_attest_by_the_learners_trainer():
    """The trainer of the learner's group attests a level with a note."""
    learner = LearnerFactory()
    group = LearnerGroupFactory(learners=[learner])
    skill = services.skill_attest(
        trainer=group.trainer,
        learner=learner,
        competence=competence("2.1"),
        level=2,
        note="Envoie un courriel seul",
    )
    assert skill.source == MemberSkill.Source.ATTESTED
    assert skill.attested_by == group.trainer


def test_services_attest_by_another_trainer_is_404():
    """A trainer who does not lead one of the learner's groups gets a 404."""
    learner = LearnerFactory()
    LearnerGroupFactory(learners=[learner])
    with pytest.raises(Http404):
        services.skill_attest(
            trainer=TrainerFactory(),
            learner=learner,
            competence=competence("2.1"),
            level=2,
            note="",
        )
    assert not MemberSkill.objects.exists()


def test_services_attest_by_a_learner_is_refused():
    """A learner cannot attest anyone's skills."""
    learner = LearnerFactory()
    with pytest.raises(PermissionDenied):
        services.skill_attest(
            trainer=LearnerFactory(),
            learner=learner,
            competence=competence("2.1"),
            level=2,
            note="",
        )


@pytest.mark.parametrize(("level", "note"), [(9, ""), (0, ""), (2, "x" * 301)])
def test_services_attest_bad_level_or_long_note_is_refused(level, note):
    """Levels outside 1-8 and notes over 300 signs are refused."""
    learner = LearnerFactory()
    group = LearnerGroupFactory(learners=[learner])
    with pytest.raises(ValidationError):
        services.skill_attest(
            trainer=group.trainer,
            learner=learner,
            competence=competence("2.1"),
            level=level,
            note=note,
        )


def test_selectors_summaries_highest_level_and_all_evidence(
    django_capture_on_commit_callbacks,
):
    """Per competence: the highest level, and the certificate and attestation both."""
    certificate = issued_certificate(capture=django_capture_on_commit_callbacks)
    attested(certificate.user, "1.1", 5)
    attested(certificate.user, "4.2", 2)
    summaries = selectors.member_skill_summaries(user=certificate.user)
    by_code = {s.competence.code: s for s in summaries}
    assert by_code["1.1"].level == 5
    assert {e.source for e in by_code["1.1"].evidence} == {"certified", "attested"}
    assert by_code["4.2"].level == 2
