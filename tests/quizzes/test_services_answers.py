"""answer_save: payloads by display index, and every malformed payload refused."""

import pytest
from django.core.exceptions import ValidationError

from quizzes import services
from quizzes.models import AttemptQuestion
from tests.factories import LearnerFactory
from tests.quizzes.factories import quiz_make, right_payload

pytestmark = pytest.mark.django_db

TEN_MB = "x" * (10 * 1024 * 1024)


def _started(kind):
    quiz = quiz_make(kinds=[kind])
    attempt = services.attempt_start(quiz=quiz, user=LearnerFactory())
    aq = attempt.attempt_questions.select_related("question").get()
    # A first valid answer: a refused one must leave it exactly as it was.
    services.answer_save(attempt=attempt, position=1, payload=right_payload(aq))
    aq.refresh_from_db()
    return attempt, aq


BAD_PAYLOADS = {
    "single": [
        None,
        [],
        "0",
        {},
        {"choice": "0"},
        {"choice": True},
        {"choice": 1.0},
        {"choice": -1},
        {"choice": 3},
        {"choice": 10**30},
        {"choice": 0, "extra": 1},
        {"choices": [0]},
        {"choice": TEN_MB},
    ],
    "true_false": [{"choice": False}, {"choice": 2}, {"answer": True}],
    "multiple": [
        {"choices": [0, 0]},
        {"choices": [0, True]},
        {"choices": []},
        {"choices": list(range(5))},
        {"choices": 0},
        {"choices": [0], "choice": 1},
        {"choices": [4]},
        {"choices": [0] * 1_000_000},
    ],
    "short_text": [
        {"text": 42},
        {"text": None},
        {"text": ["élève"]},
        {"text": "   "},
        {"text": "a" * 201},
        {"text": TEN_MB},
        {"text": "élève", "number": 1},
    ],
    "number": [
        {"number": "NaN"},
        {"number": "nan"},
        {"number": "Infinity"},
        {"number": "-inf"},
        {"number": float("nan")},
        {"number": float("inf")},
        {"number": True},
        {"number": None},
        {"number": [4]},
        {"number": "4 pommes"},
        {"number": "1" * 21},
        {"number": 10**30},
        {"number": "1e999999999"},
        {"number": TEN_MB},
        {"number": ""},
    ],
    "ordering": [
        {"order": [0, 1, 2]},
        {"order": [0, 1, 2, 2]},
        {"order": [0, 1, 2, 4]},
        {"order": [0, 1, 2, 3, 4]},
        {"order": [0, 1, 2, True]},
        {"order": "0123"},
    ],
    "matching": [
        {"matches": [0, 1]},
        {"matches": [0, 0, 1]},
        {"matches": [0, 1, 3]},
        {"matches": [0, 1, True]},
        {"matches": [0, 1, 2, None]},
        {"matches": {"0": 0}},
    ],
}


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (kind, payload)
        for kind, payloads in BAD_PAYLOADS.items()
        for payload in payloads
    ],
    ids=lambda value: repr(value)[:40],
)
def test_services_answer_save_refuses_malformed_payload_unchanged(kind, payload):
    """B5: wrong types, NaN, Infinity, bools, huge strings, duplicates, extra keys
    are refused with an "answer" field error; the saved answer stays as it was."""
    attempt, aq = _started(kind)
    before = (aq.response, aq.answered_at)
    with pytest.raises(ValidationError) as caught:
        services.answer_save(attempt=attempt, position=1, payload=payload)
    assert caught.value.message_dict["answer"]
    aq.refresh_from_db()
    assert (aq.response, aq.answered_at) == before


def test_services_answer_save_matching_accepts_a_partial_answer():
    """A matching answer may leave items unmatched (None) while working."""
    attempt, aq = _started("matching")
    services.answer_save(
        attempt=attempt, position=1, payload={"matches": [None, None, 0]}
    )
    aq.refresh_from_db()
    assert [pair[1] for pair in aq.response["matches"]][:2] == [None, None]


def test_services_answer_save_stores_choice_pks_not_indexes():
    """The stored answer names choices by pk, whatever the display order was."""
    attempt, aq = _started("single")
    shown = aq.choice_order
    services.answer_save(attempt=attempt, position=1, payload={"choice": 2})
    aq.refresh_from_db()
    assert aq.response == {"choice": shown[2]}


def test_services_answer_save_replaces_the_previous_answer():
    """Changing one's mind before handing in keeps the latest answer only."""
    attempt, aq = _started("short_text")
    services.answer_save(attempt=attempt, position=1, payload={"text": "  autre  "})
    assert AttemptQuestion.objects.get(pk=aq.pk).response == {"text": "autre"}
