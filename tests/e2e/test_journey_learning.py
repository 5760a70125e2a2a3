"""Journey: Léa continues her course by keyboard, and the learning pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import axe_report
from tests.e2e.conftest import PHONE
from tests.e2e.keyboard import tab_to
from tests.e2e.layout import page_width, small_targets

LEARNER, PASSWORD = "lea", "sirius-demo-2026"
COURSE = "/courses/premiers-pas-smartphone/"


def _log_in_by_keyboard(page) -> None:
    page.goto("/accounts/login/")
    tab_to(page, lambda state: state["name"] == "login")
    page.keyboard.type(LEARNER)
    tab_to(page, lambda state: state["name"] == "password", max_steps=1)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Bonjour Léa")


def _progress_text(page) -> str:
    return page.locator(".my-courses .progress p").first.inner_text()


@pytest.mark.parametrize("viewport", [PHONE])
def test_journey_learning_continue_two_lessons_by_keyboard(page, demo):
    """Continuer on the home page, two lessons finished, progress grows on the home."""
    _log_in_by_keyboard(page)
    before = _progress_text(page)
    assert before.startswith("44 %"), before  # 4 of 9: 8 lessons and the quiz

    state = tab_to(page, lambda s: s["text"].startswith("Continuer :"), max_steps=40)
    assert state["text"] == "Continuer : Enregistrer un contact"
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Enregistrer un contact")
    # "Écouter" shows only where the browser can speak.
    listen = page.get_by_role("button", name="Écouter")
    if page.evaluate("'speechSynthesis' in window"):
        expect(listen).to_be_visible()
    else:
        expect(listen).to_be_hidden()

    for following in ("Envoyer un SMS", "Prendre un document en photo"):
        tab_to(page, lambda s: s["text"] == "Continuer", max_steps=40)
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text(following)

    page.goto("/")
    expect(page.locator(".my-courses .progress p").first).to_have_text(
        re.compile(r"^66 %")
    )
    expect(page.locator(".my-courses progress").first).to_have_attribute("value", "66")


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_learning_course_and_lesson_pages_pass_axe(
    new_context, demo, language, direction
):
    """Course and lesson pages: lang and dir, axe-clean, 44 px targets, reflow."""
    page = new_context(language=language).new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(LEARNER)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", direction)
    lesson = page.locator(".big-button").first.get_attribute("href")
    reports, small = [], []
    for path in (COURSE, lesson):
        assert page.goto(path).ok, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        reports.append(axe_report(page))
        small += [f"{path} {target}" for target in small_targets(page)]
    page.set_viewport_size({"width": 320, "height": 640})
    widths = {}
    for path in (COURSE, lesson):
        page.goto(path)
        widths[path] = page_width(page)
    violations = "\n".join(report for report in reports if report)
    assert not violations, f"axe-core found violations on:\n{violations}"
    assert not small, "targets smaller than 44x44 px:\n" + "\n".join(small)
    assert max(widths.values()) <= 320, widths
