"""Journey: a new learner, keyboard only, from the catalogue to progress on the home.

Searches the catalogue, filters by a DigComp area, enrols, finishes two lessons and
sees the progress on the home page, in fr and ar at 360x740. No mouse calls and no
page.goto after the log-in page: every step is Tab, typing and Enter.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.keyboard import assert_focus_visible, focused, tab_to
from tests.factories import PASSWORD, LearnerFactory

SLUG = "premiers-pas-smartphone"
COURSE = f"/courses/{SLUG}/"
# "Premiers pas avec un smartphone" names competence 2.1: DigComp area 2.
AREA = "2"

# The focused element's form, to find buttons by what they do, not by their words.
FOCUSED_FORM_ACTION = (
    "() => { const form = document.activeElement.closest('form');"
    " return form ? form.getAttribute('action') : ''; }"
)


def _submits_to(page, ending: str):
    """A tab_to predicate: a submit button of a form whose action ends so."""

    def wanted(state: dict) -> bool:
        return state["tag"] == "button" and page.evaluate(FOCUSED_FORM_ACTION).endswith(
            ending
        )

    return wanted


def _press_enter_here(page) -> None:
    """Enter on the focused element, after checking the focus is visible."""
    assert_focus_visible(focused(page))
    page.keyboard.press("Enter")


@pytest.mark.parametrize("viewport", [pytest.param(PHONE, id="360x740")])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_new_learner_by_keyboard(new_context, demo, language, direction):
    learner = LearnerFactory(username="nadia.keyboard", first_name="Nadia")
    page = new_context(language=language).new_page()

    # The start page; from here on, only the keyboard.
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    tab_to(page, lambda state: state["name"] == "login", max_steps=40)
    page.keyboard.type(learner.username)
    tab_to(page, lambda state: state["name"] == "password", max_steps=1)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()
    expect(page.locator(".my-courses")).to_have_count(0)

    # Home: the big button leads to the catalogue.
    tab_to(page, lambda state: state["href"] == "/courses/", max_steps=40)
    _press_enter_here(page)
    expect(page).to_have_url(re.compile(r"/courses/$"))

    tab_to(page, lambda state: state["name"] == "q", max_steps=40)
    page.keyboard.type("smartphone")
    tab_to(page, lambda state: state["name"] == "area", max_steps=1)
    page.keyboard.type(AREA)
    expect(page.locator("select[name=area]")).to_have_value(AREA)
    tab_to(page, lambda state: state["tag"] == "button", max_steps=6)
    expect(page.locator(".catalogue-filters button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/courses/\?.*q=smartphone.*area=2"))
    expect(page.locator(".active-filters")).to_be_visible()
    expect(page.locator(f".course-card a[href='{COURSE}']")).to_have_count(1)
    assert_axe_clean(page)

    tab_to(page, lambda state: state["href"] == COURSE, max_steps=40)
    _press_enter_here(page)
    expect(page.locator("h1")).to_have_text("Premiers pas avec un smartphone")
    assert_axe_clean(page)

    # "S'inscrire", found by its form's action: the words are translated in ar.
    tab_to(page, _submits_to(page, f"{COURSE}enrol/"), max_steps=40)
    page.keyboard.press("Enter")
    expect(page.locator(".course-progress progress")).to_have_attribute("value", "0")

    # "Continuer : <first lesson>" opens the first lesson.
    first = page.locator(".course-progress a.big-button")
    first_href = first.get_attribute("href")
    tab_to(page, lambda state: state["href"] == first_href, max_steps=40)
    _press_enter_here(page)
    expect(page).to_have_url(re.compile(re.escape(first_href) + "$"))
    expect(page.locator("article.lesson h1")).to_be_visible()
    assert_axe_clean(page)

    # Two lessons finished with the big "Continuer" button.
    for _ in range(2):
        before = page.url
        tab_to(page, _submits_to(page, "/complete/"), max_steps=40)
        page.keyboard.press("Enter")
        expect(page).not_to_have_url(re.compile(re.escape(before) + "$"))
        expect(page.locator("article.lesson h1")).to_be_visible()

    # Home, by the brand link in the header.
    tab_to(page, lambda state: state["href"] == "/", max_steps=10)
    _press_enter_here(page)
    progress = page.locator(".my-courses progress").first
    expect(progress).to_be_visible()
    value = int(progress.get_attribute("value"))
    assert value > 0, value
    # "25 % fait" in fr, "25%" in ar.
    expect(page.locator(".my-courses .progress p").first).to_contain_text(
        re.compile(rf"\b{value}\s?%")
    )
