"""Grading as pure functions: canonical responses (in Choice pks) against a key."""

import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalise_text(text: str) -> str:
    """Lower case, no accents, single spaces, no punctuation at either end:
    "  Élève. " and "eleve" read the same."""
    # Phones type a typographic apostrophe (’) where trainers typed ' or the reverse.
    text = text.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    collapsed = " ".join(bare.split())
    start, end = 0, len(collapsed)
    while start < end and _is_edge_noise(collapsed[start]):
        start += 1
    while end > start and _is_edge_noise(collapsed[end - 1]):
        end -= 1
    return collapsed[start:end]


def _is_edge_noise(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def score_percent(*, correct: int, count: int) -> int:
    """100 * correct / count rounded half up, in integers (12.5 % shows as 13 %)."""
    if count <= 0:
        return 0
    return (200 * correct + count) // (2 * count)


def is_passed(*, percent: int, pass_mark: int) -> bool:
    return percent >= pass_mark


def grade(
    kind: str, response: Mapping[str, Any] | None, key: Mapping[str, Any]
) -> bool:
    """True when the canonical response earns the point; no response earns nothing.

    Keys: single/true_false/multiple {"correct": [pk, ...]}; short_text
    {"accepted": [str, ...]}; number {"answer": Decimal, "tolerance": Decimal};
    ordering {"order": [pk, ...]} (right order); matching {"items": [pk, ...]}.
    """
    if not response:
        return False
    grader = _GRADERS.get(kind)
    if grader is None:
        raise ValueError(f"unknown question kind {kind!r}")
    try:
        return grader(response, key)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        # A response stored by an older shape must not break a whole submission.
        return False


def _grade_single(response, key) -> bool:
    return list(key["correct"]) == [response["choice"]]


def _grade_multiple(response, key) -> bool:
    chosen = response["choices"]
    return len(chosen) == len(set(chosen)) and set(chosen) == set(key["correct"])


def _grade_short_text(response, key) -> bool:
    given = normalise_text(response["text"])
    return bool(given) and any(given == normalise_text(a) for a in key["accepted"])


def _grade_number(response, key) -> bool:
    given = Decimal(response["number"])
    if not given.is_finite() or key["answer"] is None:
        return False
    return abs(given - Decimal(key["answer"])) <= Decimal(key["tolerance"])


def _grade_ordering(response, key) -> bool:
    return list(response["order"]) == list(key["order"])


def _grade_matching(response, key) -> bool:
    # Each item is its own right partner: item pk i must be matched to option pk i.
    pairs = dict(response["matches"])
    return all(pairs.get(item) == item for item in key["items"])


_GRADERS = {
    "single": _grade_single,
    "true_false": _grade_single,
    "multiple": _grade_multiple,
    "short_text": _grade_short_text,
    "number": _grade_number,
    "ordering": _grade_ordering,
    "matching": _grade_matching,
}
