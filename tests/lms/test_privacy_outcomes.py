"""Mes données: the answers to "what happened since?" and the age band are in
the member's export and page, and go with the account."""

import json

import pytest
from django.urls import reverse

from certificates.models import Certificate, CertificateOutcome
from lms.privacy import member_erase, member_export
from members.models import User
from tests.factories import CertificateFactory, CertificateOutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    """A member with an age band, who answered for one certificate and
    declined for another; someone else answered too."""
    first = CertificateFactory(course__title="Premiers pas")
    holder = first.user
    holder.age_band = User.AgeBand.FROM_26
    holder.save()
    CertificateOutcomeFactory(certificate=first, found_job=True, started_training=True)
    CertificateOutcomeFactory(
        certificate=CertificateFactory(user=holder), found_job=False, declined=True
    )
    CertificateOutcomeFactory()
    return holder


def test_privacy_outcomes_export_holds_my_answers_and_age(answered):
    data = member_export(answered)

    assert data["members"]["account"]["age_band"] == "26_44"
    answers = data["certificates"]["certificate_outcomes"]
    assert len(answers) == 2
    first = next(a for a in answers if a["course"] == "Premiers pas")
    assert first["outcomes"] == ["job", "training"]
    assert first["outcome_labels"] == [
        "J'ai trouvé un emploi",
        "J'ai commencé une formation",
    ]
    assert first["prefers_not_to_say"] is False
    assert (
        first["code"]
        == Certificate.objects.get(
            user=answered, course__title="Premiers pas"
        ).display_code
    )
    assert sum(a["prefers_not_to_say"] for a in answers) == 1


def test_privacy_outcomes_my_data_page_and_download_say_so(client, answered):
    client.force_login(answered)

    page = client.get(reverse("my-data")).content.decode()
    download = json.loads(client.get(reverse("my-data-download")).content)

    assert "2 réponses à la question « Et depuis ce certificat ? »" in page
    assert "Votre âge, que vous avez indiqué : 26 à 44 ans." in page
    assert len(download["certificates"]["certificate_outcomes"]) == 2


def test_privacy_outcomes_erased_with_the_account(answered):
    """The answers and the age band go; the certificates stay, with no holder;
    the other member's answer stays."""
    member_erase(answered)

    assert not CertificateOutcome.objects.filter(user=answered).exists()
    assert CertificateOutcome.objects.count() == 1
    assert Certificate.objects.filter(user__isnull=True).count() == 2
    answered.refresh_from_db()
    assert answered.age_band == ""
    assert member_export(answered)["certificates"]["certificate_outcomes"] == []
