"""Journey: a visitor opens the home page and the public pages, in French and Arabic."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean, axe_report
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import page_width, small_targets

SIZES = [pytest.param(PHONE, id="360x740"), pytest.param(DESKTOP, id="1280x800")]
LANGUAGES = [pytest.param("fr", id="fr"), pytest.param("ar", id="ar")]
PUBLIC_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/courses/",
    "/accessibilite/",
]


def test_journey_home_language_switcher(page, demo):
    """One line says the language in use; opened, its Arabic button turns the page
    right-to-left, and its French button back."""
    page.goto("/")
    arabic = translation.get_language_info("ar")["name_local"]
    menu = page.locator("header summary", has_text="Français")
    expect(menu).to_have_text("Langue :\xa0Français")
    expect(page.get_by_role("button", name=arabic)).to_be_hidden()
    menu.click()
    page.get_by_role("button", name=arabic, exact=True).click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    menu = page.locator("header summary", has_text=arabic)
    expect(menu.locator("[lang=ar]")).to_have_text(arabic)
    menu.press("Enter")
    expect(page.get_by_role("button", name=arabic)).to_have_attribute(
        "aria-current", "true"
    )
    page.get_by_role("button", name="Français", exact=True).click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.parametrize("viewport", SIZES)
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_home_public_pages_pass_axe(new_context, demo, language, direction):
    """Home, log-in, sign-up, catalogue, accessibility: lang, dir, axe-clean."""
    page = new_context(language=language).new_page()
    reports, small = [], []
    for path in PUBLIC_PAGES:
        assert page.goto(path).ok, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", direction)
        reports.append(axe_report(page))
        small += [f"{path} {target}" for target in small_targets(page)]
    violations = "\n".join(report for report in reports if report)
    assert not violations, f"axe-core found violations on:\n{violations}"
    assert not small, "targets smaller than 44x44 px:\n" + "\n".join(small)


@pytest.mark.parametrize("language", LANGUAGES)
def test_journey_home_reflows_at_320px(new_context, demo, language):
    """At 320 px wide the public pages need no horizontal scrolling."""
    page = new_context(language=language, size={"width": 320, "height": 640}).new_page()
    widths = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        widths[path] = page_width(page)
    assert widths["/"] <= 320
    assert max(widths.values()) <= 320, widths


@pytest.mark.parametrize("viewport", [PHONE])
def test_journey_home_log_in_refusal_passes_axe(page, demo):
    """A wrong password shows what to do next to the field, and the page passes axe."""
    page.goto("/accounts/login/")
    page.get_by_label("Identifiant").fill("lea")
    page.locator("input[name=password]").fill("pas-le-bon")
    page.locator("main form button[type=submit]").click()
    password = page.locator("input[name=password]")
    expect(password).to_have_attribute("aria-invalid", "true")
    error_id = password.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"[id='{error_id}']")).to_have_count(1)
    expect(page.locator(f"[id='{error_id}']")).to_be_visible()
    assert_axe_clean(page)
