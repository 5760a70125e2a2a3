"""Log-out on a shared computer: the member's language cookie and the site's
stored drafts and cached pages are cleared for the next person."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def _assert_forgets(response) -> None:
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == ""
    assert cookie["max-age"] == 0
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_views_logout_clears_language_and_storage(client):
    """Léa read in Arabic; after "Me déconnecter" the browser drops her language,
    her drafts (localStorage) and the cached pages."""
    client.force_login(LearnerFactory(language="ar"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    _assert_forgets(response)
    assert "_auth_user_id" not in client.session
    # The next visitor reads the default language.
    assert client.get("/").headers["Content-Language"] == "fr"


def test_views_logout_page_get_clears_nothing(client):
    """Opening the log-out page (GET asks to confirm) changes nothing yet."""
    client.force_login(LearnerFactory())
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert "Clear-Site-Data" not in response
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_views_logout_erasure_also_clears(client):
    """Erasing one's account logs out the same way."""
    member = LearnerFactory(username="lea-erase")
    client.force_login(member)
    response = client.post(reverse("my-data-erase"), {"username": "lea-erase"})
    assert response.status_code == 302, response.content[:500]
    _assert_forgets(response)
