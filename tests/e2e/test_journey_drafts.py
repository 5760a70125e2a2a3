"""Journey: nothing typed is lost. Léa writes her story (a live counter says how
long it is), her form's CSRF cookie goes meanwhile, she sends it: a friendly 403
page in the site's layout; its way back leads to her text, "Brouillon restauré".
Once saved, the draft is gone; logging out forgets it too (a shared computer).
Axe-clean."""

import re

from playwright.sync_api import expect

from stories.models import Story
from tests.e2e.axe import assert_axe_clean
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

STORY = "Cette année, j'ai rempli Tax-on-web sans aide. " * 3
FORM = "/mes-reussites/nouvelle/"


def test_journey_drafts_survive_a_refused_form(page, demo):
    log_in(page, "lea", PASSWORD)
    page.goto(FORM)
    page.locator("input[name=title]").fill("Mes impôts")
    page.locator("input[name=kind][value=online_alone]").check()
    body = page.locator("textarea[name=body]")
    body.fill(STORY)
    counter = page.locator("#id_body_counter")
    expect(counter).to_have_text(f"{len(STORY)} / 5000 caractères")
    expect(counter).to_have_attribute("aria-live", "polite")
    assert_axe_clean(page)

    # The browser loses the CSRF cookie (cleared, expired): this page's form is
    # now refused, kindly. (Logging out in another tab no longer serves: it
    # clears the drafts on purpose, see test_journey_logout.py.)
    page.context.clear_cookies(name="csrftoken")
    page.locator("form.story-form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Votre formulaire n'a pas été envoyé")
    expect(page.locator("body")).not_to_contain_text("CSRF verification failed")
    assert_axe_clean(page)

    # The way back leads to her text.
    page.locator("main a.big-button").click()
    expect(page).to_have_url(re.compile(FORM + "$"))
    expect(page.locator("textarea[name=body]")).to_have_value(STORY)
    expect(page.locator(".draft-notice")).to_have_text("Brouillon restauré")
    assert_axe_clean(page)

    # Saved: the draft is forgotten, a new story starts empty.
    page.locator("input[name=title]").fill("Mes impôts")
    page.locator("input[name=kind][value=online_alone]").check()
    page.locator("form.story-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/mes-reussites/$"))
    assert Story.objects.filter(author__username="lea", title="Mes impôts").exists()
    page.goto(FORM)
    expect(page.locator("textarea[name=body]")).to_have_value("")
    expect(page.locator(".draft-notice")).to_have_count(0)


def test_journey_story_too_long_is_counted_and_kept(page, demo):
    log_in(page, "lea", PASSWORD)
    page.goto(FORM)
    long_text = "a" * 5003
    page.locator("textarea[name=body]").fill(long_text)
    expect(page.locator("#id_body_counter")).to_have_text("5003 / 5000 caractères")
    page.locator("input[name=title]").fill("Trop long")
    page.locator("input[name=kind][value=online_alone]").check()
    page.locator("form.story-form button[type=submit]").click()
    expect(page.locator("#id_body_error")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value(long_text)
    assert_axe_clean(page)
