"""The certificate PDF: one stylesheet per process, a QR code, a warm-up render."""

from functools import cache

from django.contrib.staticfiles import finders

from lms.pdf import font_configuration, render_pdf, url_fetcher
from lms.qr import qr_data_uri  # noqa: F401 (re-exported: pdf.qr_data_uri)

STYLESHEET = "css/certificate-pdf.css"


@cache
def stylesheet():
    """The certificate's CSS, parsed once per process (parsing per PDF costs time
    and memory)."""
    from weasyprint import CSS

    path = finders.find(STYLESHEET)
    return CSS(
        filename=path, font_config=font_configuration(), url_fetcher=url_fetcher()
    )


def certificate_pdf(html: str) -> bytes:
    """A4 landscape PDF bytes for a certificate's HTML."""
    return render_pdf(html, stylesheets=[stylesheet()])


def warm_up() -> None:
    """Renders a typical certificate once, unsaved: WeasyPrint, the fonts in
    every weight, the stylesheet, the template engine, URL routes and the QR
    code are then loaded, so the first real certificate costs what the others
    cost."""
    from .services import certificate_warm_up_html

    certificate_pdf(certificate_warm_up_html())
