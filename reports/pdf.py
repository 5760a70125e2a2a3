"""The report PDF: bytes from HTML, with one stylesheet per process (plain HTML
in, no rows: rendering.py builds the HTML, services.py stores the bytes)."""

from functools import cache

from django.contrib.staticfiles import finders

from core.pdf import font_configuration, render_pdf, url_fetcher

STYLESHEET = "css/report-pdf.css"


@cache
def stylesheet():
    """The report's CSS, parsed once per process."""
    from weasyprint import CSS

    return CSS(
        filename=finders.find(STYLESHEET),
        font_config=font_configuration(),
        url_fetcher=url_fetcher(),
    )


def report_pdf(html: str) -> bytes:
    """A4 portrait PDF bytes for a report's HTML."""
    return render_pdf(html, stylesheets=[stylesheet()])
