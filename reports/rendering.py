"""The published report as HTML for the PDF engine: figures, tables, their
definitions and a server-drawn SVG chart beside each table (WeasyPrint runs no
script), in the active language."""

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import translation

from .charts import FLOW_CHART_KEY, report_charts, svg_chart
from .published import PublishedReport


def report_html(*, report: PublishedReport, generated_at: datetime) -> str:
    """Escaped HTML of the whole report; every text goes through the template
    engine, so a course title cannot inject markup into the PDF."""
    rtl = translation.get_language_bidi()
    charts = report_charts(report)
    flow = charts.get(FLOW_CHART_KEY)
    sections = [
        {"table": table, "svg": svg_chart(chart, rtl=rtl) if chart else None}
        for table in report.tables
        for chart in [charts.get(table.key)]
    ]
    return render_to_string(
        "reports/pdf/report.html",
        {
            "report": report,
            "flow_svg": svg_chart(flow, rtl=rtl) if flow else None,
            "sections": sections,
            "generated_at": generated_at,
        },
    )
