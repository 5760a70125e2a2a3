"""axe-core from the project's node_modules, run in the page under test."""

from functools import cache
from pathlib import Path

import pytest

AXE_JS = (
    Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN_AXE = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make install).", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """The WCAG 2.2 AA violations axe-core finds in the page as it is now."""
    # Evaluated through the DevTools protocol: an inline <script> would be refused
    # by the page's Content-Security-Policy.
    page.evaluate(_axe_source())
    return page.evaluate(RUN_AXE, WCAG_TAGS)["violations"]


def axe_report(page) -> str:
    """A readable list of the page's violations (rule, help, targets); "" if none."""
    lines = []
    for violation in axe_violations(page):
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
        )
        lines += [f"    {' '.join(map(str, n['target']))}" for n in violation["nodes"]]
    return f"{page.url}\n" + "\n".join(lines) if lines else ""


def assert_axe_clean(page) -> None:
    """Fails listing each violation: rule id, help and offending selectors."""
    report = axe_report(page)
    if report:
        pytest.fail(f"axe-core found violations on {report}", pytrace=False)
