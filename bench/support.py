"""Helpers shared by the certificate benchmarks: a throw-away PostgreSQL database,
Django steps run in a child process, medians."""

import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def pg_url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        "host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def pg_create(name: str) -> str:
    """Creates the database `name` (ours only: sirius_bench_<pid>); returns its URL."""
    if not (name.startswith("sirius_bench_") and name.replace("_", "").isalnum()):
        raise ValueError(f"not a benchmark database name: {name!r}")
    _pg_admin(f'CREATE DATABASE "{name}"')
    return pg_url(name)


def pg_drop(name: str) -> None:
    if not (name.startswith("sirius_bench_") and name.replace("_", "").isalnum()):
        raise ValueError(f"not a benchmark database name: {name!r}")
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_django(
    module: str, args: list[str], env: dict[str, str], log: Path, timeout: float
) -> str:
    """Runs `python -m module args` from the project root; returns its stdout and
    stops the benchmark with the log's tail when it fails."""
    with log.open("w") as err:
        result = subprocess.run(  # noqa: S603 (fixed argv, our own interpreter)
            [PYTHON, "-m", module, *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            check=False,
            timeout=timeout,
        )
    if result.returncode:
        raise SystemExit(
            f"{module} failed ({result.returncode})\n{result.stdout[-2000:]}"
            f"\n--- {log} ---\n{log.read_text()[-3000:]}"
        )
    return result.stdout


def median(values) -> float:
    return statistics.median(values)
