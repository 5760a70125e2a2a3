"""make backup / make restore: a certificate issued before the backup verifies,
with the same PDF, in a fresh database and an empty storage restored from it."""

import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from certificates.models import Certificate
from certificates.services import certificate_issue
from lms.backup import MANIFEST
from tests.certificates.factories import completed_enrollment

ROOT = Path(django_settings.BASE_DIR)

CHECK = """
import hashlib, json
from django.test import Client
from certificates.models import Certificate
certificate = Certificate.objects.get(code={code!r})
answer = Client().get("/api/v1/verifications/{display}", HTTP_HOST="127.0.0.1")
with certificate.pdf.open("rb") as pdf:
    sha = hashlib.sha256(pdf.read()).hexdigest()
print(json.dumps({{"status": answer.status_code, "body": answer.json(), "sha": sha}}))
"""


def _fresh_database(tmp_path: Path) -> tuple[str, callable]:
    """A new, empty database of the same kind as the test's, and how to drop it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.sqlite3'}", lambda: None
    import psycopg

    config = connection.settings_dict
    name = f"sirius_restore_{secrets.token_hex(4)}"
    admin = {
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
        "user": config["USER"] or "postgres",
        "password": config["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(**admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    credentials = admin["user"] + (f":{admin['password']}" if admin["password"] else "")
    return f"postgres://{credentials}@{admin['host']}:{admin['port']}/{name}", drop


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_commands_backup_restore_verifies_a_certificate_issued_before(
    tmp_path, settings, digcomp
):
    """Backup, then restore into a new database and storage (another process, as on
    a new server): the certificate is valid there, with its holder and the same
    PDF, whose SHA-256 matches the one shown on the verification page."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    certificate = certificate_issue(enrollment=completed_enrollment())
    certificate.refresh_from_db()
    assert certificate.pdf and certificate.status == Certificate.Status.ISSUED

    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup))
    manifest = json.loads((backup / MANIFEST).read_text())
    assert certificate.pdf.name in manifest["files"]

    url, drop = _fresh_database(tmp_path)
    try:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
        }
        restored = _manage("restore", str(backup), env=env)
        assert restored.returncode == 0, restored.stderr
        assert (
            "1 files checked" in restored.stdout or "files checked" in restored.stdout
        )
        check = _manage(
            "shell",
            "-c",
            CHECK.format(code=certificate.code, display=certificate.display_code),
            env=env,
        )
        assert check.returncode == 0, check.stderr
        answer = json.loads(check.stdout.strip().splitlines()[-1])
    finally:
        drop()

    assert answer["status"] == 200
    assert answer["body"]["status"] == "valid"
    assert answer["body"]["holder_name"] == certificate.holder_name
    assert answer["sha"] == certificate.pdf_sha256
    with certificate.pdf.open("rb") as pdf:
        assert hashlib.sha256(pdf.read()).hexdigest() == answer["sha"]


@pytest.mark.django_db(transaction=True)
def test_commands_restore_refuses_a_database_that_is_not_empty(tmp_path, settings):
    """Restoring over live data is refused with what to do; nothing is changed."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    backup = tmp_path / "backup"
    call_command("backup", "--to", str(backup))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))


def test_commands_restore_refuses_a_folder_without_manifest(tmp_path):
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path))
