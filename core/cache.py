"""Django's Redis cache that keeps pages working while Redis is away: a read is a
miss, a write is skipped, and `cache_reachable()` tells the few callers that must
refuse rather than go on uncounted (log-in throttling)."""

import logging
import time
from functools import wraps

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# One warning per this many seconds, not one per request of an outage.
WARN_EVERY = 60


def _degrade(fallback):
    def decorate(method):
        @wraps(method)
        def degraded(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._warn(error)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return degraded

    return decorate


class ResilientRedisCache(RedisCache):
    """RedisCache whose outages cost speed and counting, never a page."""

    _last_warning = 0.0

    def _warn(self, error: Exception) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > WARN_EVERY:
            ResilientRedisCache._last_warning = now
            log.warning("the cache (Redis) is unreachable, pages go on: %s", error)

    get = _degrade(lambda key, default=None, *a, **k: default)(RedisCache.get)
    get_many = _degrade({})(RedisCache.get_many)
    has_key = _degrade(False)(RedisCache.has_key)
    set = _degrade(None)(RedisCache.set)
    set_many = _degrade([])(RedisCache.set_many)
    # add answering True reads as "first hit of the window": limits fail open.
    add = _degrade(True)(RedisCache.add)
    touch = _degrade(False)(RedisCache.touch)
    delete = _degrade(False)(RedisCache.delete)
    delete_many = _degrade(None)(RedisCache.delete_many)
    incr = _degrade(lambda key, delta=1, *a, **k: delta)(RedisCache.incr)

    def reachable(self) -> bool:
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE:
            return False


def cache_reachable() -> bool:
    """Whether counters kept in the cache can be trusted right now (always true
    for caches that live in the process)."""
    probe = getattr(cache, "reachable", None)
    return probe() if probe is not None else True
