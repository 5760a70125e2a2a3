"""Fault injection for a Celery worker started by a test (never imported by the
platform): `celery -A lms worker -I tests.certificates.worker_faults`.

When SIRIUS_TEST_FAULTS_DIR names a folder, every certificate render (not the
warm-up) appends one line to `render_calls` in it, then follows the next line of
`render_plan` (one action per render, in order; past the end it renders normally):

- `ok`: render normally;
- `sleep N`: sleep N seconds, then render (a slow render; a soft time limit
  interrupts the sleep);
- `stubborn N`: sleep N seconds ignoring the soft time limit (an engine stuck in
  C code), then render;
- `oserror`: raise OSError (a transient fault the task retries).

The counter lives on disk because a prefork child may be killed and replaced."""

import os
import time
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_process_init

FAULTS_DIR = os.environ.get("SIRIUS_TEST_FAULTS_DIR", "")


def _next_action(folder: Path) -> str:
    calls = folder / "render_calls"
    done = len(calls.read_text().splitlines()) if calls.exists() else 0
    with calls.open("a") as log:
        log.write(f"{os.getpid()} {time.time():.3f}\n")
    plan_file = folder / "render_plan"
    plan = plan_file.read_text().splitlines() if plan_file.exists() else []
    return plan[done] if done < len(plan) else "ok"


def _stubborn_sleep(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            continue


def _with_faults(render, folder: Path):
    from certificates.rendering import certificate_warm_up_html

    def certificate_pdf(html: str) -> bytes:
        if html == certificate_warm_up_html():
            return render(html)
        action, _, arg = _next_action(folder).partition(" ")
        if action == "sleep":
            time.sleep(float(arg))
        elif action == "stubborn":
            _stubborn_sleep(float(arg))
        elif action == "oserror":
            raise OSError("fault injected by the test: storage unavailable")
        return render(html)

    certificate_pdf.with_faults = True
    return certificate_pdf


@worker_process_init.connect(weak=False, dispatch_uid="sirius_test_faults")
def _install(**kwargs) -> None:
    if not FAULTS_DIR:
        return
    from certificates import pdf

    if getattr(pdf.certificate_pdf, "with_faults", False):
        return
    pdf.certificate_pdf = _with_faults(pdf.certificate_pdf, Path(FAULTS_DIR))
