"""Direction checks axe-core leaves out: content keeps its own language's direction.

A French lesson inside the Arabic interface must still read left to right. Two
checks, both on the computed `direction` (what the browser really lays out):
- every element that declares a `lang` reads in that language's direction (a
  `lang="fr"` block without `dir="ltr"` inside an Arabic page reads right to left
  and fails), and so does interface text nested back inside content;
- named pieces of content (a question, a choice, a course title) read in the
  direction expected, wherever in the markup they are, tagged or not.

`watch_directions(context)` runs the first check on every page a browser context
loads (tests/e2e/conftest.py applies it to every journey); `assert_directions(page,
...)` runs both where a journey wants to name its content.
"""

import pytest

# The right-to-left languages a page of the platform may name (interface or content).
RTL_LANGUAGES = ("ar", "fa", "he", "ur")

LANG_PROBLEMS = """rtl => {
  const wanted = code => rtl.includes(code.toLowerCase().split('-')[0]) ? 'rtl' : 'ltr';
  const problems = [];
  for (const el of document.querySelectorAll('[lang]')) {
    const lang = el.getAttribute('lang');
    // dir="auto" reads its direction from its own text: nothing to expect.
    if (!lang || el.getAttribute('dir') === 'auto') continue;
    const got = getComputedStyle(el).direction;
    if (got !== wanted(lang)) {
      const text = (el.innerText || el.textContent || '').trim().slice(0, 50);
      problems.push(`<${el.tagName.toLowerCase()} lang="${lang}"> reads ${got},`
        + ` not ${wanted(lang)}: ${JSON.stringify(text)}`);
    }
  }
  return problems;
}"""

# The innermost visible element holding each text, and its computed direction.
TEXT_DIRECTIONS = """texts => texts.map(text => {
  const holds = el => el.textContent.includes(text);
  const skip = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const innermost = [...document.body.querySelectorAll('*')].filter(el =>
    !skip.has(el.tagName) && holds(el) && el.getClientRects().length > 0
    && ![...el.children].some(holds));
  return innermost.length ? getComputedStyle(innermost[0]).direction : null;
})"""

WATCH = f"""window.addEventListener('load', () => {{
  const problems = ({LANG_PROBLEMS})({list(RTL_LANGUAGES)!r});
  if (problems.length && window.__siriusDirections) {{
    window.__siriusDirections(location.pathname + location.search, problems);
  }}
}});"""


def lang_problems(page) -> list[str]:
    """Elements whose computed direction is not the one of their `lang`."""
    return page.evaluate(LANG_PROBLEMS, list(RTL_LANGUAGES))


def direction_problems(
    page, *, interface: str = "", ltr: tuple[str, ...] = (), rtl: tuple[str, ...] = ()
) -> list[str]:
    """Every problem of the page as it is now: the page's own direction when
    `interface` ("ltr" or "rtl") is given, each `lang`, and the texts expected
    to read left to right (`ltr`) or right to left (`rtl`)."""
    problems = lang_problems(page)
    if interface:
        got = page.evaluate("getComputedStyle(document.documentElement).direction")
        if got != interface:
            problems.append(f"the interface reads {got}, not {interface}")
    texts = [*ltr, *rtl]
    wanted = ["ltr"] * len(ltr) + ["rtl"] * len(rtl)
    for text, want, got in zip(
        texts, wanted, page.evaluate(TEXT_DIRECTIONS, texts), strict=True
    ):
        if got is None:
            problems.append(f"{text!r} is not on the page")
        elif got != want:
            problems.append(f"{text!r} reads {got}, not {want}")
    return problems


def assert_directions(page, **expected) -> None:
    """Fails listing each direction problem (see direction_problems)."""
    problems = direction_problems(page, **expected)
    if problems:
        pytest.fail(
            f"direction problems on {page.url}:\n" + "\n".join(problems),
            pytrace=False,
        )


def watch_directions(context) -> list[str]:
    """Checks every `lang` of every page the context loads; the list it returns
    fills with "path: problem" lines as pages load."""
    found: list[str] = []

    def report(_source, path: str, problems: list[str]) -> None:
        found.extend(f"{path}: {problem}" for problem in problems)

    context.expose_binding("__siriusDirections", report)
    context.add_init_script(WATCH)
    return found
