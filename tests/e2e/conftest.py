"""Browser fixtures: the system Chromium driven by Playwright against live_server."""

import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started

from tests.e2e.direction import watch_directions
from tests.e2e.layout import recheck_reflow, watch_reflow
from tests.e2e.policy import watch_policy

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Marks every test under tests/e2e/ e2e, so `-m "not e2e"` skips them."""
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the run (Playwright's own is never used)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need the Debian package "
            "chromium (sudo apt-get install chromium, or make system-deps).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def viewport():
    """Window size of the page fixture; parametrize `viewport` to change it."""
    return DESKTOP


class InFlightRequests:
    """Counts the live server's requests, so teardown waits for the last ones
    (an H5P state saved when the page hides) before the database is flushed:
    the server thread shares the test's in-memory SQLite connection."""

    QUIET_SECONDS = 0.3

    def __init__(self):
        self.count = 0
        self.last_change = time.monotonic()
        self.lock = threading.Lock()

    def started(self, **kwargs):
        with self.lock:
            self.count += 1
            self.last_change = time.monotonic()

    def finished(self, **kwargs):
        with self.lock:
            self.count = max(0, self.count - 1)
            self.last_change = time.monotonic()

    def wait_until_quiet(self, timeout: float = 5) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                quiet = self.count == 0 and (
                    time.monotonic() - self.last_change > self.QUIET_SECONDS
                )
            if quiet:
                return
            time.sleep(0.05)


@pytest.fixture
def new_context(browser, live_server, viewport):
    """Opens fresh browser contexts (no shared cookies) aimed at live_server."""
    contexts = []
    directions = []  # every page's lang/dir problems (tests/e2e/direction.py)
    reflows = []  # every page loaded, checked for reflow (tests/e2e/layout.py)
    violations = []  # every page's Content-Security-Policy violations (policy.py)
    in_flight = InFlightRequests()
    request_started.connect(in_flight.started, weak=False)
    request_finished.connect(in_flight.finished, weak=False)

    def open_context(*, language: str | None = None, size: dict | None = None):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=size or viewport,
            # A Belgian French browser, as most learners have.
            locale="fr-BE",
        )
        context.set_default_timeout(10_000)
        if language:
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": live_server.url}]
            )
        contexts.append(context)
        directions.append(watch_directions(context))
        reflows.append(watch_reflow(context))
        violations.append(watch_policy(context))
        return context

    yield open_context
    try:
        # Every page of the journey again, as the same person, at 320 px in fr and ar.
        reflow_problems = recheck_reflow(browser, live_server.url, reflows)
        reflow_problems += [problem for watch in reflows for problem in watch.problems]
    finally:
        for context in contexts:
            context.close()
        in_flight.wait_until_quiet()
    request_started.disconnect(in_flight.started)
    request_finished.disconnect(in_flight.finished)
    if problems := [problem for found in directions for problem in found]:
        pytest.fail("content read in the wrong direction:\n" + "\n".join(problems))
    if reflow_problems:
        pytest.fail(
            "pages that scroll sideways or stick out of the window (WCAG 1.4.10):\n"
            + "\n".join(reflow_problems)
        )
    if refused := [problem for found in violations for problem in found]:
        pytest.fail("the Content-Security-Policy refused:\n" + "\n".join(refused))


@pytest.fixture
def page(new_context):
    """A page in its own fresh context, sized by the `viewport` fixture."""
    return new_context().new_page()


@pytest.fixture
def demo(digcomp, settings):
    """The demo accounts (lea, tom, ... with password sirius-demo-2026) and courses."""
    # A fast hasher: the slow default would spend seconds per test on demo passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=StringIO())
