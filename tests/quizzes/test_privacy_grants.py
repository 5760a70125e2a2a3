"""Extra attempts in "Mes données": exported, and gone with the account."""

import json

import pytest

from lms.privacy import member_erase, member_export
from quizzes.models import AttemptGrant
from tests.factories import LearnerFactory, TrainerFactory
from tests.quizzes.factories import AttemptGrantFactory

pytestmark = pytest.mark.django_db


def test_privacy_grants_export_holds_grants_received_and_given():
    """The learner's export lists the grant with its trainer and date; the
    trainer's lists the grants they gave, without the learner's name."""
    trainer = TrainerFactory(first_name="Tom", last_name="Lambert")
    learner = LearnerFactory(first_name="Nadia", last_name="Benali")
    grant = AttemptGrantFactory(learner=learner, granted_by=trainer)

    received = member_export(learner)["quizzes"]["quiz_attempt_grants"]
    given = member_export(trainer)["quizzes"]["quiz_attempt_grants_given"]

    assert received == [
        {
            "quiz": grant.quiz.title,
            "extra_attempts": 1,
            "granted_at": grant.granted_at,
            "granted_by": "Tom Lambert",
        }
    ]
    assert [row["quiz"] for row in given] == [grant.quiz.title]
    assert "Benali" not in json.dumps(given, default=str)


def test_privacy_grants_erasure_deletes_received_and_unnames_given(
    django_capture_on_commit_callbacks,
):
    """Erasing a learner deletes their grants; erasing a trainer keeps the
    grants they gave (the learner's limit counts them) without their account."""
    learner, other = LearnerFactory(), LearnerFactory()
    former_trainer = TrainerFactory()
    AttemptGrantFactory(learner=learner)
    kept = AttemptGrantFactory(learner=other, granted_by=former_trainer)

    with django_capture_on_commit_callbacks(execute=True):
        member_erase(learner)
        member_erase(former_trainer)

    assert not AttemptGrant.objects.filter(learner=learner).exists()
    kept.refresh_from_db()
    assert kept.granted_by is None
    assert AttemptGrant.objects.count() == 1
