"""A learner takes a quiz lesson in the browser's plain HTML forms (no JavaScript)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import Course, Enrollment, LessonProgress
from quizzes.models import Attempt, AttemptQuestion, Question
from tests.factories import (
    CourseFactory,
    EnrollmentFactory,
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
)
from tests.quizzes.factories import quiz_make, right_payload, wrong_payload

pytestmark = pytest.mark.django_db

ALL_KINDS = [kind for kind, _label in Question.Kind.choices]


def _quiz_lesson(**settings):
    course = CourseFactory(status=Course.Status.PUBLISHED)
    module = ModuleFactory(course=course)
    quiz = quiz_make(kinds=settings.pop("kinds", ALL_KINDS), **settings)
    lesson = LessonFactory(module=module, kind="quiz", quiz=quiz, title="Le quiz")
    return course, lesson


def _form_data(payload: dict, kind: str, prefix: str = "") -> dict:
    """The POST a browser sends for this answer, from the engine's payload."""
    key = f"{prefix}-" if prefix else ""
    if kind in ("single", "true_false"):
        return {f"{key}choice": str(payload["choice"])}
    if kind == "multiple":
        return {f"{key}choices": [str(i) for i in payload["choices"]]}
    if kind in ("short_text", "number"):
        return {f"{key}{kind.split('_')[-1]}": payload[next(iter(payload))]}
    if kind == "ordering":
        return {f"{key}order": ",".join(str(i) for i in payload["order"])}
    return {f"{key}match_{i}": str(m) for i, m in enumerate(payload["matches"])}


def _start(client, course, lesson):
    response = client.post(reverse("courses:quiz-start", args=[course.slug, lesson.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(
        user__pk=client.session["_auth_user_id"], submitted_at=None
    )


def _answer_all(client, course, lesson, attempt, make_payload):
    rows = AttemptQuestion.objects.filter(attempt=attempt).select_related("question")
    for aq in rows.prefetch_related("question__choices"):
        url = reverse(
            "courses:quiz-question",
            args=[course.slug, lesson.pk, attempt.pk, aq.position],
        )
        data = {**_form_data(make_payload(aq), aq.question.kind), "go": "next"}
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]


def _submit(client, course, lesson, attempt):
    url = reverse("courses:quiz-submit", args=[course.slug, lesson.pk, attempt.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def enrolled(client):
    def enrol(course):
        learner = LearnerFactory()
        EnrollmentFactory(user=learner, course=course)
        client.force_login(learner)
        return learner

    return enrol


def test_views_quiz_fail_retry_pass_completes_the_course(client, enrolled):
    """Every kind answered in forms: a wrong try fails and offers "Réessayer";
    the right try passes, finishes the lesson and completes the course."""
    course, lesson = _quiz_lesson(max_attempts=3, review_policy="after_pass")
    learner = enrolled(course)

    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, wrong_payload)
    failed = _submit(client, course, lesson, attempt)
    assert "Pas encore réussi" in failed
    assert "Réessayer" in failed
    assert "Il vous reste 2 essais." in failed
    assert "La correction" not in failed  # after_pass: not before passing

    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, right_payload)
    passed = _submit(client, course, lesson, attempt)

    assert "Bravo, quiz réussi !" in passed
    assert "7 bonnes réponses sur 7." in passed
    assert "La correction" in passed
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
    assert enrollment.completed_at is not None


def test_views_quiz_pages_never_show_the_key(client, enrolled):
    """Before review, no page holds an accepted answer, a feedback or a Choice id."""
    course, lesson = _quiz_lesson(
        kinds=["single", "short_text", "number"], review_policy="never"
    )
    enrolled(course)
    attempt = _start(client, course, lesson)
    pages = [
        client.get(lesson.get_absolute_url()).content.decode(),
        *(
            client.get(
                reverse(
                    "courses:quiz-question",
                    args=[course.slug, lesson.pk, attempt.pk, n],
                )
            ).content.decode()
            for n in (1, 2, 3)
        ),
        client.get(
            reverse("courses:quiz-summary", args=[course.slug, lesson.pk, attempt.pk])
        ).content.decode(),
    ]
    _answer_all(client, course, lesson, attempt, right_payload)
    pages.append(_submit(client, course, lesson, attempt))
    html = "\n".join(pages)

    assert "apprenant" not in html  # an accepted short answer
    assert "élève" not in html
    assert "Oui." not in html  # the right choice's feedback
    assert "Non, cela l" not in html
    assert "is_correct" not in html
    assert "0.5" not in html  # the number's tolerance
    # Choices are sent as their place on the page (0, 1, 2), never as their ids.
    radio_values = {int(v) for v in re.findall(r'name="choice" value="(\d+)"', html)}
    assert radio_values == {0, 1, 2}


def test_views_quiz_ordering_moves_with_buttons_and_keeps_focus(client, enrolled):
    """ "Monter" moves an item up, saves the order, and focuses the same button."""
    course, lesson = _quiz_lesson(kinds=["ordering"])
    enrolled(course)
    attempt = _start(client, course, lesson)
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])

    response = client.post(url, {"order": "0,1,2,3", "move": "1:2:up"})

    assert response.status_code == 302
    assert response["Location"].endswith("?moved=1%3A2%3Aup")
    aq = AttemptQuestion.objects.get(attempt=attempt)
    assert aq.response["order"] == [aq.choice_order[i] for i in (0, 2, 1, 3)]
    page = client.get(response["Location"]).content.decode()
    assert 'value="1:2:up" class="secondary outline"' in page
    assert page.index('id="item-1-2"') < page.index('id="item-1-1"')
    assert 'value="1:2:up" class="secondary outline" aria-label' in page
    assert "autofocus" in page.split('value="1:2:up"')[1].split(">")[0]


def test_views_quiz_bad_input_loses_nothing(client, enrolled):
    """A choice that does not exist is refused with a message; the answer stays."""
    course, lesson = _quiz_lesson(kinds=["single"])
    enrolled(course)
    attempt = _start(client, course, lesson)
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])
    client.post(url, {"choice": "1", "go": "next"})

    response = client.post(url, {"choice": "99", "go": "next"})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    aq = AttemptQuestion.objects.get(attempt=attempt)
    assert aq.response == {"choice": aq.choice_order[1]}


def test_views_quiz_answer_after_time_limit_refused(client, enrolled):
    """Past the time limit the server refuses the answer and says so."""
    course, lesson = _quiz_lesson(kinds=["single"], time_limit_minutes=5)
    enrolled(course)
    attempt = _start(client, course, lesson)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])

    response = client.post(url, {"choice": "0", "go": "next"}, follow=True)

    page = response.content.decode()
    assert "Le temps est écoulé : cette réponse n&#x27;a pas été enregistrée." in page
    assert "Vos réponses enregistrées avant la fin ont été rendues." in page
    assert "Pas encore réussi" in page  # handed in with what was saved: nothing
    assert AttemptQuestion.objects.get(attempt=attempt).response is None
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None


def test_views_quiz_countdown_starts_from_the_servers_seconds_left(client, enrolled):
    """A timed question page carries the seconds left by the server's clock for
    the countdown, its spoken warnings and the time-up message."""
    course, lesson = _quiz_lesson(kinds=["single"], time_limit_minutes=5)
    enrolled(course)
    attempt = _start(client, course, lesson)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=200)
    )
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])

    page = client.get(url).content.decode()

    left = int(re.search(r'data-seconds-left="(\d+)"', page).group(1))
    assert 195 <= left <= 200
    assert 'data-announce-60="Il reste 1 minute."' in page
    assert 'data-announce-300="Il reste 5 minutes."' in page
    assert 'aria-live="polite"' in page
    assert "js/quiz-timer.js" in page


def test_views_quiz_other_learners_attempt_is_404(client, enrolled):
    """Another learner's attempt is a 404 on every page, and stays unsubmitted."""
    course, lesson = _quiz_lesson(kinds=["single"])
    enrolled(course)
    attempt = _start(client, course, lesson)
    enrolled(course)  # someone else, logged in now
    args = [course.slug, lesson.pk, attempt.pk]

    assert (
        client.get(reverse("courses:quiz-question", args=[*args, 1])).status_code == 404
    )
    for step in ("all", "summary", "result"):
        assert client.get(reverse(f"courses:quiz-{step}", args=args)).status_code == 404
    assert client.post(reverse("courses:quiz-submit", args=args)).status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_views_quiz_no_attempt_left_is_said(client, enrolled):
    """With every attempt used, the lesson says so instead of offering another."""
    course, lesson = _quiz_lesson(kinds=["single"], max_attempts=1)
    enrolled(course)
    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, wrong_payload)
    _submit(client, course, lesson, attempt)

    page = client.get(lesson.get_absolute_url()).content.decode()
    refused = client.post(
        reverse("courses:quiz-start", args=[course.slug, lesson.pk]), follow=True
    )

    assert "Vous n'avez plus d'essai" in page
    assert "Commencer le quiz" not in page
    assert Attempt.objects.filter(quiz=lesson.quiz).count() == 1
    assert refused.status_code == 200


def test_views_quiz_single_page_mode_saves_everything(client, enrolled):
    """In single-page mode every answer is saved with one button."""
    course, lesson = _quiz_lesson(kinds=["single", "short_text"], display="single_page")
    enrolled(course)
    attempt = _start(client, course, lesson)
    data = {}
    for aq in AttemptQuestion.objects.filter(attempt=attempt).select_related(
        "question"
    ):
        data |= _form_data(
            right_payload(aq), aq.question.kind, prefix=f"q{aq.position}"
        )

    response = client.post(
        reverse("courses:quiz-all", args=[course.slug, lesson.pk, attempt.pk]), data
    )

    assert response.status_code == 302
    assert response["Location"].endswith("/summary/")
    assert (
        AttemptQuestion.objects.filter(attempt=attempt, answered_at=None).count() == 0
    )


def test_views_quiz_double_submit_grades_once(client, enrolled):
    """Submitting twice shows the same result; the attempt is graded once."""
    course, lesson = _quiz_lesson(kinds=["single"])
    enrolled(course)
    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, right_payload)

    first = _submit(client, course, lesson, attempt)
    submitted_at = Attempt.objects.get(pk=attempt.pk).submitted_at
    second = _submit(client, course, lesson, attempt)

    assert "1 bonne réponse sur 1." in first and "1 bonne réponse sur 1." in second
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == submitted_at


def _quiz_queries(client, enrolled, size: int) -> tuple[int, int]:
    kinds = (["single", "matching"] * size)[:size]
    course, lesson = _quiz_lesson(kinds=kinds)
    enrolled(course)
    attempt = _start(client, course, lesson)
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 2])
    with CaptureQueriesContext(connection) as page_queries:
        assert client.get(url).status_code == 200
    submit = reverse("courses:quiz-submit", args=[course.slug, lesson.pk, attempt.pk])
    with CaptureQueriesContext(connection) as submit_queries:
        assert client.post(submit).status_code == 302
    return len(page_queries), len(submit_queries)


def test_views_quiz_question_and_submit_queries_flat(client, enrolled):
    """A question page and the submit cost the same queries at 5 and 50 questions,
    and the question page at most 7."""
    small = _quiz_queries(client, enrolled, 5)
    large = _quiz_queries(client, enrolled, 50)

    print(f"queries (page, submit): 5 questions {small}, 50 questions {large}")
    assert small == large
    assert small[0] <= 7


def test_views_quiz_overdue_pass_handed_in_at_next_start_finishes_lesson(
    client, enrolled, django_capture_on_commit_callbacks
):
    """Answers saved in time count even when the learner left without handing in:
    the next start grades the overdue attempt, and a pass finishes the lesson."""
    course, lesson = _quiz_lesson(kinds=["single"], time_limit_minutes=5)
    learner = enrolled(course)
    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, right_payload)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("courses:quiz-start", args=[course.slug, lesson.pk]))

    attempt.refresh_from_db()
    assert attempt.passed is True
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()


def test_views_quiz_continue_without_answer_asks_to_answer_or_skip(client, enrolled):
    """ "Enregistrer et continuer" with nothing chosen stays on the question and
    says so; "Passer sans répondre" then moves on, the question still unanswered."""
    course, lesson = _quiz_lesson(kinds=["single", "short_text"])
    enrolled(course)
    attempt = _start(client, course, lesson)
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])

    response = client.post(url, {"go": "next"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Vous n&#x27;avez pas répondu à cette question." in page
    assert "Passer sans répondre" in page

    skipped = client.post(url, {"go": "skip"})
    assert skipped.status_code == 302
    assert skipped["Location"].endswith(f"/{attempt.pk}/2/")
    assert AttemptQuestion.objects.get(attempt=attempt, position=1).answered_at is None

    last = url.replace(f"/{attempt.pk}/1/", f"/{attempt.pk}/2/")
    summary = client.post(last, {"go": "summary"})
    assert "Vous n&#x27;avez pas répondu" in summary.content.decode()
    assert client.post(last, {"go": "skip"})["Location"].endswith("/summary/")


def test_views_quiz_summary_shows_each_question_with_a_link_to_change(client, enrolled):
    """The summary names each question by its words (in the course's language and
    direction, shortened), says whether it is answered and links to change it."""
    course, lesson = _quiz_lesson(kinds=["single", "number"])
    course.language = "fr"
    course.save()
    enrolled(course)
    attempt = _start(client, course, lesson)
    Question.objects.filter(attempt_questions__attempt=attempt, kind="number").update(
        text_html="<p><strong>Combien</strong> de doigts " + "très " * 40 + "?</p>"
    )
    first = AttemptQuestion.objects.get(attempt=attempt, position=1)
    url = reverse("courses:quiz-question", args=[course.slug, lesson.pk, attempt.pk, 1])
    client.post(url, {"choice": "0", "go": "next"})

    summary = client.get(
        reverse("courses:quiz-summary", args=[course.slug, lesson.pk, attempt.pk])
    ).content.decode()

    words = re.sub(r"<[^>]+>", "", first.question.text_html).strip()
    assert f'<span class="summary-text" lang="fr" dir="ltr">{words}' in summary
    assert "Combien de doigts très" in summary
    assert "très " * 40 not in summary  # shortened
    assert f'href="{url}">Changer la réponse à la question 1</a>' in summary
    assert "Répondre à la question 2</a>" in summary


def test_views_quiz_failed_retake_after_a_pass_tells_both_truths(client, enrolled):
    """A failed retake says this attempt failed and the quiz was passed before,
    and the correction shows (after_pass: the learner has passed), with no
    "shown when you pass" promise beside it."""
    course, lesson = _quiz_lesson(kinds=["single"], review_policy="after_pass")
    enrolled(course)
    attempt = _start(client, course, lesson)
    _answer_all(client, course, lesson, attempt, right_payload)
    _submit(client, course, lesson, attempt)
    retake = _start(client, course, lesson)
    _answer_all(client, course, lesson, retake, wrong_payload)

    page = _submit(client, course, lesson, retake)

    assert "Pas encore réussi" in page
    assert "Cette tentative (essai 2) : 0 % — pas encore réussi." in page
    day = timezone.localtime(Attempt.objects.get(pk=attempt.pk).submitted_at).day
    assert f"Vous avez déjà réussi ce quiz le {day} " in page
    assert "(meilleur score : 100 %)" in page
    assert "La correction" in page
    assert "quand vous aurez réussi" not in page
