"""Journey: a timed quiz counts down, warns at one minute, and locks when time is up.

The learner starts the demo quiz with a time limit. The page shows the time left
as a countdown (from the server's figure), says "Il reste 1 minute." once in a
polite live region (not every second), and when time is up every answer field and
button of the question is disabled, an alert says why, and "Voir mon résultat"
hands in what was saved.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from quizzes.models import Attempt
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.quiz import log_in, ready_for_the_quiz
from tests.factories import LearnerFactory

SLUG = "premiers-pas-smartphone"


def _deadline_in(attempt, seconds: int) -> None:
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=seconds)
    )


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
def test_journey_quiz_timer_counts_down_warns_and_locks(page, demo):
    learner = LearnerFactory(username="nadia.timer", first_name="Nadia")
    quiz_lesson = ready_for_the_quiz(learner, SLUG)
    quiz_lesson.quiz.time_limit_minutes = 10
    quiz_lesson.quiz.save(update_fields=["time_limit_minutes"])
    log_in(page, learner)
    page.goto(quiz_lesson.get_absolute_url())
    page.get_by_role("button", name="Commencer le quiz").click()
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    attempt = Attempt.objects.get(user=learner, submitted_at=None)

    # A countdown, not only a clock time; nothing announced at 10 minutes.
    timer = page.get_by_role("timer")
    expect(timer).to_have_text(re.compile(r"^(10:00|9:5\d)$"))
    announce = page.locator("[data-announce]")
    expect(announce).to_have_attribute("aria-live", "polite")
    expect(announce).to_have_text("")

    # Crossing the one-minute mark is said once.
    _deadline_in(attempt, 66)  # a margin for a slow page load
    page.reload()
    expect(announce).to_have_text("", timeout=500)
    expect(announce).to_have_text("Il reste 1 minute.", timeout=12000)
    assert_axe_clean(page)

    # Time up: the fields are locked and the learner is told.
    _deadline_in(attempt, 3)
    page.reload()
    answers = page.locator(
        "form.quiz-form input:not([type=hidden]), form.quiz-form select,"
        " form.quiz-form textarea, form.quiz-form button"
    )
    expect(answers.first).to_be_enabled()
    alert = page.get_by_role("alert").filter(has_text="Le temps est écoulé")
    expect(alert).to_be_visible(timeout=6000)
    expect(timer).to_have_text("0:00")
    for index in range(answers.count()):
        expect(answers.nth(index)).to_be_disabled()
    assert_axe_clean(page)

    # "Voir mon résultat" hands in what was saved (nothing here).
    alert.get_by_role("button", name="Voir mon résultat").click()
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator("h1")).to_have_text("Pas encore réussi")
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None
