"""Journey: Léa opens her portfolio, makes it public then private, shares it with
Forem (démo) so that paula finds her, then makes it private, which withdraws
the sharing."""

import re

import pytest
from playwright.sync_api import expect

from skills.models import Portfolio
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

EDIT = "/mon-portfolio/"
PARTNER_LIST = "/partners/members/"


def _save(page, *, visibility: str, forem: bool) -> None:
    """On "Mon portfolio": pick who sees it, tick or untick Forem, save."""
    page.goto(EDIT)
    page.locator(f"input[name=visibility][value={visibility}]").check()
    forem_box = page.locator("label", has_text="Forem (démo)").locator(
        "input[name=organisations]"
    )
    if forem:
        forem_box.check()
    else:
        forem_box.uncheck()
    page.locator("form[enctype] button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(EDIT) + "$"))


# What the refusal says, in the person's language.
NO_ORGANISATION = {"fr": "sans organisation", "ar": "دون أي جهة"}


def _save_refused(page, language: str) -> None:
    """ "Partagé" with Forem unticked: the form says why and stays on the page."""
    page.goto(EDIT)
    page.locator("input[name=visibility][value=shared]").check()
    page.locator("label", has_text="Forem (démo)").locator(
        "input[name=organisations]"
    ).uncheck()
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("#organisations-error")).to_contain_text(
        NO_ORGANISATION[language]
    )
    expect(page).to_have_url(re.compile(re.escape(EDIT) + "$"))


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_portfolio_public_private_shared_withdrawn(
    new_context, demo, language, direction
):
    lea_page = new_context(language=language).new_page()
    log_in(lea_page, "lea", PASSWORD)
    lea_page.goto(EDIT)
    expect(lea_page.locator("html")).to_have_attribute("dir", direction)
    assert_axe_clean(lea_page)
    slug = Portfolio.objects.get(user__username="lea").slug
    portfolio_url = f"/m/{slug}"

    # Her page: the chart, its table, her certificate's verification link.
    lea_page.locator(f"a[href='{portfolio_url}']").first.click()
    expect(lea_page.locator(".areas-chart svg[role=img]")).to_have_count(1)
    expect(lea_page.locator(".areas-chart table tbody tr")).to_have_count(5)
    expect(lea_page.locator("a[href^='/v/']").first).to_be_visible()
    assert_axe_clean(lea_page)
    # Her passport prints as a PDF.
    passport = lea_page.request.get(f"{portfolio_url}/passeport.pdf")
    assert passport.ok and passport.body().startswith(b"%PDF")

    # Public: an anonymous visitor sees it.
    _save(lea_page, visibility="public", forem=True)
    visitor = new_context(language=language).new_page()
    response = visitor.goto(portfolio_url)
    assert response.status == 200
    expect(visitor.locator("h1")).to_contain_text("Léa")
    expect(visitor.locator("meta[name=robots]")).to_have_attribute(
        "content", re.compile("noindex")
    )
    assert_axe_clean(visitor)

    # Private: the visitor's next request is a 404.
    _save(lea_page, visibility="private", forem=True)
    assert visitor.goto(portfolio_url).status == 404

    # Shared with Forem (démo): paula finds her by 2.1 at level 3 or more.
    _save(lea_page, visibility="shared", forem=True)
    assert visitor.goto(portfolio_url).status == 404
    paula = new_context(language=language).new_page()
    log_in(paula, "paula", PASSWORD)
    paula.goto(PARTNER_LIST)
    paula.locator("select[name=competence]").select_option("2.1")
    paula.locator("select[name=min_level]").select_option("3")
    paula.locator("search button[type=submit]").click()
    expect(paula).to_have_url(re.compile(r"competence=2\.1&min_level=3"))
    row = paula.locator(f"tr[data-portfolio='{slug}']")
    expect(row).to_have_count(1)
    assert_axe_clean(paula)
    row.locator("a").click()
    expect(paula.locator("h1")).to_contain_text("Léa")

    # "Partagé" with no organisation is refused with a message, nothing changes.
    _save_refused(lea_page, language)

    # Private withdraws the sharing: Forem is no longer ticked, nor "Partagé depuis".
    _save(lea_page, visibility="private", forem=True)
    expect(
        lea_page.locator("label", has_text="Forem (démo)").locator(
            "input[name=organisations]"
        )
    ).not_to_be_checked()
    expect(lea_page.get_by_text("Partagé depuis")).to_have_count(0)
    paula.goto(PARTNER_LIST + "?competence=2.1&min_level=3")
    expect(paula.locator(f"tr[data-portfolio='{slug}']")).to_have_count(0)
    assert paula.goto(portfolio_url).status == 404
