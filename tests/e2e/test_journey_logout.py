"""Journey: Léa uses the centre's computer in Arabic and starts a story, then logs
out: the next person gets the site in French (the default) and finds none of her
drafts in the browser's storage."""

from playwright.sync_api import expect

from tests.e2e.test_journey_login_cards import PASSWORD, log_in

FORM = "/mes-reussites/nouvelle/"
LOGOUT = "form[action$='/accounts/logout/'] button"
DRAFTS = "() => Object.keys(localStorage).filter(key => key.startsWith('draft:'))"


def test_journey_logout_leaves_nothing_for_the_next_person(page, demo):
    log_in(page, "lea", PASSWORD)
    page.locator("form.language-switcher summary").click()
    page.locator("form.language-switcher button[value=ar]").click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    page.goto(FORM)
    page.locator("textarea[name=body]").fill("Mon histoire, pas encore envoyée.")
    page.locator("textarea[name=body]").blur()
    page.wait_for_function(f"({DRAFTS})().length > 0")

    with page.expect_response(
        lambda r: r.request.method == "POST" and "/accounts/logout/" in r.url
    ) as logged_out:
        page.locator(LOGOUT).click()
    assert logged_out.value.all_headers().get("clear-site-data") == '"cache", "storage"'
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert page.evaluate(DRAFTS) == []
    assert not [c for c in page.context.cookies() if c["name"] == "django_language"], (
        page.context.cookies()
    )

    # The next visitor, on the same browser: French, an empty form.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("a[href$='/accounts/login/']").first).to_be_visible()
