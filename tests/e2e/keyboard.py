"""Keyboard-only helpers: where the focus is, and whether a sighted user sees it."""

FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const x = Math.min(Math.max(box.left + box.width / 2, 0), window.innerWidth - 1);
  const y = Math.min(Math.max(box.top + box.height / 2, 0), window.innerHeight - 1);
  const topmost = document.elementFromPoint(x, y);
  const ring = style.outlineStyle === 'none' ? 0
    : Math.max(0, parseFloat(style.outlineOffset) || 0)
      + (parseFloat(style.outlineWidth) || 0);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    name: el.getAttribute('name') || '',
    href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || '').trim().replace(/\\s+/g, ' '),
    // The element and its focus ring (offset plus outline width) are on screen.
    inViewport: box.width > 0 && box.height > 0 && box.top - ring >= 0
      && box.left - ring >= 0 && box.bottom + ring <= window.innerHeight + 0.5
      && box.right + ring <= window.innerWidth + 0.5,
    onTop: topmost !== null && (el === topmost || el.contains(topmost)
      || (el.labels && [...el.labels].some(label => label.contains(topmost)))),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
  };
}"""


def focused(page) -> dict:
    """What the keyboard focus is on, with its position and outline."""
    return page.evaluate(FOCUSED)


def assert_focus_visible(state: dict) -> None:
    """The focus is in the viewport, not covered, and outlined at least 2px wide."""
    label = f"<{state['tag']}> {state['text'] or state['name'] or state['id']!r}"
    assert state["inViewport"], f"{label} or its focus ring is outside the viewport"
    assert state["onTop"], f"{label} is focused but covered by another element"
    assert state["outlineStyle"] != "none", f"{label} is focused without an outline"
    assert state["outlineWidth"] >= 2, (
        f"{label} has a {state['outlineWidth']}px focus outline; 2px at least"
    )


def tab_to(page, wanted, *, max_steps: int = 25) -> dict:
    """Presses Tab until `wanted(state)` holds, checking each focus stop is visible."""
    seen = []
    for _ in range(max_steps):
        page.keyboard.press("Tab")
        state = focused(page)
        assert_focus_visible(state)
        if wanted(state):
            return state
        seen.append(f"<{state['tag']}> {state['text'] or state['name']!r}")
    raise AssertionError(
        f"not reached in {max_steps} Tab presses; focus went through: "
        + ", ".join(seen)
    )
