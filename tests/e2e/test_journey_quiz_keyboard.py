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

from courses.models import Enrollment, Lesson, LessonProgress
from courses.services import enrollment_create
from quizzes.models import Attempt, AttemptQuestion
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.keyboard import assert_focus_visible, focused, tab_to
from tests.factories import PASSWORD, LearnerFactory
from tests.quizzes.factories import right_payload

SLUG = "premiers-pas-smartphone"
FOCUSED_VALUE = "() => document.activeElement.value"
FOCUSED_FORM_ACTION = (
    "() => { const form = document.activeElement.closest('form');"
    " return form ? form.getAttribute('action') || location.pathname : ''; }"
)


def _ready_for_the_quiz(learner) -> Lesson:
    """Enrolled, every text lesson read: the quiz is the one step left."""
    quiz_lesson = Lesson.objects.get(module__course__slug=SLUG, kind="quiz")
    enrollment = enrollment_create(user=learner, course=quiz_lesson.module.course)
    LessonProgress.objects.bulk_create(
        LessonProgress(enrollment=enrollment, lesson=lesson)
        for lesson in Lesson.objects.filter(module__course__slug=SLUG, kind="text")
    )
    return quiz_lesson


def _log_in(page, learner) -> None:
    page.goto("/accounts/login/")
    tab_to(page, lambda state: state["name"] == "login", max_steps=40)
    page.keyboard.type(learner.username)
    tab_to(page, lambda state: state["name"] == "password", max_steps=1)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()


def _enter_on_submit(page, *, form_action_ends: str = "", name: str = "") -> None:
    """Tabs to a submit button (of a form posting to `form_action_ends`, or named
    `name`) and presses Enter."""

    def wanted(state: dict) -> bool:
        if state["tag"] != "button":
            return False
        if name:
            return state["name"] == name
        return page.evaluate(FOCUSED_FORM_ACTION).endswith(form_action_ends)

    tab_to(page, wanted, max_steps=60)
    page.keyboard.press("Enter")


def _answer_choice(page, index: int) -> None:
    """Radios: Tab into the group, then arrows to the wanted choice."""
    tab_to(page, lambda state: state["name"] == "choice", max_steps=40)
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    if index == 0:
        page.keyboard.press("Space")
    expect(page.locator(f"input[name=choice][value='{index}']")).to_be_checked()


def _answer_choices(page, indexes: list[int]) -> None:
    """Checkboxes: Tab through them, Space on the right ones."""
    count = page.locator("input[name=choices]").count()
    for box in range(count):
        tab_to(page, lambda state: state["name"] == "choices", max_steps=40)
        assert page.evaluate(FOCUSED_VALUE) == str(box)
        if box in indexes:
            page.keyboard.press("Space")
    for box in indexes:
        expect(page.locator(f"input[name=choices][value='{box}']")).to_be_checked()


def _answer_typed(page, field: str, text: str) -> None:
    tab_to(page, lambda state: state["name"] == field, max_steps=40)
    page.keyboard.type(text)


def _answer_matching(page, matches: list[int]) -> None:
    """One select per item: arrows down to the wanted option (the first is empty)."""
    for item, option in enumerate(matches):
        tab_to(
            page,
            lambda state, item=item: state["name"] == f"match_{item}",
            max_steps=40,
        )
        for _ in range(option + 1):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"select[name=match_{item}]")).to_have_value(str(option))


def _answer_ordering(page, position: int, right_order: list[int]) -> None:
    """Moves each step up with its "Monter" button until the order is right; after
    each move the focus comes back to the same button."""
    for place, index in enumerate(right_order):
        current = [
            int(v.split("-")[-1])
            for v in page.locator(".ordering-item").evaluate_all(
                "items => items.map(item => item.id)"
            )
        ]
        moves = current.index(index) - place
        if moves == 0:
            continue
        button = f"{position}:{index}:up"
        tab_to(
            page,
            lambda state, b=button: page.evaluate(FOCUSED_VALUE) == b,
            max_steps=60,
        )
        for _ in range(moves):
            assert_focus_visible(focused(page))
            assert page.evaluate(FOCUSED_VALUE) == button
            with page.expect_navigation():
                page.keyboard.press("Enter")
    final = page.locator(".ordering-item").evaluate_all(
        "items => items.map(item => item.id)"
    )
    assert [int(v.split("-")[-1]) for v in final] == right_order


def _answer_right(page, aq: AttemptQuestion) -> None:
    payload = right_payload(aq)
    kind = aq.question.kind
    if kind in ("single", "true_false"):
        _answer_choice(page, payload["choice"])
    elif kind == "multiple":
        _answer_choices(page, payload["choices"])
    elif kind == "short_text":
        _answer_typed(page, "text", payload["text"])
    elif kind == "number":
        _answer_typed(page, "number", payload["number"].rstrip("0").rstrip("."))
    elif kind == "ordering":
        _answer_ordering(page, aq.position, payload["order"])
    else:
        _answer_matching(page, payload["matches"])


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_quiz_fail_retry_pass_by_keyboard(
    new_context, demo, language, direction
):
    learner = LearnerFactory(username="samir.quiz", first_name="Samir")
    quiz_lesson = _ready_for_the_quiz(learner)
    page = new_context(language=language).new_page()
    _log_in(page, learner)
    page.goto(quiz_lesson.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert_axe_clean(page)

    # First try: straight to the summary and hand in: it fails.
    _enter_on_submit(page, form_action_ends="/quiz/start/")
    expect(page).to_have_url(re.compile(r"/quiz/\d+/1/$"))
    assert_axe_clean(page)
    tab_to(page, lambda state: state["href"].endswith("/summary/"), max_steps=60)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/summary/$"))
    assert_axe_clean(page)
    _enter_on_submit(page, form_action_ends="/submit/")
    expect(page).to_have_url(re.compile(r"/result/$"))
    expect(page.locator("#score-words")).to_contain_text("0")
    assert_axe_clean(page)

    # "Réessayer", then every question answered right.
    _enter_on_submit(page, form_action_ends="/quiz/start/")
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
        _answer_right(page, aq)
        _enter_on_submit(page, name="go")
    assert "ordering" in kinds_seen

    expect(page).to_have_url(re.compile(r"/summary/$"))
    _enter_on_submit(page, form_action_ends="/submit/")
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
