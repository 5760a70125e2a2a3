"""Journey: Léa tells a success linked to her certificate and sends it; staff
approve it; a visitor finds it on "Réussites" by its competence, opens it and
follows the certificate to its verification page. Axe-clean in fr and ar."""

import re

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from stories.models import Story
from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

TITLE = "J'ai fait ma déclaration d'impôts seule"


def _page_ok(page) -> None:
    """Axe-clean, every target at least 44x44 px, no sideways scrolling."""
    assert_axe_clean(page)
    assert small_targets(page) == []
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("viewport", [PHONE])
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_stories_write_review_find_verify(
    new_context, demo, language, direction
):
    certificate = Certificate.objects.get(
        user__username="lea", status=Certificate.Status.ISSUED
    )

    # Léa writes her story from her home page, linked to her certificate.
    lea = new_context(language=language).new_page()
    log_in(lea, "lea", PASSWORD)
    lea.locator("main a[href='/mes-reussites/']").click()
    expect(lea.locator("html")).to_have_attribute("dir", direction)
    lea.locator("a[href='/mes-reussites/nouvelle/']").click()
    _page_ok(lea)
    lea.locator("input[name=title]").fill(TITLE)
    lea.locator("input[name=kind][value=online_alone]").check()
    lea.locator("textarea[name=body]").fill(
        "Cette année, j'ai rempli **Tax-on-web** sans aide.\n\n"
        "<script>alert('x')</script>"
    )
    lea.locator(f"input[name=certificates][value='{certificate.pk}']").check()
    lea.locator("form.story-form button[type=submit]").click()
    expect(lea).to_have_url(re.compile(r"/mes-reussites/$"))
    story = Story.objects.get(author__username="lea", title=TITLE)
    row = lea.locator(f"li[data-story='{story.slug}']")
    row.locator("form[action$='/envoyer/'] button").click()
    expect(lea).to_have_url(re.compile(r"/mes-reussites/$"))
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW
    _page_ok(lea)

    # Not public yet: a visitor gets a 404.
    visitor = new_context(language=language).new_page()
    assert visitor.goto(story.get_absolute_url()).status == 404

    # Staff approve it from their queue, linked from their home page.
    admin = new_context(language=language).new_page()
    log_in(admin, "admin", PASSWORD)
    admin.goto("/")
    admin.locator("main a[href='/equipe/reussites/']").click()
    admin.locator(f"li[data-story='{story.slug}'] a").click()
    expect(admin.locator(".lesson-body strong")).to_have_text("Tax-on-web")
    _page_ok(admin)
    admin.locator("input[name=decision][value=approve]").check()
    admin.locator("main form button[type=submit]").click()
    expect(admin).to_have_url(re.compile(r"/equipe/reussites/$"))
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED

    # A visitor filters "Réussites" on a competence of the certificate.
    code = certificate.competences[0]["code"]
    visitor.goto("/")
    visitor.locator("nav a[href='/reussites/']").click()
    visitor.locator("select[name=competence]").select_option(code)
    visitor.locator("search form button[type=submit]").click()
    expect(visitor).to_have_url(re.compile(rf"competence={re.escape(code)}"))
    card = visitor.locator(f"article[data-story='{story.slug}']")
    expect(card).to_have_count(1)
    _page_ok(visitor)
    card.locator("h3 a").click()
    expect(visitor.locator("h1")).to_have_text(TITLE)
    expect(visitor.locator("meta[name=robots]")).to_have_attribute(
        "content", re.compile("noindex")
    )
    expect(visitor.locator("#share-url")).to_have_value(
        re.compile(re.escape(story.get_absolute_url()) + "$")
    )
    assert visitor.locator("main script").count() == 0
    _page_ok(visitor)

    # The evidence opens the certificate's verification page.
    visitor.locator(f"a[href='/v/{certificate.display_code}']").click()
    expect(visitor).to_have_url(re.compile(rf"/v/{certificate.display_code}$"))
    expect(visitor.locator("main")).to_contain_text(certificate.course_title)
