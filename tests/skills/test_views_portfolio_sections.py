"""Sections that other apps add to the portfolio page, for the viewers they choose."""

import pytest
from django.template import engines
from django.urls import reverse

from skills import sections
from skills.models import Portfolio
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(monkeypatch):
    """A provider that shows the owner a section and shows nothing to others."""
    monkeypatch.setattr(sections, "_providers", list(sections._providers))

    def owner_only(*, portfolio, request):
        if request.user.pk != portfolio.user_id:
            return None
        return sections.PortfolioSection(
            # include takes a compiled template as well as a name.
            engines["django"].from_string("<p>{{ section.greeting }}</p>"),
            {"greeting": "Bonjour du test"},
        )

    sections.section_provider_register(owner_only)
    sections.section_provider_register(owner_only)
    return owner_only


def test_views_portfolio_sections_shown_where_the_provider_says(client, provider):
    portfolio = Portfolio.objects.create(user=LearnerFactory(), visibility="public")
    page = reverse("skills:portfolio-detail", args=[portfolio.slug])

    assert "Bonjour du test" not in client.get(page).content.decode()
    client.force_login(portfolio.user)
    assert client.get(page).content.decode().count("Bonjour du test") == 1
