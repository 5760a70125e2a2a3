"""Bulk issuance (performance.md target 5): a cohort's certificates issued by real
Celery workers on Redis and PostgreSQL, against workers x (1 / raw per-PDF time)."""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.framework_tax import SCRUBBED_ENV, migrate  # noqa: E402
from bench.support import PYTHON, ROOT, pg_create, pg_drop, run_django  # noqa: E402

TARGET = 0.60
WORKERS = 2  # one `celery worker --concurrency=2`: two pool processes
REDIS_URL = "redis://127.0.0.1:6379/10"  # the benchmark's queue only; never flushed
RAW_SAMPLES = 30
START_TIMEOUT = 60.0  # s for the workers to be ready
STOP_TIMEOUT = 20.0


def interrupted(signum, frame):
    raise SystemExit(f"interrupted by signal {signum}")


def start_workers(env: dict[str, str], queue: str, log: Path) -> subprocess.Popen:
    argv = [
        PYTHON,
        "-m",
        "celery",
        "-A",
        "lms",
        "worker",
        f"--concurrency={WORKERS}",
        "--pool=prefork",
        f"--queues={queue}",
        f"--hostname={queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    out = log.open("w")
    try:
        return subprocess.Popen(  # noqa: S603 (fixed argv, our own interpreter)
            argv,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        out.close()


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / tick


def wait_ready(proc: subprocess.Popen, log: Path) -> list[int]:
    """Until the worker says ready and its pool processes are done warming up."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        if " ready." in log.read_text():
            pool = children(proc.pid)
            if len(pool) == WORKERS:
                # warm_up() runs in each pool process at start: wait until idle.
                before = cpu_seconds(pool)
                time.sleep(1.0)
                if cpu_seconds(pool) - before < 0.05:
                    return pool
        time.sleep(0.3)
    raise SystemExit(f"workers not ready\n--- {log} ---\n{log.read_text()[-3000:]}")


def stop_workers(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # warm shutdown of the worker and its pool
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # our own session: this worker only
        proc.wait(timeout=STOP_TIMEOUT)


def issued_count(dbname: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={dbname}"
    ) as conn:
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE status = 'issued' AND pdf <> ''), "
            "count(*) FROM certificates_certificate"
        ).fetchone()
    return row[0], row[1]


def stage_times(dbname: str) -> dict[str, float]:
    import psycopg

    with psycopg.connect(
        f"host=127.0.0.1 port=5432 user=postgres dbname={dbname}"
    ) as conn:
        row = conn.execute(
            "SELECT extract(epoch FROM min(created_at)), "
            "extract(epoch FROM max(created_at)), "
            "extract(epoch FROM min(pdf_stored_at)), "
            "extract(epoch FROM max(pdf_stored_at)) FROM certificates_certificate"
        ).fetchone()
    keys = ("created_first", "created_last", "stored_first", "stored_last")
    return {k: float(v) for k, v in zip(keys, row, strict=True)}


def forget_queue(queue: str) -> None:
    """Deletes the benchmark's own queue key (empty by then) from the broker."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        # The queue, its priority lists (kombu's default steps) and its binding.
        keys = [queue, *(f"{queue}\x06\x16{step}" for step in (3, 6, 9))]
        bindings = (f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        client.delete(*keys, *bindings)
    finally:
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cohort", type=int, default=200, help="learners [200]")
    parser.add_argument(
        "--timeout", type=int, default=300, help="s to wait for all issued [300]"
    )
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="certificates issued beforehand: queue only their renders",
    )
    parser.add_argument(
        "--keep-log", type=Path, help="copy the worker's log (INFO) to this file"
    )
    args = parser.parse_args()
    if not (1 <= args.cohort <= 1000 and 10 <= args.timeout <= 900):
        parser.error("--cohort 1..1000, --timeout 10..900")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    dbname = f"sirius_bench_{os.getpid()}"
    queue = f"sirius-bench-{os.getpid()}"
    workers = None
    created_db = False
    with tempfile.TemporaryDirectory(prefix="sirius-bench-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            MEDIA_ROOT=str(tmpdir / "media"),
            DJANGO_DEBUG="0",
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
            CELERY_BROKER_URL=REDIS_URL,
            BENCH_CELERY_QUEUE=queue,
        )
        bench_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.celery_bench_settings"}
        try:
            env["DATABASE_URL"] = bench_env["DATABASE_URL"] = pg_create(dbname)
            created_db = True
            print(f"database: PostgreSQL {dbname}; broker {REDIS_URL}, queue {queue}")
            print("migrating ...", flush=True)
            migrate(env, tmpdir / "migrate.log")
            started = time.perf_counter()
            ids = json.loads(
                run_django(
                    "bench.bulk_issuance_child",
                    [
                        "seed",
                        str(args.cohort),
                        *(["issued"] if args.render_only else []),
                    ],
                    bench_env,
                    tmpdir / "seed.log",
                    timeout=600,
                )
            )
            print(
                f"{len(ids)} completed enrolments built through the services in "
                f"{time.perf_counter() - started:.0f} s",
                flush=True,
            )

            log = tmpdir / "worker.log"
            workers = start_workers(bench_env, queue, log)
            pool = wait_ready(workers, log)
            print(f"celery worker, {WORKERS} pool processes {pool}: ready, warmed up")

            raw_before = json.loads(
                run_django(
                    "bench.bulk_issuance_child",
                    ["raw", str(RAW_SAMPLES)],
                    bench_env,
                    tmpdir / "raw1.log",
                    timeout=120,
                )
            )
            print(
                f"raw WeasyPrint before: "
                f"{statistics.median(raw_before['wall']) * 1000:.1f} ms per PDF",
                flush=True,
            )

            cpu_before = cpu_seconds(pool)
            queued = json.loads(
                run_django(
                    "bench.bulk_issuance_child",
                    ["queue", *(["render"] if args.render_only else [])],
                    bench_env,
                    tmpdir / "queue.log",
                    timeout=120,
                )
            )
            deadline = time.monotonic() + args.timeout
            done = 0
            while time.monotonic() < deadline:
                done, total = issued_count(dbname)
                if done >= len(ids):
                    break
                time.sleep(0.2)
            finished = time.time()
            pool_cpu = cpu_seconds(pool) - cpu_before
            if done < len(ids):
                raise SystemExit(
                    f"only {done} of {len(ids)} issued after {args.timeout} s"
                    f"\n--- {log} ---\n{log.read_text()[-3000:]}"
                )
            stages = stage_times(dbname)

            raw_after = json.loads(
                run_django(
                    "bench.bulk_issuance_child",
                    ["raw", str(RAW_SAMPLES)],
                    bench_env,
                    tmpdir / "raw2.log",
                    timeout=120,
                )
            )
            print(
                f"raw WeasyPrint after: "
                f"{statistics.median(raw_after['wall']) * 1000:.1f} ms per PDF",
                flush=True,
            )
        finally:
            if workers is not None:
                stop_workers(workers)
                forget_queue(queue)
                if args.keep_log:
                    shutil.copyfile(log, args.keep_log)
            if created_db:
                pg_drop(dbname)

    raw_s = statistics.median(raw_before["wall"] + raw_after["wall"])
    raw_cpu_s = statistics.median(raw_before["cpu"] + raw_after["cpu"])
    wall = stages["stored_last"] - queued["started"]
    floor_rate = WORKERS / raw_s
    rate = len(ids) / wall
    print()
    print(
        f"cohort {len(ids)}, celery prefork {WORKERS} processes, Redis broker, "
        f"PostgreSQL"
    )
    task = "certificate_render_task" if args.render_only else "certificate_issue_task"
    print(f"queued in {queued['queued_in']:.2f} s ({task} x {len(ids)})")
    created = (
        "all certificates issued beforehand"
        if args.render_only
        else f"all certificates created "
        f"{stages['created_last'] - queued['started']:.1f} s after the first queueing"
    )
    print(
        f"{created}; first PDF stored at "
        f"{stages['stored_first'] - queued['started']:.1f} s, last at {wall:.1f} s "
        f"(polling saw it at {finished - queued['started']:.1f} s)"
    )
    steps = "render + store + e-mail" if args.render_only else "issue + render + ..."
    print(
        f"worker CPU: {pool_cpu:.1f} s in all, {pool_cpu / len(ids) * 1000:.0f} ms "
        f"per certificate ({steps}); raw WeasyPrint CPU {raw_cpu_s * 1000:.1f} ms per "
        f"PDF: CPU raw/worker = {raw_cpu_s * len(ids) / pool_cpu:.2f} (less load-bound)"
    )
    print(
        f"raw WeasyPrint per PDF {raw_s * 1000:.1f} ms (median of "
        f"{len(raw_before['wall']) + len(raw_after['wall'])}, before and after): floor "
        f"{WORKERS} x 1/raw = {floor_rate:.1f} PDFs/s"
    )
    print(f"project: {len(ids)} certificates in {wall:.1f} s = {rate:.1f} per s")
    print(f"1-min load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    ratio = rate / floor_rate
    print(f"project/floor = {ratio:.2f} (target >= {TARGET:.2f})")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
