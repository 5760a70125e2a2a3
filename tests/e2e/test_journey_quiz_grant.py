"""Journey: a learner used the only attempt at the demo quiz; Tom gives one more
from the quiz results, and the learner reads who gave it, starts it and passes.

Tom teaches "Premiers pas avec un smartphone"; its quiz is set to one attempt.
axe checks the dashboard, the results page before and after the grant, the
learner's lesson page with the notice and the result, in fr on a desktop and in
ar on a phone (the conftest checks reflow at 320 px and the CSP on every page).
"""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptGrant
from tests.e2e import quiz as quiz_journey
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import small_targets
from tests.e2e.test_journey_login_cards import log_in
from tests.factories import LearnerFactory
from tests.quizzes.factories import attempts_use_up

SLUG = "premiers-pas-smartphone"
TRAINER, PASSWORD = "tom", "sirius-demo-2026"
GRANT_BUTTON = "form[action$='/quiz/grants/'] button"
START_BUTTON = "form[action$='/quiz/start/'] button"


@pytest.mark.parametrize(
    ("language", "viewport"),
    [
        pytest.param("fr", DESKTOP, id="fr-1280x800"),
        pytest.param("ar", PHONE, id="ar-360x740"),
    ],
)
def test_journey_quiz_grant_trainer_gives_one_more_and_learner_passes(
    new_context, demo, language
):
    learner = LearnerFactory(
        username="samira.grant", first_name="Samira", last_name="Haddad"
    )
    lesson = quiz_journey.ready_for_the_quiz(learner, SLUG)
    quiz_services.quiz_update(quiz=lesson.quiz, max_attempts=1)
    attempts_use_up(quiz=lesson.quiz, user=learner)

    # The trainer: the dashboard and the results offer the button on her row.
    trainer_page = new_context(language=language).new_page()
    log_in(trainer_page, TRAINER, PASSWORD)
    trainer_page.goto(f"/teach/dashboard/{SLUG}/")
    learner_row = trainer_page.locator("table.learners tbody tr", has_text="Haddad")
    expect(learner_row.locator(GRANT_BUTTON)).to_be_visible()
    assert_axe_clean(trainer_page)
    trainer_page.goto(f"/teach/lessons/{lesson.pk}/quiz/results/")
    row = trainer_page.locator("table.quiz-results tbody tr", has_text="Samira Haddad")
    expect(row.locator(GRANT_BUTTON)).to_be_visible()
    assert_axe_clean(trainer_page)
    assert small_targets(trainer_page) == []

    row.locator(GRANT_BUTTON).click()
    expect(trainer_page.locator(".message-success")).to_contain_text("Samira Haddad")
    expect(row.locator(GRANT_BUTTON)).to_have_count(0)
    assert_axe_clean(trainer_page)
    grant = AttemptGrant.objects.get(learner=learner)
    assert grant.granted_by.username == TRAINER

    # The learner: the notice names Tom, the start button is back.
    page = new_context(language=language).new_page()
    quiz_journey.log_in(page, learner)
    page.goto(lesson.get_absolute_url())
    notice = page.locator(".grant-news")
    expect(notice).to_contain_text(grant.granted_by.get_full_name())
    if language == "fr":
        expect(notice).to_contain_text(
            "Votre formatrice ou formateur Tom Lambert vous a donné un essai de plus le"
        )
    assert_axe_clean(page)
    assert small_targets(page) == []

    quiz_journey.enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    attempt = Attempt.objects.get(user=learner, submitted_at=None)
    assert attempt.number == 2
    quiz_journey.pass_the_quiz(page, attempt)
    expect(page.locator(".quiz-score progress")).to_have_attribute("value", "100")
    assert_axe_clean(page)
    assert Enrollment.objects.get(user=learner, course__slug=SLUG).completed_at

    # Used: the lesson no longer offers a start, nor says the news again.
    page.goto(lesson.get_absolute_url())
    expect(page.locator(".grant-news")).to_have_count(0)
    expect(page.locator(START_BUTTON)).to_have_count(0)
