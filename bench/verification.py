"""Verification (performance.md target 2): GET /v/<code> and the verification API
against one indexed look-up by unique code in a bare Django view."""

import argparse
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.framework_tax import (  # noqa: E402 (the project root goes on sys.path first)
    SCRUBBED_ENV,
    free_port,
    migrate,
    start_gunicorn,
    stop,
    to_ms,
    worker_cpu_seconds,
)
from bench.seed_certificates import NAMES  # noqa: E402
from bench.support import (  # noqa: E402
    median,
    pg_create,
    pg_drop,
    run_django,
)

PAGE_TARGET = 0.50
API_TARGET = 0.60
P99_TARGET = 2.0  # project p99 at most this many times the floor's
CERTIFICATES = 10_000
CODES_IN_LOAD = 200  # wrk cycles through this many known codes
WORKERS = 2
CONNECTIONS = 8
THREADS = 2
START_TIMEOUT = 60.0
WARMUP = 2
NOISY_SPREAD = 1.3
API_PATHS = ("/api/v1/verifications/{code}", "/api/v1/verifications/{code}/")
# Far above what wrk sends from one address: the benchmark measures the look-up,
# the counter's own cost stays in (it is counted on every request).
RATE_LIMIT = "1000000000/m"

APPS = {"floor": "bench.verify_floor_settings", "project": "lms.settings"}

WRK_SCRIPT = """
local paths = {%s}
local i = math.random(#paths)
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


@dataclass
class Round:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    cpu_ms: float


def display(code: str) -> str:
    return "-".join([code[0:4], code[4:8], code[8:12], code[12:]])


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        headers = {k.lower(): v for k, v in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        conn.close()


def wait_ready(name: str, proc: subprocess.Popen, port: int, path: str, log: Path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            return get(port, path)
        except OSError:
            time.sleep(0.2)
    raise SystemExit(
        f"{name}: gunicorn did not answer on port {port} within {START_TIMEOUT:.0f} s"
        f"\n--- {log} ---\n{log.read_text()[-3000:]}"
    )


def run_wrk(name: str, port: int, script: Path, duration: int, master: int) -> Round:
    argv = [
        "wrk",
        f"--connections={CONNECTIONS}",
        f"--threads={THREADS}",
        f"--duration={duration}s",
        f"--script={script}",
        "--latency",
        f"http://127.0.0.1:{port}/",
    ]
    cpu_before = worker_cpu_seconds(master)
    result = subprocess.run(  # noqa: S603, S607 (fixed argv; wrk is found on PATH)
        argv, capture_output=True, text=True, timeout=duration + 30, check=True
    )
    cpu = worker_cpu_seconds(master) - cpu_before
    text = result.stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if bad:
        raise SystemExit(f"{name}: {bad.group(1)} non-2xx responses\n{text}")
    errors = re.search(r"Socket errors: (.*)", text)
    if errors:
        print(f"  note: {name} socket errors: {errors.group(1)}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    return Round(name, rps, p50, p99, requests, 1000 * cpu / max(requests, 1))


def write_script(path: Path, paths: list[str]) -> Path:
    path.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    return path


def check_page(status: int, headers: dict, body: bytes, holder: str) -> None:
    if status != 200:
        raise SystemExit(f"page: answered {status}\n{body[:500]!r}")
    if holder.encode() not in body:
        raise SystemExit("page: the holder's name is not on the page")
    if headers.get("x-robots-tag") != "noindex":
        raise SystemExit("page: no X-Robots-Tag: noindex")
    if "set-cookie" in headers:
        cookie = headers["set-cookie"].split("=", 1)[0]
        print(f"  note: the page sets a cookie ({cookie}) on an anonymous request")


def interrupted(signum, frame):
    raise SystemExit(f"interrupted by signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per target [3]")
    parser.add_argument("--duration", type=int, default=10, help="s per round [10]")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="PostgreSQL (a database sirius_bench_<pid>, dropped at the end) "
        "instead of a SQLite file",
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 10 or not 1 <= args.duration <= 60:
        parser.error("--rounds must be 1..10 and --duration 1..60")
    if shutil.which("wrk") is None:
        print(
            "wrk is not installed: install it with `sudo apt-get install -y wrk` "
            "(Debian/Ubuntu package), then run this benchmark again.",
            file=sys.stderr,
        )
        return 2

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    procs: list[subprocess.Popen] = []
    pg_name = f"sirius_bench_{os.getpid()}" if args.postgres else None
    rounds: list[Round] = []
    with tempfile.TemporaryDirectory(prefix="sirius-bench-") as tmp:
        tmpdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
        env.update(
            SQLITE_PATH=str(tmpdir / "bench.sqlite3"),
            MEDIA_ROOT=str(tmpdir / "media"),
            DJANGO_DEBUG="0",
            LOG_LEVEL="WARNING",
            PYTHONDONTWRITEBYTECODE="1",
            VERIFICATION_RATE_LIMIT=RATE_LIMIT,
        )
        try:
            if pg_name:
                env["DATABASE_URL"] = pg_create(pg_name)
                print(f"database: PostgreSQL {pg_name}")
            else:
                print(f"database: SQLite {env['SQLITE_PATH']}")
            print("migrating ...", flush=True)
            migrate(env, tmpdir / "migrate.log")
            started = time.perf_counter()
            codes = run_django(
                "bench.seed_certificates",
                [str(CERTIFICATES), "issued"],
                {**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
                tmpdir / "seed.log",
                timeout=300,
            ).split()
            print(
                f"{len(codes)} certificates inserted with bulk_create in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
            sample = random.Random(42).sample(  # noqa: S311 (not secret)
                codes, CODES_IN_LOAD
            )

            ports, pids = {}, {}
            for name, settings in APPS.items():
                ports[name] = free_port()
                log = tmpdir / f"{name}.log"
                procs.append(start_gunicorn(settings, ports[name], env, log))
                pids[name] = procs[-1].pid
                status, _, body = wait_ready(
                    name, procs[-1], ports[name], f"/v/{display(sample[0])}", log
                )
                print(f"{name}: {settings} on 127.0.0.1:{ports[name]}", flush=True)
                if name == "floor" and (status != 200 or b'"found": true' not in body):
                    raise SystemExit(f"floor: answered {status} {body[:300]!r}")

            # What the project answers: the page, and the API if it exists yet.
            # The seeder names holders in turn; this one is plain ASCII.
            check_code = codes[3]
            holder_line = NAMES[3]
            sample[0] = check_code
            check_page(*get(ports["project"], f"/v/{display(check_code)}"), holder_line)
            unknown = get(ports["project"], "/v/0000-0000-0000-0")[0]
            print(f"page: 200 for a known code, {unknown} for an unknown one")
            targets = {"page": ("project", [f"/v/{display(c)}" for c in sample])}
            for pattern in API_PATHS:
                status, headers, body = get(
                    ports["project"], pattern.format(code=display(sample[0]))
                )
                if status == 200:
                    if holder_line.encode() not in body:
                        raise SystemExit(f"api: no holder name in {body[:300]!r}")
                    targets["api"] = (
                        "project",
                        [pattern.format(code=display(c)) for c in sample],
                    )
                    print(f"api: {pattern} answers 200 ({headers.get('content-type')})")
                    break
            else:
                print(
                    "api: GET /api/v1/verifications/<code> does not answer 200 yet "
                    f"(last: {status}): measuring the page only"
                )
            targets = {
                "floor": ("floor", [f"/v/{display(c)}" for c in sample]),
                **targets,
            }
            scripts = {
                name: write_script(tmpdir / f"{name}.lua", paths)
                for name, (_, paths) in targets.items()
            }

            for name, (app, _) in targets.items():
                run_wrk(name, ports[app], scripts[name], WARMUP, pids[app])
            load_before = os.getloadavg()[0]
            for i in range(args.rounds):
                for name, (app, _) in targets.items():
                    r = run_wrk(
                        name, ports[app], scripts[name], args.duration, pids[app]
                    )
                    rounds.append(r)
                    print(
                        f"  round {i + 1} {name:<6} {r.rps:8.0f} req/s  "
                        f"p50 {r.p50_ms:6.2f} ms  p99 {r.p99_ms:6.2f} ms  "
                        f"server CPU {r.cpu_ms:.3f} ms/req",
                        flush=True,
                    )
        finally:
            for proc in procs:
                stop(proc)
            if pg_name:
                pg_drop(pg_name)

    medians: dict[str, Round] = {}
    spread: dict[str, float] = {}
    for name in targets:
        mine = [r for r in rounds if r.name == name]
        medians[name] = Round(
            name,
            median(r.rps for r in mine),
            median(r.p50_ms for r in mine),
            median(r.p99_ms for r in mine),
            sum(r.requests for r in mine),
            median(r.cpu_ms for r in mine),
        )
        spread[name] = max(r.rps for r in mine) / min(r.rps for r in mine)
    print()
    print(
        f"{'SQLite' if not pg_name else 'PostgreSQL'}, {CERTIFICATES} certificates, "
        f"{CODES_IN_LOAD} codes in turn; gunicorn {WORKERS} sync workers, wrk "
        f"{THREADS} threads x {CONNECTIONS} connections, {args.rounds} x "
        f"{args.duration} s each, medians"
    )
    print(
        f"{'target':<7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>11} {'max/min req/s':>14}"
    )
    for m in medians.values():
        print(
            f"{m.name:<7} {m.rps:8.0f} {m.p50_ms:8.2f} {m.p99_ms:8.2f} "
            f"{m.cpu_ms:11.3f} {spread[m.name]:14.2f}"
        )
    print(
        f"1-min load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} "
        f"after the rounds ({os.cpu_count()} CPUs)"
    )
    if max(spread.values()) > NOISY_SPREAD:
        print(
            f"warning: req/s moved by more than {NOISY_SPREAD:.1f}x between rounds: "
            "the machine is busy, run again when it is idle"
        )
    floor = medians["floor"]
    ok = True
    for name, target in (("page", PAGE_TARGET), ("api", API_TARGET)):
        if name not in medians:
            print(f"{name}: not measured (no API yet)")
            ok = False
            continue
        m = medians[name]
        ratio, p99_ratio = m.rps / floor.rps, m.p99_ms / floor.p99_ms
        cpu_ratio = floor.cpu_ms / m.cpu_ms
        passed = ratio >= target and p99_ratio <= P99_TARGET
        ok = ok and passed
        print(
            f"{name}/floor: req/s {ratio:.2f} (target >= {target:.2f}), "
            f"p99 {p99_ratio:.2f}x (target <= {P99_TARGET:.1f}x), "
            f"server CPU floor/{name} {cpu_ratio:.2f}: "
            f"{'met' if passed else 'MISSED'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
