"""H5P database constraints that hold even when the services are bypassed."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from h5p.models import Attempt, Content, Library, SavedState, Statement
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.fixture
def content():
    library = Library.objects.create(
        machine_name="H5P.X", major=1, minor=0, patch=0, title="X", runnable=True
    )
    return Content.objects.create(title="X", main_library=library)


def test_models_library_once_per_major_minor(content):
    """A library is stored once per machineName-major.minor, whatever its patch."""
    assert _refused(
        lambda: Library.objects.create(
            machine_name="H5P.X", major=1, minor=0, patch=1, title="X"
        )
    )


def test_models_attempt_score_in_range(content):
    """raw 50 / max 1, max 0, a negative raw, scaled over 1: all refused."""
    user = LearnerFactory()

    def attempt(**fields):
        return lambda: Attempt.objects.create(content=content, user=user, **fields)

    assert _refused(attempt(raw=Decimal(50), max=Decimal(1)))
    assert _refused(attempt(raw=Decimal(0), max=Decimal(0)))
    assert _refused(attempt(raw=Decimal(-1), max=Decimal(1)))
    assert _refused(attempt(raw=Decimal(1), max=None))
    assert _refused(attempt(scaled=Decimal("1.5")))
    assert not _refused(attempt(raw=Decimal(1), max=Decimal(1), scaled=Decimal(1)))


def test_models_attempt_one_open_and_completed_has_finish(content):
    """One open attempt per learner and content; a completed one has its end time."""
    user = LearnerFactory()
    Attempt.objects.create(content=content, user=user)
    assert _refused(lambda: Attempt.objects.create(content=content, user=user))
    assert _refused(
        lambda: Attempt.objects.create(content=content, user=user, completed=True)
    )
    now = timezone.now()
    Attempt.objects.create(
        content=content, user=user, completed=True, started_at=now, finished_at=now
    )
    assert _refused(
        lambda: Attempt.objects.create(
            content=content,
            user=user,
            completed=True,
            started_at=now,
            finished_at=now - timedelta(seconds=1),
        )
    )


def test_models_statement_id_and_saved_state_unique(content):
    """A statement id is stored once; one saved state per learner and content."""
    user = LearnerFactory()
    statement_id = "0b5d5c3e-1f1e-4a57-9a0e-6f0c7f4c2a11"
    Statement.objects.create(
        content=content, user=user, statement_id=statement_id, verb="answered", raw={}
    )
    assert _refused(
        lambda: Statement.objects.create(
            content=content, user=user, statement_id=statement_id, verb="x", raw={}
        )
    )
    SavedState.objects.create(content=content, user=user, data="{}")
    assert _refused(
        lambda: SavedState.objects.create(content=content, user=user, data="")
    )
