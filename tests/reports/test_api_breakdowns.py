"""GET /api/v1/reports/ and /api/v1/reports/breakdowns/<key>/: the index, each
published table, the page's permissions and protection."""

from dataclasses import replace
from datetime import date

import pytest
from django.urls import reverse

from reports import api
from reports.published import PublishedRow, PublishedTable
from reports.suppression import count_figure
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

INDEX = reverse("api-report-index")
SUMMARY = reverse("api-report-summary")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}
KNOWN = {"certificates_by_course", "skills_by_area", "skills_by_level"}


def breakdown(key: str) -> str:
    return reverse("api-report-breakdown", kwargs={"key": key})


@pytest.fixture
def organisation():
    """8 enrolments in March, 3 completed and certified, 1 on a second course;
    certified skills in two DigComp areas and two levels."""
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
            certified(
                enrollment,
                issued_on=date(2026, 3, 9),
                competences=(("1.1", 2), ("4.1", 3)),
            )
    return organisation


def _figures(value) -> list[dict]:
    """Every published figure anywhere in an answer (a dict with "hidden")."""
    if isinstance(value, list):
        return [figure for item in value for figure in _figures(item)]
    if not isinstance(value, dict):
        return []
    own = [value] if "hidden" in value else []
    return own + [figure for item in value.values() for figure in _figures(item)]


def _index_links(client, query) -> dict[str, str]:
    body = client.get(INDEX, query).json()
    return {item["key"]: item["url"] for item in body["reports"]}


def test_api_breakdowns_index_names_the_summary_and_every_table(client, organisation):
    """The index lists the summary and one breakdown per table of the summary,
    with its caption, in the summary's order."""
    client.force_login(StaffFactory())

    index = client.get(INDEX, MARCH).json()
    summary = client.get(SUMMARY, MARCH).json()

    assert [item["key"] for item in index["reports"]] == ["summary"] + [
        table["key"] for table in summary["tables"]
    ]
    assert {item["key"] for item in index["reports"]} >= KNOWN
    titles = {item["key"]: item["title"] for item in index["reports"]}
    assert titles["certificates_by_course"] == "Certificats par module"
    assert (index["start"], index["end"], index["scope"]) == (
        "2026-03-01",
        "2026-03-31",
        "Toute la plateforme",
    )


def test_api_breakdowns_every_key_answers_its_summary_table(client, organisation):
    """Each link of the index answers 200 with exactly the summary's table."""
    client.force_login(StaffFactory())
    query = {**MARCH, "organisation": organisation.pk}
    tables = {t["key"]: t for t in client.get(SUMMARY, query).json()["tables"]}

    links = _index_links(client, query)

    assert set(links) == {"summary"} | set(tables)
    for key, table in tables.items():
        response = client.get(links[key])
        assert response.status_code == 200, key
        body = response.json()
        assert body["table"] == table
        assert body["organisation"] == {
            "id": organisation.pk,
            "name": "Maison de quartier",
        }
        assert body["threshold"] == 5


def test_api_breakdowns_links_keep_the_period_and_organisation(client, organisation):
    client.force_login(coordinator_of(organisation))

    links = _index_links(client, MARCH)

    for url in links.values():
        assert url.startswith("http://testserver/api/v1/reports/")
        assert "start=2026-03-01" in url and "end=2026-03-31" in url
        assert f"organisation={organisation.pk}" in url
    assert client.get(links["summary"]).json()["scope"] == "Maison de quartier"


def test_api_breakdowns_certificates_by_course_is_protected(client, organisation):
    """2 certificates of one course and 1 of another: both cells read "< 5",
    and the total of 3 as well."""
    client.force_login(coordinator_of(organisation))

    table = client.get(breakdown("certificates_by_course"), MARCH).json()["table"]

    assert [(row["label"], row["figure"]["display"]) for row in table["rows"]] == [
        ("Premiers pas", "< 5"),
        ("Mail", "< 5"),
    ]
    assert table["total"] == {"value": None, "display": "< 5", "hidden": True}


def test_api_breakdowns_unknown_key_is_a_404(client, organisation):
    client.force_login(StaffFactory())

    response = client.get(breakdown("no_such_table"), MARCH)

    assert response.status_code == 404
    assert response.json() == {"detail": "Cette ressource n’existe pas."}


def test_api_breakdowns_a_new_table_is_a_breakdown_without_change(
    client, organisation, monkeypatch
):
    """A table that reports.published adds (a six-month follow-up, say) is in
    the index and answers as a breakdown, with nothing to change in the API."""
    publish = api.report_publish

    def with_follow_up(figures):
        report = publish(figures)
        follow_up = PublishedTable(
            "six_months",
            "Situation six mois après",
            "Une table ajoutée par un test.",
            "Situation",
            [PublishedRow("job", "En emploi", count_figure(12))],
            count_figure(12),
        )
        return replace(report, tables=[*report.tables, follow_up])

    monkeypatch.setattr(api, "report_publish", with_follow_up)
    client.force_login(StaffFactory())

    links = _index_links(client, MARCH)
    body = client.get(breakdown("six_months"), MARCH).json()

    assert "six_months" in links
    assert body["table"]["caption"] == "Situation six mois après"
    assert body["table"]["rows"][0]["figure"]["value"] == 10


@pytest.mark.parametrize(
    "make", [LearnerFactory, PartnerFactory, TrainerFactory], ids=str
)
@pytest.mark.parametrize("url", [INDEX, breakdown("certificates_by_course")])
def test_api_breakdowns_refused_to_learners_partners_and_lone_trainers(
    client, make, url
):
    client.force_login(make())

    response = client.get(url, MARCH)

    assert response.status_code == 403
    assert "detail" in response.json()


@pytest.mark.parametrize("url", [INDEX, breakdown("certificates_by_course")])
def test_api_breakdowns_refused_to_visitors(client, url):
    assert client.get(url, MARCH).status_code in (401, 403)


@pytest.mark.parametrize(
    "url", [INDEX, breakdown("certificates_by_course"), breakdown("no_such_table")]
)
def test_api_breakdowns_another_organisations_coordinator_is_refused(
    client, organisation, url
):
    """Refused before anything is counted, an unknown key included: a 403
    that says nothing of the other organisation's tables."""
    client.force_login(coordinator_of(OrganisationFactory()))

    response = client.get(url, {**MARCH, "organisation": organisation.pk})

    assert response.status_code == 403


def test_api_breakdowns_never_expose_one_to_four(client, organisation):
    """In the index, the summary and every breakdown, for the platform and for
    the organisation: every value is null, 0 or at least 5, every hidden one
    null, and no display reads 1 to 4."""
    client.force_login(StaffFactory())

    checked = 0
    for query in (MARCH, {**MARCH, "organisation": organisation.pk}):
        for url in _index_links(client, query).values():
            for figure in _figures(client.get(url).json()):
                assert figure["value"] not in (1, 2, 3, 4), (url, figure)
                assert figure["display"] not in ("1", "2", "3", "4"), (url, figure)
                if figure["hidden"]:
                    assert figure["value"] is None, (url, figure)
                checked += 1
    assert checked > 20


@pytest.mark.parametrize("url", [INDEX, breakdown("skills_by_level")])
def test_api_breakdowns_bad_period_is_a_400_naming_the_field(client, url):
    client.force_login(StaffFactory())

    response = client.get(url, {"start": "2026-03-31", "end": "2026-03-01"})

    assert response.status_code == 400
    assert "le même jour que le début" in response.json()["end"][0]


def test_api_breakdowns_are_in_the_schema(client):
    """Both paths, their parameters, their answers and their serializers."""
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()

    index = schema["paths"]["/api/v1/reports/"]["get"]
    table = schema["paths"]["/api/v1/reports/breakdowns/{key}/"]["get"]
    assert {p["name"] for p in index["parameters"]} == {"start", "end", "organisation"}
    assert {(p["name"], p["in"]) for p in table["parameters"]} == {
        ("key", "path"),
        ("start", "query"),
        ("end", "query"),
        ("organisation", "query"),
    }
    for operation in (index, table):
        assert {"200", "400", "403", "404", "429"} <= set(operation["responses"])
    assert "No breakdown has this key" in table["responses"]["404"]["description"]

    def answer(operation) -> str:
        content = operation["responses"]["200"]["content"]["application/json"]
        return content["schema"]["$ref"].rsplit("/", 1)[-1]

    assert answer(index) == "ReportIndex"
    assert answer(table) == "ReportBreakdown"
    components = schema["components"]["schemas"]
    assert set(components["ReportBreakdown"]["properties"]) == {
        "start",
        "end",
        "organisation",
        "scope",
        "threshold",
        "rounding_base",
        "table",
    }
    assert set(components["ReportLink"]["properties"]) == {
        "key",
        "title",
        "description",
        "url",
    }
