"""Receivers (connected in apps.py): they only queue tasks; the rules live in
services."""

import logging

from . import tasks

logger = logging.getLogger(__name__)


def export_render_queue(sender, export_id: str, **kwargs) -> None:
    """Queues the PDF render; with the broker down the export stays pending,
    its page says after a while that it is late, and a new request is possible."""
    try:
        tasks.report_export_render_task.delay(export_id)
    except Exception:  # any broker failure: the person is told on the status page
        logger.warning("report export %s: render not queued", export_id)
