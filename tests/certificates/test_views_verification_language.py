"""The verification page sets no cookie for an anonymous visitor and switches its
language by a GET form; the single-code API answers as the bulk one does."""

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from tests.certificates.test_views_verification import certificate_make, page
from tests.factories import PartnerFactory
from tests.pages import html_attributes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.VERIFICATION_RATE_LIMIT = "1000/m"


def test_views_verify_anonymous_visit_sets_no_cookie(client):
    """A visitor following a printed link gets no cookie at all: no form on the
    page needs a CSRF token, and the page loads no htmx."""
    response = page(client, certificate_make())

    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in html
    assert "htmx" not in html
    assert '<form method="get" class="language-switcher"' in html


@pytest.mark.parametrize(
    ("language", "valid", "direction"),
    [("nl", "Geldig", "ltr"), ("en", "Valid", "ltr"), ("ar", "صالحة", "rtl")],
)
def test_views_verify_language_switched_by_get(client, language, valid, direction):
    """Choosing a language on the page answers in it, right to left in Arabic,
    and keeps that choice."""
    certificate = certificate_make()

    response = client.get(
        reverse("certificates:verify-code", args=[certificate.display_code]),
        {"lang": language},
    )

    assert response.status_code == 200
    assert (html_attributes(response)["lang"], html_attributes(response)["dir"]) == (
        language,
        direction,
    )
    assert response["Content-Language"] == language
    assert valid in response.content.decode()
    assert 'aria-current="true">' in response.content.decode()


def test_views_verify_chosen_language_holds_on_the_next_pages(client):
    """?lang=nl used to hold for one page only: the choice is kept in the
    language cookie, as Django's set_language keeps it."""
    certificate = certificate_make()

    chosen = client.get(
        reverse("certificates:verify-code", args=[certificate.display_code]),
        {"lang": "nl"},
    )
    after = page(client, certificate)
    home = client.get("/")

    assert chosen.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert html_attributes(after)["lang"] == "nl"
    assert "Geldig" in after.content.decode()
    assert html_attributes(home)["lang"] == "nl"


def test_views_verify_unknown_language_keeps_the_visitor_s(client):
    """?lang=xx changes nothing: the browser's language still applies."""
    certificate = certificate_make()

    response = client.get(
        reverse("certificates:verify-code", args=[certificate.display_code]),
        {"lang": "xx"},
        headers={"accept-language": "nl"},
    )

    assert html_attributes(response)["lang"] == "nl"
    assert "Geldig" in response.content.decode()


def test_views_verify_other_pages_keep_the_remembered_switcher(client):
    """The rest of the site still switches by the form that remembers the choice."""
    html = client.get(reverse("certificates:verify")).content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert "csrfmiddlewaretoken" in html


def test_views_verify_logged_in_partner_keeps_the_log_out_button(client):
    """A logged-in partner still logs out from the page's menu."""
    client.force_login(PartnerFactory())

    html = page(client, certificate_make()).content.decode()

    assert f'action="{reverse("account_logout")}"' in html


def test_api_verification_single_answers_as_the_bulk_list(client):
    """The same code answers the same fields whether checked alone or in a list."""
    certificate = certificate_make()
    api = APIClient()
    api.force_authenticate(PartnerFactory())

    alone = api.get(reverse("api-verification-detail", args=[certificate.code]))
    listed = api.post(
        reverse("api-verification-bulk"), {"codes": [certificate.code]}, format="json"
    )

    assert alone.json() == listed.json()["results"][0]
    assert alone.json()["hours"] == "6.5"
    assert alone.json()["issued_on"] == "2026-10-05"
