"""Background jobs of the members app."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
)
def send_email_task(
    *, subject: str, body: str, from_email: str, to: list[str], html: str | None = None
) -> None:
    """Sends one account e-mail; retried with back-off while the mail server is down."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
