"""Framework tax (performance.md target 3): project middleware vs bare Django view."""

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TARGET = 0.70
PATH = "/bench/"
WORKERS = 2
CONNECTIONS = 8
THREADS = 2
START_TIMEOUT = 60.0  # seconds for gunicorn to answer
STOP_TIMEOUT = 10.0  # seconds for gunicorn to stop after SIGTERM
WARMUP = 2  # seconds of uncounted load per app before the rounds
NOISY_SPREAD = 1.3  # max/min req/s of one app's rounds above which to warn

APPS = {
    "floor": "bench.bare_settings",
    "project": "bench.project_bench_settings",
}

# Settings the project reads from the environment that would point it elsewhere than
# the local defaults (SQLite, local-memory cache, in-process tasks, plain http).
SCRUBBED_ENV = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "SITE_URL",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_BEHIND_PROXY",
    "DJANGO_SETTINGS_MODULE",
    "GUNICORN_CMD_ARGS",
    "BENCH_DROP_MIDDLEWARE",
)


@dataclass
class Round:
    app: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int = 0
    cpu_ms: float = 0.0  # server CPU (gunicorn workers, user + system) per request


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(sqlite_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env["SQLITE_PATH"] = str(sqlite_path)
    env["DJANGO_DEBUG"] = "0"
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def migrate(env: dict[str, str], log: Path) -> None:
    with log.open("w") as out:
        result = subprocess.run(  # noqa: S603 (fixed argv, our interpreter, manage.py)
            [PYTHON, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "lms.settings"},
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=300,
        )
    if result.returncode:
        raise SystemExit(f"migrate failed\n--- {log} ---\n{log.read_text()[-3000:]}")


def start_gunicorn(
    settings: str, port: int, env: dict[str, str], log: Path
) -> subprocess.Popen:
    argv = [
        PYTHON,
        "-m",
        "gunicorn",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--no-control-socket",  # two servers at once: no shared ~/.gunicorn socket
        "--log-level",
        "warning",
        "bench.wsgi:application",
    ]
    out = log.open("w")
    try:
        return subprocess.Popen(  # noqa: S603 (fixed argv, our own interpreter)
            argv,
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": settings},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    finally:
        out.close()


def get(port: int) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", PATH)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_ready(name: str, proc: subprocess.Popen, port: int, log: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            status, headers, body = get(port)
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200 and body.replace(b" ", b"") == b'{"ok":true}':
            return headers
        raise SystemExit(f"{name}: GET {PATH} answered {status} {body[:200]!r}")
    raise SystemExit(
        f"{name}: gunicorn did not answer on port {port} within {START_TIMEOUT:.0f} s"
        f"\n--- {log} ---\n{log.read_text()[-3000:]}"
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        # Our own session (start_new_session): the master and its workers only.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT)


def worker_cpu_seconds(master: int) -> float:
    """User + system CPU time of the master's worker processes, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        # After "pid (comm)": state, ppid, ..., utime and stime are fields 14 and 15.
        if int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / tick


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * UNITS_MS[unit]


def run_wrk(name: str, port: int, duration: int, master: int) -> Round:
    argv = [
        "wrk",
        f"--connections={CONNECTIONS}",
        f"--threads={THREADS}",
        f"--duration={duration}s",
        "--latency",
        f"http://127.0.0.1:{port}{PATH}",
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


# Headers the project's middleware adds (security, clickjacking, locale); none from the
# floor, which has no middleware.
MIDDLEWARE_HEADERS = {
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "content-language",
    "vary",
}


def check_stacks(headers: dict[str, dict[str, str]], full_stack: bool) -> None:
    """The project app runs its middleware, the floor none, and neither sets a
    cookie on an anonymous request."""
    lowered = {app: {k.lower() for k in h} for app, h in headers.items()}
    missing = ", ".join(sorted(MIDDLEWARE_HEADERS - lowered["project"]))
    if full_stack and missing:
        raise SystemExit(f"project: no {missing} header, middleware not active?")
    if MIDDLEWARE_HEADERS & lowered["floor"]:
        raise SystemExit("floor: middleware headers in the response, middleware?")
    for app, names in lowered.items():
        if "set-cookie" in names:
            raise SystemExit(f"{app}: sets a cookie on an anonymous request")


def interrupted(signum, frame):
    raise SystemExit(f"interrupted by signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="rounds per app [3]")
    parser.add_argument("--duration", type=int, default=10, help="s per round [10]")
    parser.add_argument(
        "--drop",
        default="",
        help="ablation only: comma-separated middleware class names to drop from "
        "the project app (e.g. LocaleMiddleware)",
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

    # SIGTERM (and SIGINT) unwind through the finally below, which stops the servers.
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, interrupted)
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="sirius-bench-") as tmp:
        tmpdir = Path(tmp)
        env = base_env(tmpdir / "bench.sqlite3")
        try:
            print("migrating a temporary SQLite database ...", flush=True)
            migrate(env, tmpdir / "migrate.log")
            ports, pids, headers = {}, {}, {}
            for name, settings in APPS.items():
                ports[name] = free_port()
                app_env = dict(env)
                if name == "project" and args.drop:
                    app_env["BENCH_DROP_MIDDLEWARE"] = args.drop
                log = tmpdir / f"{name}.log"
                procs.append(start_gunicorn(settings, ports[name], app_env, log))
                pids[name] = procs[-1].pid
                headers[name] = wait_ready(name, procs[-1], ports[name], log)
                print(f"{name}: {settings} on 127.0.0.1:{ports[name]}", flush=True)
            check_stacks(headers, full_stack=not args.drop)
            if args.drop:
                print(f"project without: {args.drop}")

            # Warm-up, not counted: every worker imports and caches what it needs.
            for name in APPS:
                run_wrk(name, ports[name], WARMUP, pids[name])

            load_before = os.getloadavg()[0]
            rounds: list[Round] = []
            for i in range(args.rounds):
                for name in APPS:
                    r = run_wrk(name, ports[name], args.duration, pids[name])
                    rounds.append(r)
                    print(
                        f"  round {i + 1} {name:<8} {r.rps:9.0f} req/s  "
                        f"p50 {r.p50_ms:5.2f} ms  p99 {r.p99_ms:5.2f} ms  "
                        f"server CPU {r.cpu_ms:.3f} ms/req",
                        flush=True,
                    )
        finally:
            for proc in procs:
                stop(proc)

    medians = {}
    spread = {}
    for name in APPS:
        mine = [r for r in rounds if r.app == name]
        medians[name] = Round(
            name,
            statistics.median(r.rps for r in mine),
            statistics.median(r.p50_ms for r in mine),
            statistics.median(r.p99_ms for r in mine),
            sum(r.requests for r in mine),
            statistics.median(r.cpu_ms for r in mine),
        )
        spread[name] = max(r.rps for r in mine) / min(r.rps for r in mine)
    print()
    print(
        f"gunicorn {WORKERS} sync workers, wrk {THREADS} threads x {CONNECTIONS} "
        f"connections, {args.rounds} x {args.duration} s per app, medians"
    )
    print(
        f"{'app':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU ms/req':>11} {'max/min req/s':>14}"
    )
    for m in medians.values():
        print(
            f"{m.app:<8} {m.rps:9.0f} {m.p50_ms:8.2f} {m.p99_ms:8.2f} "
            f"{m.cpu_ms:11.3f} {spread[m.app]:14.2f}"
        )
    load = os.getloadavg()[0]
    print(
        f"1-min load average: {load_before:.1f} before, {load:.1f} after the rounds "
        f"({os.cpu_count()} CPUs)"
    )
    if max(spread.values()) > NOISY_SPREAD:
        print(
            f"warning: one app's req/s moved by more than {NOISY_SPREAD:.1f}x "
            "between its rounds: the machine is busy, run again when it is idle"
        )
    cpu_ratio = medians["floor"].cpu_ms / medians["project"].cpu_ms
    print(f"server CPU per request, floor/project = {cpu_ratio:.2f} (less load-bound)")
    ratio = medians["project"].rps / medians["floor"].rps
    print(f"project/floor = {ratio:.2f} (target >= {TARGET:.2f})")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
