"""Journey: a learner answers the demo quiz by keyboard only, fails, retries, passes.

The learner has read every lesson of "Premiers pas avec un smartphone"; the last
step is its quiz. By Tab, arrows, Space, typing and Enter only (no mouse, no page
changes by URL after the quiz opens), they hand in a first attempt that fails, try
again, answer every question right (moving the ordering question's steps with the
"Monter" buttons, choosing matches in selects) and see the course completed. axe
checks the question pages, the summary and the result in fr and ar at 360x740.
"""

import re

import pytest
from playwright.sync_api import expect

from courses.models import Enrollment
from quizzes.models import Attempt, AttemptQuestion
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.keyboard import tab_to
from tests.e2e.quiz import answer_right, enter_on_submit, log_in, ready_for_the_quiz
from tests.factories import LearnerFactory

SLUG = "premiers-pas-smartphone"


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_quiz_fail_retry_pass_by_keyboard(
    new_context, demo, language, direction
):
    learner = LearnerFactory(username="samir.quiz", first_name="Samir")
    quiz_lesson = ready_for_the_quiz(learner, SLUG)
    page = new_context(language=language).new_page()
    log_in(page, learner)
    page.goto(quiz_lesson.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert_axe_clean(page)

    # First try: straight to the summary and hand in: it fails.
    enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    assert_axe_clean(page)
    tab_to(page, lambda state: state["href"].endswith("/summary/"), max_steps=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/summary/$"))
    assert_axe_clean(page)
    enter_on_submit(page, form_action_ends="/submit/")
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator("#score-words")).to_contain_text("0")
    assert_axe_clean(page)

    # "Réessayer", then every question answered right.
    enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    attempt = Attempt.objects.get(user=learner, submitted_at=None)
    assert attempt.number == 2
    questions = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    kinds_seen = set()
    for aq in questions:
        expect(page).to_have_url(re.compile(rf"/quiz/{attempt.pk}/{aq.position}/"))
        if aq.question.kind not in kinds_seen:
            assert_axe_clean(page)
            kinds_seen.add(aq.question.kind)
        answer_right(page, aq)
        enter_on_submit(page, name="go")
    assert "ordering" in kinds_seen

    expect(page).to_have_url(re.compile(r"/summary/$"))
    enter_on_submit(page, form_action_ends="/submit/")
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator(".quiz-score progress")).to_have_attribute("value", "100")
    expect(page.locator(".quiz-review")).to_be_visible()  # after_pass: shown now
    assert_axe_clean(page)

    enrollment = Enrollment.objects.get(user=learner, course__slug=SLUG)
    assert enrollment.completed_at is not None
    # The course page, reached by the keyboard, shows the course done.
    tab_to(page, lambda state: state["href"] == f"/courses/{SLUG}/", max_steps=60)
    page.keyboard.press("Enter")
    expect(page.locator(".course-progress progress")).to_have_attribute("value", "100")
