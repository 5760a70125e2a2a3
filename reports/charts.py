"""Charts of the published report, built from its tables: the same cells, so a
hidden one ("< 5", "masqué") is a bar of no length with its text, never a number.

Plain data in, plain data out: the page hands `chart_data` to its script
(static/js/report-charts.js, Chart.js) and the PDF draws `svg_chart` itself,
as WeasyPrint runs no script. Any table of `PublishedReport.tables` gets a chart
without code of its own."""

import textwrap
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .published import PublishedReport, PublishedTable

# The key figures compared in one chart; its table is the key figures' table.
FLOW_CHART_KEY = "enrolments_completions"
FLOW_FIGURES = ("enrolments", "completions")

# Geometry of the SVG chart, in user units (CSS pixels on the PDF's page).
SVG_WIDTH = 560
SVG_LABEL_WIDTH = 210
SVG_TEXT_ROOM = 70
SVG_ROW_HEIGHT = 36
SVG_BAR_HEIGHT = 18
SVG_PADDING = 6
SVG_FONT_SIZE = 12
SVG_LINE_HEIGHT = 14
SVG_LABEL_CHARS = 30  # what fits in SVG_LABEL_WIDTH at SVG_FONT_SIZE


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: int | None
    text: str
    hidden: bool


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[ChartBar]

    @property
    def description(self) -> str:
        """What a screen reader says for the drawing: the same texts as the table."""
        values = " ; ".join(f"{bar.label} : {bar.text}" for bar in self.bars)
        return _("Graphique « %(title)s » : %(values)s") % {
            "title": self.title,
            "values": values,
        }


def table_chart(table: PublishedTable) -> Chart | None:
    """One bar per row of the table (the total is in the table); None for a
    table with no row."""
    if not table.rows:
        return None
    bars = [
        ChartBar(row.label, row.figure.value, row.figure.text, row.figure.hidden)
        for row in table.rows
    ]
    return Chart(table.key, table.caption, bars)


def flow_chart(report: PublishedReport) -> Chart | None:
    """Enrolments beside completions, from the key figures."""
    figures = {item.key: item for item in report.figures}
    if not all(key in figures for key in FLOW_FIGURES):
        return None
    bars = [
        ChartBar(
            figures[key].label,
            figures[key].figure.value,
            figures[key].figure.text,
            figures[key].figure.hidden,
        )
        for key in FLOW_FIGURES
    ]
    return Chart(FLOW_CHART_KEY, _("Inscriptions et modules terminés"), bars)


def report_charts(report: PublishedReport) -> dict[str, Chart]:
    """Every chart of the report, by the key of the table it sits with."""
    charts = [flow_chart(report)] + [table_chart(table) for table in report.tables]
    return {chart.key: chart for chart in charts if chart is not None}


def chart_data(charts: dict[str, Chart]) -> dict:
    """What the page's script draws, for json_script: no markup, only data."""
    return {
        key: {
            "title": chart.title,
            "description": chart.description,
            "bars": [
                {
                    "label": bar.label,
                    "value": None if bar.hidden else bar.value,
                    "text": bar.text,
                    "hidden": bar.hidden,
                }
                for bar in chart.bars
            ],
        }
        for key, chart in charts.items()
    }


def _label_lines(label: str) -> list[str]:
    """Two lines at most: SVG text does not wrap by itself."""
    lines = textwrap.wrap(label, SVG_LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [
            lines[0],
            textwrap.shorten(" ".join(lines[1:]), SVG_LABEL_CHARS, placeholder=" …"),
        ]
    return lines


def svg_chart(chart: Chart, *, rtl: bool = False) -> dict:
    """Positions of each bar and text of a horizontal bar chart; mirrored for a
    right-to-left language (labels on the right, bars growing leftwards)."""
    tallest = max((bar.value or 0 for bar in chart.bars if not bar.hidden), default=0)
    room = SVG_WIDTH - SVG_LABEL_WIDTH - SVG_TEXT_ROOM - 2 * SVG_PADDING
    base = SVG_LABEL_WIDTH + SVG_PADDING

    def x(position: float) -> float:
        return SVG_WIDTH - position if rtl else position

    rows = []
    for index, bar in enumerate(chart.bars):
        top = SVG_PADDING + index * SVG_ROW_HEIGHT
        middle = top + SVG_ROW_HEIGHT / 2
        length = 0 if bar.hidden or not tallest else room * (bar.value or 0) / tallest
        lines = _label_lines(bar.label)
        first_line = middle + 4 - SVG_LINE_HEIGHT / 2 * (len(lines) - 1)
        rows.append(
            {
                "bar": bar,
                "rect_x": round(x(base + length) if rtl else base, 1),
                "rect_y": round(middle - SVG_BAR_HEIGHT / 2, 1),
                "rect_width": round(length, 1),
                "rect_height": SVG_BAR_HEIGHT,
                "text_x": round(x(base + length + SVG_PADDING), 1),
                "text_y": round(middle + 4, 1),
                "label_x": x(SVG_LABEL_WIDTH - SVG_PADDING),
                "label_lines": [
                    {"text": line, "y": round(first_line + SVG_LINE_HEIGHT * number, 1)}
                    for number, line in enumerate(lines)
                ],
            }
        )
    return {
        "chart": chart,
        "width": SVG_WIDTH,
        "height": 2 * SVG_PADDING + len(chart.bars) * SVG_ROW_HEIGHT,
        "axis_x": x(base),
        "font_size": SVG_FONT_SIZE,
        # Anchors in the SVG's own (left-to-right) coordinates.
        "label_anchor": "start" if rtl else "end",
        "text_anchor": "end" if rtl else "start",
        "rows": rows,
    }
