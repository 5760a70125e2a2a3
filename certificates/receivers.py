"""Receivers (connected in apps.py): they only queue tasks; the rules live in
services. A completed course queues its certificate; a certificate that needs
its PDF queues the render; a worker process warms up once."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

from . import rendering, tasks

logger = logging.getLogger(__name__)


def issue_after_completion(sender, enrollment, **kwargs) -> None:
    """Only schedules the issuance; the rules live in services.certificate_issue."""
    transaction.on_commit(lambda: _queue(tasks.certificate_issue_task, enrollment.pk))


def _queue(task, enrollment_id: int) -> None:
    try:
        task.delay(enrollment_id)
    except OperationalError:  # broker down: issue in-process rather than lose it
        task.apply(args=[enrollment_id])


def render_queue(sender, certificate_id: int, **kwargs) -> None:
    """Queues the PDF render; a broker that is down delays it, the sweep queues it
    again later."""
    try:
        tasks.certificate_render_task.delay(certificate_id)
    except Exception:  # any broker failure: the sweep queues it later
        logger.warning("certificate %s: render not queued yet", certificate_id)


def warm_up_worker(**kwargs) -> None:
    """Each worker process renders once at start (WeasyPrint import, fonts, CSS)."""
    rendering.warm_up()
