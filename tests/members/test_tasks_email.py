"""Account e-mails leave through a Celery task: eagerly here, or via a real worker."""

import time
from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import EmailDelivery
from members.tasks import email_deliveries_forget_task, send_email_task
from tests.factories import LearnerFactory


def _wait_for_mail(count: int, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


@pytest.mark.django_db
def test_tasks_email_sends_text_and_html():
    """The task sends one message with its text and HTML versions."""
    send_email_task.delay(
        subject="Bienvenue",
        body="Bonjour Léa",
        from_email="Sirius Hub <no-reply@sirius-hub.local>",
        to=["lea@example.org"],
        html="<p>Bonjour Léa</p>",
    )

    [message] = mail.outbox
    assert message.subject == "Bienvenue"
    assert message.to == ["lea@example.org"]
    assert message.alternatives[0][0] == "<p>Bonjour Léa</p>"


MESSAGE = {
    "subject": "Votre certificat est prêt",
    "body": "Bonjour Léa",
    "from_email": "no-reply@sirius-hub.local",
    "to": ["lea@example.org"],
}


@pytest.mark.django_db
def test_tasks_email_redelivered_message_is_not_sent_twice():
    """The broker hands out the same message again (a killed worker, a visibility
    timeout): the learner still gets one e-mail."""
    send_email_task.apply(kwargs=MESSAGE, task_id="4f1c-redelivered")
    send_email_task.apply(kwargs=MESSAGE, task_id="4f1c-redelivered")
    send_email_task.apply(kwargs=MESSAGE, task_id="another-message")

    assert len(mail.outbox) == 2
    assert EmailDelivery.objects.count() == 2


@pytest.mark.django_db
def test_tasks_email_failed_send_is_not_remembered(monkeypatch):
    """A mail server that refuses leaves no delivery behind: the retry sends it."""

    def refused(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refused)
    with pytest.raises((Retry, OSError)):
        send_email_task.apply(kwargs=MESSAGE, task_id="refused-once")
    assert not EmailDelivery.objects.exists()
    monkeypatch.undo()

    send_email_task.apply(kwargs=MESSAGE, task_id="refused-once")
    assert [m.subject for m in mail.outbox] == ["Votre certificat est prêt"]


@pytest.mark.django_db
def test_tasks_email_deliveries_are_forgotten_after_a_week():
    """Old deliveries are purged; recent ones still guard their message."""
    old = EmailDelivery.objects.create(
        task_id="old", sent_at=timezone.now() - timedelta(days=8)
    )
    recent = EmailDelivery.objects.create(task_id="recent")

    assert email_deliveries_forget_task.apply().get() == 1
    assert not EmailDelivery.objects.filter(pk=old.pk).exists()
    assert EmailDelivery.objects.filter(pk=recent.pk).exists()


@pytest.mark.celery_worker
def test_tasks_email_password_reset_delivered_by_real_worker(
    client, celery_worker_thread
):
    """With a real broker, a worker delivers the reset e-mail, not the request."""
    assert not send_email_task.app.conf.task_always_eager
    learner = LearnerFactory()

    response = client.post(reverse("account_reset_password"), {"email": learner.email})

    assert response.status_code == 302
    outbox = _wait_for_mail(1)
    assert len(outbox) == 1
    assert outbox[0].to == [learner.email]
    assert "/accounts/password/reset/key/" in outbox[0].body


@pytest.mark.django_db
def test_tasks_email_broker_down_still_sends(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    """With the broker unreachable, the reset e-mail is sent in-process, not lost."""
    from kombu.exceptions import OperationalError

    def broker_down(**kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(send_email_task, "delay", broker_down)
    user = LearnerFactory(email="amina@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_reset_password"), {"email": user.email}, follow=True
        )

    assert response.status_code == 200
    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject.startswith("[Sirius Hub]")
