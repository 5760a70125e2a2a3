"""statement_record and state_save: the learner is the actor, scores are checked."""

import json
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from h5p.models import Attempt, SavedState, Statement
from h5p.selectors import attempt_best, content_iri
from h5p.services import package_install, state_save, statement_record
from tests.factories import LearnerFactory, StaffFactory
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def content():
    return package_install(upload=p.good_package(), user=StaffFactory())


def _statement(content, verb="answered", raw=1, top=1, **changes):
    data = {
        "id": str(uuid.uuid4()),
        "actor": {"mbox": "mailto:someone-else@example.org", "name": "Pirate"},
        "verb": {"id": VERBS + verb},
        "object": {"id": content_iri(content)},
        "result": {
            "score": {"min": 0, "max": top, "raw": raw, "scaled": raw / top},
            "success": raw == top,
            "completion": True,
        },
    }
    data.update(changes)
    return data


def test_services_statement_record_actor_is_the_logged_in_user(content):
    """The claimed actor is replaced by the logged-in learner."""
    learner = LearnerFactory()
    recorded = statement_record(
        user=learner, content=content, statement=_statement(content)
    )
    assert recorded.user == learner
    assert recorded.raw["actor"]["account"]["name"] == str(learner.pk)
    assert "Pirate" not in json.dumps(recorded.raw)


def test_services_statement_record_answered_finishes_attempt_best_kept(content):
    """A root `answered` finishes the attempt; the best of several is kept."""
    learner = LearnerFactory()
    statement_record(
        user=learner, content=content, statement=_statement(content, raw=0)
    )
    statement_record(
        user=learner, content=content, statement=_statement(content, raw=1)
    )
    statement_record(
        user=learner, content=content, statement=_statement(content, raw=0)
    )
    assert Attempt.objects.filter(user=learner, completed=True).count() == 3
    best = attempt_best(user=learner, content=content)
    assert (best.raw, best.max, best.scaled, best.success) == (
        Decimal(1),
        Decimal(1),
        Decimal(1),
        True,
    )


def test_services_statement_record_sub_content_does_not_finish(content):
    """A sub-content's `answered` is stored but leaves the attempt open."""
    learner = LearnerFactory()
    sub = {"id": content_iri(content) + "?subContentId=3f1c-aa"}
    statement_record(
        user=learner, content=content, statement=_statement(content, object=sub)
    )
    assert Statement.objects.count() == 1
    assert not Attempt.objects.filter(completed=True).exists()


@pytest.mark.parametrize(
    ("score", "code"),
    [
        ({"min": 0, "max": 1, "raw": 50}, "bad_score"),
        ({"min": 0, "max": 0, "raw": 0}, "bad_score"),
        ({"min": 0, "max": 1, "raw": -1}, "bad_score"),
        ({"min": 0, "max": 2, "raw": 1, "scaled": 1}, "bad_score"),
        ({"min": 0, "max": 1, "raw": "1"}, "bad_score"),
        ({"min": 0, "max": 1e300, "raw": 1}, "bad_score"),
    ],
)
def test_services_statement_record_forged_scores_refused(content, score, code):
    """raw 50 / max 1, max 0, a negative raw, an inconsistent scaled: refused."""
    data = _statement(content)
    data["result"]["score"] = score
    with pytest.raises(ValidationError) as caught:
        statement_record(user=LearnerFactory(), content=content, statement=data)
    assert caught.value.code == code
    assert Statement.objects.count() == 0 and Attempt.objects.count() == 0


def test_services_statement_record_nan_refused_not_crashing(content):
    """NaN in a statement is a clear refusal, not a server error."""
    text = json.dumps(_statement(content)).replace('"raw": 1', '"raw": NaN')
    with pytest.raises(ValidationError) as caught:
        statement_record(user=LearnerFactory(), content=content, statement=text)
    assert caught.value.code == "bad_json"


def test_services_statement_record_other_object_or_verb_refused(content, settings):
    """Another content's IRI, a foreign IRI or an unknown verb is refused."""
    learner = LearnerFactory()
    for data, code in (
        (
            _statement(content, object={"id": f"{settings.SITE_URL}/h5p/9999"}),
            "bad_object",
        ),
        (
            _statement(content, object={"id": "https://evil.example/h5p/1"}),
            "bad_object",
        ),
        (_statement(content, verb="deleted"), "bad_verb"),
        ({**_statement(content), "verb": {"id": "https://evil/answered"}}, "bad_verb"),
    ):
        with pytest.raises(ValidationError) as caught:
            statement_record(user=learner, content=content, statement=data)
        assert caught.value.code == code


def test_services_statement_record_size_capped(content, settings):
    """A statement over H5P_MAX_STATEMENT_BYTES is refused."""
    settings.H5P_MAX_STATEMENT_BYTES = 500
    data = _statement(content, context={"padding": "x" * 600})
    with pytest.raises(ValidationError) as caught:
        statement_record(user=LearnerFactory(), content=content, statement=data)
    assert caught.value.code == "statement_too_big"


def test_services_statement_record_same_id_twice_stored_once(content):
    """A statement sent twice is stored once; another user cannot reuse its id."""
    learner = LearnerFactory()
    data = _statement(content)
    first = statement_record(user=learner, content=content, statement=data)
    again = statement_record(user=learner, content=content, statement=data)
    assert first.pk == again.pk
    with pytest.raises(ValidationError):
        statement_record(user=LearnerFactory(), content=content, statement=data)


def test_services_state_save_stores_replaces_and_forgets(content, settings):
    """One state per learner and content, size-capped, JSON only; empty forgets."""
    learner = LearnerFactory()
    state_save(user=learner, content=content, data='{"answers": [1]}')
    state_save(user=learner, content=content, data='{"answers": [2]}')
    assert SavedState.objects.get(user=learner).data == '{"answers": [2]}'
    settings.H5P_MAX_STATE_BYTES = 10
    with pytest.raises(ValidationError):
        state_save(user=learner, content=content, data='{"answers": [3, 4, 5]}')
    settings.H5P_MAX_STATE_BYTES = 1000
    with pytest.raises(ValidationError):
        state_save(user=learner, content=content, data="not json")
    assert state_save(user=learner, content=content, data="") is None
    assert not SavedState.objects.exists()
