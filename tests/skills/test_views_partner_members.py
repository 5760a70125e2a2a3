"""The partners' list: only members who shared with their organisation."""

import pytest
from django.urls import reverse

from skills.models import MemberSkill, Portfolio, PortfolioShare
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory
from tests.skills.factories import attested, competence, shared_portfolio

pytestmark = pytest.mark.django_db

URL = "/partners/members/"


@pytest.fixture
def forem():
    return OrganisationFactory(name="Forem (démo)")


def test_views_partner_members_url():
    assert reverse("skills:partner-members") == URL


def test_views_partner_members_lists_only_shared_with_my_organisation(client, forem):
    """A member who shared with another organisation, or made the page private,
    or withdrew, is absent; the one who shared is listed with skills and link."""
    shown = LearnerFactory(first_name="Léa", last_name="Dubois")
    attested(shown, "2.1", 3)
    portfolio = shared_portfolio(shown, forem)
    shared_portfolio(LearnerFactory(last_name="Ailleurs"), OrganisationFactory())
    private = shared_portfolio(LearnerFactory(last_name="Privee"), forem)
    Portfolio.objects.filter(pk=private.pk).update(visibility="private")
    gone = shared_portfolio(LearnerFactory(last_name="Partie"), forem)
    PortfolioShare.objects.filter(portfolio=gone).update(
        withdrawn_at="2026-01-01T00:00Z"
    )
    client.force_login(PartnerFactory(organisation=forem))
    page = client.get(URL).content.decode()
    assert "Dubois" in page and portfolio.slug in page
    assert ">2.1</span> : niveau 3 attesté par un formateur" in page
    for absent in ("Ailleurs", "Privee", "Partie"):
        assert absent not in page


def test_views_partner_members_filter_by_competence_and_level(client, forem):
    """competence=2.1&min_level=3 keeps level 3 and up in 2.1 only."""
    high, low, other = (LearnerFactory(last_name=n) for n in ("Haut", "Bas", "Autre"))
    attested(high, "2.1", 4)
    attested(low, "2.1", 2)
    attested(other, "4.2", 6)
    for member in (high, low, other):
        shared_portfolio(member, forem)
    client.force_login(PartnerFactory(organisation=forem))
    page = client.get(URL, {"competence": "2.1", "min_level": 3}).content.decode()
    assert "Haut" in page
    assert "Bas" not in page and "Autre" not in page


@pytest.mark.parametrize(
    "query", [{"competence": "9.9"}, {"min_level": "abc"}, {"min_level": "99"}]
)
def test_views_partner_members_invalid_filter_says_so_and_lists_nobody(
    client, forem, query
):
    """competence=9.9 or min_level=abc used to list everyone as if they matched:
    the page says the filter is invalid, and lists nobody."""
    shared_portfolio(LearnerFactory(last_name="Dubois"), forem)
    client.force_login(PartnerFactory(organisation=forem))

    response = client.get(URL, query)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Ce filtre n'est pas valable" in page
    assert "Dubois" not in page


def test_views_partner_members_learner_is_refused(client):
    client.force_login(LearnerFactory())
    assert client.get(URL).status_code == 403


def test_views_partner_members_visitor_logs_in(client):
    assert client.get(URL).status_code == 302


@pytest.mark.parametrize("count", [10, 300])
def test_views_partner_members_constant_queries(
    client, forem, django_assert_max_num_queries, count
):
    """The list costs the same number of queries for 10 and for 300 members."""
    members = [LearnerFactory.build(username=f"m{i}") for i in range(count)]
    for member in members:
        member.password = "x"
    from members.models import User

    members = User.objects.bulk_create(members)
    portfolios = Portfolio.objects.bulk_create(
        Portfolio(user=m, visibility="shared", slug=f"slug{i}")
        for i, m in enumerate(members)
    )
    PortfolioShare.objects.bulk_create(
        PortfolioShare(portfolio=p, organisation=forem) for p in portfolios
    )
    MemberSkill.objects.bulk_create(
        MemberSkill(user=m, competence=competence("2.1"), level=3, source="attested")
        for m in members
    )
    client.force_login(PartnerFactory(organisation=forem))
    with django_assert_max_num_queries(8):
        response = client.get(URL, {"competence": "2.1", "min_level": 3})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_views_partner_members_same_queries_for_10_and_300(client, forem):
    """Exactly the same number of queries for 10 and for 300 shared members."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import User

    client.force_login(PartnerFactory(organisation=forem))
    counts, made = [], 0
    for count in (10, 300):
        members = User.objects.bulk_create(
            User(username=f"n{made + i}", password="x", role="learner")
            for i in range(count - made)
        )
        portfolios = Portfolio.objects.bulk_create(
            Portfolio(user=m, visibility="shared", slug=f"s{made + i}")
            for i, m in enumerate(members)
        )
        PortfolioShare.objects.bulk_create(
            PortfolioShare(portfolio=p, organisation=forem) for p in portfolios
        )
        MemberSkill.objects.bulk_create(
            MemberSkill(
                user=m, competence=competence("2.1"), level=4, source="attested"
            )
            for m in members
        )
        made = count
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"competence": "2.1", "min_level": 3})
        assert response.context["page"].paginator.count == count
        counts.append(len(queries))
    assert counts[0] == counts[1]
