"""Fixed-window counters kept in the shared cache, for any rate limit."""

import re
import time

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def rate_parse(text: str, *, setting: str = "rate") -> tuple[int, int]:
    """ "60/m" -> (60, 60), "1000/5m" -> (1000, 300): hits per window seconds."""
    match = RATE.match(text or "")
    if not match:
        raise ImproperlyConfigured(f"{setting}: {text!r} is not N/unit")
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * UNITS[unit]


def retry_after(*, scope: str, identity: str, rate: str, setting: str = "rate"):
    """Counts one hit for `identity` in `scope`; past the rate, the seconds to
    wait (None while under it).

    The counter lives in the cache (Redis in production), so every process shares
    it; cache.add then cache.incr are atomic there."""
    limit, window = rate_parse(rate, setting=setting)
    now = int(time.time())
    key = f"{scope}:{identity}:{window}:{now // window}"
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
