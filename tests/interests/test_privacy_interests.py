"""Interests in "Mes données": export, consent log, erasure of a member and of
a partner."""

import pytest

from interests import services
from interests.models import Interest
from lms import privacy
from tests.factories import LearnerFactory
from tests.interests.factories import InterestFactory

pytestmark = pytest.mark.django_db


def test_privacy_interests_export_is_own_data_only(paula, lea):
    """I3: Léa's export lists who was interested and her answers; never the
    partner's name, and nothing of another member's interests."""
    mine = InterestFactory(member=lea, partner=paula)
    services.interest_decide(member=lea, interest=mine, share=False)
    InterestFactory(partner=paula)

    data = privacy.member_export(lea)["interests"]

    assert [row["organisation"] for row in data["interests_received"]] == [
        "Forem (test)"
    ]
    assert data["interests_received"][0]["decision"] == "declined"
    assert "Janssens" not in str(data)
    assert privacy.member_export(paula)["interests"]["interests_expressed"] == 2


def test_privacy_interests_consent_log_has_each_decision(paula, lea):
    shared = InterestFactory(member=lea, partner=paula)
    services.interest_decide(member=lea, interest=shared, share=True)
    declined = InterestFactory(member=lea)
    services.interest_decide(member=lea, interest=declined, share=False)
    InterestFactory(member=lea)  # still pending: no consent given or refused

    log = [
        (entry["what"], entry["who"])
        for entry in privacy.member_consent_log(lea)
        if entry["what"].startswith("Intérêt")
    ]

    assert sorted(log) == sorted(
        [
            (
                "Intérêt d'une organisation : vous partagez votre portfolio",
                "Forem (test)",
            ),
            (
                "Intérêt d'une organisation : vous ne partagez pas",
                declined.organisation.name,
            ),
        ]
    )


def test_privacy_interests_erasing_the_member_deletes_their_interests(paula, lea):
    """I4: after Léa erases her account, no interest in her remains."""
    InterestFactory(member=lea, partner=paula)
    kept = InterestFactory(partner=paula)
    privacy.member_erase(lea)
    assert list(Interest.objects.all()) == [kept]


def test_privacy_interests_erasing_the_partner_keeps_the_members_news(paula, lea):
    """The member still sees which organisation was interested; nothing says who
    pressed once that partner erased their account."""
    interest = InterestFactory(member=lea, partner=paula)
    privacy.member_erase(paula)
    interest.refresh_from_db()
    assert interest.partner is None
    assert interest.organisation.name == "Forem (test)"
    assert Interest.objects.filter(member=lea).count() == 1


def test_privacy_interests_member_without_any(db):
    data = privacy.member_export(LearnerFactory())["interests"]
    assert data == {"interests_received": [], "interests_expressed": 0}
