"""Account e-mails leave through a Celery task: eagerly here, or via a real worker."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from members.tasks import send_email_task
from tests.factories import LearnerFactory


def _wait_for_mail(count: int, timeout: float = 10.0) -> list:
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


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
