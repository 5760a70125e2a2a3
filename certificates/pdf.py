"""The certificate PDF: bytes from HTML, with one stylesheet per process.

It takes plain HTML and imports no other module of this app (rendering.py builds
the HTML, services.py stores the bytes)."""

from functools import cache

from django.contrib.staticfiles import finders

from core.pdf import font_configuration, render_pdf, url_fetcher

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
