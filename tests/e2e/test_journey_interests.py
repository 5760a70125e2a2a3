"""Journey: paula (Forem (démo)) presses "Je suis intéressé·e" on Léa's shared
portfolio; Léa sees the notice on her home, opens "Qui s'intéresse à moi" and
chooses; paula's list shows the outcome. Then the same button on a story."""

import re

import pytest
from playwright.sync_api import expect

from interests.models import Interest
from skills.models import Portfolio
from stories.models import Story
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

MINE = "/me/interets/"
PARTNER_LIST = "/partners/interets/"


def assert_page_ok(page) -> None:
    """No axe violation, 44 px targets and no sideways scrolling on a phone."""
    assert_axe_clean(page)
    assert small_targets(page) == []
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_interests_paula_presses_lea_chooses(
    new_context, demo, language, direction
):
    slug = Portfolio.objects.get(user__username="lea").slug
    portfolio_url = f"/m/{slug}"
    button = f"form[action='/m/{slug}/interet/'] button[type=submit]"

    paula = new_context(language=language).new_page()
    log_in(paula, "paula", PASSWORD)
    paula.goto(portfolio_url)
    expect(paula.locator("html")).to_have_attribute("dir", direction)
    expect(paula.locator(button)).to_be_visible()
    assert_page_ok(paula)
    paula.locator(button).click()

    # Back on the portfolio: a confirmation, the date instead of the button.
    expect(paula).to_have_url(re.compile(re.escape(portfolio_url) + "$"))
    expect(paula.locator("[role=status] .message-success")).to_be_visible()
    expect(paula.locator("[data-interest=sent]")).to_be_visible()
    expect(paula.locator(button)).to_have_count(0)
    assert_page_ok(paula)
    assert Interest.objects.filter(member__username="lea").count() == 1

    # Léa: her home says an organisation is interested; she opens the page.
    lea = new_context(language=language).new_page()
    log_in(lea, "lea", PASSWORD)
    lea.goto("/")
    notice = lea.locator(f".interest-notice a[href='{MINE}']")
    expect(notice).to_be_visible()
    if language == "fr":
        expect(notice).to_have_text("1 organisation s'intéresse à votre parcours")
    notice.click()
    expect(lea).to_have_url(re.compile(re.escape(MINE) + "$"))
    card = lea.locator(".interest-card")
    expect(card).to_have_count(1)
    expect(card.locator("h2")).to_have_text("Forem (démo)")
    expect(card.locator(".interest-new")).to_be_visible()
    expect(card).not_to_contain_text("paula")
    assert_page_ok(lea)

    # Her portfolio is already shared with Forem (démo): she keeps sharing.
    card.locator("button[name=share][value='1']").click()
    expect(lea).to_have_url(re.compile(re.escape(MINE) + "$"))
    expect(lea.locator("[role=status] .message-success")).to_be_visible()
    expect(lea.locator(".interest-card .interest-new")).to_have_count(0)
    assert_page_ok(lea)
    assert Interest.objects.get(member__username="lea").decision == "shared"

    # Her home no longer counts it as new.
    lea.goto("/")
    expect(lea.locator(".interest-notice")).to_have_count(0)
    expect(lea.locator(f"a[href='{MINE}']")).to_be_visible()

    # paula's list: Léa, shared with Forem (démo), a link to her portfolio.
    paula.goto("/")
    paula.locator(f"a[href='{PARTNER_LIST}']").click()
    row = paula.locator("tr[data-interest]")
    expect(row).to_have_count(1)
    expect(row.locator(f"a[href='{portfolio_url}']")).to_contain_text("Léa")
    expect(row.locator("strong.done")).to_be_visible()
    assert_page_ok(paula)

    # Léa stops sharing: paula's next look finds neither her name nor her page.
    lea.goto(MINE)
    lea.locator(".interest-card button[name=share][value='0']").click()
    expect(lea.locator("[role=status] .message-success")).to_be_visible()
    paula.reload()
    expect(paula.locator("tr[data-interest]")).not_to_contain_text("Léa")
    assert paula.goto(portfolio_url).status == 404


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize("language", ["fr", "ar"])
def test_journey_interests_on_a_story(new_context, demo, language):
    """paula presses the button under Samir's published story (demo)."""
    story = Story.objects.filter(status=Story.Status.PUBLISHED).first()
    assert story is not None, "the demo publishes a story"
    button = f"form[action='/reussites/{story.slug}/interet/'] button[type=submit]"

    paula = new_context(language=language).new_page()
    log_in(paula, "paula", PASSWORD)
    paula.goto(story.get_absolute_url())
    expect(paula.locator(button)).to_be_visible()
    assert_page_ok(paula)
    paula.locator(button).click()
    expect(paula.locator("[data-interest=sent]")).to_be_visible()
    assert_page_ok(paula)
    assert Interest.objects.get(member=story.author).story == story

    paula.goto(PARTNER_LIST)
    row = paula.locator("tr[data-interest]")
    expect(row.locator(f"a[href='{story.get_absolute_url()}']")).to_be_visible()
    assert_page_ok(paula)
