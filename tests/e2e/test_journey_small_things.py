"""Journeys: small things that stopped learners. Read-aloud on a device with no
voice says so and gives the button back; the certificate link has "Copier le
lien" (and "Partager" with the Web Share API) with a visible "Lien copié"."""

from playwright.sync_api import expect

from tests.e2e.axe import assert_axe_clean
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

COURSE = "/courses/premiers-pas-smartphone/"
NO_VOICE = "La lecture à voix haute n’est pas disponible sur cet appareil."


def test_journey_read_aloud_without_voice_explains(new_context, demo):
    context = new_context()
    # A device with speech synthesis but no voice installed.
    context.add_init_script("window.speechSynthesis.getVoices = () => [];")
    page = context.new_page()
    log_in(page, "lea", PASSWORD)
    page.goto(COURSE)
    page.locator("ol.syllabus a").first.click()
    listen = page.get_by_role("button", name="Écouter")
    listen.click()
    expect(listen).to_have_text("Écouter")
    expect(page.locator(".listen-unavailable")).to_have_text(NO_VOICE)
    assert_axe_clean(page)


def test_journey_certificate_link_copied(new_context, demo):
    context = new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    log_in(page, "lea", PASSWORD)
    page.goto("/certificates/")
    panel = page.locator(".share-panel").first
    link = panel.locator("input[id^='link-']").input_value()
    panel.get_by_role("button", name="Copier le lien", exact=True).click()
    expect(panel.locator(".share-status").first).to_have_text("Lien copié")
    assert page.evaluate("navigator.clipboard.readText()") == link
    badge = panel.locator("input[id^='badge-link-']").input_value()
    panel.get_by_role("button", name="Copier le lien du badge").click()
    expect(panel.locator(".share-status").nth(1)).to_have_text("Lien copié")
    assert page.evaluate("navigator.clipboard.readText()") == badge
    assert_axe_clean(page)


def test_journey_certificate_link_shared_where_the_device_can(new_context, demo):
    context = new_context()
    context.add_init_script(
        "navigator.share = (data) => "
        "{ window.shared = data; return Promise.resolve(); };"
    )
    page = context.new_page()
    log_in(page, "lea", PASSWORD)
    page.goto("/certificates/")
    panel = page.locator(".share-panel").first
    link = panel.locator("input[id^='link-']").input_value()
    panel.get_by_role("button", name="Partager le lien", exact=True).click()
    assert page.evaluate("window.shared.url") == link
