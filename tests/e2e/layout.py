"""Layout checks axe-core leaves out: reflow and the platform's 44 px targets."""

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


def page_width(page) -> int:
    """How wide the document is; wider than the window means sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth")


def small_targets(page) -> list[str]:
    """Links, buttons and fields under 44x44 px (a checkbox counts its label)."""
    return page.evaluate(SMALL_TARGETS)
