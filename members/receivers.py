"""Receivers (connected in apps.py): they only queue tasks; what to send is
decided by services.email_send."""

import logging

from kombu.exceptions import OperationalError

from .tasks import send_email_task

logger = logging.getLogger(__name__)


def email_queue(sender, **payload) -> None:
    """Queues the e-mail for a worker; with the broker down it is sent in-process
    rather than lost."""
    payload.pop("signal", None)
    try:
        send_email_task.delay(**payload)
    except OperationalError:
        logger.warning("broker unavailable: sending an e-mail in-process")
        send_email_task.apply(kwargs=payload)
