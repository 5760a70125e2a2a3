"""Quiz lessons under /teach/: their pool, random draws, and the results per
learner and per question."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from courses.models import Lesson
from quizzes import services as quiz_services
from quizzes.models import AttemptQuestion, QuestionBank, Quiz
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
)
from tests.quizzes.factories import question_make, right_payload, wrong_payload

pytestmark = pytest.mark.django_db


def _quiz_post(questions, **overrides) -> dict:
    data = {
        "title": "Le grand quiz",
        "minutes": "15",
        "required": "on",
        "pass_mark": "50",
        "max_attempts": "",
        "time_limit_minutes": "",
        "review_policy": "after_each",
        "display": "single_page",
        "shuffle_choices": "on",
        "selection": "random",
        "draw_count": "3",
    }
    for place, question in enumerate(questions, start=1):
        data[f"q_{question.pk}"] = "on"
        data[f"pos_{question.pk}"] = str(place)
    return {**data, **overrides}


KINDS = ["single", "multiple", "true_false", "short_text", "number", "ordering"]


@pytest.fixture
def six(bank):
    return [question_make(bank=bank, kind=kind) for kind in KINDS]


def test_views_teach_quiz_create_random_3_of_6(client, trainer, module, six):
    """A quiz lesson drawing 3 of 6 questions, in the places given."""
    client.force_login(trainer)
    places = list(reversed(six))

    response = client.post(
        reverse("teach:quiz-create", args=[module.pk]), _quiz_post(places)
    )

    lesson = Lesson.objects.get()
    assert response["Location"] == reverse("teach:quiz-edit", args=[lesson.pk])
    assert lesson.kind == "quiz" and lesson.minutes == 15 and lesson.required
    quiz = lesson.quiz
    assert (quiz.selection, quiz.draw_count, quiz.pass_mark) == ("random", 3, 50)
    assert quiz.max_attempts is None and quiz.time_limit_minutes is None
    pool = list(quiz.pool.order_by("position").values_list("question_id", flat=True))
    assert pool == [q.pk for q in places]
    page = client.get(response["Location"]).content.decode()
    assert 'value="Le grand quiz"' in page


def test_views_teach_quiz_draw_bigger_than_pool_refused(client, trainer, module, six):
    """Drawing 4 from 3 ticked questions is refused with a message; nothing saved."""
    client.force_login(trainer)

    response = client.post(
        reverse("teach:quiz-create", args=[module.pk]),
        _quiz_post(six[:3], draw_count="4"),
    )

    assert response.status_code == 200
    assert "Vous tirez 4 questions mais le quiz n&#x27;en contient que 3" in (
        response.content.decode()
    )
    assert not Lesson.objects.exists() and not Quiz.objects.exists()


def test_views_teach_quiz_edit_grows_pool_and_draw_together(
    client, trainer, module, six
):
    """Adding questions and drawing more in one save works, and so does the reverse."""
    client.force_login(trainer)
    client.post(
        reverse("teach:quiz-create", args=[module.pk]),
        _quiz_post(six[:3], draw_count="2"),
    )
    lesson = Lesson.objects.get()
    url = reverse("teach:quiz-edit", args=[lesson.pk])

    assert client.post(url, _quiz_post(six, draw_count="5")).status_code == 302
    lesson.quiz.refresh_from_db()
    assert (lesson.quiz.draw_count, lesson.quiz.pool.count()) == (5, 6)

    assert client.post(url, _quiz_post(six[:2], draw_count="1")).status_code == 302
    lesson.quiz.refresh_from_db()
    assert (lesson.quiz.draw_count, lesson.quiz.pool.count()) == (1, 2)

    fixed = _quiz_post(six[:2], selection="fixed", draw_count="", title="Fixe")
    assert client.post(url, fixed).status_code == 302
    lesson.refresh_from_db()
    lesson.quiz.refresh_from_db()
    assert lesson.title == "Fixe" and lesson.quiz.draw_count is None


def test_views_teach_quiz_question_from_another_bank_not_offered(
    client, trainer, module, six
):
    """Only the course's own bank is offered; another bank's question id is ignored."""
    stranger = question_make(bank=QuestionBank.objects.create(title="Autre"))
    client.force_login(trainer)
    data = _quiz_post(six[:3], selection="fixed", draw_count="")
    data[f"q_{stranger.pk}"] = "on"

    client.post(reverse("teach:quiz-create", args=[module.pk]), data)

    quiz = Lesson.objects.get().quiz
    assert stranger.pk not in quiz.pool.values_list("question_id", flat=True)
    assert quiz.pool.count() == 3


def _attempts(lesson: Lesson, count: int) -> None:
    """`count` learners each submit one attempt: the first all right, others wrong."""
    for n in range(count):
        learner = LearnerFactory(first_name="Ana", last_name=f"Nom{n:02d}")
        EnrollmentFactory(user=learner, course=lesson.module.course)
        attempt = quiz_services.attempt_start(quiz=lesson.quiz, user=learner)
        for aq in attempt.attempt_questions.select_related("question").all():
            payload = right_payload(aq) if n == 0 else wrong_payload(aq)
            quiz_services.answer_save(
                attempt=attempt, position=aq.position, payload=payload
            )
        quiz_services.attempt_submit(attempt=attempt)


def test_views_teach_quiz_results_success_rates_and_wrong_answer(
    client, trainer, module, six
):
    """After a right and a wrong attempt, each drawn question shows 50 % and the
    wrong answer chosen, and each learner their best score."""
    client.force_login(trainer)
    client.post(reverse("teach:quiz-create", args=[module.pk]), _quiz_post(six))
    lesson = Lesson.objects.get()
    _attempts(lesson, 2)

    response = client.get(reverse("teach:quiz-results", args=[lesson.pk]))

    page = response.content.decode()
    assert "Ana Nom00" in page and "Ana Nom01" in page
    assert "100 %" in page and "0 %" in page
    assert "<caption" in page and 'scope="row"' in page
    items = {item.question_id: item for item in response.context["items"]}
    assert set(items) == {q.pk for q in six}
    rows = AttemptQuestion.objects.select_related("attempt__user")
    for question in six:
        asked = [aq for aq in rows if aq.question_id == question.pk]
        right = [aq for aq in asked if aq.attempt.user.last_name == "Nom00"]
        wrong = [aq for aq in asked if aq.attempt.user.last_name == "Nom01"]
        item = items[question.pk]
        if not asked:
            assert item.success_percent is None
            continue
        assert item.success_percent == 100 * len(right) // len(asked)
        assert item.top_wrong_count == len(wrong)
        for aq in wrong:
            assert item.top_wrong_answer == aq.answer_summary
            assert escape(aq.answer_summary) in page


def test_views_teach_quiz_results_fixed_pool_shows_wrong_answer(
    client, trainer, module, six
):
    """With every question asked, the most chosen wrong answer is on the page."""
    client.force_login(trainer)
    client.post(
        reverse("teach:quiz-create", args=[module.pk]),
        _quiz_post(six, selection="fixed", draw_count=""),
    )
    lesson = Lesson.objects.get()
    _attempts(lesson, 3)

    page = client.get(reverse("teach:quiz-results", args=[lesson.pk])).content.decode()

    # 1 right, 2 wrong of each question: 33 %, "Vrai" chosen twice for true/false.
    assert page.count("33 %") == 6
    assert "Vrai" in page and "2 fois" in page
    assert "professeur" in page  # the short-text wrong answer


@pytest.mark.parametrize("attempts", [2, 20])
def test_views_teach_quiz_results_queries_do_not_grow(
    client, trainer, module, six, attempts, django_assert_max_num_queries
):
    """The results page costs the same number of queries for 2 or 20 attempts."""
    client.force_login(trainer)
    client.post(reverse("teach:quiz-create", args=[module.pk]), _quiz_post(six))
    lesson = Lesson.objects.get()
    _attempts(lesson, attempts)
    url = reverse("teach:quiz-results", args=[lesson.pk])

    # 9: the eight of the tables, plus one for every learner's attempt links.
    with django_assert_max_num_queries(9):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["learners"]) == attempts


def test_views_teach_quiz_bank_lists_quizzes_using_each_question(
    client, trainer, course, module, six
):
    """The bank says which quiz uses a question and links to it."""
    client.force_login(trainer)
    client.post(
        reverse("teach:quiz-create", args=[module.pk]),
        _quiz_post(six[:3], selection="fixed", draw_count=""),
    )
    lesson = Lesson.objects.get()

    page = client.get(reverse("teach:question-bank", args=[course.pk])).content.decode()

    assert page.count(reverse("teach:quiz-edit", args=[lesson.pk])) == 3
    assert page.count("aucun quiz") == 3
    assert f'aria-label="Modifier la question n°{six[0].pk}"' in page
