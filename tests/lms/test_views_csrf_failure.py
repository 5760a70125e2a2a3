"""A form refused by the CSRF check: a page in the site's layout, in plain French,
with a way back, status 403 (not Django's bare "CSRF verification failed")."""

import pytest
from django.test import Client

from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_csrf_failure_page_explains_and_leads_back():
    client = Client(enforce_csrf_checks=True)
    client.force_login(LearnerFactory())
    response = client.post(
        "/mes-reussites/nouvelle/",
        {"title": "Titre", "body": "Mon histoire"},
        HTTP_REFERER="http://testserver/mes-reussites/nouvelle/",
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "CSRF verification failed" not in html
    assert "Votre formulaire n'a pas été envoyé" in html
    assert 'class="skip-link"' in html  # the site's layout
    assert 'href="http://testserver/mes-reussites/nouvelle/"' in html
    assert "data-drafts-keep" in html


def test_csrf_failure_page_never_links_to_another_site():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", HTTP_REFERER="https://evil.example/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "evil.example" not in html
    assert 'href="/accounts/login/?next=' in html
