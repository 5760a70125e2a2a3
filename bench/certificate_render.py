"""Certificate rendering (performance.md target 5): the render task's work against raw
WeasyPrint on the same HTML in one warm process, the first certificate of a fresh
process, memory growth over many certificates, and PDF size."""

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.framework_tax import SCRUBBED_ENV, migrate  # noqa: E402
from bench.support import run_django  # noqa: E402

TASK_TARGET = 1.5  # task path / raw WeasyPrint
FIRST_TARGET = 2.0  # first certificate after warm_up() / steady state
MEMORY_TARGET_MIB = 10.0
SIZE_TARGET_BYTES = 50_000
CHILD_TIMEOUT = 300  # s, per measuring process


def interrupted(signum, frame):
    raise SystemExit(f"interrupted by signal {signum}")


def child(args: list[str], env: dict[str, str], log: Path) -> dict:
    out = run_django(
        "bench.certificate_render_child",
        args,
        {**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
        log,
        timeout=CHILD_TIMEOUT,
    )
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="raw/task rounds [10]")
    parser.add_argument("--batch", type=int, default=10, help="PDFs per round [10]")
    parser.add_argument(
        "--memory", type=int, default=500, help="PDFs for memory growth [500]"
    )
    parser.add_argument(
        "--fresh", type=int, default=3, help="fresh processes per variant [3]"
    )
    args = parser.parse_args()
    if not (
        1 <= args.rounds <= 30
        and 1 <= args.batch <= 50
        and 10 <= args.memory <= 2000
        and 1 <= args.fresh <= 10
    ):
        parser.error("--rounds 1..30, --batch 1..50, --memory 10..2000, --fresh 1..10")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    with tempfile.TemporaryDirectory(prefix="sirius-bench-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            SQLITE_PATH=str(tmpdir / "bench.sqlite3"),
            MEDIA_ROOT=str(tmpdir / "media"),
            DJANGO_DEBUG="0",
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
        )
        print("migrating a temporary SQLite database ...", flush=True)
        migrate(env, tmpdir / "migrate.log")
        fresh_count = args.fresh * 2 * 21 + 1
        steady_count = 3 + args.rounds * args.batch + 20 + args.memory
        run_django(
            "bench.seed_certificates",
            [str(fresh_count + steady_count), "preparing"],
            {**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
            tmpdir / "seed.log",
            timeout=120,
        )
        print(f"{fresh_count + steady_count} certificates to render inserted")

        fresh: dict[str, list[dict]] = {"warm-up": [], "no warm-up": []}
        for i in range(args.fresh):
            for variant in fresh:
                flags = ["--no-warm-up"] if variant == "no warm-up" else []
                result = child(["first", *flags], env, tmpdir / f"first{i}.log")
                fresh[variant].append(result)
                print(
                    f"  fresh process ({variant:<10}): set-up {result['setup_s']:.2f} s"
                    f", warm_up() {result['warm_up_s'] * 1000:.0f} ms, first "
                    f"certificate {result['first_s'] * 1000:.0f} ms, steady "
                    f"{result['steady_s'] * 1000:.1f} ms",
                    flush=True,
                )

        parts = child(["breakdown"], env, tmpdir / "breakdown.log")
        print(
            "  after warm_up(), first vs second time on one certificate: "
            f"certificate_html {parts['html_first_s'] * 1000:.0f} vs "
            f"{parts['html_second_s'] * 1000:.0f} ms, render "
            f"{parts['pdf_first_s'] * 1000:.0f} vs "
            f"{parts['pdf_second_s'] * 1000:.0f} ms",
            flush=True,
        )
        print("one warm process: raw WeasyPrint and the task path ...", flush=True)
        started = time.perf_counter()
        warm = child(
            ["steady", str(args.rounds), str(args.batch), str(args.memory)],
            env,
            tmpdir / "steady.log",
        )
        print(f"  ({time.perf_counter() - started:.0f} s)")

    raw_ms = statistics.median(warm["raw_s"]) * 1000
    task_ms = statistics.median(warm["full_s"]) * 1000
    first_ms = {
        v: statistics.median(r["first_s"] for r in rs) * 1000 for v, rs in fresh.items()
    }
    steady_ms = {
        v: statistics.median(r["steady_s"] for r in rs) * 1000
        for v, rs in fresh.items()
    }
    warm_up_ms = statistics.median(r["warm_up_s"] for r in fresh["warm-up"]) * 1000
    setup_s = statistics.median(r["setup_s"] for rs in fresh.values() for r in rs)
    growth_mib = (warm["rss_after_kib"] - warm["rss_before_kib"]) / 1024
    first_ratio = first_ms["warm-up"] / steady_ms["warm-up"]
    task_ratio = task_ms / raw_ms

    print()
    print(
        f"raw WeasyPrint, per PDF: {raw_ms:.1f} ms (median of {args.rounds} rounds of "
        f"{args.batch}; rounds {min(warm['raw_s']) * 1000:.1f} to "
        f"{max(warm['raw_s']) * 1000:.1f} ms)"
    )
    print(
        f"task path (certificate_pdf_store), per PDF: {task_ms:.1f} ms (rounds "
        f"{min(warm['full_s']) * 1000:.1f} to {max(warm['full_s']) * 1000:.1f} ms)"
    )
    print(
        f"fresh process: set-up {setup_s:.2f} s; warm_up() {warm_up_ms:.0f} ms; first "
        f"certificate {first_ms['warm-up']:.0f} ms after warm_up(), "
        f"{first_ms['no warm-up']:.0f} ms without "
        f"(steady {steady_ms['warm-up']:.1f} ms)"
    )
    print(
        f"memory over {warm['memory_count']} certificates (after {20} to warm up): "
        f"RSS {warm['rss_before_kib'] / 1024:.1f} -> {warm['rss_after_kib'] / 1024:.1f}"
        f" MiB, growth {growth_mib:+.1f} MiB; peak RSS "
        f"{warm['maxrss_after_kib'] / 1024:.1f} MiB; "
        f"{warm['memory_per_pdf_s'] * 1000:.1f} ms per certificate"
    )
    print(
        f"PDF size: max {warm['pdf_bytes_max'] / 1000:.1f} kB, median "
        f"{warm['pdf_bytes_median'] / 1000:.1f} kB over {warm['pdf_count']} stored PDFs"
    )
    print(f"1-min load average: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    checks = [
        ("PDF size kB", warm["pdf_bytes_max"] / 1000, SIZE_TARGET_BYTES / 1000, "<="),
        ("memory growth MiB", growth_mib, MEMORY_TARGET_MIB, "<="),
        ("first/steady (warm_up)", first_ratio, FIRST_TARGET, "<="),
        ("task/raw", task_ratio, TASK_TARGET, "<="),
    ]
    ok = True
    for name, value, target, _ in checks:
        passed = value <= target
        ok = ok and passed
        print(
            f"{name} = {value:.2f} (target <= {target:.2f}): "
            f"{'met' if passed else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
