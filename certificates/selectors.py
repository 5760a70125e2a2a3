"""Reads on certificates: verification by code in one query."""

from .models import Certificate


def certificate_for_code(canonical_code: str) -> Certificate | None:
    """The certificate with this code, or None; always exactly one query."""
    return Certificate.objects.filter(code=canonical_code).first()
