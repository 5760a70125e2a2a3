"""SQLite waits for the write lock instead of failing, however it is configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings_database(**environ) -> dict:
    """settings.DATABASES["default"] as a fresh process reads it from environ."""
    unset = ("DATABASE_URL", "SQLITE_PATH")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(environ, DJANGO_SETTINGS_MODULE="lms.settings")
    code = (
        "import django, json; django.setup(); from django.conf import settings;"
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "environ",
    [
        {"DATABASE_URL": "sqlite:///demo.sqlite3"},
        {"SQLITE_PATH": "demo.sqlite3"},
    ],
)
def test_settings_database_sqlite_waits_for_the_lock_however_configured(environ):
    database = _settings_database(**environ)

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_settings_database_postgresql_gets_no_sqlite_options():
    database = _settings_database(DATABASE_URL="postgres://u:p@127.0.0.1:5432/sirius")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert "transaction_mode" not in database.get("OPTIONS", {})
    assert database["CONN_HEALTH_CHECKS"] is True
