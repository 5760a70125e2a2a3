"""A fixed-window counter per client address, kept in the shared cache."""

import re
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def rate_parse(text: str) -> tuple[int, int]:
    """ "60/m" -> (60, 60), "1000/5m" -> (1000, 300): look-ups per window seconds."""
    match = RATE.match(text or "")
    if not match:
        raise ImproperlyConfigured(f"VERIFICATION_RATE_LIMIT: {text!r} is not N/unit")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNITS[unit]


def client_address(request) -> str:
    """The client's address as log-in throttling reads it (trusted proxies honoured)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return request.META.get("REMOTE_ADDR") or "unknown"


def verification_retry_after(request) -> int | None:
    """Counts one look-up for this client; past the limit, the seconds to wait.

    The counter lives in the cache (Redis in production), so every process shares
    it; cache.add then cache.incr are atomic there."""
    limit, window = rate_parse(settings.VERIFICATION_RATE_LIMIT)
    now = int(time.time())
    key = f"verify-rate:{client_address(request)}:{window}:{now // window}"
    if cache.add(key, 1, timeout=window + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # the window just expired between add and incr
            cache.add(key, 1, timeout=window + 1)
            count = 1
    if count > limit:
        return max(1, window - now % window)
    return None
