"""Sign-up asks for 13 or older (the Belgian age of digital consent) and records
it; accounts a trainer creates record the trainer's confirmation."""

import pytest
from django.urls import reverse

from lms.privacy import member_export
from members.models import User
from members.services import PersonName, learner_group_create
from tests.factories import TrainerFactory

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "nadia",
    "email": "nadia@example.org",
    "password1": "velo-rouge-sur-la-meuse",
    "password2": "velo-rouge-sur-la-meuse",
}


def test_privacy_signup_shows_the_age_checkbox(client):
    """The sign-up page has a required checkbox with its French label."""
    html = client.get(reverse("account_signup")).content.decode()

    assert 'type="checkbox" name="age_confirmed"' in html
    assert "J&#x27;ai 13 ans ou plus." in html


def test_privacy_signup_without_age_confirmation_refused(client):
    """Without the 13+ box ticked: no account, and the page says why."""
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 200
    assert "vous devez avoir 13 ans ou plus" in response.content.decode()
    assert not User.objects.filter(username="nadia").exists()


def test_privacy_signup_records_the_confirmation(client):
    """Ticked: the account records when, and the export says it was the member."""
    response = client.post(reverse("account_signup"), {**SIGNUP, "age_confirmed": "on"})

    assert response.status_code == 302
    nadia = User.objects.get(username="nadia")
    assert nadia.consent_confirmed_at is not None
    consents = member_export(nadia)["members"]["consents"]
    assert consents == [
        {
            "what": "age_13_or_over_confirmed_at_signup",
            "when": nadia.consent_confirmed_at,
        }
    ]


def test_privacy_trainer_created_account_records_trainer_confirmation():
    """A trainer's group: each account stores the trainer's confirmation, shown
    as such in the export and the consent log."""
    trainer = TrainerFactory()
    group = learner_group_create(
        trainer=trainer,
        name="Mardi matin",
        people=[PersonName(first_name="Omar", last_name="Benali")],
        consent_confirmed=True,
    )
    omar = group.learners.get()

    data = member_export(omar)

    assert omar.created_by == trainer
    assert data["members"]["consents"][0]["what"] == (
        "account_created_by_trainer_with_consent"
    )
    assert data["members"]["account"]["created_by_trainer"] is True
    assert "formateur" in data["consent_log"][0]["what"]
