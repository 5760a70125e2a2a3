"""Receivers: a completed course schedules its certificate (connected in apps.py)."""

from django.db import transaction


def issue_after_completion(sender, enrollment, **kwargs) -> None:
    """Only schedules the issuance; the rules live in services.certificate_issue."""
    from .tasks import certificate_issue_task

    transaction.on_commit(lambda: _queue(certificate_issue_task, enrollment.pk))


def _queue(task, enrollment_id: int) -> None:
    from kombu.exceptions import OperationalError

    try:
        task.delay(enrollment_id)
    except OperationalError:  # broker down: issue in-process rather than lose it
        task.apply(args=[enrollment_id])


def warm_up_worker(**kwargs) -> None:
    """Each worker process renders once at start (WeasyPrint import, fonts, CSS)."""
    from .pdf import warm_up

    warm_up()
