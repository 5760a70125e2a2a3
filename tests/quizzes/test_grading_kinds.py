"""Grading as pure functions: each kind right and wrong, text, numbers, score."""

from decimal import Decimal

import pytest

from quizzes.grading import grade, is_passed, normalise_text, score_percent


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("  Élève ", "eleve"),
        ("ÉLÈVE", "eleve"),
        ("mot   de\tpasse", "mot de passe"),
        ("« Bruxelles ! »", "bruxelles"),
        ("l'élève.", "l'eleve"),
        ("L\u2019ÉLÈVE", "l'eleve"),
    ],
)
def test_grading_normalise_text_ignores_case_accents_spaces_edge_punctuation(
    given, expected
):
    """Case, accents, extra spaces and punctuation at the ends do not count."""
    assert normalise_text(given) == expected


def test_grading_single_right_and_wrong():
    """A single-answer question is right only with the correct choice."""
    key = {"correct": [11]}
    assert grade("single", {"choice": 11}, key) is True
    assert grade("single", {"choice": 12}, key) is False


def test_grading_true_false_right_and_wrong():
    """True/false grades like a single choice between two."""
    key = {"correct": [21]}
    assert grade("true_false", {"choice": 21}, key) is True
    assert grade("true_false", {"choice": 22}, key) is False


def test_grading_multiple_needs_exactly_the_correct_set():
    """Multiple answers: all the right ones and nothing else."""
    key = {"correct": [1, 2]}
    assert grade("multiple", {"choices": [2, 1]}, key) is True
    assert grade("multiple", {"choices": [1]}, key) is False
    assert grade("multiple", {"choices": [1, 2, 3]}, key) is False
    assert grade("multiple", {"choices": [1, 1, 2]}, key) is False


def test_grading_short_text_forgives_case_accents_and_spaces():
    """A short answer typed without accents or capitals still earns the point."""
    key = {"accepted": ["Élève", "apprenant"]}
    assert grade("short_text", {"text": "  eleve "}, key) is True
    assert grade("short_text", {"text": "APPRENANT."}, key) is True
    assert grade("short_text", {"text": "professeur"}, key) is False
    assert grade("short_text", {"text": "   "}, key) is False


def test_grading_number_within_tolerance():
    """A number within the tolerance is right; just outside it is wrong."""
    key = {"answer": Decimal("4"), "tolerance": Decimal("0.5")}
    assert grade("number", {"number": "4.5"}, key) is True
    assert grade("number", {"number": "3.5"}, key) is True
    assert grade("number", {"number": "4.51"}, key) is False
    exact = {"answer": Decimal("0.1"), "tolerance": Decimal("0")}
    assert grade("number", {"number": "0.10"}, exact) is True


def test_grading_ordering_needs_the_exact_order():
    """Ordering is right only in exactly the right order."""
    key = {"order": [5, 6, 7]}
    assert grade("ordering", {"order": [5, 6, 7]}, key) is True
    assert grade("ordering", {"order": [5, 7, 6]}, key) is False


def test_grading_matching_needs_every_item_with_its_partner():
    """Matching is right when each item is paired with its own partner."""
    key = {"items": [1, 2, 3]}
    assert grade("matching", {"matches": [[1, 1], [2, 2], [3, 3]]}, key) is True
    assert grade("matching", {"matches": [[1, 1], [2, 3], [3, 2]]}, key) is False
    assert grade("matching", {"matches": [[1, 1], [2, 2], [3, None]]}, key) is False


def test_grading_no_response_or_broken_response_earns_nothing():
    """An unanswered or malformed response is wrong, never an error."""
    assert grade("single", None, {"correct": [1]}) is False
    assert grade("number", {"number": "abc"}, {"answer": 1, "tolerance": 0}) is False
    assert grade("ordering", {"wrong": 1}, {"order": [1, 2]}) is False


@pytest.mark.parametrize(
    ("correct", "count", "percent"),
    [(0, 5, 0), (5, 5, 100), (1, 8, 13), (2, 3, 67), (1, 3, 33), (1, 2, 50), (0, 0, 0)],
)
def test_grading_score_percent_rounds_half_up(correct, count, percent):
    """12.5 % shows as 13 %, 66.7 % as 67 %; an empty quiz scores 0."""
    assert score_percent(correct=correct, count=count) == percent


def test_grading_pass_mark_is_inclusive():
    """Reaching the pass mark exactly is a pass."""
    assert is_passed(percent=70, pass_mark=70) is True
    assert is_passed(percent=69, pass_mark=70) is False
