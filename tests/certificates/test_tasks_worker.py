"""Catalogue H1-H5 with real workers: prefork subprocesses on the PostgreSQL test
database and a real Redis broker (a private redis-server when the test stops it).
Whatever fails (a killed worker, a broker outage, a rollback, a hung render, a
mail server that times out), a certificate ends issued with one PDF and one
e-mail, or never exists."""

import hashlib
import os
import re
import signal
import socket
import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from factory.django import mute_signals

from certificates import services
from certificates.models import Certificate
from certificates.tasks import certificate_issue_task, certificate_render_task
from courses.signals import course_completed
from tests.certificates.conftest import header, real_services_missing, wait_until
from tests.certificates.factories import completed_enrollment

pytestmark = [
    pytest.mark.celery_worker,
    # Skipped before any database is set up (the fixture checks again).
    pytest.mark.skipif(bool(real_services_missing()), reason=real_services_missing()),
    pytest.mark.django_db(transaction=True),
]


def _certificate(enrollment) -> Certificate | None:
    return Certificate.objects.filter(
        user=enrollment.user, course=enrollment.course
    ).first()


def _issued(enrollment) -> Certificate | None:
    certificate = _certificate(enrollment)
    if certificate and certificate.status == Certificate.Status.ISSUED:
        return certificate
    return None


def _ready_mails(rig, enrollment) -> list:
    return [
        m
        for m in rig.mails(to=enrollment.user.email)
        if "certificat" in header(m, "Subject")
    ]


def _assert_one_pdf_one_mail(rig, enrollment) -> Certificate:
    """Promise 3: one row, one stored PDF (its hash kept), one e-mail."""
    [certificate] = Certificate.objects.filter(
        user=enrollment.user, course=enrollment.course
    )
    assert certificate.status == Certificate.Status.ISSUED
    [stored] = rig.pdf_files()
    assert certificate.pdf.name == f"certificates/{stored.name}"
    assert certificate.pdf_sha256 == hashlib.sha256(stored.read_bytes()).hexdigest()
    wait_until(lambda: _ready_mails(rig, enrollment), timeout=20, what="the e-mail")
    time.sleep(1)  # a second e-mail would come right behind the first
    assert len(_ready_mails(rig, enrollment)) == 1
    assert certificate.ready_email_sent_at is not None
    return certificate


def _task_id(worker, task_name: str) -> str:
    found = re.search(rf"{task_name}\[([0-9a-f-]+)\] received", worker.log())
    assert found, f"{task_name} never reached the worker"
    return found.group(1)


def test_tasks_worker_h1_child_killed_mid_render_is_delivered_again(worker_rig):
    """kill -9 of the prefork child while it renders: the message was not acked,
    the worker gets it again, renders once more; one PDF, one e-mail."""
    worker_rig.plan_renders("sleep 60")
    worker = worker_rig.start_worker()

    enrollment = completed_enrollment()  # the issue task goes through the broker

    wait_until(lambda: worker_rig.render_calls() == 1, timeout=30, what="a render")
    assert _certificate(enrollment).status == Certificate.Status.PREPARING
    [child] = worker.children()
    os.kill(child, signal.SIGKILL)

    wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
    _assert_one_pdf_one_mail(worker_rig, enrollment)
    assert worker_rig.render_calls() == 2
    render_id = _task_id(worker, "certificate_render_task")
    assert worker.received(render_id) == 2
    assert "WorkerLostError" in worker.log()


def test_tasks_worker_h1_whole_worker_killed_then_sweep_and_replay(
    worker_rig, settings
):
    """kill -9 of the whole worker mid-render: a new worker and the sweep issue
    the certificate; when the broker hands the lost message out again, it does
    nothing (the PDF is stored): one PDF, one e-mail."""
    worker_rig.plan_renders("sleep 60")
    first = worker_rig.start_worker()
    enrollment = completed_enrollment()
    wait_until(lambda: worker_rig.render_calls() == 1, timeout=30, what="a render")
    lost_id = _task_id(first, "certificate_render_task")

    first.kill_all()

    certificate = _certificate(enrollment)
    assert certificate.status == Certificate.Status.PREPARING
    assert not certificate.pdf and worker_rig.pdf_files() == []
    second = worker_rig.start_worker()
    settings.CERTIFICATE_SWEEP_MINUTES = 0
    call_command("certificates_sweep", stdout=open("/dev/null", "w"))  # noqa: SIM115
    wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
    issued = _assert_one_pdf_one_mail(worker_rig, enrollment)
    assert worker_rig.render_calls() == 2

    # The lost message comes back once Redis's visibility timeout has passed
    # (an hour by default); restore it now, as the broker would.
    from kombu import Connection

    with Connection(
        worker_rig.broker_url, transport_options={"visibility_timeout": 0}
    ) as connection:
        connection.default_channel.qos.restore_visible(num=100)
    wait_until(
        lambda: f"certificate_render_task[{lost_id}] succeeded" in second.log(),
        timeout=20,
        what="the lost message to run again",
    )
    again = _assert_one_pdf_one_mail(worker_rig, enrollment)
    assert again.pdf_sha256 == issued.pdf_sha256
    assert again.pdf_stored_at == issued.pdf_stored_at
    assert worker_rig.render_calls() == 2


def test_tasks_worker_h2_broker_down_during_issuance_then_sweep(
    worker_rig, private_redis, settings
):
    """Redis is down when the course is completed: no error for the learner, the
    certificate is "being prepared"; once Redis is back the sweep queues the
    render, a worker issues it; sweeping again doubles nothing."""
    private_redis.stop()

    started = time.monotonic()
    enrollment = completed_enrollment()  # must not raise
    assert time.monotonic() - started < 15

    certificate = _certificate(enrollment)
    assert certificate is not None
    assert certificate.status == Certificate.Status.PREPARING
    assert certificate.public_status == Certificate.PublicStatus.PREPARING
    assert not certificate.pdf

    private_redis.start()
    settings.CERTIFICATE_SWEEP_MINUTES = 0
    assert services.certificates_sweep() == [certificate.pk]
    worker_rig.start_worker()
    wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
    _assert_one_pdf_one_mail(worker_rig, enrollment)

    assert services.certificates_sweep() == []
    assert worker_rig.render_calls() == 1


def test_tasks_worker_h3_rolled_back_task_never_runs_missing_row_no_retry(
    worker_rig,
):
    """Tasks queued in a transaction that rolls back are never sent; a task that
    finds no row ends at once, without retrying."""
    with mute_signals(course_completed):
        enrollment = completed_enrollment()
    worker = worker_rig.start_worker()

    with pytest.raises(RuntimeError), transaction.atomic():
        course_completed.send(sender=type(enrollment), enrollment=enrollment)
        services.certificate_issue(enrollment=enrollment)
        raise RuntimeError("the request fails after issuing")

    time.sleep(3)
    assert not Certificate.objects.exists()
    assert worker_rig.pdf_files() == []
    assert worker.received() == 0

    missing = 2_000_000_000
    render = certificate_render_task.delay(missing)
    issue = certificate_issue_task.delay(missing)
    wait_until(
        lambda: (
            f"[{render.id}] raised" in worker.log()
            and f"[{issue.id}] succeeded" in worker.log()
        ),
        timeout=20,
        what="both tasks to end",
    )
    time.sleep(2)
    assert worker.received(render.id) == 1
    assert worker.received(issue.id) == 1
    assert "Retry in" not in worker.log()
    assert "DoesNotExist" in worker.log()
    assert not Certificate.objects.exists()


def _preparing(monkeypatch) -> tuple:
    """A completed course and its certificate in preparation, render not queued."""
    with mute_signals(course_completed):
        enrollment = completed_enrollment()
    monkeypatch.setattr(services, "_schedule_render", lambda certificate_id: None)
    certificate = services.certificate_issue(enrollment=enrollment)
    monkeypatch.undo()
    return enrollment, certificate


def test_tasks_worker_h4_soft_time_limit_then_retry(worker_rig, monkeypatch):
    """A render that hangs is stopped by the soft time limit and retried with
    back-off; the retry issues the certificate: one PDF, one e-mail."""
    worker_rig.plan_renders("sleep 60")
    enrollment, certificate = _preparing(monkeypatch)
    worker = worker_rig.start_worker()

    # The task's limits (60 s, 90 s) shortened for this message only.
    certificate_render_task.apply_async(
        args=[certificate.pk], soft_time_limit=2, time_limit=6
    )

    wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
    _assert_one_pdf_one_mail(worker_rig, enrollment)
    assert worker_rig.render_calls() == 2
    log = worker.log()
    assert "Soft time limit (2" in log
    assert re.search(r"certificate_render_task\[[0-9a-f-]+\] retry: Retry in", log)


def test_tasks_worker_h4_hard_time_limit_then_sweep(worker_rig, monkeypatch, settings):
    """A render stuck where the soft limit cannot reach is killed at the hard
    limit; the worker goes on, the certificate stays "being prepared" and the
    sweep queues it again: one PDF, one e-mail."""
    worker_rig.plan_renders("stubborn 60")
    enrollment, certificate = _preparing(monkeypatch)
    worker = worker_rig.start_worker()

    certificate_render_task.apply_async(
        args=[certificate.pk], soft_time_limit=1, time_limit=3
    )

    wait_until(
        lambda: "Hard time limit (3" in worker.log(), timeout=20, what="hard limit"
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PREPARING
    assert worker_rig.pdf_files() == []
    settings.CERTIFICATE_SWEEP_MINUTES = 0
    assert services.certificates_sweep() == [certificate.pk]
    wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
    _assert_one_pdf_one_mail(worker_rig, enrollment)
    assert worker_rig.render_calls() == 2


def test_tasks_worker_h4_retries_are_bounded(worker_rig, monkeypatch):
    """A render that keeps failing stops once its retries are spent (here the
    message arrives with 5 of its 5 retries used): no further attempt, nothing
    stored, the certificate still "being prepared" for the sweep."""
    worker_rig.plan_renders(*["oserror"] * 10)
    enrollment, certificate = _preparing(monkeypatch)
    worker = worker_rig.start_worker()

    result = certificate_render_task.apply_async(args=[certificate.pk], retries=5)

    wait_until(
        lambda: f"[{result.id}] raised unexpected: OSError" in worker.log(),
        timeout=20,
        what="the last attempt to fail",
    )
    time.sleep(2)
    assert worker_rig.render_calls() == 1
    assert worker.received(result.id) == 1
    assert "Retry in" not in worker.log()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.PREPARING
    assert worker_rig.pdf_files() == []


class FlakySMTPServer:
    """A local SMTP server whose first session stalls (it says nothing, then
    hangs up after `stall` seconds, as a timing-out server does); the next
    sessions work and keep what they receive."""

    def __init__(self, stall: float = 3.0):
        self.stall = stall
        self.sessions = 0
        self.messages: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.sessions += 1
            with conn:
                conn.settimeout(10)
                try:
                    if self.sessions == 1:
                        self.stopping.wait(self.stall)
                    else:
                        self._session(conn)
                except OSError:
                    pass

    def _session(self, conn) -> None:
        reader = conn.makefile("rb")
        conn.sendall(b"220 flaky.test ESMTP\r\n")
        while line := reader.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                conn.sendall(b"250 flaky.test\r\n")
            elif verb == b"DATA":
                conn.sendall(b"354 go on\r\n")
                body = b""
                while (chunk := reader.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.messages.append(body)
                conn.sendall(b"250 queued\r\n")
            elif verb == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                return
            else:
                conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)
        self.sock.close()


def test_tasks_worker_h5_mail_server_times_out_then_works(worker_rig):
    """The mail server stalls and hangs up, then works: the e-mail task retries
    with back-off and exactly one e-mail leaves."""
    server = FlakySMTPServer(stall=3.0)
    try:
        worker_rig.email_url = f"smtp://127.0.0.1:{server.port}"
        worker = worker_rig.start_worker()
        enrollment = completed_enrollment()
        wait_until(lambda: _issued(enrollment), timeout=40, what="the certificate")
        wait_until(lambda: server.messages, timeout=30, what="an e-mail")
        time.sleep(2)
        ready = [m for m in server.messages if enrollment.user.email.encode() in m]
        assert len(ready) == 1
        assert server.sessions >= 2
        assert re.search(r"send_email_task\[[0-9a-f-]+\] retry: Retry in", worker.log())
        certificate = _certificate(enrollment)
        assert certificate.ready_email_sent_at is not None
        assert len(worker_rig.pdf_files()) == 1
    finally:
        server.close()
