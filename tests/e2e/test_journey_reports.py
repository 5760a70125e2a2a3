"""Journey: Tom, a coordinator, reads his organisation's impact report with its
charts, changes the period, and downloads the figures as a CSV file and a PDF."""

import csv
import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.axe import assert_axe_clean
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.layout import page_width, small_targets
from tests.e2e.test_journey_login_cards import log_in

PASSWORD = "sirius-demo-2026"
SMALL_COUNTS = {"1", "2", "3", "4"}
# Every chart's bars as Chart.js holds them: the values it draws, and whether the
# value axis runs right to left.
CHART_STATE = """() => [...document.querySelectorAll('[data-chart] canvas')]
.map(canvas => {
  const chart = Chart.getChart(canvas);
  return {
    key: canvas.parentElement.dataset.chart,
    values: chart.data.datasets[0].data,
    reversed: chart.options.scales.x.reverse,
    labelsOn: chart.options.scales.y.position,
    width: canvas.getBoundingClientRect().width,
  };
})"""


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _check_charts(page, *, rtl: bool) -> list[dict]:
    """Each chart drawn beside its table, no bar for a hidden cell, mirrored in
    Arabic."""
    expect(page.locator("[data-chart='enrolments_completions'] canvas")).to_be_visible()
    expect(page.locator("[data-chart='certificates_by_course'] canvas")).to_be_visible()
    charts = page.evaluate(CHART_STATE)
    assert {chart["key"] for chart in charts} >= {
        "enrolments_completions",
        "certificates_by_course",
    }
    for chart in charts:
        assert not {str(value) for value in chart["values"]} & SMALL_COUNTS, chart
        assert chart["reversed"] is rtl
        assert chart["labelsOn"] == ("right" if rtl else "left")
        assert 0 < chart["width"] <= page.viewport_size["width"]
    # The demo cohort's answers after their certificate get their chart too.
    expect(page.locator("[data-chart='outcomes'] canvas")).to_be_visible()
    # The tables are still there, with the same figures: certificates by course,
    # by area and by level, outcomes, languages, age bands, and the key figures.
    expect(page.locator("table.report-table")).to_have_count(7)
    return charts


def _csv_rows(page) -> list[list[str]]:
    with page.expect_download() as download:
        page.locator("a[href*='/reports/export.csv']").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(
    "viewport",
    [pytest.param(PHONE, id="360x740"), pytest.param(DESKTOP, id="1280x800")],
)
@pytest.mark.parametrize(("language", "direction"), [("fr", "ltr"), ("ar", "rtl")])
def test_journey_reports_charts_period_csv_and_pdf(
    media, new_context, demo, viewport, language, direction
):
    page = new_context(language=language).new_page()
    log_in(page, "tom", PASSWORD)

    page.locator("nav a[href='/reports/']").click()
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("#report-title")).to_be_visible()
    _check_charts(page, rtl=direction == "rtl")
    assert_axe_clean(page)
    assert small_targets(page) == []
    assert page_width(page) <= viewport["width"]

    # The last four months: the spring cohort only.
    today = timezone.localdate()
    start = today - timedelta(days=125)
    page.locator("form.report-query input[name=start]").fill(start.isoformat())
    page.locator("form.report-query input[name=end]").fill(today.isoformat())
    page.locator("form.report-query button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"start={start.isoformat()}"))
    _check_charts(page, rtl=direction == "rtl")
    assert_axe_clean(page)

    rows = _csv_rows(page)
    values = [row[2] for row in rows[1:]]
    assert "< 5" in values
    assert not set(values) & SMALL_COUNTS, rows

    page.locator("form[action='/reports/exports/'] button").click()
    expect(page).to_have_url(re.compile(r"/reports/exports/[0-9a-f-]+/$"))
    link = page.locator("#export-status a[href$='/pdf']")
    expect(link).to_be_visible()  # tasks run in-process here: ready at once
    if language == "fr":  # the Arabic words come with the catalogues, later
        expect(page.locator("#export-status")).to_contain_text("Le rapport est prêt.")
    assert_axe_clean(page)
    with page.expect_download() as download:
        link.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "< 5" in text
