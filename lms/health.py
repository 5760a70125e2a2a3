"""GET /healthz: the database and, when configured, the broker and the cache."""

import logging

from django.conf import settings
from django.core.cache import cache
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


def _probe(name: str, check) -> str:
    try:
        return "up" if check() else "down"
    except Exception:  # any failure means "down"; the reason goes to the log only
        logger.warning("health check failed: %s", name, exc_info=True)
        return "down"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database}
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
