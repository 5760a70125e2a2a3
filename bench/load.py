"""Load test: `make serve` on a throw-away PostgreSQL database, a private Redis and a
Celery worker, driven by locust (bench/locustfile.py) at one or more user counts;
prints p95 and errors per count, then checks the database for duplicates.

    .venv/bin/python bench/load.py --users 10,20,40 --duration 60

Exit status 0 when every count met the target (p95 < --max-p95 ms, no error) and
nothing was doubled; 1 otherwise."""

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.support import ROOT, pg_create, pg_drop, run_django  # noqa: E402
from certificates.credentials.keys import key_generate, secret_multikey_encode  # noqa: E402
from tests.processes import (  # noqa: E402
    PrivateRedis,
    children_of,
    die_with_parent,
    free_port,
    kill,
    wait_until,
)

BIN = Path(sys.executable).parent


def production_env(database: str, redis: str, port: int, mail: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "CELERY_", "REDIS_", "SITE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="lms.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        CREDENTIAL_SIGNING_KEY=secret_multikey_encode(key_generate()),
        SITE_URL="https://sirius.test",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,sirius.test",
        DJANGO_BEHIND_PROXY="1",
        DATABASE_URL=database,
        REDIS_URL=f"{redis}/1",
        CELERY_BROKER_URL=f"{redis}/0",
        # Three slashes then the absolute path: django-environ drops the first one.
        EMAIL_URL=f"filemail:///{mail}",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_ACCESS_LOG="/dev/null",
        # Every locust user comes from 127.0.0.1: one address for a whole city. The
        # limit per address is tested elsewhere (tests/lms/test_serve_stateless.py).
        VERIFICATION_RATE_LIMIT="1000000/m",
        H5P_XAPI_RATE_LIMIT="1000000/m",
        LOGIN_RATE_LIMIT="1000000/m/ip",
        LOG_LEVEL="WARNING",
    )
    return env


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 (fixed args)
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=die_with_parent,
        )


def stop(process: subprocess.Popen) -> None:
    pids = children_of(process.pid)
    pids += [grand for pid in pids for grand in children_of(pid)]
    if process.poll() is None:
        kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            kill(process.pid)
    for pid in pids:
        kill(pid)


def aggregated(prefix: Path) -> dict:
    with open(f"{prefix}_stats.csv", newline="") as stats:  # noqa: PTH123
        rows = list(csv.DictReader(stats))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    worst = max(
        (row for row in rows if row["Name"] != "Aggregated"),
        key=lambda row: float(row["95%"] or 0),
    )
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p50": float(total["50%"] or 0),
        "p95": float(total["95%"] or 0),
        "p99": float(total["99%"] or 0),
        "slowest": f"{worst['Type']} {worst['Name']} (p95 {worst['95%']} ms)",
    }


def failures(prefix: Path) -> str:
    path = Path(f"{prefix}_failures.csv")
    return path.read_text()[-3000:] if path.exists() else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", default="10,20,40", help="user counts, in order")
    parser.add_argument("--duration", type=int, default=60, help="seconds per count")
    parser.add_argument("--learners", type=int, default=200, help="seeded learners")
    parser.add_argument("--max-p95", type=float, default=300.0, help="target, ms")
    args = parser.parse_args()
    counts = [int(n) for n in args.users.split(",")]

    work = Path(tempfile.mkdtemp(prefix="sirius-load-"))
    mail = work / "mail"
    mail.mkdir()
    name = f"sirius_bench_load_{os.getpid()}"
    redis = PrivateRedis()
    processes: list[subprocess.Popen] = []
    try:
        database = pg_create(name)
        redis.start()
        port = free_port()
        env = production_env(database, redis.url.rsplit("/", 1)[0], port, mail)
        run_django("django", ["migrate", "--noinput", "-v0"], env, work / "m.log", 600)
        # Without a broker the demo's certificates are issued in-process at once,
        # so partners have real codes to verify from the first second.
        seed_env = {k: v for k, v in env.items() if k != "CELERY_BROKER_URL"}
        data = run_django(
            "bench.load_data",
            ["seed", str(args.learners)],
            seed_env,
            work / "s.log",
            600,
        )
        # The demo command prints its accounts first; the data is the last line.
        (work / "data.json").write_text(data.strip().splitlines()[-1])
        processes.append(
            start(["make", "--no-print-directory", "serve"], env, work / "serve.log")  # noqa: S607
        )
        processes.append(
            start(
                [
                    str(BIN / "celery"),
                    "-A",
                    "lms",
                    "worker",
                    "--concurrency=1",
                    "--loglevel=WARNING",
                ],
                env,
                work / "worker.log",
            )
        )
        url = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            try:
                return requests.get(f"{url}/healthz/live", timeout=2).ok
            except requests.RequestException:
                return False

        wait_until(ready, timeout=240, what="make serve")
        print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
        results = []
        for users in counts:
            prefix = work / f"u{users}"
            started = time.monotonic()
            subprocess.run(  # noqa: S603 (fixed args)
                [
                    str(BIN / "locust"),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(max(1, users // 5)),
                    "--run-time",
                    f"{args.duration}s",
                    "--stop-timeout",
                    "5",
                    "--host",
                    url,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                cwd=ROOT,
                env={**os.environ, "LOAD_DATA": str(work / "data.json")},
                check=False,
                timeout=args.duration + 120,
                stdout=subprocess.DEVNULL,
            )
            figures = aggregated(prefix) | {"users": users}
            figures["seconds"] = round(time.monotonic() - started)
            results.append(figures)
            print(
                f"{users:>4} users: {figures['requests']:>6} requests, "
                f"{figures['rps']:7.1f} req/s, p50 {figures['p50']:.0f} ms, "
                f"p95 {figures['p95']:.0f} ms, p99 {figures['p99']:.0f} ms, "
                f"{figures['failures']} errors; slowest: {figures['slowest']}",
                flush=True,
            )
            if figures["failures"]:
                print(failures(prefix))
        print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)
        # Let the worker finish what the load queued before counting.
        time.sleep(10)
        doubles = json.loads(
            run_django(
                "bench.load_data", ["check", str(mail)], env, work / "c.log", 300
            ).splitlines()[-1]
        )
        print("after the load:", json.dumps(doubles))
        ok = all(r["failures"] == 0 and r["p95"] < args.max_p95 for r in results)
        doubled = [
            key
            for key in ("lesson_progress", "attempts", "certificates", "e-mails")
            if doubles[key]
        ]
        held = [
            r["users"]
            for r in results
            if r["failures"] == 0 and r["p95"] < args.max_p95
        ]
        best = max(held) if held else "none"
        print(f"highest count with p95 < {args.max_p95:.0f} ms and no error: {best}")
        print(f"doubled after the load: {', '.join(doubled) or 'nothing'}")
        missing = (
            doubles["certificate_e-mails_expected"]
            - doubles["certificate_e-mails_found"]
        )
        if missing:
            print(f"certificate e-mails marked sent but not found: {missing}")
        passed = ok and not doubled and not missing
        if passed:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"logs and e-mails kept in {work}")
        return 0 if passed else 1
    finally:
        for process in processes:
            stop(process)
        redis.stop()
        pg_drop(name)


if __name__ == "__main__":
    raise SystemExit(main())
