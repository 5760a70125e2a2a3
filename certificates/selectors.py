"""Reads on certificates: verification by code in one query."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .codes import code_parse
from .models import Certificate


def certificate_for_code(canonical_code: str) -> Certificate | None:
    """The certificate with this code, or None; always exactly one query."""
    return Certificate.objects.filter(code=canonical_code).first()


def certificates_of(*, user) -> QuerySet[Certificate]:
    """The member's certificates, newest first (one query)."""
    return Certificate.objects.filter(user=user).order_by("-created_at", "-pk")


def certificate_of_holder(*, user, code: str) -> Certificate:
    """The member's own certificate by code; anyone else's is a 404."""
    parsed = code_parse(code)
    return get_object_or_404(Certificate, user=user, code=parsed.canonical or "")
