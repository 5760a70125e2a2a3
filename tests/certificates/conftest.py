"""Real Celery workers in subprocesses (prefork, one child) on the test database,
a real broker and a media folder shared with the test; a private Redis that a
test may stop and start. Everything started here is stopped by its pid, even
when the test fails."""

import contextlib
import email
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from email.header import decode_header, make_header
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PR_SET_PDEATHSIG = 1
FAULTS_MODULE = "tests.certificates.worker_faults"


def wait_until(condition, *, timeout: float, what: str, every: float = 0.2):
    """Polls until condition() is truthy; fails the test after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (name) state ppid ...": the name may hold spaces, split after it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _kill(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)


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
        pids = _children(self.pid)
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
        _kill(self.pid)
        for pid in children:
            _kill(pid)
        self.process.wait(timeout=10)
        wait_until(
            lambda: not any(_alive(pid) for pid in children),
            timeout=10,
            what="the worker's children to die",
        )

    def stop(self) -> None:
        """Warm shutdown, then kill -9 of whatever is left (by pid)."""
        self.children()
        if self.process.poll() is None:
            _kill(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                _kill(self.pid)
                self.process.wait(timeout=10)
        for pid in self.known_children | set(_children(self.pid)):
            _kill(pid)


def _die_with_parent() -> None:
    """In the child before exec: the worker gets SIGKILL if pytest itself dies."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


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
                preexec_fn=_die_with_parent,
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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test alone, on a free port, without persistence."""

    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        self.process = subprocess.Popen(  # noqa: S603 (fixed args)
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.5) as s:
                    s.sendall(b"PING\r\n")
                    return s.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(answers, timeout=10, what="the private redis-server")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None


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
