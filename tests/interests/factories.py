"""Interests and the portfolios they point at, built for tests (stories come
from tests.stories.factories)."""

import factory

from interests.models import Interest
from skills.models import Portfolio, PortfolioShare
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    partner = factory.SubFactory(PartnerFactory)
    organisation = factory.SelfAttribute("partner.organisation")
    member = factory.SubFactory(LearnerFactory)


def portfolio(member, visibility: str = "private", *, shared_with=()) -> Portfolio:
    """The member's portfolio with this visibility, shared with these organisations."""
    created = Portfolio.objects.create(user=member, visibility=visibility)
    for organisation in shared_with:
        PortfolioShare.objects.create(portfolio=created, organisation=organisation)
    return created


def forem_partner(name: str = "Forem (test)"):
    """A partner of an organisation with a contact e-mail and phone (never shown)."""
    organisation = OrganisationFactory(
        name=name, contact_email="emploi@forem.example", contact_phone="+32 4 123 45 67"
    )
    return PartnerFactory(
        organisation=organisation,
        first_name="Paula",
        last_name="Janssens",
        email="paula.janssens@forem.example",
    )
