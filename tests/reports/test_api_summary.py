"""GET /api/v1/reports/summary/: the page's permissions and protection, as JSON."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import (
    CourseFactory,
    LearnerFactory,
    OrganisationFactory,
    PartnerFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.reports.factories import certified, coordinator_of, enrolled, moment

pytestmark = pytest.mark.django_db

URL = reverse("api-report-summary")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


@pytest.fixture
def organisation():
    """8 enrolments in March, 3 completed and certified, 1 on a second course."""
    organisation = OrganisationFactory(name="Maison de quartier")
    first, second = CourseFactory(title="Premiers pas"), CourseFactory(title="Mail")
    for index in range(8):
        enrollment = enrolled(
            user=LearnerFactory(organisation=organisation),
            course=second if index == 0 else first,
            on=moment(2026, 3, 2),
            completed=moment(2026, 3, 9) if index < 3 else None,
        )
        if index < 3:
            certified(enrollment, issued_on=date(2026, 3, 9))
    return organisation


def _all_figures(body: dict) -> list[dict]:
    figures = [item["figure"] for item in body["figures"]]
    for table in body["tables"]:
        figures += [row["figure"] for row in table["rows"]] + [table["total"]]
    return figures


@pytest.mark.parametrize(
    "make", [LearnerFactory, PartnerFactory, TrainerFactory], ids=str
)
def test_api_summary_refused_to_learners_partners_and_lone_trainers(client, make):
    client.force_login(make())

    response = client.get(URL, MARCH)

    assert response.status_code == 403
    assert "detail" in response.json()


def test_api_summary_refused_to_visitors(client):
    assert client.get(URL, MARCH).status_code in (401, 403)


def test_api_summary_another_organisations_coordinator_is_refused(client, organisation):
    client.force_login(coordinator_of(OrganisationFactory()))

    response = client.get(URL, {**MARCH, "organisation": organisation.pk})

    assert response.status_code == 403


def test_api_summary_coordinator_gets_own_organisation(client, organisation):
    client.force_login(coordinator_of(organisation))

    body = client.get(URL, MARCH).json()

    assert body["organisation"] == {"id": organisation.pk, "name": organisation.name}
    figures = {item["key"]: item["figure"] for item in body["figures"]}
    assert figures["enrolments"] == {"value": 10, "display": "10", "hidden": False}
    assert figures["completions"] == {"value": None, "display": "< 5", "hidden": True}
    assert body["threshold"] == 5


def test_api_summary_never_exposes_one_to_four(client, organisation):
    """Every value is null, 0 or at least 5; every hidden one is null."""
    client.force_login(StaffFactory())

    for query in (MARCH, {**MARCH, "organisation": organisation.pk}):
        body = client.get(URL, query).json()
        for figure in _all_figures(body):
            assert figure["value"] not in (1, 2, 3, 4), figure
            assert figure["display"] not in ("1", "2", "3", "4"), figure
            if figure["hidden"]:
                assert figure["value"] is None


def test_api_summary_staff_see_the_whole_platform(client, organisation):
    client.force_login(StaffFactory())

    body = client.get(URL, MARCH).json()

    assert body["organisation"] is None
    assert body["scope"] == "Toute la plateforme"


def test_api_summary_bad_period_is_a_400_naming_the_field(client):
    client.force_login(StaffFactory())

    response = client.get(URL, {"start": "2026-03-31", "end": "2026-03-01"})

    assert response.status_code == 400
    assert "le même jour que le début" in response.json()["end"][0]


def test_api_summary_is_in_the_schema_with_its_parameters(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/reports/summary/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "start",
        "end",
        "organisation",
    }
    assert {"200", "400", "403", "404", "429"} <= set(operation["responses"])
