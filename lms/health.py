"""Health probes: /healthz/live (the process answers: restart it if not) and
/healthz/ready, also at /healthz (the database, the storage and, when configured,
the broker and the cache: send no traffic while one is down). Each failing part is
named in the JSON; the reason goes to the log, never to the answer."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _broker() -> bool:
    from lms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
        return True


def _cache() -> bool:
    cache.set("healthz", "ok", 5)
    return cache.get("healthz") == "ok"


def _storage() -> bool:
    # A write, a read and a delete: a full or read-only disk, or a bucket that
    # refuses writes, is "down" before a learner's upload fails.
    name = default_storage.save("healthz/probe.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as probe:
            return probe.read() == b"ok"
    finally:
        default_storage.delete(name)


def _probe(name: str, check) -> str:
    try:
        return "up" if check() else "down"
    except Exception:  # any failure means "down"; the reason goes to the log only
        logger.warning("health check failed: %s", name, exc_info=True)
        return "down"


@never_cache
@require_GET
def live(request):
    """Liveness: the process answers; it checks nothing it depends on."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def healthz(request):
    """Readiness: every service the platform needs to serve requests."""
    checks = {"database": _database, "storage": _storage}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = _broker
    if settings.REDIS_URL:
        checks["cache"] = _cache
    state = {name: _probe(name, check) for name, check in checks.items()}
    healthy = all(value == "up" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": state},
        status=200 if healthy else 503,
    )
