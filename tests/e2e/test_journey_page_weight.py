"""Journey: Léa's pages stay light on a first visit (performance.md, target 6).

The live server serves static files uncompressed; in production WhiteNoise serves
precompressed gzip and brotli copies. So static text files count as their body
compressed with gzip level 9 (brotli would be smaller: gzip is the conservative
stand-in) and HTML counts as its raw body (Django does not compress it). Media
(images under /media/, audio, video) is left out, as performance.md says.
"""

import gzip
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import expect

LEARNER, PASSWORD = "lea", "sirius-demo-2026"
COURSE = "/courses/premiers-pas-smartphone/"
PAGE_BUDGET = 100_000  # bytes transferred per learner page, media excluded
CSS_JS_BUDGET = 35_000
FONT_EXTENSIONS = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# Static text files WhiteNoise serves precompressed, by content type.
COMPRESSED_TYPES = {
    "text/css": "css",
    "text/javascript": "js",
    "application/javascript": "js",
    "image/svg+xml": "svg",
    "application/json": "json",
}


@dataclass
class Transfer:
    url: str
    kind: str
    raw: int
    counted: int


def _kind(content_type: str) -> str:
    mime = content_type.split(";")[0].strip().lower()
    if mime in COMPRESSED_TYPES:
        return COMPRESSED_TYPES[mime]
    if mime == "text/html":
        return "html"
    return mime.split("/")[0] or "other"


def _is_media(response) -> bool:
    content_type = response.headers.get("content-type", "")
    return (
        urlsplit(response.url).path.startswith("/media/")
        or response.request.resource_type == "media"
        or content_type.startswith(("audio/", "video/"))
    )


def _transfer(response) -> Transfer:
    kind = _kind(response.headers.get("content-type", ""))
    body = b"" if 300 <= response.status < 400 else response.body()
    counted = len(body)
    if kind in COMPRESSED_TYPES.values():
        # WhiteNoise keeps a compressed copy only when it is smaller.
        counted = min(counted, len(gzip.compress(body, compresslevel=9)))
    return Transfer(response.url, kind, len(body), counted)


def _weigh(page, path: str) -> list[Transfer]:
    """Every non-media response of one page load, with the bytes it would cost."""
    responses = []

    def record(response):
        responses.append(response)

    page.on("response", record)
    assert page.goto(path).ok, path
    page.wait_for_load_state("networkidle")
    page.remove_listener("response", record)
    return [_transfer(response) for response in responses if not _is_media(response)]


def _breakdown(path: str, transfers: list[Transfer]) -> str:
    lines = [f"{path}:"] + [
        f"  {t.kind:5} raw {t.raw:>7} counted {t.counted:>7}  {t.url}"
        for t in transfers
    ]
    return "\n".join(lines)


def _learner_journey(new_context):
    """Léa logs in, then home, course and lesson each load as on an empty cache."""
    page = new_context().new_page()
    requested = []
    page.on("request", lambda request: requested.append(request))
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(LEARNER)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Bonjour Léa")
    # DevTools' "Disable cache": every page below loads as on a first visit.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    weights = {"/": _weigh(page, "/"), COURSE: _weigh(page, COURSE)}
    lesson = page.locator(f"main a[href^='{COURSE}lessons/']").first.get_attribute(
        "href"
    )
    weights[lesson] = _weigh(page, lesson)
    return weights, requested


def test_journey_page_weight_learner_pages_fit_the_budget(new_context, demo):
    """Home, course and lesson: at most 100 kB each, CSS + JS at most 35 kB."""
    weights, _ = _learner_journey(new_context)
    report, over = [], []
    for path, transfers in weights.items():
        kinds = {t.kind for t in transfers}
        assert {"html", "css"} <= kinds, _breakdown(path, transfers)
        total = sum(t.counted for t in transfers)
        css_js = sum(t.counted for t in transfers if t.kind in ("css", "js"))
        summary = f"  total {total}, css+js {css_js}"
        report.append(f"{_breakdown(path, transfers)}\n{summary}")
        if total > PAGE_BUDGET or css_js > CSS_JS_BUDGET:
            over.append(path)
    print("\n".join(report))
    assert not over, (
        f"over budget ({PAGE_BUDGET} B per page, {CSS_JS_BUDGET} B CSS + JS): "
        f"{over}\n" + "\n".join(report)
    )


def test_journey_page_weight_no_cdn_and_no_web_fonts(new_context, demo, live_server):
    """Every request stays on the platform's own origin and none fetches a font."""
    weights, requested = _learner_journey(new_context)
    requests = [r for r in requested if not r.url.startswith(("data:", "blob:"))]
    assert len(weights) == 3 and requests
    foreign = [r.url for r in requests if not r.url.startswith(live_server.url + "/")]
    assert not foreign, "requests leaving the platform:\n" + "\n".join(foreign)
    fonts = [
        r.url
        for r in requests
        if r.resource_type == "font"
        or urlsplit(r.url).path.lower().endswith(FONT_EXTENSIONS)
    ]
    assert not fonts, "web fonts requested:\n" + "\n".join(fonts)


TRAINER_PAGE_BUDGET = 250_000  # performance.md, target 6: trainer pages


def test_journey_page_weight_report_page_fits_the_trainer_budget(new_context, demo):
    """Tom's impact report, charts and Chart.js included: at most 250 kB; the
    chart library is loaded there and not on a learner's pages."""
    page = new_context().new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("tom")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("form[action$='/accounts/logout/'] button")).to_be_visible()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    transfers = _weigh(page, "/reports/")

    expect(page.locator("[data-chart] canvas").first).to_be_visible()
    total = sum(t.counted for t in transfers)
    report = f"{_breakdown('/reports/', transfers)}\n  total {total}"
    print(report)
    assert any("chart.umd" in t.url for t in transfers), report
    assert total <= TRAINER_PAGE_BUDGET, report
