"""Languages: French by default, Arabic right to left, no prefix in addresses."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.pages import html_attributes

pytestmark = pytest.mark.django_db


def test_views_language_french_by_default(client):
    """Without any preference, pages are in French, left to right."""
    attributes = html_attributes(client.get("/"))

    assert attributes["lang"] == "fr"
    assert attributes["dir"] == "ltr"


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/courses/"])
def test_views_language_arabic_header_right_to_left(client, path):
    """A browser asking for Arabic gets lang="ar" and dir="rtl"."""
    response = client.get(path, headers={"accept-language": "ar"})

    assert response.status_code == 200
    attributes = html_attributes(response)
    assert (attributes["lang"], attributes["dir"]) == ("ar", "rtl")


def test_views_language_arabic_cookie_right_to_left(client):
    """The language cookie set to ar gives Arabic pages, right to left."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"

    attributes = html_attributes(client.get("/"))

    assert (attributes["lang"], attributes["dir"]) == ("ar", "rtl")


@pytest.mark.parametrize("code", ["nl", "en"])
def test_views_language_other_languages_left_to_right(client, code):
    """Dutch and English pages are left to right."""
    attributes = html_attributes(client.get("/", headers={"accept-language": code}))

    assert (attributes["lang"], attributes["dir"]) == (code, "ltr")


def test_views_language_unsupported_language_falls_back_to_french(client):
    """A browser asking for German gets French."""
    attributes = html_attributes(client.get("/", headers={"accept-language": "de"}))

    assert attributes["lang"] == "fr"


def test_views_language_setlang_switches_and_remembers(client):
    """Choosing a language in the switcher changes the next pages and is remembered."""
    response = client.post(
        reverse("set_language"), {"language": "ar", "next": "/courses/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/courses/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    attributes = html_attributes(client.get("/courses/"))
    assert (attributes["lang"], attributes["dir"]) == ("ar", "rtl")

    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    attributes = html_attributes(client.get("/"))
    assert (attributes["lang"], attributes["dir"]) == ("nl", "ltr")


def test_views_language_setlang_ignores_unknown_language(client):
    """An unknown language code changes nothing."""
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})

    assert html_attributes(client.get("/"))["lang"] == "fr"


def test_views_language_setlang_refuses_offsite_next(client):
    """The switcher never redirects to another site."""
    response = client.post(
        reverse("set_language"), {"language": "nl", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_views_language_no_prefix_in_urls():
    """Addresses carry no language prefix, so printed links work in every language."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert reverse("home") == "/"
            assert reverse("courses:catalogue") == "/courses/"
            assert reverse("members:card-login", args=["ABCD"]) == "/c/ABCD/"


@pytest.mark.parametrize("prefix", ["ar", "nl", "en", "fr"])
def test_views_language_prefixed_address_is_404(prefix):
    """/ar/ and the like are not pages: there is one address per page."""
    response = Client().get(f"/{prefix}/")

    assert response.status_code == 404
