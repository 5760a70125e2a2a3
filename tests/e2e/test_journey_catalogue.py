"""Journey: a visitor searches and filters the catalogue by keyboard, fr and ar."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.keyboard import tab_to
from tests.e2e.layout import page_width, small_targets


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(PHONE, id="360x740"), pytest.param(DESKTOP, id="1280x800")],
)
def test_journey_catalogue_search_and_filter_by_keyboard(page, demo):
    """Type a word, pick an area, submit, read the filters in words, clear them."""
    page.goto("/courses/")
    expect(page.locator("#results-title")).to_have_text("5 modules")

    tab_to(page, lambda state: state["name"] == "q", max_steps=40)
    # Only the French course on scams says "signaler": the Dutch version's
    # description names the French title, so "arnaques" finds both on PostgreSQL.
    page.keyboard.type("signaler")
    tab_to(page, lambda state: state["name"] == "area", max_steps=1)
    page.keyboard.type("4")
    expect(page.locator("select[name=area]")).to_have_value("4")
    tab_to(page, lambda state: state["text"] == "Rechercher", max_steps=6)
    page.keyboard.press("Enter")

    expect(page.locator("#results-title")).to_have_text("1 module")
    expect(page.locator(".course-card h3")).to_have_text(
        "Repérer les arnaques en ligne"
    )
    expect(page.locator(".active-filters")).to_contain_text("« signaler »")
    expect(page.locator(".active-filters")).to_contain_text("4. Sécurité")
    expect(page.locator(".course-card")).to_contain_text("4.2")
    assert_axe_clean(page)

    tab_to(page, lambda state: state["text"] == "Effacer les filtres", max_steps=40)
    page.keyboard.press("Enter")
    expect(page.locator("#results-title")).to_have_text("5 modules")


@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_catalogue_filtered_page_passes_axe(
    new_context, demo, language, direction
):
    """A filtered page with an error message: axe-clean, 44 px targets, no sideways
    scrolling on a phone."""
    page = new_context(language=language, size=PHONE).new_page()

    page.goto("/courses/?level=foundation&duration=2h&area=abc&q=a")

    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("#id_area_error")).to_be_visible()
    assert_axe_clean(page)
    assert not small_targets(page)
    assert page_width(page) <= PHONE["width"]
