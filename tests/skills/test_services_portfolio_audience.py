"""Sharing settings do what they say: private withdraws every share, shared needs
an organisation, each visibility change is logged, the QR code only when public."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lms import privacy as lms_privacy
from skills import services
from skills.models import Portfolio, PortfolioShare, PortfolioVisibilityChange
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory
from tests.skills.factories import shared_portfolio

pytestmark = pytest.mark.django_db

EDIT = "/mon-portfolio/"


@pytest.fixture
def forem():
    return OrganisationFactory(name="Forem (démo)")


def test_services_portfolio_audience_private_withdraws_every_share(forem):
    member = LearnerFactory()
    shared_portfolio(member, forem)
    portfolio = services.portfolio_audience_set(
        member=member, visibility="private", organisations=[forem]
    )
    assert portfolio.visibility == "private"
    assert not PortfolioShare.objects.filter(
        portfolio=portfolio, withdrawn_at__isnull=True
    ).exists()


def test_services_portfolio_audience_shared_needs_an_organisation():
    member = LearnerFactory()
    with pytest.raises(ValidationError) as error:
        services.portfolio_audience_set(
            member=member, visibility="shared", organisations=[]
        )
    assert "sans organisation" in error.value.messages[0]
    assert not Portfolio.objects.filter(user=member, visibility="shared").exists()


def test_services_portfolio_audience_each_change_is_logged(forem):
    member = LearnerFactory()
    for visibility in ("public", "public", "private", "shared"):
        services.portfolio_audience_set(
            member=member, visibility=visibility, organisations=[forem]
        )
    changes = PortfolioVisibilityChange.objects.order_by("changed_at", "pk")
    assert [(c.before, c.after) for c in changes] == [
        ("private", "public"),
        ("public", "private"),
        ("private", "shared"),
    ]
    log = lms_privacy.member_consent_log(member)
    assert any("Visibilité du portfolio" in entry["what"] for entry in log)


def test_views_portfolio_edit_private_unticks_forem_and_hides_shared_since(
    client, forem
):
    member = LearnerFactory()
    shared_portfolio(member, forem)
    client.force_login(member)
    response = client.post(
        EDIT, {"visibility": "private", "organisations": [forem.pk]}, follow=True
    )
    page = response.content.decode()
    assert "Partagé depuis" not in page
    boxes = re.findall(r'<input type="checkbox" name="organisations"[^>]*>', page)
    assert boxes and not [box for box in boxes if "checked" in box]
    assert "n'apparaît que si votre portfolio est public" in page


def test_views_portfolio_edit_shared_without_organisation_is_refused(client):
    member = LearnerFactory()
    client.force_login(member)
    response = client.post(EDIT, {"visibility": "shared"})
    assert response.status_code == 200
    assert "sans organisation" in response.content.decode()
    assert Portfolio.objects.get(user=member).visibility == "private"


def test_api_portfolio_shared_without_organisation_is_400(client):
    member = LearnerFactory()
    client.force_login(member)
    response = client.patch(
        "/api/v1/me/portfolio/",
        {"visibility": "shared"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "sans organisation" in response.content.decode()
    assert Portfolio.objects.get(user=member).visibility == "private"


def test_views_portfolio_qr_only_when_public(client, forem):
    """Not public: the owner's page and passport say why there is no QR code."""
    member = LearnerFactory()
    portfolio = shared_portfolio(member, forem)
    client.force_login(member)
    page = client.get(reverse("skills:portfolio-detail", args=[portfolio.slug]))
    html = page.content.decode()
    assert "data:image/svg+xml" not in html.split('id="qr-title"')[1]
    assert "le passeport n'a donc pas de QR code" in html
    Portfolio.objects.filter(pk=portfolio.pk).update(visibility="public")
    html = client.get(portfolio.get_absolute_url()).content.decode()
    assert "data:image/svg+xml" in html.split('id="qr-title"')[1]
    assert "pas de QR code" not in html


def test_views_portfolio_partner_sees_no_qr_sentence_meant_for_the_member(
    client, forem
):
    portfolio = shared_portfolio(LearnerFactory(), forem)
    client.force_login(PartnerFactory(organisation=forem))
    html = client.get(portfolio.get_absolute_url()).content.decode()
    assert "pas de QR code" not in html
    assert "data:image/svg+xml" not in html.split('id="qr-title"')[1]
