"""Extra attempts a trainer grants: the limit grows, once none is left."""

import logging
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from quizzes import selectors, services
from quizzes.models import Attempt, AttemptGrant
from tests.factories import LearnerFactory, TrainerFactory
from tests.quizzes.factories import attempts_use_up, quiz_make

pytestmark = pytest.mark.django_db


def _retrying(call):
    """SQLite's in-memory test database fails a busy table at once: try again."""
    for _try in range(100):
        try:
            return call()
        except OperationalError as error:
            if connection.vendor != "sqlite" or "locked" not in str(error):
                raise
            time.sleep(0.02)
    raise AssertionError("the table stayed locked")


def _out_of_attempts(**settings):
    quiz = quiz_make(kinds=["single"], max_attempts=1, **settings)
    learner = LearnerFactory()
    attempts_use_up(quiz=quiz, user=learner)
    return quiz, learner


def test_services_grant_records_who_and_when_and_adds_one_attempt():
    """The grant is stored with its trainer and date; one attempt is left again."""
    quiz, learner = _out_of_attempts()
    trainer = TrainerFactory()
    assert selectors.attempts_left(quiz=quiz, user=learner) == 0

    grant = services.attempt_grant_create(
        quiz=quiz, learner=learner, granted_by=trainer
    )

    grant.refresh_from_db()
    assert (grant.granted_by, grant.extra_attempts) == (trainer, 1)
    assert grant.granted_at is not None
    assert selectors.attempts_left(quiz=quiz, user=learner) == 1
    assert selectors.attempts_left(quiz=quiz, user=LearnerFactory()) == 1


def test_services_grant_start_allowed_once_then_refused():
    """After a grant the learner starts one more attempt, and not a second one."""
    quiz, learner = _out_of_attempts()
    services.attempt_grant_create(
        quiz=quiz, learner=learner, granted_by=TrainerFactory()
    )

    attempts_use_up(quiz=quiz, user=learner)
    with pytest.raises(ValidationError) as caught:
        services.attempt_start(quiz=quiz, user=learner)

    assert caught.value.code == "no_attempts_left"
    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 2


def test_services_grant_refused_while_an_attempt_is_left():
    """A double click grants one attempt, not two: the second finds one left."""
    quiz, learner = _out_of_attempts()
    trainer = TrainerFactory()
    services.attempt_grant_create(quiz=quiz, learner=learner, granted_by=trainer)

    with pytest.raises(ValidationError) as caught:
        services.attempt_grant_create(quiz=quiz, learner=learner, granted_by=trainer)

    assert caught.value.code == "attempts_left"
    assert AttemptGrant.objects.count() == 1
    assert selectors.attempts_left(quiz=quiz, user=learner) == 1


def test_services_grant_refused_without_a_limit_or_with_zero():
    """A quiz without a limit has nothing to grant; zero extra attempts is no grant."""
    learner, trainer = LearnerFactory(), TrainerFactory()
    with pytest.raises(ValidationError) as unlimited:
        services.attempt_grant_create(
            quiz=quiz_make(), learner=learner, granted_by=trainer
        )
    quiz, learner = _out_of_attempts()
    with pytest.raises(ValidationError) as zero:
        services.attempt_grant_create(
            quiz=quiz, learner=learner, granted_by=trainer, extra_attempts=0
        )

    assert (unlimited.value.code, zero.value.code) == ("unlimited", "extra_attempts")
    assert not AttemptGrant.objects.exists()


def test_services_grant_is_logged_with_numbers_only(caplog):
    """The log line names the quiz and accounts by number, never a name."""
    quiz, learner = _out_of_attempts()
    trainer = TrainerFactory()
    with caplog.at_level(logging.INFO, logger="quizzes.services.attempts"):
        services.attempt_grant_create(quiz=quiz, learner=learner, granted_by=trainer)

    assert f"account {learner.pk}, granted by account {trainer.pk}" in caplog.text
    assert learner.last_name not in caplog.text


def test_services_grant_after_last_review_waits_for_the_granted_attempt():
    """ "After the last attempt": with a grant, the last attempt is the granted one."""
    quiz, learner = _out_of_attempts(review_policy="after_last")
    first = Attempt.objects.get(quiz=quiz, user=learner)
    assert selectors.review_allowed(attempt=first)

    services.attempt_grant_create(
        quiz=quiz, learner=learner, granted_by=TrainerFactory()
    )
    assert not selectors.review_allowed(attempt=first)

    attempts_use_up(quiz=quiz, user=learner)
    assert selectors.review_allowed(attempt=first)


def test_services_grant_two_grants_add_up():
    """Each grant counts: two grants, used one by one, make two more attempts."""
    quiz, learner = _out_of_attempts()
    for _grant in range(2):
        services.attempt_grant_create(
            quiz=quiz, learner=learner, granted_by=TrainerFactory()
        )
        attempts_use_up(quiz=quiz, user=learner)

    assert Attempt.objects.filter(quiz=quiz, user=learner).count() == 3
    assert selectors.attempts_left(quiz=quiz, user=learner) == 0


@pytest.mark.django_db(transaction=True)
def test_services_grant_two_trainers_at_once_grant_one_attempt():
    """Two trainers pressing the button at the same moment give one attempt."""
    quiz, learner = _out_of_attempts()
    trainers = [TrainerFactory(), TrainerFactory()]
    granted, refused, errors = [], [], []
    barrier = threading.Barrier(2)

    def grant(trainer):
        try:
            barrier.wait(timeout=5)
            granted.append(
                _retrying(
                    lambda: services.attempt_grant_create(
                        quiz=quiz, learner=learner, granted_by=trainer
                    )
                )
            )
        except ValidationError as error:
            refused.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant, args=(t,)) for t in trainers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert errors == []
    assert (len(granted), refused) == (1, ["attempts_left"])
    assert AttemptGrant.objects.filter(quiz=quiz, learner=learner).count() == 1
