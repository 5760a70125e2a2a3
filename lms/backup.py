"""Backups of the whole platform: the database (pg_dump, or SQLite's online backup)
and every stored file, read through Django's storage so that object storage is
saved the same way as a disk. A manifest lists each file with its SHA-256; a
restore checks them before it reports success."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from core.storage import storage_files

MANIFEST = "manifest.json"
FILES = "files"
FORMAT = 1
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Summary:
    folder: Path
    vendor: str
    files: int
    bytes: int


def _dsn() -> str:
    settings = connection.settings_dict
    parts = {
        "dbname": settings["NAME"],
        "user": settings.get("USER"),
        "password": settings.get("PASSWORD"),
        "host": settings.get("HOST"),
        "port": settings.get("PORT"),
    }
    return " ".join(f"{key}='{value}'" for key, value in parts.items() if value)


def _database_save(folder: Path) -> str:
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target}", _dsn()])
        return target.name
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target.name
    raise BackupError(f"No backup for the {connection.vendor} database.")


def _run(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is missing: install PostgreSQL's client."
        ) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{command[0]} failed: {error.stderr.strip()}") from error


def _sha256(fileobj) -> str:
    digest = hashlib.sha256()
    while chunk := fileobj.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def backup_create(*, folder: Path | None = None) -> Summary:
    """Writes the database and every stored file into a new folder."""
    folder = folder or Path("backups") / timezone.now().strftime("%Y%m%d-%H%M%S")
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: choose a new folder.")
    (folder / FILES).mkdir(parents=True, exist_ok=True)
    database = _database_save(folder)
    files, total = {}, 0
    for name in storage_files(default_storage, ""):
        target = folder / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        with target.open("rb") as written:
            files[name] = _sha256(written)
        total += target.stat().st_size
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return Summary(folder, connection.vendor, len(files), total)


def _manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} holds no readable {MANIFEST}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder} was written by another version of the format.")
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"This backup is of a {manifest['database']['vendor']} database; "
            f"the configured one is {connection.vendor}."
        )
    return manifest


def _database_empty() -> bool:
    return not connection.introspection.table_names()


def _database_restore(folder: Path, manifest: dict) -> None:
    source = folder / manifest["database"]["file"]
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_dsn()}",
                str(source),
            ]
        )
        return
    with sqlite3.connect(source) as copy:
        connection.ensure_connection()
        copy.backup(connection.connection)


def backup_restore(*, folder: Path) -> Summary:
    """Restores a backup into an empty database and storage, then checks every file
    against the manifest."""
    manifest = _manifest(folder)
    if not _database_empty():
        raise BackupError(
            "The database is not empty: restore into a new, empty database "
            "(create it, point DATABASE_URL to it, and do not migrate first)."
        )
    taken = [name for name in manifest["files"] if default_storage.exists(name)]
    if taken:
        raise BackupError(
            f"The storage already holds {len(taken)} of these files "
            f"(for example {taken[0]}): restore into an empty storage."
        )
    connection.close()
    _database_restore(folder, manifest)
    total = 0
    for name, expected in manifest["files"].items():
        path = folder / FILES / name
        with path.open("rb") as source:
            if _sha256(source) != expected:
                raise BackupError(
                    f"{name} differs from the manifest: the backup is damaged."
                )
            source.seek(0)
            saved = default_storage.save(name, File(source, name=name))
        if saved != name:
            raise BackupError(
                f"{name} was stored as {saved}: the storage was not empty."
            )
        total += path.stat().st_size
    return Summary(folder, connection.vendor, len(manifest["files"]), total)
