"""The report's charts: built from any published table, hidden cells drawn as
their text, never as a number, and mirrored for right-to-left languages."""

import json
from datetime import date

import pytest

from reports import charts
from reports.published import PublishedRow, PublishedTable, report_publish
from reports.selectors import ImpactFigures, Period, Row
from reports.suppression import Figure, count_figure, small_figure


def _table(key="outcomes", cells=None) -> PublishedTable:
    cells = cells or [
        ("a", "Trouvé un emploi", count_figure(12)),
        ("b", "Formation", small_figure()),
    ]
    return PublishedTable(
        key,
        "Après le module",
        "Ce que les personnes ont fait ensuite.",
        "Suite",
        [PublishedRow(k, label, figure) for k, label, figure in cells],
        count_figure(15),
    )


def _figures(**counts) -> ImpactFigures:
    values = {
        "learners_active": 20,
        "enrolments": 22,
        "completions": 3,
        "cohort_completed": 3,
        "median_days_to_completion": None,
        "certificates": 3,
        "certificates_by_course": [Row("1", "Premiers pas", 3)],
        "certified_skills": 0,
        "skills_by_area": [],
        "skills_by_level": [],
        "stories": 0,
        "interests": 0,
        # Nobody said their language or age, nobody answered after a certificate.
        "learners_by_language": [],
        "language_not_said": 20,
        "learners_by_age_band": [],
        "age_band_not_said": 20,
        "outcomes": [],
        "outcome_respondents": 0,
    } | counts
    return ImpactFigures(
        period=Period(date(2026, 3, 1), date(2026, 3, 31)), organisation=None, **values
    )


def test_charts_table_chart_works_for_any_published_table():
    """A table the charts module has never heard of gets its chart."""
    chart = charts.table_chart(_table())

    assert chart.key == "outcomes"
    assert chart.title == "Après le module"
    assert [(bar.label, bar.value, bar.text) for bar in chart.bars] == [
        ("Trouvé un emploi", 10, "10"),
        ("Formation", None, "< 5"),
    ]


def test_charts_table_without_rows_has_no_chart():
    table = PublishedTable("empty", "Vide", "", "Ligne", [], Figure(0, "0"))

    assert charts.table_chart(table) is None


def test_charts_report_has_enrolments_completions_and_every_table():
    report = report_publish(_figures())

    found = charts.report_charts(report)

    assert list(found) == [
        "enrolments_completions",
        "certificates_by_course",
    ]  # tables without rows (no skills) have no chart
    flow = found["enrolments_completions"]
    assert [(bar.label, bar.text) for bar in flow.bars] == [
        ("Inscriptions", "20"),
        ("Modules terminés", "< 5"),
    ]


def test_charts_data_gives_no_number_for_a_hidden_cell():
    """The page's script gets null and "< 5", never the count behind it."""
    report = report_publish(_figures())

    data = charts.chart_data(charts.report_charts(report))

    bar = data["certificates_by_course"]["bars"][0]
    assert bar == {
        "label": "Premiers pas",
        "value": None,
        "text": "< 5",
        "hidden": True,
    }
    assert '"value": 3' not in json.dumps(data)
    assert "Premiers pas : < 5" in data["certificates_by_course"]["description"]


def test_charts_svg_draws_no_bar_for_a_hidden_cell():
    svg = charts.svg_chart(charts.table_chart(_table()))

    shown, hidden = svg["rows"]
    assert shown["rect_width"] > 0
    assert hidden["rect_width"] == 0
    assert hidden["bar"].text == "< 5"


@pytest.mark.parametrize("rtl", [False, True])
def test_charts_svg_is_mirrored_right_to_left(rtl):
    """In Arabic, labels sit on the right and bars grow leftwards."""
    svg = charts.svg_chart(charts.table_chart(_table()), rtl=rtl)

    row = svg["rows"][0]
    label_on_right = row["label_x"] > svg["width"] / 2
    assert label_on_right is rtl
    if rtl:
        assert row["rect_x"] + row["rect_width"] == pytest.approx(svg["axis_x"])
        assert row["text_x"] < row["rect_x"]
    else:
        assert row["rect_x"] == svg["axis_x"]
        assert row["text_x"] > row["rect_x"] + row["rect_width"]


def test_charts_svg_wraps_long_labels_on_two_lines():
    long = "Premiers pas avec un smartphone, puis les applications de la commune"
    svg = charts.svg_chart(
        charts.table_chart(_table(cells=[("a", long, count_figure(10))]))
    )

    lines = svg["rows"][0]["label_lines"]
    assert len(lines) == 2
    assert all(len(line["text"]) <= charts.SVG_LABEL_CHARS for line in lines)
