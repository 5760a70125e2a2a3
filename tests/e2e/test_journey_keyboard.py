"""Journey: a learner logs in and out with the keyboard only (no mouse)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.keyboard import assert_focus_visible, focused, tab_to

LEARNER, PASSWORD = "lea", "sirius-demo-2026"


def is_log_in_link(state: dict) -> bool:
    return (
        state["href"] == "/accounts/login/" and "me connecter" in state["text"].lower()
    )


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(PHONE, id="360x740"), pytest.param(DESKTOP, id="1280x800")],
)
def test_journey_keyboard_skip_link_log_in_and_out(page, demo):
    """Skip link, "me connecter" link, log-in form and log-out button, by keyboard."""
    page.goto("/")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["href"], skip["text"]) == ("#main", "Aller au contenu")
    assert_focus_visible(skip)
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")

    tab_to(page, is_log_in_link)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Connexion")

    tab_to(page, lambda state: state["name"] == "login")
    page.keyboard.type(LEARNER)
    tab_to(page, lambda state: state["name"] == "password", max_steps=1)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Bonjour Léa")

    tab_to(page, lambda state: state["text"] == "Me déconnecter")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Apprendre le numérique, à votre rythme")
    expect(page.get_by_role("link", name="Me connecter", exact=True)).to_be_visible()
