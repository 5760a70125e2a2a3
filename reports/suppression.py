"""Disclosure control of the impact reports: nobody can be picked out of a figure.

Three rules, applied to exact counts before anything is shown:

1. Primary suppression: a count from 1 to REPORT_SUPPRESSION_THRESHOLD - 1 is
   shown as "< 5" (0 stays 0: nobody is in it).
2. Complementary suppression: in a table with a total, hiding one cell is not
   enough (total minus the other cells gives it back), and neither is hiding
   cells whose sum pins them (two hidden cells summing to 2 are both 1; "< 5"
   beside a hidden 5 summing to 6 is 1, as a hidden cell beside a small one is
   known to be at least 5). The next smallest non-zero cell is hidden too, as
   "masqué", until no small cell can be worked out from the sum of the hidden
   ones; when no cell is left to hide, the total is hidden.
3. Rounding: every other count is rounded to the nearest multiple of
   REPORT_ROUNDING_BASE (5 by default). Two overlapping periods, or one
   organisation against the whole platform, differ by a multiple of the base,
   never by an exact 1 to 4. Rates are computed from the published, rounded
   counts, and hidden as soon as one of them is: a rate never gives a count back.

A breakdown of people where some said nothing (learners by language) is
protected with its "did not say" cell as one more cell of the breakdown of
everyone: otherwise everyone minus the rows would give that cell back, or the
other way round.

A table whose cells overlap (a member may give several answers) does not add
up to its total, but a reader still knows that the cells add up to at least the
number of people behind them. The cells are protected as if they added up to
their own sum, which tells a reader more than that inequality does, and the
number of people is hidden whenever that sum would be.

Figures are plain data (no rows, no requests): pages, CSV and API show the same.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Figure:
    """A number as published: its value (None when hidden or when there is no
    figure) and the text to show."""

    value: int | None
    text: str
    hidden: bool = False

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class TableFigures:
    cells: list[Figure]
    total: Figure


@dataclass(frozen=True)
class SaidTableFigures:
    """A breakdown of those who said: their cells, how many they are, and how
    many did not say, out of everyone (`total`)."""

    cells: list[Figure]
    said: Figure
    not_said: Figure
    total: Figure


def suppression_threshold() -> int:
    return max(1, int(settings.REPORT_SUPPRESSION_THRESHOLD))


def rounding_base() -> int:
    return max(1, int(settings.REPORT_ROUNDING_BASE))


def is_small(count: int) -> bool:
    """A count that would single people out: 1 to the threshold minus one."""
    return 0 < count < suppression_threshold()


def small_figure() -> Figure:
    return Figure(None, f"< {suppression_threshold()}", hidden=True)


def hidden_figure() -> Figure:
    """A cell hidden so that a small one cannot be worked out from it."""
    return Figure(None, _("masqué"), hidden=True)


def no_figure() -> Figure:
    """Nothing to count (a rate of nobody): not hidden, just empty."""
    return Figure(None, "—")


def rounded(count: int) -> int:
    """To the nearest multiple of the rounding base, never down to 0."""
    base = rounding_base()
    return max(base, (count + base // 2) // base * base)


def count_figure(count: int) -> Figure:
    """A count as published: 0, "< 5", or rounded."""
    if count == 0:
        return Figure(0, "0")
    if is_small(count):
        return small_figure()
    value = rounded(count)
    # Plain digits: the CSV cell stays a number in a spreadsheet.
    return Figure(value, str(value))


def rate_figure(numerator: Figure, denominator: Figure) -> Figure:
    """A percentage of two published counts; hidden when either is."""
    if numerator.hidden or denominator.hidden:
        return hidden_figure()
    if not denominator.value:
        return no_figure()
    percent = min(100, round(100 * (numerator.value or 0) / denominator.value))
    return Figure(percent, f"{percent} %")


def days_figure(days: float | None, *, over: int) -> Figure:
    """A duration in whole days, measured over `over` people: hidden when they
    are fewer than the threshold (the median of two people is nearly theirs)."""
    if days is None or over == 0:
        return no_figure()
    if over < suppression_threshold():
        return hidden_figure()
    whole = round(days)
    text = ngettext("%(days)s jour", "%(days)s jours", whole) % {"days": whole}
    return Figure(whole, text)


def _bounds(
    counts: list[int], hidden: set[int], primary: set[int]
) -> dict[int, tuple[int, int]]:
    """What someone who reads the table knows of each hidden cell: a small one
    is 1 to threshold-1; a complementary one is at least the threshold and, as
    the smallest cells are hidden first, at most the smallest non-zero cell shown."""
    shown = [c for i, c in enumerate(counts) if i not in hidden and c > 0]
    largest = min(shown) if shown else sum(counts[i] for i in hidden)
    threshold = suppression_threshold()
    return {
        i: (1, threshold - 1) if i in primary else (threshold, max(threshold, largest))
        for i in hidden
    }


def _recoverable(counts: list[int], hidden: set[int], primary: set[int]) -> bool:
    """Whether the total minus the shown cells (the sum of the hidden ones)
    pins a small cell to one value, given what is known of each hidden cell."""
    if not hidden:
        return False
    known_sum = sum(counts[i] for i in hidden)
    bounds = _bounds(counts, hidden, primary)
    low_sum = sum(low for low, _high in bounds.values())
    high_sum = sum(high for _low, high in bounds.values())
    for i in primary:
        low, high = bounds[i]
        # The others take what they can: this cell takes the rest.
        lowest = max(low, known_sum - (high_sum - high))
        highest = min(high, known_sum - (low_sum - low))
        if lowest >= highest:
            return True
    return False


def _hide(counts: list[int], total: int) -> tuple[set[int], set[int], bool]:
    """The primary and complementary cells to hide, and whether the total is."""
    primary = {i for i, count in enumerate(counts) if is_small(count)}
    hidden = set(primary)
    if is_small(total):
        return primary, hidden, True
    while _recoverable(counts, hidden, primary):
        candidates = [i for i, c in enumerate(counts) if i not in hidden and c > 0]
        if not candidates:
            return primary, hidden, True
        hidden.add(min(candidates, key=lambda i: (counts[i], i)))
    return primary, hidden, False


def _total_figure(total: int) -> Figure:
    return small_figure() if is_small(total) else hidden_figure()


def table_figures(counts: list[int], total: int) -> TableFigures:
    """The cells and total of one breakdown, protected as one table."""
    return linked_table_figures([counts], total)[0]


def linked_table_figures(tables: list[list[int]], total: int) -> list[TableFigures]:
    """Several breakdowns of the same total (certified skills by area and by
    level): when one must hide the total, the others would give it back by
    adding their cells, so each of them hides its total and its non-zero cells."""
    decisions = [_hide(counts, total) for counts in tables]
    total_hidden = any(hides_total for _p, _h, hides_total in decisions)
    result = []
    for counts, (primary, hidden, hides_total) in zip(tables, decisions, strict=True):
        if total_hidden and not hides_total:
            hidden = {i for i, count in enumerate(counts) if count > 0}
        cells = [
            small_figure()
            if i in primary
            else hidden_figure()
            if i in hidden
            else count_figure(count)
            for i, count in enumerate(counts)
        ]
        figure = _total_figure(total) if total_hidden else count_figure(total)
        result.append(TableFigures(cells=cells, total=figure))
    return result


def overlapping_table_figures(counts: list[int], people: int) -> TableFigures:
    """Cells of distinct people per answer, several answers each, and the
    number of people who answered (the published total): every cell is at most
    `people`, and together they are at least `people`."""
    cells = table_figures(counts, sum(counts))
    if cells.total.hidden:
        return TableFigures(cells=cells.cells, total=_total_figure(people))
    return TableFigures(cells=cells.cells, total=count_figure(people))


def said_tables_figures(
    tables: list[tuple[list[int], int]], total: int
) -> list[SaidTableFigures]:
    """Breakdowns of the same people by what they said (language, age), each
    given as (cells, how many did not say): each is protected as one breakdown
    of everyone, its "did not say" one more cell; how many said is hidden when
    everyone or those who did not say are, as it would give the other back."""
    linked = linked_table_figures(
        [[*counts, not_said] for counts, not_said in tables], total
    )
    result = []
    for (_counts, not_said), figures in zip(tables, linked, strict=True):
        rest = figures.cells[-1]
        if rest.hidden or figures.total.hidden:
            said = _total_figure(total - not_said)
        else:
            said = count_figure(total - not_said)
        result.append(
            SaidTableFigures(
                cells=figures.cells[:-1], said=said, not_said=rest, total=figures.total
            )
        )
    return result
