"""Impact report at scale: the figures, their protection and the page, timed on
SQLite and on PostgreSQL (issue "Impact reports": under 1 s)."""

import argparse
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.framework_tax import SCRUBBED_ENV, migrate  # noqa: E402 (root on sys.path)
from bench.support import pg_create, pg_drop, run_django  # noqa: E402

TARGET_MS = 1000.0
BACKENDS = ("sqlite", "postgres")


def measure(backend: str, args, tmpdir: Path) -> dict:
    """Migrates a database of its own, then builds and times in a child process."""
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(
        SQLITE_PATH=str(tmpdir / f"{backend}.sqlite3"),
        MEDIA_ROOT=str(tmpdir / "media"),
        DJANGO_DEBUG="0",
        LOG_LEVEL="WARNING",
        PYTHONDONTWRITEBYTECODE="1",
        DJANGO_SETTINGS_MODULE="lms.settings",
    )
    pg_name = f"sirius_bench_{os.getpid()}" if backend == "postgres" else None
    try:
        if pg_name:
            env["DATABASE_URL"] = pg_create(pg_name)
            print(f"database: PostgreSQL {pg_name}", flush=True)
        else:
            print(f"database: SQLite {env['SQLITE_PATH']}", flush=True)
        started = time.perf_counter()
        migrate(env, tmpdir / f"{backend}-migrate.log")
        print(f"migrated in {time.perf_counter() - started:.0f} s", flush=True)
        child = [str(args.enrolments), str(args.certificates), str(args.rounds)]
        output = run_django(
            "bench.impact_report_child",
            child + (["--explain"] if args.explain else []),
            env,
            tmpdir / f"{backend}-child.log",
            timeout=1200,
        )
    finally:
        if pg_name:
            pg_drop(pg_name)
    lines = output.splitlines()
    print("\n".join(line for line in lines if not line.startswith("RESULT ")))
    return json.loads(next(ln for ln in lines if ln.startswith("RESULT "))[7:])


def interrupted(signum, frame):
    raise SystemExit(f"interrupted by signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--backend", choices=(*BACKENDS, "both"), default="both", help="[both]"
    )
    parser.add_argument("--rounds", type=int, default=20, help="timed rounds [20]")
    parser.add_argument("--enrolments", type=int, default=10_000, help="[10000]")
    parser.add_argument("--certificates", type=int, default=2_000, help="[2000]")
    parser.add_argument(
        "--explain", action="store_true", help="print the slowest query's plan"
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 100:
        parser.error("--rounds must be 1..100")
    if not 10 <= args.enrolments <= 200_000:
        parser.error("--enrolments must be 10..200000")
    if not 0 <= args.certificates <= args.enrolments * 2 // 5:
        parser.error("--certificates: at most two in five enrolments")
    backends = BACKENDS if args.backend == "both" else (args.backend,)
    # The database and the temporary folder go even when stopped.
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)

    load_before = os.getloadavg()
    print(
        f"{args.enrolments} enrolments, {args.certificates} certificates, "
        f"{args.rounds} interleaved rounds; load average "
        f"{load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}",
        flush=True,
    )
    results = {}
    with tempfile.TemporaryDirectory(prefix="sirius-bench-impact-") as tmp:
        for backend in backends:
            results[backend] = measure(backend, args, Path(tmp))
    load_after = os.getloadavg()

    print()
    print("| backend | what | median ms | p95 ms | queries | slowest query ms |")
    print("|---|---|---|---|---|---|")
    worst = 0.0
    for result in results.values():
        for name, figures in result["targets"].items():
            print(
                f"| {result['vendor']} | {name} | {figures['median_ms']:.0f} | "
                f"{figures['p95_ms']:.0f} | {figures['queries']} | "
                f"{figures['slowest_query_ms']:.1f} |"
            )
            worst = max(worst, figures["p95_ms"])
    print(
        f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} "
        f"{load_after[2]:.2f}"
    )
    met = worst < TARGET_MS
    print(
        f"slowest p95 {worst:.0f} ms (target < {TARGET_MS:.0f} ms): "
        f"{'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
