"""Real Celery workers in subprocesses (prefork, one child) on the test database,
a real broker and a media folder shared with the test; a private Redis that a
test may stop and start. Everything started here is stopped by its pid, even
when the test fails."""

import email
import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

from tests.processes import (  # noqa: F401 (wait_until is used by the tests)
    PrivateRedis,
    alive,
    children_of,
    die_with_parent,
    free_port,
    kill,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
FAULTS_MODULE = "tests.certificates.worker_faults"


class WorkerProcess:
    """One `celery worker` subprocess and its log."""

    def __init__(self, process: subprocess.Popen, log_path: Path):
        self.process = process
        self.log_path = log_path
        self.known_children: set[int] = set()

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def children(self) -> list[int]:
        pids = children_of(self.pid)
        self.known_children.update(pids)
        return pids

    def wait_ready(self, timeout: float = 40) -> None:
        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited early:\n{self.log()[-3000:]}")
            return " ready." in self.log() and self.children()

        wait_until(ready, timeout=timeout, what="the worker to be ready")

    def received(self, task_id: str | None = None) -> int:
        pattern = rf"\[{re.escape(task_id)}\] received" if task_id else r"\] received"
        return len(re.findall(pattern, self.log()))

    def kill_all(self) -> None:
        """kill -9 of the whole worker: the main process and its children."""
        children = self.children()
        kill(self.pid)
        for pid in children:
            kill(pid)
        self.process.wait(timeout=10)
        wait_until(
            lambda: not any(alive(pid) for pid in children),
            timeout=10,
            what="the worker's children to die",
        )

    def stop(self) -> None:
        """Warm shutdown, then kill -9 of whatever is left (by pid)."""
        self.children()
        if self.process.poll() is None:
            kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                kill(self.pid)
                self.process.wait(timeout=10)
        for pid in self.known_children | set(children_of(self.pid)):
            kill(pid)


class WorkerRig:
    """Folders and settings shared by the test and the workers it starts."""

    def __init__(self, tmp_path: Path, broker_url: str):
        self.tmp_path = tmp_path
        self.broker_url = broker_url
        self.media = tmp_path / "media"
        self.mail = tmp_path / "mail"
        self.faults = tmp_path / "faults"
        for folder in (self.media, self.mail, self.faults):
            folder.mkdir()
        self.email_url = f"filemail:///{self.mail}"
        self.workers: list[WorkerProcess] = []

    def database_url(self) -> str:
        from django.db import connection

        db = connection.settings_dict
        user = quote(db["USER"] or "", safe="")
        password = f":{quote(str(db['PASSWORD']), safe='')}" if db["PASSWORD"] else ""
        host = db["HOST"] or "127.0.0.1"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"

    def plan_renders(self, *actions: str) -> None:
        (self.faults / "render_plan").write_text("\n".join(actions) + "\n")

    def render_calls(self) -> int:
        calls = self.faults / "render_calls"
        return len(calls.read_text().splitlines()) if calls.exists() else 0

    def pdf_files(self) -> list[Path]:
        return sorted((self.media / "certificates").glob("*.pdf"))

    def mails(self, to: str | None = None) -> list[email.message.Message]:
        """Messages written by the file e-mail backend (one file may hold several)."""
        messages = []
        for path in sorted(self.mail.glob("*")):
            for chunk in path.read_text(errors="replace").split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk.lstrip("\n")))
        if to is not None:
            messages = [m for m in messages if to in m.get("To", "")]
        return messages

    def start_worker(self, **extra_env: str) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings",
            "DATABASE_URL": self.database_url(),
            "CELERY_BROKER_URL": self.broker_url,
            "MEDIA_ROOT": str(self.media),
            "EMAIL_URL": self.email_url,
            "SITE_URL": settings.SITE_URL,
            "SIRIUS_TEST_FAULTS_DIR": str(self.faults),
            "PYTHONUNBUFFERED": "1",
            **extra_env,
        }
        index = len(self.workers)
        log_path = self.tmp_path / f"worker-{index}.log"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "lms",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=certificates-test-{uuid.uuid4().hex[:8]}@%h",
            f"--include={FAULTS_MODULE}",
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 (our own celery, fixed args)
                command,
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        worker = WorkerProcess(process, log_path)
        self.workers.append(worker)
        worker.wait_ready()
        return worker

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


def real_services_missing() -> str:
    """Why these tests cannot run here ("" when they can)."""
    if not settings.CELERY_BROKER_URL:
        return "needs CELERY_BROKER_URL (a real broker); .ci/run sets it"
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        return (
            "needs PostgreSQL (DATABASE_URL): a worker subprocess cannot share "
            "the test database otherwise; .ci/run sets it"
        )
    return ""


@pytest.fixture
def worker_rig(transactional_db, settings, tmp_path, request):
    """Starts workers on demand (rig.start_worker()); all stopped at teardown."""
    if reason := real_services_missing():
        pytest.skip(reason)
    request.getfixturevalue("digcomp")
    rig = WorkerRig(tmp_path, settings.CELERY_BROKER_URL)
    settings.MEDIA_ROOT = str(rig.media)
    settings.SITE_URL = "https://sirius.example"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(rig.mail)
    yield rig
    rig.stop_all()
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        for index, worker in enumerate(rig.workers):
            sys.stderr.write(f"\n--- worker {index} log ---\n{worker.log()[-6000:]}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def point_celery_at(app, url: str, monkeypatch) -> None:
    """The test process publishes to url from now on (the env var wins over
    app.conf in Celery, so both change; cached pools are dropped)."""
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setattr(app.conf, "broker_url", url)
    _drop_pools(app)


def _drop_pools(app) -> None:
    # Only forget them: kombu keeps one pool per broker URL in a registry, and the
    # next publish picks (or makes) the pool of the URL now configured.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def private_redis(worker_rig, settings, monkeypatch):
    """A broker this test may stop: the test process and its workers use it."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server binary")
    from lms.celery import app

    redis = PrivateRedis()
    redis.start()
    settings.CELERY_BROKER_URL = redis.url
    worker_rig.broker_url = redis.url
    point_celery_at(app, redis.url, monkeypatch)
    yield redis
    worker_rig.stop_all()
    redis.stop()
    _drop_pools(app)


def header(message, name: str) -> str:
    return str(make_header(decode_header(message.get(name, ""))))
