"""Journey: every POST button on every page whose headers differ from the site
default (noindex, its own Referrer-Policy) passes CSRF in a real browser. Under
"no-referrer" Chromium posts "Origin: null", and the language buttons and
"Me déconnecter" on /v/ all answered 403."""

from datetime import date

import pytest
from playwright.sync_api import expect

from certificates.codes import code_display, code_generate
from certificates.models import Certificate
from tests.certificates.test_views_verification import certificate_make
from tests.e2e.test_journey_login_cards import PASSWORD, log_in

# Found by grepping for Referrer-Policy / X-Robots-Tag in the views: the pages
# that set them, with a form that posts (the PDF and API answers have none).
SPECIAL_PAGES = [
    "/v/",
    "/v/{valid}",
    "/v/{revoked}",
    "/v/{unknown}",
    "/partners/verify/",
]
POST_BUTTONS = (
    "form[method=post] button[type=submit], form[method=post] button:not([type])"
)
LOGOUT = "form[action$='/accounts/logout/'] button"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


def test_journey_special_headers_every_post_button_passes(new_context, demo, media):
    """Paula (a partner, logged in so "Me déconnecter" shows) presses each POST
    button of each such page in turn: none gets 403."""
    codes = {
        "valid": certificate_make().display_code,
        "revoked": certificate_make(
            status=Certificate.Status.REVOKED, revoked_on=date(2026, 11, 2)
        ).display_code,
        "unknown": code_display(code_generate()),
    }
    page = new_context(language="fr").new_page()
    log_in(page, "paula", PASSWORD)
    refused, pressed = [], 0

    for template in SPECIAL_PAGES:
        url = template.format(**codes)
        response = page.goto(url)
        if page.locator(LOGOUT).count() == 0:  # the last button was "Me déconnecter"
            log_in(page, "paula", PASSWORD)
            response = page.goto(url)
        assert response.headers.get("x-robots-tag") == "noindex", url
        assert response.headers.get("referrer-policy"), url
        count = page.locator(POST_BUTTONS).count()
        assert count, f"{url}: no POST button:\n{page.content()[:3000]}"
        for index in range(count):
            if index:
                page.goto(url)
            if page.locator(LOGOUT).count() == 0:
                log_in(page, "paula", PASSWORD)
                page.goto(url)
            button = page.locator(POST_BUTTONS).nth(index)
            if not button.is_visible():  # a language, folded under "Langue :"
                button.locator("xpath=ancestor::details[1]/summary").click()
            label = button.inner_text()
            with page.expect_response(
                lambda r: (
                    r.request.method == "POST" and r.request.resource_type == "document"
                )
            ) as posted:
                button.click()
            pressed += 1
            if posted.value.status == 403:
                refused.append(f"{url} · {label!r}")
        expect(page.locator("body")).to_be_visible()

    assert pressed >= len(SPECIAL_PAGES) + 5  # logout everywhere, languages on /v/
    assert refused == [], "403 on:\n" + "\n".join(refused)
