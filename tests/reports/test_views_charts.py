"""The report page's charts: data for the script beside each table, Chart.js
loaded on this page only, nothing inline for the Content-Security-Policy."""

import json
import re

import pytest
from django.urls import reverse

from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:report-detail")
MARCH = {"start": "2026-03-01", "end": "2026-03-31"}


def _chart_json(page: str) -> dict:
    found = re.search(
        r'<script id="report-charts" type="application/json">(.*?)</script>', page
    )
    assert found, "no chart data in the page"
    return json.loads(found.group(1))


def test_views_charts_data_sit_with_each_table(client, coordinator):
    client.force_login(coordinator)

    page = client.get(URL, MARCH).content.decode()

    data = _chart_json(page)
    assert {"enrolments_completions", "certificates_by_course"} <= set(data)
    for key in data:
        # Hidden until the script draws it: without JavaScript, only the table.
        assert f'data-chart="{key}" hidden' in page
    assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in page
    assert 'src="/static/js/report-charts.js"' in page
    assert "style=" not in page


def test_views_charts_hidden_cells_have_no_number(client, coordinator):
    """3 certificates: "< 5" and no value, in the data as in the table."""
    client.force_login(coordinator)

    data = _chart_json(client.get(URL, MARCH).content.decode())

    bars = data["certificates_by_course"]["bars"]
    assert bars == [
        {"label": "Premiers pas", "value": None, "text": "< 5", "hidden": True}
    ]
    values = [bar["value"] for chart in data.values() for bar in chart["bars"]]
    assert not set(values) & {1, 2, 3, 4}


def test_views_charts_not_loaded_without_a_report(client):
    """A period that is not valid: no figures, so no chart library either."""
    client.force_login(StaffFactory())

    page = client.get(URL, {"start": "2026-03-31", "end": "2026-03-01"})

    assert "chart.umd" not in page.content.decode()
    assert "report-charts" not in page.content.decode()


def test_views_charts_other_pages_do_not_load_chart_js(client, coordinator):
    client.force_login(coordinator)

    assert "chart.umd" not in client.get(reverse("home")).content.decode()
