"""The quiz API against bad input (B5), its strict parser, query counts and schema."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Enrollment
from quizzes import services as quiz_engine_services
from quizzes.models import Attempt
from tests.courses.quiz_api import (
    ALL_KINDS,
    _attempt_url,
    _enrolled_client,
    _put,
    _quiz_lesson,
    _rows,
    _start_url,
    _stored,
)
from tests.factories import (
    CourseFactory,
    LearnerFactory,
)
from tests.quizzes.factories import (
    right_payload,
)

pytestmark = pytest.mark.django_db


# --- B5: malformed input ---

HUGE = "x" * (10 * 1024 * 1024)
BIG = "x" * (1024 * 1024)

MALFORMED = {
    "string for an index": (1, '{"answer": {"choice": "0"}}', "answer"),
    "bool for an index": (1, '{"answer": {"choice": true}}', "answer"),
    "float for an index": (1, '{"answer": {"choice": 0.0}}', "answer"),
    "index out of range": (1, '{"answer": {"choice": 99}}', "answer"),
    "list for the answer": (1, '{"answer": [0]}', "answer"),
    "string for the answer": (1, '{"answer": "0"}', "answer"),
    "null answer": (1, '{"answer": null}', "answer"),
    "extra key": (1, '{"answer": {"choice": 0, "choices": [1]}}', "answer"),
    "wrong key": (1, '{"answer": {"text": "Envoyer"}}', "answer"),
    "missing answer": (1, "{}", "answer"),
    "list body": (1, "[]", "detail"),
    "NaN": (3, '{"answer": {"number": NaN}}', "detail"),
    "Infinity": (3, '{"answer": {"number": Infinity}}', "detail"),
    "number as a list": (3, '{"answer": {"number": [4]}}', "answer"),
    "number as bool": (3, '{"answer": {"number": true}}', "answer"),
    "huge number": (3, '{"answer": {"number": "1' + "0" * 400 + '"}}', "answer"),
    "text as int": (2, '{"answer": {"text": 5}}', "answer"),
    "1 MB text": (2, json.dumps({"answer": {"text": BIG}}), "answer"),
    "duplicate answer key": (
        1,
        '{"answer": {"choice": 0}, "answer": {"choice": 1}}',
        "detail",
    ),
    "duplicate nested key": (1, '{"answer": {"choice": 0, "choice": 1}}', "detail"),
    "deep nesting": (1, '{"answer": ' + "[" * 100_000 + "]" * 100_000 + "}", "detail"),
    "not JSON": (1, "{answer: 0}", "detail"),
    "bad UTF-8": (1, b'{"answer": {"text": "\xff"}}', "detail"),
}


@pytest.mark.parametrize(
    ("position", "raw", "field"), MALFORMED.values(), ids=MALFORMED.keys()
)
def test_api_quiz_malformed_answer_refused_and_attempt_intact(position, raw, field):
    """B5: wrong types, NaN, duplicate keys, huge or deep input: 400 with a
    message on the field (or the body), and the saved answers unchanged."""
    course, lesson = _quiz_lesson(kinds=["single", "short_text", "number"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    for aq in _rows(attempt_id):
        _put(client, attempt_id, aq.position, {"answer": right_payload(aq)})
    before = _stored(attempt_id)

    response = _put(client, attempt_id, position, raw, raw=True)

    assert response.status_code == 400, response.content[:300]
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field]
    assert _stored(attempt_id) == before


def test_api_quiz_duplicate_key_message_names_the_key():
    """B5: a key given twice is named in the message, not silently dropped."""
    course, lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]

    response = _put(
        client, attempt_id, 1, '{"answer": {"choice": 0, "choice": 1}}', raw=True
    )

    assert response.status_code == 400
    assert "choice" in response.json()["detail"]


def test_api_quiz_ten_megabyte_body_refused_with_a_json_message():
    """B5: a 10 MB string is refused (413, JSON with a readable message), not a
    500; the attempt is intact."""
    course, lesson = _quiz_lesson(kinds=["short_text"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    _put(client, attempt_id, 1, {"answer": {"text": "élève"}})
    before = _stored(attempt_id)

    response = _put(client, attempt_id, 1, {"answer": {"text": HUGE}})

    assert response.status_code == 413
    assert response["content-type"] == "application/json"
    assert response.json()["detail"]
    assert _stored(attempt_id) == before


ODD_VALUES = [
    None,
    True,
    False,
    -1,
    0,
    1.5,
    2**70,
    "",
    "0",
    "1e999",
    [],
    {},
    [[]],
    [None],
    [0, 0],
    [-1],
    [True],
    {"0": 0},
    "x" * 300,
]
KIND_KEY = {
    "single": "choice",
    "true_false": "choice",
    "multiple": "choices",
    "short_text": "text",
    "number": "number",
    "ordering": "order",
    "matching": "matches",
}


def test_api_quiz_odd_answers_never_crash_and_change_nothing_when_refused():
    """B5/G1: every kind fed odd values under its key: 200 or 400, never a
    5xx, and a refused answer leaves the attempt as it was."""
    course, lesson = _quiz_lesson()
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    seen = set()

    # Each kind's own key and another kind's (fewer than the 600/min throttle).
    for position, kind in enumerate(ALL_KINDS, start=1):
        for key in (KIND_KEY[kind], "choices" if kind == "single" else "choice"):
            for value in ODD_VALUES:
                before = _stored(attempt_id)
                response = _put(client, attempt_id, position, {"answer": {key: value}})
                seen.add(response.status_code)
                assert response.status_code in (200, 400), (key, value)
                if response.status_code == 400:
                    # Numbers beyond 64 bits are refused by the JSON parser.
                    assert list(response.json()) in (["answer"], ["detail"]), (
                        key,
                        value,
                    )
                    assert _stored(attempt_id) == before, (key, value)
    assert 400 in seen


def test_api_quiz_strict_parser_is_the_api_default():
    """The strict parser is the API's JSON parser, not only the quiz's: a
    duplicate key on enrolment is refused too, and nothing is created."""
    course = CourseFactory(slug="mail")
    client = Client()
    client.force_login(LearnerFactory())

    response = client.post(
        "/api/v1/enrollments/",
        '{"course": "nope", "course": "mail"}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "course" in response.json()["detail"]
    assert not Enrollment.objects.filter(course=course).exists()


# --- Query counts ---


def _count_queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, response.content[:500]
    return len(queries)


def _counts(size: int) -> tuple[int, int, int]:
    course, lesson = _quiz_lesson(kinds=["single"] * size)
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    for aq in _rows(attempt_id):
        quiz_engine_services.answer_save(
            attempt=Attempt.objects.get(pk=attempt_id),
            position=aq.position,
            payload=right_payload(aq),
        )
    read = _count_queries(lambda: client.get(_attempt_url(attempt_id)))
    submit = _count_queries(lambda: client.post(_attempt_url(attempt_id, "submit/")))
    result = _count_queries(lambda: client.get(_attempt_url(attempt_id, "result/")))
    return read, submit, result


def test_api_quiz_queries_do_not_grow_with_the_questions():
    """Reading an attempt, submitting it and reading its result take as many
    queries for 50 questions as for 5."""
    assert _counts(5) == _counts(50)


# --- The schema ---


def test_api_quiz_schema_documents_the_operations_and_bodies(client):
    """The OpenAPI schema lists the five quiz operations with their bodies."""
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    paths = schema["paths"]

    assert set(paths["/api/v1/lessons/{id}/quiz-attempts/"]) == {"post"}
    assert set(paths["/api/v1/quiz-attempts/{id}/"]) == {"get"}
    assert set(paths["/api/v1/quiz-attempts/{id}/answers/{position}/"]) == {"put"}
    assert set(paths["/api/v1/quiz-attempts/{id}/submit/"]) == {"post"}
    assert set(paths["/api/v1/quiz-attempts/{id}/result/"]) == {"get"}
    put = paths["/api/v1/quiz-attempts/{id}/answers/{position}/"]["put"]
    assert list(put["requestBody"]["content"]) == ["application/json"]
    assert "AnswerSave" in str(put["requestBody"])
    assert {"200", "400", "404", "409", "413"} <= set(put["responses"])
    answer = schema["components"]["schemas"]["AnswerSave"]["properties"]["answer"]
    assert len(answer["oneOf"]) == 6
    question = schema["components"]["schemas"]["Question"]["properties"]
    assert not {"is_correct", "feedback", "accepted_answers"} & set(question)
    result = schema["components"]["schemas"]["QuizResult"]["properties"]
    assert result["review"]["nullable"] is True
