"""The skills API: my skills, my portfolio (never anyone else's, never levels),
and the partners' list of members who shared with them."""

import pytest

from skills.models import MemberSkill, Portfolio
from tests.factories import LearnerFactory, OrganisationFactory, PartnerFactory
from tests.skills.factories import attested, shared_portfolio

pytestmark = pytest.mark.django_db


def test_api_me_skills_lists_own_skills_only(client):
    member = LearnerFactory()
    attested(member, "2.1", 3)
    attested(LearnerFactory(), "4.2", 6)
    client.force_login(member)
    data = client.get("/api/v1/me/skills/").json()
    assert [(s["competence"], s["level"]) for s in data] == [("2.1", 3)]
    assert data[0]["evidence"][0]["source"] == "attested"


def test_api_me_skills_needs_login(client):
    assert client.get("/api/v1/me/skills/").status_code in (401, 403)


def test_api_me_portfolio_get_creates_private(client):
    member = LearnerFactory()
    client.force_login(member)
    data = client.get("/api/v1/me/portfolio/").json()
    assert data["visibility"] == "private"
    assert data["url"].endswith(f"/m/{Portfolio.objects.get(user=member).slug}")


def test_api_me_portfolio_patch_visibility_and_fields(client):
    member = LearnerFactory()
    client.force_login(member)
    response = client.patch(
        "/api/v1/me/portfolio/",
        {"visibility": "public", "headline": "Cariste"},
        content_type="application/json",
    )
    assert response.status_code == 200
    portfolio = Portfolio.objects.get(user=member)
    assert (portfolio.visibility, portfolio.headline) == ("public", "Cariste")


@pytest.mark.parametrize(
    "payload",
    [
        {"level": 8},
        {"skills": [{"competence": "2.1", "level": 8}]},
        {"user": 1},
        {"slug": "mine"},
        {"visibility": "everyone"},
    ],
)
def test_api_me_portfolio_patch_levels_or_other_fields_refused(client, payload):
    """A PATCH that tries to set a level, the owner or the slug is refused (400)."""
    member = LearnerFactory()
    attested(member, "2.1", 2)
    client.force_login(member)
    before = client.get("/api/v1/me/portfolio/").json()
    response = client.patch(
        "/api/v1/me/portfolio/", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert client.get("/api/v1/me/portfolio/").json() == before
    assert MemberSkill.objects.get().level == 2


def test_api_me_portfolio_never_reaches_someone_elses(client):
    """There is no id in the route: a PATCH always lands on the caller's own."""
    other = Portfolio.objects.create(user=LearnerFactory(), headline="Autre")
    client.force_login(LearnerFactory())
    client.patch(
        "/api/v1/me/portfolio/",
        {"headline": "Piraté"},
        content_type="application/json",
    )
    other.refresh_from_db()
    assert other.headline == "Autre"


def test_api_partner_members_filters_and_scopes(client):
    forem = OrganisationFactory()
    high, low = LearnerFactory(last_name="Haut"), LearnerFactory(last_name="Bas")
    attested(high, "2.1", 4)
    attested(low, "2.1", 1)
    shared_portfolio(high, forem)
    shared_portfolio(low, forem)
    elsewhere = LearnerFactory(last_name="Ailleurs")
    attested(elsewhere, "2.1", 5)
    shared_portfolio(elsewhere, OrganisationFactory())
    client.force_login(PartnerFactory(organisation=forem))
    data = client.get("/api/v1/partners/members/?competence=2.1&min_level=3").json()
    assert [row["name"].split()[-1] for row in data] == ["Haut"]
    assert data[0]["skills"] == [{"competence": "2.1", "level": 4}]


def test_api_partner_members_bad_query_is_400(client):
    client.force_login(PartnerFactory())
    response = client.get("/api/v1/partners/members/?min_level=12")
    assert response.status_code == 400


def test_api_partner_members_learner_refused(client):
    client.force_login(LearnerFactory())
    assert client.get("/api/v1/partners/members/").status_code == 403
