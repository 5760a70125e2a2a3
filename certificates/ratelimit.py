"""Fixed-window look-up counters in the shared cache: per client address for
anonymous visitors, per organisation for partners."""

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
    """Counts one look-up for this client; past the limit, the seconds to wait.

    A logged-in partner counts against their organisation (or, without one, their
    account), never against the address: a training centre's shared connection or
    a public library full of anonymous look-ups must not stop a partner's batch."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_partner:
        identity = (
            f"org:{user.organisation_id}" if user.organisation_id else f"user:{user.pk}"
        )
        return retry_after(
            scope="verify-partner",
            identity=identity,
            rate=settings.PARTNER_VERIFICATION_RATE_LIMIT,
            setting="PARTNER_VERIFICATION_RATE_LIMIT",
        )
    return retry_after(
        scope="verify-rate",
        identity=client_address(request),
        rate=settings.VERIFICATION_RATE_LIMIT,
        setting="VERIFICATION_RATE_LIMIT",
    )
