"""Journey: Léa hands in an attempt at the demo quiz with the single-choice
questions right, the number question wrong and the rest blank; Tom follows the
link on her row of the quiz results and reads each question, her answer and the
right one, then finds the same attempt linked from the gradebook.

axe checks the results page, the attempt page and the gradebook, in fr on a
desktop and in ar on a phone (the conftest checks reflow at 320 px, directions
and the CSP on every page).
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.models import Enrollment
from courses.quiz import services as course_quiz_services
from quizzes import services as quiz_services
from quizzes.models import AttemptQuestion
from quizzes.selectors import right_answer_payload
from tests.e2e import quiz as quiz_journey
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.direction import assert_directions
from tests.e2e.layout import small_targets
from tests.e2e.test_journey_login_cards import log_in

SLUG = "premiers-pas-smartphone"
TRAINER, PASSWORD = "tom", "sirius-demo-2026"
RIGHT = "Un appui court sur le bouton marche/arrêt"


def _lea_hands_in_an_attempt():
    """Léa's attempt through the services: single-choice questions right, the
    number question wrong (99), every other question blank."""
    lea = get_user_model().objects.get(username="lea")
    lesson = quiz_journey.ready_for_the_quiz(lea, SLUG)
    enrollment = Enrollment.objects.get(user=lea, course__slug=SLUG)
    attempt = course_quiz_services.quiz_attempt_start(
        enrollment=enrollment, lesson=lesson
    )
    rows = attempt.attempt_questions.select_related("question").prefetch_related(
        "question__choices"
    )
    for aq in rows:
        payload = None
        if aq.question.kind == "single":
            payload = right_answer_payload(aq)
        elif aq.question.kind == "number":
            payload = {"number": "99"}
        if payload is not None:
            quiz_services.answer_save(
                attempt=attempt, position=aq.position, payload=payload
            )
    attempt = course_quiz_services.quiz_attempt_submit(
        enrollment=enrollment, lesson=lesson, attempt=attempt
    )
    return lesson, attempt


@pytest.mark.parametrize(
    ("language", "viewport"),
    [
        pytest.param("fr", DESKTOP, id="fr-1280x800"),
        pytest.param("ar", PHONE, id="ar-360x740"),
    ],
)
def test_journey_teach_attempt_trainer_reads_lea_answers(new_context, demo, language):
    lesson, attempt = _lea_hands_in_an_attempt()
    rows = AttemptQuestion.objects.filter(attempt=attempt)
    questions, blank = rows.count(), rows.filter(answered_at=None).count()

    page = new_context(language=language).new_page()
    log_in(page, TRAINER, PASSWORD)
    page.goto(f"/teach/lessons/{lesson.pk}/quiz/results/")
    row = page.locator("table.quiz-results tbody tr", has_text="Léa Dubois")
    link = row.locator(f"a[href$='/quiz/attempts/{attempt.pk}/']")
    expect(link).to_be_visible()
    if language == "fr":
        expect(link).to_have_text(f"Essai {attempt.number} : {attempt.score_percent} %")
    assert_axe_clean(page)
    assert small_targets(page) == []

    link.click()
    expect(page.locator("h1")).to_contain_text("Léa Dubois")
    items = page.locator("article.review-item")
    expect(items).to_have_count(questions)
    expect(page.locator(".right-answer")).to_have_count(questions)
    single = items.filter(has_text="éteindre seulement l'écran")
    expect(single.locator(".given-answer")).to_have_text(RIGHT)
    expect(single.locator(".right-answer")).to_have_text(RIGHT)
    number = items.filter(has_text="mauvais code PIN")
    expect(number.locator(".given-answer")).to_have_text("99")
    expect(number.locator(".right-answer")).to_have_text("3")
    expect(page.locator(".given-answer.no-answer")).to_have_count(blank)
    if language == "fr":
        expect(single.locator("h3")).to_contain_text("juste")
        expect(page.locator(".attempt-score")).to_contain_text(
            f"{attempt.score_percent} %"
        )
    # The French course reads left to right inside the Arabic interface.
    assert_directions(
        page,
        interface="rtl" if language == "ar" else "ltr",
        ltr=(RIGHT, "mauvais code PIN"),
    )
    assert_axe_clean(page)
    assert small_targets(page) == []

    # The gradebook's cell links the same attempt, her latest.
    page.goto(f"/teach/dashboard/{SLUG}/gradebook/")
    row = page.locator("table.gradebook tbody tr", has_text="Léa Dubois")
    expect(row.locator(f"a[href$='/quiz/attempts/{attempt.pk}/']")).to_be_visible()
    assert_axe_clean(page)
    assert small_targets(page) == []
