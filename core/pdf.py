"""WeasyPrint with a locked URL fetcher and one font configuration per process."""

import logging
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"


def _allowed_roots() -> list[Path]:
    roots = [Path(settings.STATIC_ROOT)]
    roots += [
        Path(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS
    ]
    return [root.resolve() for root in roots]


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LockedURLFetcher(URLFetcher):
        """Fetches only data: URLs and our own static files; never the network."""

        def __init__(self):
            super().__init__(
                timeout=2, allowed_protocols={"data", "file"}, allow_redirects=False
            )

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_file() and any(
                    path.is_relative_to(root) for root in _allowed_roots()
                ):
                    return super().fetch(path.as_uri(), headers)
            logger.warning("PDF rendering refused to fetch a %s: URL", scheme)
            raise ValueError("URL not allowed in PDF rendering")

    return LockedURLFetcher


@cache
def font_configuration():
    """One FontConfiguration per process: building it per PDF leaks and is slower."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def url_fetcher():
    """The fetcher every PDF uses: data: URLs and our static files, nothing else."""
    return _fetcher_class()()


def render_pdf(html: str, *, stylesheets: list | None = None) -> bytes:
    """Renders already-escaped HTML to PDF bytes without any network access;
    `stylesheets` are weasyprint.CSS objects built once per process."""
    from weasyprint import HTML

    document = HTML(
        string=html,
        base_url=Path(settings.STATIC_ROOT).resolve().as_uri() + "/",
        url_fetcher=url_fetcher(),
    )
    # PDF/UA: tagged (headings, lists, reading order) for screen readers, with
    # the <title> as document title and <html lang> as its language.
    return document.write_pdf(
        stylesheets=stylesheets,
        font_config=font_configuration(),
        pdf_variant=PDF_VARIANT,
    )
