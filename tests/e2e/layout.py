"""Layout checks axe-core leaves out: reflow and the platform's 44 px targets.

Reflow (WCAG 1.4.10) is measured, not assumed: at 320 CSS px the page never
scrolls sideways, and nothing sticks out of the window on either side (in
Arabic the page overflows to the left). A wide table may scroll inside its own
labelled region (`role="region"`, a name, `tabindex="0"`): what sticks out of
the window inside such a scroll container is reachable, so it is not counted.

`watch_reflow(context)` records every page a browser context loads and checks it
at the context's own size; `recheck_reflow(...)` loads those pages again, as the
same person, at 320 px in French and in Arabic (tests/e2e/conftest.py does both
for every journey). `assert_reflows(page)` checks one page where a journey wants.
"""

import pytest

NARROW = {"width": 320, "height": 640}
REFLOW_LANGUAGES = ("fr", "ar")

SMALL_TARGETS = """() => [...document.querySelectorAll(
    'a[href], button, summary, select, textarea,'
    + ' input:not([type=hidden], [type=checkbox], [type=radio]),'
    + ' label:has(> input[type=checkbox], > input[type=radio])')]
  .filter(el => el.getClientRects().length > 0)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width < 44 || box.height < 44)
  .map(([el, box]) => `<${el.tagName.toLowerCase()}> `
    + `${JSON.stringify((el.innerText || el.name || '').trim().slice(0, 40))} `
    + `${Math.round(box.width)}x${Math.round(box.height)}`)"""

# What a person would call the element: tag, id, classes and its first words.
DESCRIBE = """el => {
  const id = el.id ? `#${el.id}` : '';
  const classes = [...el.classList].map(name => `.${name}`).join('');
  const text = (el.innerText || el.getAttribute('aria-label') || el.value || '')
    .trim().replace(/\\s+/g, ' ').slice(0, 40);
  return `<${el.tagName.toLowerCase()}${id}${classes}> ${JSON.stringify(text)}`;
}"""

# The page's sideways scrolling and, outermost first, the elements sticking out of
# the window (1 px of rounding allowed) that no scroll container of theirs holds.
REFLOW_PROBLEMS = f"""() => {{
  const describe = {DESCRIBE};
  const width = window.innerWidth;
  const problems = [];
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth > width + 1) {{
    problems.push(`the page is ${{scrollWidth}} px wide in a ${{width}} px window`);
  }}
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  const held = el => {{
    for (let up = el.parentElement; up && up !== document.body;
         up = up.parentElement) {{
      if (scrolls(up)) return true;
    }}
    return false;
  }};
  const outside = new Set();
  for (const el of document.body.querySelectorAll('*')) {{
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    // Not seen: hidden, or inside a closed <details> (whose content Chromium keeps
    // laid out under content-visibility: hidden, so it has a box all the same).
    if (!el.checkVisibility({{visibilityProperty: true}})) continue;
    // The skip link waits above the page; only sideways matters here.
    if (box.right > width + 1 || box.left < -1) {{
      if (!held(el)) outside.add(el);
    }}
  }}
  const outermost = [...outside].filter(el => !outside.has(el.parentElement));
  for (const el of outermost.slice(0, 10)) {{
    const box = el.getBoundingClientRect();
    problems.push(`${{describe(el)}} runs from ${{Math.round(box.left)}}`
      + ` to ${{Math.round(box.right)}} px`);
  }}
  if (outermost.length > 10) problems.push(`and ${{outermost.length - 10}} more`);
  return problems;
}}"""

# Where an element is: in the window, or inside a labelled, focusable scroll region.
REACHABLE = f"""el => {{
  const describe = {DESCRIBE};
  const width = window.innerWidth;
  const inside = (box, left, right) => box.left >= left - 1 && box.right <= right + 1;
  el.scrollIntoView({{block: 'center', inline: 'nearest'}});
  const box = el.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return `${{describe(el)}} is not shown`;
  const region = el.closest('[role="region"]');
  if (region && ['auto', 'scroll'].includes(getComputedStyle(region).overflowX)) {{
    const named = region.getAttribute('aria-label')
      || region.getAttribute('aria-labelledby');
    if (!named) return `${{describe(el)}} scrolls in a region without a name`;
    if (region.getAttribute('tabindex') !== '0') {{
      return `${{describe(el)}} scrolls in a region the keyboard cannot reach`;
    }}
    const frame = region.getBoundingClientRect();
    if (inside(box, frame.left, frame.right) && inside(frame, 0, width)) return '';
    return `${{describe(el)}} is outside its scroll region`;
  }}
  if (inside(box, 0, width)) return '';
  return `${{describe(el)}} runs from ${{Math.round(box.left)}}`
    + ` to ${{Math.round(box.right)}} px in a ${{width}} px window`;
}}"""

WATCH = (
    """window.addEventListener('load', () => {
  if (window.top !== window || !document.body || !window.__siriusReflow) return;
  // A beat after load, so late layout (images, the drafts script) is in.
  setTimeout(() => window.__siriusReflow(
    location.pathname + location.search, window.innerWidth,
    document.contentType, ("""
    + REFLOW_PROBLEMS
    + """)()), 50);
});"""
)


def page_width(page) -> int:
    """How wide the document is; wider than the window means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def small_targets(page) -> list[str]:
    """Links, buttons and fields under 44x44 px (a checkbox counts its label)."""
    return page.evaluate(SMALL_TARGETS)


def reflow_problems(page) -> list[str]:
    """The page's sideways scrolling, and what sticks out of the window, by name."""
    return page.evaluate(REFLOW_PROBLEMS)


def assert_reflows(page) -> None:
    """Fails naming what makes the page scroll sideways or stick out of the window."""
    problems = reflow_problems(page)
    if problems:
        width = page.evaluate("window.innerWidth")
        pytest.fail(
            f"no reflow at {width} px on {page.url}:\n" + "\n".join(problems),
            pytrace=False,
        )


def unreachable(locator) -> str:
    """Why a person on this screen cannot see the element ("" when they can): it
    is in the window, or inside a named scroll region they can reach by keyboard."""
    return locator.evaluate(REACHABLE)


# Django's admin is the staff's desktop tool with Django's own templates and
# tables; our pages are the ones people open on a phone.
NOT_OURS = ("/admin/",)


class ReflowWatch:
    """The pages one browser context loaded: each checked at the context's size
    when it loaded, and remembered with the cookies of whoever loaded it."""

    def __init__(self, context):
        self.context = context
        self.visits: list[tuple[str, tuple]] = []  # (path, cookies), in order
        self.problems: list[str] = []
        context.expose_binding("__siriusReflow", self._report)
        context.add_init_script(WATCH)

    def _report(self, _source, path: str, width: int, kind: str, problems) -> None:
        if kind != "text/html" or path.startswith(NOT_OURS):
            return
        self.problems += [f"{width} px {path}: {problem}" for problem in problems]
        cookies = tuple(
            (cookie["name"], cookie["value"])
            for cookie in self.context.cookies()
            if cookie["name"] != "django_language"
        )
        if (path, cookies) not in self.visits:
            self.visits.append((path, cookies))


def watch_reflow(context) -> ReflowWatch:
    """Checks every page the context loads, and remembers it for recheck_reflow."""
    return ReflowWatch(context)


def recheck_reflow(browser, base_url: str, watches: list[ReflowWatch]) -> list[str]:
    """Loads every page the watched contexts loaded again, with the same cookies
    (so as the same person), at 320 px in French and in Arabic; returns each
    "language path: problem"."""
    by_person: dict[tuple, list[str]] = {}
    for watch in watches:
        for path, cookies in watch.visits:
            if path not in by_person.setdefault(cookies, []):
                by_person[cookies].append(path)
    found = []
    for cookies, paths in by_person.items():
        for language in REFLOW_LANGUAGES:
            context = browser.new_context(
                base_url=base_url, viewport=NARROW, locale="fr-BE"
            )
            context.set_default_timeout(10_000)
            jar = [*cookies, ("django_language", language)]
            context.add_cookies(
                [{"name": n, "value": v, "url": base_url} for n, v in jar]
            )
            page = context.new_page()
            try:
                for path in paths:
                    response = page.goto(path)
                    kind = response.headers.get("content-type", "") if response else ""
                    if not kind.startswith("text/html"):
                        continue
                    found += [
                        f"{language} {path}: {problem}"
                        for problem in reflow_problems(page)
                    ]
            finally:
                context.close()
    return found
