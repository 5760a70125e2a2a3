"""Browser helpers for quiz journeys: log in and answer by keyboard only."""

import re

from playwright.sync_api import expect

from courses.models import Lesson, LessonProgress
from courses.services import enrollment_create
from quizzes.models import AttemptQuestion
from tests.e2e.keyboard import assert_focus_visible, focused, tab_to
from tests.factories import PASSWORD
from tests.quizzes.factories import right_payload

FOCUSED_VALUE = "() => document.activeElement.value"
FOCUSED_FORM_ACTION = (
    "() => { const form = document.activeElement.closest('form');"
    " return form ? form.getAttribute('action') || location.pathname : ''; }"
)


def ready_for_the_quiz(learner, slug: str) -> Lesson:
    """Enrolled, every text lesson read: the quiz is the one step left."""
    quiz_lesson = Lesson.objects.get(module__course__slug=slug, kind="quiz")
    enrollment = enrollment_create(user=learner, course=quiz_lesson.module.course)
    LessonProgress.objects.bulk_create(
        (
            LessonProgress(enrollment=enrollment, lesson=lesson)
            for lesson in Lesson.objects.filter(module__course__slug=slug, kind="text")
        ),
        ignore_conflicts=True,  # lessons already read stay as they are
    )
    return quiz_lesson


def log_in(page, user, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    tab_to(page, lambda state: state["name"] == "login", max_steps=40)
    page.keyboard.type(user.username)
    tab_to(page, lambda state: state["name"] == "password", max_steps=1)
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()


def enter_on_submit(page, *, form_action_ends: str = "", name: str = "") -> None:
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
            # The reloaded page's autofocus is applied at the browser's next
            # rendering step, which may come a moment after "load" on a busy machine.
            page.wait_for_function(
                "button => document.activeElement.value === button", arg=button
            )
            assert_focus_visible(focused(page))
            assert page.evaluate(FOCUSED_VALUE) == button
            with page.expect_navigation():
                page.keyboard.press("Enter")
    final = page.locator(".ordering-item").evaluate_all(
        "items => items.map(item => item.id)"
    )
    assert [int(v.split("-")[-1]) for v in final] == right_order


def answer_right(page, aq: AttemptQuestion) -> None:
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


def pass_the_quiz(page, attempt) -> None:
    """Answers every question of the open attempt right, then hands it in."""
    questions = (
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    for aq in questions:
        expect(page).to_have_url(re.compile(rf"/quiz/{attempt.pk}/{aq.position}/"))
        answer_right(page, aq)
        enter_on_submit(page, name="go")
    expect(page).to_have_url(re.compile(r"/summary/$"))
    enter_on_submit(page, form_action_ends="/submit/")
    expect(page).to_have_url(re.compile(r"/result/$"))
