"""Background jobs of certificates: issue after completion, render the PDF, sweep."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.db import OperationalError as DatabaseError

from courses.models import Enrollment

from . import services

logger = logging.getLogger(__name__)

# A render is ~25 ms warm; these limits only stop a runaway document.
RENDER_SOFT_LIMIT = 60
RENDER_HARD_LIMIT = 90


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def certificate_issue_task(enrollment_id: int) -> int | None:
    """Issues the certificate of a completed enrolment (safe to run twice)."""
    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        return None
    try:
        return services.certificate_issue(enrollment=enrollment).pk
    except ValidationError as refusal:
        # A rule says no (revoked, not complete): nothing to retry.
        logger.info("enrolment %s: no certificate (%s)", enrollment_id, refusal.code)
        return None


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
    autoretry_for=(DatabaseError, OSError, SoftTimeLimitExceeded),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def certificate_render_task(certificate_id: int) -> str:
    """Renders and stores one certificate's PDF; nothing happens if it is stored."""
    return services.certificate_pdf_store(certificate_id=certificate_id).pdf_sha256


@shared_task
def certificates_sweep_task() -> int:
    """Re-queues certificates stuck in preparation (run by Celery beat)."""
    return len(services.certificates_sweep())
