"""The default database from the environment; SQLite's options however it is chosen."""

from pathlib import Path

import environ

# Take the write lock at BEGIN so concurrent writers wait instead of failing
# with "database is locked" halfway through; WAL lets readers go on meanwhile.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def default_database(env: environ.Env, base_dir: Path) -> dict:
    """DATABASE_URL (PostgreSQL in CI and production, or sqlite:///...) or
    SQLITE_PATH; a SQLite database gets SQLITE_OPTIONS either way."""
    if "DATABASE_URL" in env:
        database = env.db("DATABASE_URL")
    else:
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(base_dir / "db.sqlite3")),
        }
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {**SQLITE_OPTIONS, **database.get("OPTIONS", {})}
    # Reconnecting (and re-running the PRAGMAs) cost ~1.3 ms a request.
    database["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    database["CONN_HEALTH_CHECKS"] = True
    return database
