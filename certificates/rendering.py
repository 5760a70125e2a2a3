"""The certificate as HTML for the PDF engine: from a certificate's frozen fields
to escaped markup with its QR code, and the warm-up render of a worker process.

Arrows: services and receivers call this module; it calls pdf.py (bytes from
HTML), which knows nothing of certificates' rows."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.qr import qr_data_uri

from . import pdf
from .models import Certificate


def certificate_html(certificate: Certificate) -> str:
    """The certificate as HTML for WeasyPrint, in the course's language; every
    field is escaped by the template engine."""
    verify_path = reverse("certificates:verify-code", args=[certificate.display_code])
    verify_url = f"{settings.SITE_URL}{verify_path}"
    with translation.override(certificate.course_language):
        return render_to_string(
            "certificates/pdf/certificate.html",
            {
                "certificate": certificate,
                "verify_url": verify_url,
                "verify_site": settings.SITE_URL,
                "verify_path": verify_path,
                "qr_svg": qr_data_uri(verify_url),
            },
        )


def certificate_warm_up_html() -> str:
    """The HTML of a typical certificate that is never saved (worker warm-up)."""
    sample = Certificate(
        code="0" * 12 + "0",
        holder_name="Léa Dubois · ليلى",
        course_title="Premiers pas avec un smartphone",
        course_language="fr",
        hours=2,
        competences=[{"code": "2.1", "name": "Interagir", "level": 1}],
        assessment="Quiz réussi à 100 %",
        issuer_name=settings.CERTIFICATE_ISSUER_NAME,
        issuer_company_number=settings.CERTIFICATE_ISSUER_COMPANY_NUMBER,
        issued_on=timezone.localdate(),
    )
    return certificate_html(sample)


def warm_up() -> None:
    """Renders a typical certificate once, unsaved: WeasyPrint, the fonts in
    every weight, the stylesheet, the template engine, URL routes and the QR
    code are then loaded, so the first real certificate costs what the others
    cost."""
    pdf.certificate_pdf(certificate_warm_up_html())
