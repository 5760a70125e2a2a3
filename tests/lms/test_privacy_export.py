"""Mes données: the export holds everything about the member, and only them."""

import json
import re

import pytest
from django.urls import reverse

from lms.privacy import member_export
from tests.interests.factories import InterestFactory
from tests.lms.privacy_factories import member_make
from tests.stories.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_privacy_export_holds_every_app_of_the_member():
    """Account, groups, enrolments, quiz answers, H5P, certificates, checks,
    cards and consents are all in the export."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")

    data = member_export(zoe.user)

    assert data["members"]["account"]["email"] == zoe.email
    assert data["members"]["account"]["last_name"] == "Quenouille"
    assert len(data["members"]["groups"]) == 1
    assert len(data["members"]["login_cards"]) == 1
    assert data["members"]["email_addresses"][0]["email"] == zoe.email
    consent = data["members"]["consents"][0]
    assert consent["what"] == "account_created_by_trainer_with_consent"
    enrollment = data["courses"]["enrollments"][0]
    assert enrollment["completed_at"] is not None
    assert enrollment["lessons_completed"]
    attempt = data["quizzes"]["quiz_attempts"][0]
    assert attempt["passed"] is True
    assert len(attempt["answers"]) == 2
    assert len(data["h5p"]["h5p_attempts"]) == 1
    assert data["h5p"]["h5p_statements"][0]["verb"] == "answered"
    assert len(data["h5p"]["h5p_saved_states"]) == 1
    certificate = data["certificates"]["certificates"][0]
    assert certificate["code"] == zoe.certificate.display_code
    assert certificate["holder_name"] == "Zoé Quenouille"
    seen = data["certificates"]["verifications_of_my_certificates"][0]
    assert seen["organisation"] == zoe.partner.organisation.name
    log_whos = [entry["who"] for entry in data["consent_log"]]
    assert zoe.partner.organisation.name in log_whos


def test_privacy_export_never_holds_secrets():
    """No password hash, API token key or card hash leaves in the export."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    text = json.dumps(member_export(zoe.user), default=str)

    assert zoe.user.password not in text
    assert zoe.user.auth_token.key not in text
    for card in zoe.user.login_cards.all():
        assert card.token_hash not in text


def test_privacy_export_download_holds_only_my_data(client):
    """Two members: the JSON that Zoé downloads says nothing about Yannick."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    yannick = member_make(
        first_name="Yannick", last_name="Brouwer", username="yannick.b"
    )
    client.force_login(zoe.user)

    response = client.get(reverse("my-data-download"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    data = json.loads(text)
    assert data["members"]["account"]["username"] == "zoe.q"
    assert "Quenouille" in text
    for trace in ("Brouwer", yannick.email, "yannick.b"):
        assert trace not in text
    assert yannick.certificate.display_code not in text
    assert len(data["courses"]["enrollments"]) == 1
    assert len(data["quizzes"]["quiz_attempts"]) == 1
    assert len(data["h5p"]["h5p_statements"]) == 1


def test_privacy_views_my_data_needs_login(client):
    """Anonymous visitors are sent to log in, for the page and the download."""
    for name in ("my-data", "my-data-download", "my-data-erase"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_privacy_views_my_data_page_in_plain_words(client):
    """The page says what is held, lists who checked a certificate, and offers
    the download and the erasure."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    client.force_login(zoe.user)

    html = client.get(reverse("my-data")).content.decode()

    assert "Télécharger mes données" in html
    assert reverse("my-data-download") in html
    assert reverse("my-data-erase") in html
    assert zoe.partner.organisation.name in html
    assert "1 certificat." in html
    assert "formateur" in html  # the trainer's consent confirmation, in the log


def test_privacy_views_learner_home_links_to_my_data(client):
    """A learner finds "Mes données" from their home page."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    client.force_login(zoe.user)

    html = client.get(reverse("home")).content.decode()

    assert reverse("my-data") in html


def test_privacy_views_my_data_counts_skills_stories_and_interests(client):
    """What the portfolio, the stories and the partners' interests hold is named too."""
    zoe = member_make(first_name="Zoé", last_name="Quenouille", username="zoe.q")
    StoryFactory(author=zoe.user)
    InterestFactory(member=zoe.user)
    client.force_login(zoe.user)

    html = client.get(reverse("my-data")).content.decode()

    assert "1 réussite racontée." in html
    assert "1 marque d'intérêt d'une organisation partenaire." in html
    assert re.search(r"\d+ compétences? enregistrées?, avec (sa|leurs) preuves?", html)
