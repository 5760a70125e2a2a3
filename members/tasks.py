"""Background jobs of the members app."""

from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import EmailDelivery

# How long a delivery is remembered: far longer than any redelivery of its message.
DELIVERY_MEMORY = timedelta(days=7)


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def send_email_task(
    self,
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str | None = None,
) -> None:
    """Sends one account e-mail once; retried with back-off while the mail server
    is down."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    # The row is locked while the message is handed to the mail server: a second
    # copy of the same task waits, then finds it sent. A worker killed in between
    # rolls the row back, so the copy sends it (at least once, never lost).
    if self.request.id is None:  # called as a plain function: nothing to repeat
        message.send()
        return
    with transaction.atomic():
        _, created = EmailDelivery.objects.select_for_update().get_or_create(
            task_id=self.request.id
        )
        if not created:
            return
        message.send()


@shared_task
def email_deliveries_forget_task() -> int:
    """Forgets deliveries older than any redelivery could be; returns how many."""
    deleted, _ = EmailDelivery.objects.filter(
        sent_at__lt=timezone.now() - DELIVERY_MEMORY
    ).delete()
    return deleted
