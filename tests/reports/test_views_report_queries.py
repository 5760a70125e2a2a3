"""The report page, its CSV and the API summary: as many queries for 1,000
enrolments as for 10, and few (performance.md target 1)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.selectors import Period, impact_figures
from tests.factories import StaffFactory
from tests.reports.factories import coordinator_of, population_bulk

pytestmark = pytest.mark.django_db

QUARTER = {"start": "2026-01-01", "end": "2026-03-31"}
URLS = {
    "page": reverse("reports:report-detail"),
    "csv": reverse("reports:report-csv"),
    "api": reverse("api-report-summary"),
    "index": reverse("api-report-index"),
    "breakdown": reverse("api-report-breakdown", kwargs={"key": "skills_by_area"}),
}
# Session, user, the organisation asked for, its choices on the page (twice for
# a coordinator: Django's Select reads its first choice again before writing
# `required`), then reports.selectors' nine aggregates (the ninth: members'
# answers after a certificate, their interface language and age band).
MAX_QUERIES = 14


def _queries(client, organisation) -> dict[str, int]:
    counts = {}
    for scope, query in (
        ("platform", QUARTER),
        ("organisation", {**QUARTER, "organisation": organisation.pk}),
    ):
        for name, url in URLS.items():
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, query)
            assert response.status_code == 200, (name, scope)
            counts[f"{name}, {scope}"] = len(captured)
    return counts


def test_views_report_queries_do_not_grow_with_enrolments(client):
    """Staff's page, CSV and API for the platform and for one organisation make
    the same queries with 10 enrolments as with 1,000, at most MAX_QUERIES."""
    client.force_login(StaffFactory())
    organisations = population_bulk(
        enrolments=10, certificates=4, start=date(2026, 1, 5), days=60
    )
    small = _queries(client, organisations[0])

    population_bulk(
        enrolments=990,
        certificates=396,
        start=date(2026, 1, 5),
        days=60,
        into=organisations,
    )
    large = _queries(client, organisations[0])

    period = Period(date(2026, 1, 1), date(2026, 3, 31))
    assert impact_figures(period=period, organisation=None).enrolments == 1000
    assert impact_figures(period=period, organisation=None).certificates == 400
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def test_views_report_queries_coordinator_same_for_any_size(client):
    """A coordinator's page and API: the same queries at 10 and 1,000."""
    organisations = population_bulk(
        enrolments=10, certificates=4, start=date(2026, 1, 5), days=60
    )
    client.force_login(coordinator_of(organisations[0]))
    small = _queries(client, organisations[0])

    population_bulk(
        enrolments=990,
        certificates=396,
        start=date(2026, 1, 5),
        days=60,
        into=organisations,
    )
    large = _queries(client, organisations[0])

    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large
