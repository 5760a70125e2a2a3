"""`make serve` processes started by a test on free ports, with production
settings from the environment, a log file each, stopped by their process id."""

import os
import re
import secrets
import signal
import subprocess
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.db import connection

from certificates.credentials.keys import key_generate, secret_multikey_encode
from tests.processes import children_of, die_with_parent, free_port, kill, wait_until

ROOT = Path(settings.BASE_DIR)
HOST = "127.0.0.1"


def production_env(**overrides: str) -> dict[str, str]:
    """What an operator sets: the test's database and Redis, https behind a proxy."""
    config = connection.settings_dict
    database = (
        f"postgres://{config['USER'] or 'postgres'}@{config['HOST'] or HOST}:"
        f"{config['PORT'] or 5432}/{config['NAME']}"
    )
    # The browser tests' switch for live_server is never set in production.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CREDENTIAL_SIGNING_KEY": secret_multikey_encode(key_generate()),
        "SITE_URL": "https://sirius.test",
        "DJANGO_ALLOWED_HOSTS": f"{HOST},sirius.test",
        "DJANGO_BEHIND_PROXY": "1",
        "DATABASE_URL": database,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL or "",
        "GUNICORN_WORKERS": "2",
    }
    env.update(overrides)
    return env


class Server:
    """One `make serve`: gunicorn in front of the platform, its output in a file."""

    def __init__(self, tmp_path: Path, env: dict[str, str], name: str):
        self.port = free_port()
        self.log_path = tmp_path / f"{name}.log"
        self.env = {**env, "GUNICORN_BIND": f"{HOST}:{self.port}"}
        self.process: subprocess.Popen | None = None
        self.cookies: dict[str, str] = {}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 180) -> "Server":
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 (fixed args)
                ["make", "--no-print-directory", "serve"],  # noqa: S607
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent,
            )

        def answers() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"make serve exited early:\n{self.log()[-4000:]}")
            try:
                return requests.get(f"{self.url}/healthz/live", timeout=2).ok
            except requests.RequestException:  # not listening yet, or still booting
                return False

        wait_until(answers, timeout=timeout, what=f"make serve on port {self.port}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        """As a browser behind the TLS proxy: https as far as Django knows, the
        same Host on every server, cookies kept (requests would not send Secure
        cookies over plain http, so they are sent by hand)."""
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
            **kwargs.pop("headers", {}),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = requests.request(
            method,
            f"{self.url}{path}",
            headers=headers,
            allow_redirects=False,
            timeout=20,
            **kwargs,
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def csrf_token(self, path: str) -> str:
        page = self.request("GET", path).text
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def stop(self) -> None:
        if self.process is None:
            return
        pids = children_of(self.process.pid)
        pids += [grand for pid in pids for grand in children_of(pid)]
        if self.process.poll() is None:
            kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                kill(self.process.pid)
        for pid in pids:
            kill(pid)
        self.process = None


def real_services_missing() -> str:
    """Why servers sharing state cannot be tested here ("" when they can)."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (DATABASE_URL) shared by the servers; .ci/run sets it"
    if not settings.REDIS_URL:
        return "needs REDIS_URL (the shared cache); .ci/run sets it"
    return ""
