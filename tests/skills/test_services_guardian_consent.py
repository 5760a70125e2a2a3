"""I5: an under-13 member's portfolio stays private until a guardian agrees."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members.services import guardian_consent_set
from skills import services
from skills.models import Portfolio
from tests.factories import (
    LearnerFactory,
    LearnerGroupFactory,
    OrganisationFactory,
    PartnerFactory,
    TrainerFactory,
)
from tests.skills.factories import shared_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    return LearnerFactory(under_13=True)


@pytest.fixture
def trainer(child):
    trainer = TrainerFactory()
    LearnerGroupFactory(trainer=trainer, learners=[child])
    return trainer


@pytest.mark.parametrize("visibility", ["public", "shared"])
def test_services_guardian_consent_needed_before_visible(child, visibility):
    portfolio = Portfolio.objects.create(user=child)

    with pytest.raises(ValidationError, match="représentant légal"):
        services.portfolio_update(
            portfolio=portfolio, user=child, visibility=visibility
        )

    portfolio.refresh_from_db()
    assert portfolio.visibility == "private"


def test_services_guardian_consent_needed_before_sharing(child):
    portfolio = Portfolio.objects.create(user=child)
    with pytest.raises(ValidationError, match="représentant légal"):
        services.portfolio_shares_set(
            portfolio=portfolio, user=child, organisations=[OrganisationFactory()]
        )
    assert not portfolio.shares.exists()


def test_services_guardian_consent_private_edits_still_allowed(child):
    portfolio = Portfolio.objects.create(user=child)
    services.portfolio_update(
        portfolio=portfolio, user=child, visibility="private", headline="Je code"
    )
    assert Portfolio.objects.get().headline == "Je code"


def test_services_guardian_consent_once_recorded_the_child_may_publish(child, trainer):
    guardian_consent_set(trainer=trainer, learner=child, given=True)
    portfolio = Portfolio.objects.create(user=child)

    services.portfolio_update(portfolio=portfolio, user=child, visibility="public")

    assert Portfolio.objects.get().visibility == "public"


def test_services_guardian_consent_withdrawn_hides_the_page_at_once(
    client, child, trainer
):
    """A page made public with consent is a 404 for others once consent is withdrawn."""
    guardian_consent_set(trainer=trainer, learner=child, given=True)
    portfolio = Portfolio.objects.create(user=child, visibility="public")
    page = reverse("skills:portfolio-detail", args=[portfolio.slug])
    assert client.get(page).status_code == 200

    guardian_consent_set(trainer=trainer, learner=child, given=False)

    assert client.get(page).status_code == 404
    client.force_login(child)
    assert client.get(page).status_code == 200


def test_services_guardian_consent_partner_list_leaves_the_child_out(client, child):
    """Even a share made before the rule existed shows nothing to the partner."""
    organisation = OrganisationFactory()
    adult = LearnerFactory(last_name="Majeur")
    child.last_name = "Enfant"
    child.save()
    shared_portfolio(adult, organisation)
    shared_portfolio(child, organisation)
    client.force_login(PartnerFactory(organisation=organisation))

    page = client.get(reverse("skills:partner-members")).content.decode()

    assert "Majeur" in page
    assert "Enfant" not in page


def test_services_guardian_consent_only_for_under_13():
    with pytest.raises(ValidationError, match="13 ans ou plus"):
        guardian_consent_set(
            trainer=TrainerFactory(), learner=LearnerFactory(), given=True
        )


def test_services_guardian_consent_edit_page_explains_and_refuses(client, child):
    client.force_login(child)
    page = reverse("skills:portfolio-edit")
    assert "représentant légal" in client.get(page).content.decode()

    response = client.post(page, {"visibility": "public"})

    assert "représentant légal" in response.content.decode()
    assert Portfolio.objects.get(user=child).visibility == "private"
