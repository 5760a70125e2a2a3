"""Background jobs of the impact reports: render an export's PDF, forget old ones."""

from celery import shared_task
from django.db import OperationalError as DatabaseError

from . import services

# A report is a few pages: these limits only stop a runaway document.
RENDER_SOFT_LIMIT = 120
RENDER_HARD_LIMIT = 180


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
    # Storage and database faults pass; a document that fails to render is
    # marked failed by the service instead (it would fail again).
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
)
def report_export_render_task(export_id: str) -> str | None:
    """Renders and stores one export's PDF; returns its state (None: deleted)."""
    export = services.report_export_render(export_id=export_id)
    return export.state if export else None


@shared_task
def report_exports_expire_task() -> int:
    """Deletes exports older than a day, files included (run by Celery beat)."""
    return services.report_exports_expire()
