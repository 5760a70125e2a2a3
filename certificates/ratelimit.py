"""A fixed-window counter per client address, kept in the shared cache."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from core.ratelimit import rate_parse, retry_after

__all__ = ["client_address", "rate_parse", "verification_retry_after"]


def client_address(request) -> str:
    """The client's address as log-in throttling reads it (trusted proxies honoured)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR") or "unknown"


def verification_retry_after(request) -> int | None:
    """Counts one look-up for this client; past the limit, the seconds to wait."""
    return retry_after(
        scope="verify-rate",
        identity=client_address(request),
        rate=settings.VERIFICATION_RATE_LIMIT,
        setting="VERIFICATION_RATE_LIMIT",
    )
