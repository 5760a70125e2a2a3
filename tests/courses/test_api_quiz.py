"""The quiz API: start, read, answer, submit and read the result of a quiz lesson."""

import json
import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from courses.models import Enrollment, LessonProgress
from quizzes import services as quiz_engine_services
from quizzes.models import Attempt, Choice, Quiz
from tests.courses.quiz_api import (
    ALL_KINDS,
    QUESTION_KEYS,
    _answer_all,
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
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
)
from tests.quizzes.factories import (
    QuestionBankFactory,
    question_make,
    right_payload,
    wrong_payload,
)

pytestmark = pytest.mark.django_db


def test_api_quiz_urls_are_stable():
    """The documented addresses do not move."""
    assert reverse("api-quiz-attempt-start", args=[3]) == (
        "/api/v1/lessons/3/quiz-attempts/"
    )
    assert reverse("api-quiz-attempt-detail", args=[7]) == "/api/v1/quiz-attempts/7/"
    assert reverse("api-quiz-answer-save", args=[7, 2]) == (
        "/api/v1/quiz-attempts/7/answers/2/"
    )
    assert reverse("api-quiz-attempt-submit", args=[7]) == (
        "/api/v1/quiz-attempts/7/submit/"
    )
    assert reverse("api-quiz-attempt-result", args=[7]) == (
        "/api/v1/quiz-attempts/7/result/"
    )


def test_api_quiz_full_flow_passes_finishes_lesson_and_completes_course():
    """Start, read, answer every kind right, submit: passed, lesson done, course
    completed since the quiz was its last required lesson."""
    course, lesson = _quiz_lesson()
    text_lesson = LessonFactory(module=lesson.module, position=0)
    client = _enrolled_client(course)
    done = client.post(f"/api/v1/lessons/{text_lesson.pk}/complete/")
    assert done.json()["percent"] == 50

    started = client.post(_start_url(lesson))
    assert started.status_code == 201
    body = started.json()
    attempt_id = body["id"]
    assert body["lesson"] == lesson.pk
    assert body["number"] == 1
    assert body["question_count"] == len(ALL_KINDS)
    assert body["submitted"] is False
    assert [q["kind"] for q in body["questions"]] == ALL_KINDS
    assert all(set(q) == QUESTION_KEYS for q in body["questions"])
    assert not any(q["answered"] for q in body["questions"])

    read = client.get(_attempt_url(attempt_id))
    assert read.status_code == 200
    assert read.json() == body

    answers = _answer_all(client, attempt_id, right_payload)
    for aq, answer in zip(_rows(attempt_id), answers, strict=True):
        assert answer.json()["answered"] is True
        assert answer.json()["position"] == aq.position
    assert all(
        q["answered"] for q in client.get(_attempt_url(attempt_id)).json()["questions"]
    )
    enrollment = Enrollment.objects.get(course=course)
    assert enrollment.completed_at is None

    submitted = client.post(_attempt_url(attempt_id, "submit/"))
    assert submitted.status_code == 200
    result = submitted.json()
    assert result["passed"] is True
    assert result["correct_count"] == result["question_count"] == len(ALL_KINDS)
    assert result["score_percent"] == 100
    assert result["pass_mark"] == 70
    assert result["attempts_left"] is None
    assert len(result["review"]) == len(ALL_KINDS)
    assert all(item["is_correct"] for item in result["review"])
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert client.get(_attempt_url(attempt_id, "result/")).json() == result
    assert client.get(_attempt_url(attempt_id)).json()["submitted"] is True


def test_api_quiz_answer_returns_the_question_with_the_answer_by_index():
    """A saved answer comes back as the display indexes the client sent."""
    course, lesson = _quiz_lesson(kinds=["multiple", "ordering", "matching"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]

    for aq in _rows(attempt_id):
        payload = wrong_payload(aq)
        response = _put(client, attempt_id, aq.position, {"answer": payload})
        assert response.json()["response"] == {
            key: sorted(value) if key == "choices" else value
            for key, value in payload.items()
        }


def test_api_quiz_start_again_resumes_the_open_attempt():
    """Starting twice answers 201 then 200 with the same attempt; one row."""
    course, lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(course)

    first = client.post(_start_url(lesson))
    again = client.post(_start_url(lesson))

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert Attempt.objects.count() == 1


def test_api_quiz_token_authentication_works():
    """A client other than the browser takes the quiz with a token."""
    course, lesson = _quiz_lesson(kinds=["single"])
    learner = LearnerFactory()
    EnrollmentFactory(user=learner, course=course)
    token = Token.objects.create(user=learner)
    headers = {"authorization": f"Token {token.key}"}

    started = Client().post(_start_url(lesson), headers=headers)

    assert started.status_code == 201
    assert Attempt.objects.get().user == learner


def test_api_quiz_anonymous_refused():
    """Without a session or a token nothing is started or read."""
    course, lesson = _quiz_lesson(kinds=["single"])

    assert Client().post(_start_url(lesson)).status_code in (401, 403)
    assert Attempt.objects.count() == 0


# --- B1: the key stays on the server ---


def _secret_quiz(review_policy: str) -> Quiz:
    """A quiz whose key and feedback are words found nowhere else."""
    bank = QuestionBankFactory()
    questions = [
        question_make(
            bank=bank,
            kind="single",
            choices=[
                {"text": "Envoyer", "is_correct": True, "feedback": "quokkafeedback"},
                {"text": "Supprimer", "feedback": "numbatfeedback"},
            ],
            feedback_markdown="wombatexplanation",
        ),
        question_make(
            bank=bank,
            kind="short_text",
            accepted_answers=["zanzibar"],
            feedback_markdown="wombatexplanation",
        ),
        question_make(
            bank=bank, kind="number", number_answer="79.19", number_tolerance="0"
        ),
        question_make(bank=bank, kind="true_false", answer=True),
    ]
    quiz = quiz_engine_services.quiz_create(bank=bank, title="Secret")
    quiz_engine_services.quiz_questions_set(quiz=quiz, questions=questions)
    return quiz_engine_services.quiz_update(quiz=quiz, review_policy=review_policy)


SECRETS = [
    "zanzibar",
    # Seconds never reach 79, so no timestamp holds "79.19" (a bare "7919" was
    # found in a microsecond now and then).
    "79.19",
    "quokkafeedback",
    "numbatfeedback",
    "wombatexplanation",
    "is_correct",
    '"correct"',
    "feedback",
    "accepted",
    "tolerance",
    "right_answer",
]


def _no_secret(body: bytes) -> None:
    text = body.decode()
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked in {text[:500]}"


def _assert_indexes_only(question: dict) -> None:
    """Choices and options are known by their index, never by a Choice pk."""
    for key in ("choices", "options"):
        assert [c["index"] for c in question[key]] == list(range(len(question[key])))
        assert all(set(c) == {"index", "text"} for c in question[key])


@pytest.mark.parametrize("policy", ["never", "after_pass"])
def test_api_quiz_no_key_in_any_response_before_the_review_policy_allows(policy):
    """B1: start, read, answer, submit and result bodies hold no accepted answer,
    number, feedback, correctness flag or Choice pk until review is allowed."""
    course, lesson = _quiz_lesson(quiz=_secret_quiz(policy))
    client = _enrolled_client(course)
    bodies = []

    started = client.post(_start_url(lesson))
    attempt_id = started.json()["id"]
    bodies += [started, client.get(_attempt_url(attempt_id))]
    # Wrong on purpose: the learner's own answer is echoed, never the key.
    bodies += _answer_all(client, attempt_id, wrong_payload)
    bodies += [client.get(_attempt_url(attempt_id))]
    bodies += [client.post(_attempt_url(attempt_id, "submit/"))]
    bodies += [client.get(_attempt_url(attempt_id, "result/"))]

    for response in bodies:
        assert response.status_code in (200, 201)
        _no_secret(response.content)
    for question in started.json()["questions"]:
        _assert_indexes_only(question)
    choice_pks = set(Choice.objects.values_list("pk", flat=True))
    for aq in _rows(attempt_id):
        assert set(aq.choice_order) <= choice_pks
    assert bodies[-1].json()["review"] is None
    assert bodies[-1].json()["passed"] is False


def test_api_quiz_review_shows_the_key_once_allowed():
    """The same quiz under "after each attempt": the result's review carries the
    accepted answer and the feedback (so the leak test above can fail)."""
    course, lesson = _quiz_lesson(quiz=_secret_quiz("after_each"))
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    _answer_all(client, attempt_id, wrong_payload)

    result = client.post(_attempt_url(attempt_id, "submit/")).json()

    assert result["review"] is not None
    assert "zanzibar" in result["review"][1]["right_answer"]
    assert "wombatexplanation" in result["review"][0]["feedback_html"]
    assert result["review"][0]["is_correct"] is False
    assert {c["feedback"] for c in result["review"][0]["choices"]} == {
        "quokkafeedback",
        "numbatfeedback",
    }


# --- B2: submitted once ---


def test_api_quiz_submit_twice_returns_the_same_result_graded_once():
    """B2: a replayed submission answers the identical JSON; nothing regraded."""
    course, lesson = _quiz_lesson(kinds=["single", "true_false"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    first_row = _rows(attempt_id)[0]
    _put(client, attempt_id, 1, {"answer": right_payload(first_row)})

    first = client.post(_attempt_url(attempt_id, "submit/"))
    stored = _stored(attempt_id)
    again = client.post(_attempt_url(attempt_id, "submit/"))

    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert first.json()["score_percent"] == 50
    assert _stored(attempt_id) == stored
    assert LessonProgress.objects.count() == 0


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


@pytest.mark.django_db(transaction=True)
def test_api_quiz_two_submissions_at_once_grade_once():
    """B2: two concurrent submissions give one graded attempt, one lesson done,
    and the same JSON to both."""
    course, lesson = _quiz_lesson(kinds=["single", "true_false"])
    learner = LearnerFactory()
    EnrollmentFactory(user=learner, course=course)
    attempt = quiz_engine_services.attempt_start(quiz=lesson.quiz, user=learner)
    for aq in _rows(attempt.pk):
        quiz_engine_services.answer_save(
            attempt=attempt, position=aq.position, payload=right_payload(aq)
        )
    results, errors = [], []
    barrier = threading.Barrier(2)
    # Logged in here: two threads writing sessions at once would only test SQLite.
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(learner)

    def submit(client):
        try:
            barrier.wait(timeout=5)
            response = _retrying(
                lambda: client.post(_attempt_url(attempt.pk, "submit/"))
            )
            results.append((response.status_code, response.content))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=[c]) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert [status for status, _body in results] == [200, 200]
    assert results[0][1] == results[1][1]
    assert json.loads(results[0][1])["passed"] is True
    assert Attempt.objects.filter(submitted_at__isnull=False).count() == 1
    assert LessonProgress.objects.filter(lesson=lesson).count() == 1


# --- B3: the server's clock decides ---


def test_api_quiz_answer_after_the_deadline_refused():
    """B3: past the deadline (server clock) an answer is refused, whatever the
    client claims, and the attempt is unchanged."""
    course, lesson = _quiz_lesson(kinds=["single"], time_limit_minutes=5)
    client = _enrolled_client(course)
    started = client.post(_start_url(lesson)).json()
    assert started["deadline"] is not None
    Attempt.objects.filter(pk=started["id"]).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    before = _stored(started["id"])
    body = {
        "answer": right_payload(_rows(started["id"])[0]),
        "deadline": (timezone.now() + timedelta(hours=1)).isoformat(),
    }

    response = _put(client, started["id"], 1, body)

    assert response.status_code == 400
    assert "attempt" in response.json()
    assert _stored(started["id"]) == before


# --- B4: only one's own attempt, only its questions, only the attempts allowed ---


def test_api_quiz_another_learners_attempt_is_404_everywhere():
    """B4: another learner's attempt id answers 404 on every endpoint; unchanged."""
    course, lesson = _quiz_lesson(kinds=["single"])
    owner = _enrolled_client(course)
    attempt_id = owner.post(_start_url(lesson)).json()["id"]
    intruder = _enrolled_client(course)
    before = _stored(attempt_id)

    assert intruder.get(_attempt_url(attempt_id)).status_code == 404
    assert _put(intruder, attempt_id, 1, {"answer": {"choice": 0}}).status_code == 404
    assert intruder.post(_attempt_url(attempt_id, "submit/")).status_code == 404
    assert intruder.get(_attempt_url(attempt_id, "result/")).status_code == 404
    assert _stored(attempt_id) == before


def test_api_quiz_lesson_of_a_course_not_followed_is_404():
    """Starting a quiz lesson of a course one does not follow: 404, no attempt."""
    course, lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(CourseFactory())

    assert client.post(_start_url(lesson)).status_code == 404
    assert client.post("/api/v1/lessons/999999/quiz-attempts/").status_code == 404
    assert Attempt.objects.count() == 0


def test_api_quiz_unknown_ids_are_404_not_500():
    """Ids beyond any integer column answer 404."""
    course, _lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(course)
    huge = 10**30

    assert client.post(f"/api/v1/lessons/{huge}/quiz-attempts/").status_code == 404
    assert client.get(_attempt_url(huge)).status_code == 404
    assert _put(client, huge, 1, {"answer": {"choice": 0}}).status_code == 404


@pytest.mark.parametrize("position", [0, 2, 32767, 10**30])
def test_api_quiz_position_not_in_the_attempt_refused(position):
    """B4: an answer for a question not in the attempt: 400 on "position"."""
    course, lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    before = _stored(attempt_id)

    response = _put(client, attempt_id, position, {"answer": {"choice": 0}})

    assert response.status_code == 400
    assert list(response.json()) == ["position"]
    assert _stored(attempt_id) == before


def test_api_quiz_no_attempt_left_refused():
    """B4: more attempts than allowed: 400 on "lesson", no new attempt."""
    course, lesson = _quiz_lesson(kinds=["single"], max_attempts=1)
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]
    result = client.post(_attempt_url(attempt_id, "submit/")).json()
    assert result["attempts_left"] == 0

    again = client.post(_start_url(lesson))

    assert again.status_code == 400
    assert again.json()["lesson"]
    assert Attempt.objects.count() == 1


def test_api_quiz_locked_or_text_lesson_refused():
    """A quiz locked behind an earlier lesson, or a text lesson: 400, no attempt."""
    course, lesson = _quiz_lesson(kinds=["single"])
    lesson.module.unlock_in_order = True
    lesson.module.save()
    first = LessonFactory(module=lesson.module, position=0)
    lesson.position = 5
    lesson.save()
    client = _enrolled_client(course)

    locked = client.post(_start_url(lesson))
    text = client.post(_start_url(first))

    assert locked.status_code == text.status_code == 400
    assert locked.json()["lesson"]
    assert text.json()["lesson"]
    assert Attempt.objects.count() == 0


def test_api_quiz_submitted_attempt_takes_no_answer_and_open_one_has_no_result():
    """Answering a submitted attempt, or reading the result of an open one: 409."""
    course, lesson = _quiz_lesson(kinds=["single"])
    client = _enrolled_client(course)
    attempt_id = client.post(_start_url(lesson)).json()["id"]

    early = client.get(_attempt_url(attempt_id, "result/"))
    client.post(_attempt_url(attempt_id, "submit/"))
    before = _stored(attempt_id)
    late = _put(client, attempt_id, 1, {"answer": {"choice": 0}})

    assert early.status_code == late.status_code == 409
    assert early.json()["attempt"]
    assert late.json()["attempt"]
    assert _stored(attempt_id) == before
