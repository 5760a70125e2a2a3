"""Disclosure control: small counts hidden, differencing attacks defeated."""

import itertools
import random
from datetime import date

import pytest

from reports.published import report_publish
from reports.selectors import Period, impact_figures
from reports.suppression import (
    count_figure,
    days_figure,
    linked_table_figures,
    rate_figure,
    table_figures,
)
from tests.factories import CourseFactory, LearnerFactory, OrganisationFactory
from tests.reports.factories import enrolled, moment

SMALL = range(1, 5)


@pytest.fixture
def exact(settings):
    """No rounding: the suppression rules alone must protect the cells."""
    settings.REPORT_ROUNDING_BASE = 1


def test_suppression_figures_small_counts_show_as_less_than_five():
    assert [count_figure(n).text for n in range(0, 6)] == [
        "0",
        "< 5",
        "< 5",
        "< 5",
        "< 5",
        "5",
    ]
    assert all(count_figure(n).value is None for n in SMALL)


def test_suppression_figures_other_counts_round_to_five():
    assert [count_figure(n).value for n in (5, 6, 7, 8, 12, 13, 1234)] == [
        5,
        5,
        5,
        10,
        10,
        15,
        1235,
    ]
    assert count_figure(1234).text == "1235"


def test_suppression_figures_threshold_is_a_setting(settings):
    settings.REPORT_SUPPRESSION_THRESHOLD = 10

    assert count_figure(9).text == "< 10"
    assert count_figure(10).value == 10


def test_suppression_figures_rates_of_hidden_counts_are_hidden():
    """A rate of a small numerator or denominator would give the count back."""
    assert rate_figure(count_figure(3), count_figure(40)).hidden
    assert rate_figure(count_figure(3), count_figure(4)).hidden
    assert rate_figure(count_figure(0), count_figure(4)).hidden
    assert rate_figure(count_figure(20), count_figure(40)).text == "50 %"
    assert rate_figure(count_figure(0), count_figure(0)).text == "—"


def test_suppression_figures_rates_use_rounded_counts():
    """7 of 13 is 54 %, which with 13 shown as 15 gives 7 back; the rate of the
    published 5 of 15 gives nothing more than the counts themselves."""
    assert rate_figure(count_figure(7), count_figure(13)).text == "33 %"


def test_suppression_figures_median_over_few_people_is_hidden():
    assert days_figure(3.2, over=4).hidden
    assert days_figure(3.2, over=5).text == "3 jours"
    assert days_figure(None, over=0).text == "—"


def test_suppression_figures_one_small_cell_hides_another(exact):
    """Total minus the other cells cannot give back the one small cell."""
    table = table_figures([3, 12, 40], 55)

    assert [cell.text for cell in table.cells] == ["< 5", "masqué", "40"]
    assert table.total.text == "55"


def test_suppression_figures_complement_is_never_a_zero(exact):
    """Hiding a zero protects nothing: the next smallest non-zero cell is hidden."""
    table = table_figures([0, 6, 0, 3], 9)

    assert [cell.text for cell in table.cells] == ["0", "masqué", "0", "< 5"]
    assert table.total.value == 9


def test_suppression_figures_small_cell_beside_a_hidden_five_is_pinned(exact):
    """ "< 5" and a hidden 5 summing to 6 give the 1 back (the hidden cell is
    known to be at least 5): the next cell is hidden too."""
    table = table_figures([1, 5, 40], 46)

    assert [cell.hidden for cell in table.cells] == [True, True, True]
    assert table.total.text == "46"


def test_suppression_figures_pinned_cells_with_nothing_left_hide_the_total(exact):
    """[4, 4]: both hidden cells would be 4 (their sum is 8); no other cell is
    left to hide, so the total is hidden."""
    table = table_figures([4, 4, 0], 8)

    assert [cell.text for cell in table.cells] == ["< 5", "< 5", "0"]
    assert table.total.hidden


def test_suppression_figures_small_cells_that_sum_to_their_count_are_pinned(exact):
    """Two hidden cells summing to 2 are both 1: a third cell is hidden."""
    table = table_figures([1, 1, 20, 30], 52)

    assert [cell.hidden for cell in table.cells] == [True, True, True, False]


def _possible_values(counts, total, table, threshold=5):
    """Every value each hidden cell could take, for someone who knows the total
    (if shown), the shown cells, that "< 5" is 1 to 4, and that "masqué" is at
    least 5 and at most the smallest non-zero cell shown (the rule is public)."""
    hidden = [i for i, cell in enumerate(table.cells) if cell.hidden]
    small = {i for i in hidden if table.cells[i].text.startswith("<")}
    shown = [cell.value for cell in table.cells if not cell.hidden]
    largest = min([v for v in shown if v] or [total])
    ranges = [
        range(1, threshold) if i in small else range(threshold, largest + 1)
        for i in hidden
    ]
    possible = {i: set() for i in hidden}
    for values in itertools.product(*ranges):
        if not table.total.hidden and sum(shown) + sum(values) != total:
            continue
        for i, value in zip(hidden, values, strict=True):
            possible[i].add(value)
    return possible


def test_suppression_figures_no_small_cell_can_be_worked_out(exact):
    """Over many random tables: every small cell keeps at least two possible
    values for someone who subtracts the shown cells from the total."""
    chance = random.Random(20)  # noqa: S311 - test data, not secrets
    for _ in range(500):
        counts = [chance.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 14]) for _ in range(4)]
        total = sum(counts)
        table = table_figures(counts, total)
        possible = _possible_values(counts, total, table)
        for i, count in enumerate(counts):
            if 0 < count < 5:
                assert table.cells[i].hidden, counts
                assert len(possible[i]) >= 2, (counts, table)


def test_suppression_figures_linked_tables_share_a_hidden_total(exact):
    """Skills by area [4, 4] must hide the total (both small cells would be
    pinned); the same 8 skills by level must not add up to it either."""
    by_area, by_level = linked_table_figures([[4, 4], [8]], 8)

    assert by_area.total.hidden and by_level.total.hidden
    assert by_level.cells[0].hidden


def test_suppression_figures_overlapping_periods_differ_by_whole_fives():
    """Two published counts whose true values differ by 1 to 4 (one period a
    day longer than the other) never differ by 1 to 4 once published."""
    for count, extra in itertools.product(range(5, 300), SMALL):
        difference = count_figure(count + extra).value - count_figure(count).value
        assert difference not in SMALL


@pytest.mark.django_db
def test_suppression_figures_overlapping_periods_hide_the_last_day():
    """11 completions in March, one of them on the 31st: March and 1-30 March
    publish the same figure, so the person of the 31st stays hidden."""
    for day in range(1, 11):
        enrolled(on=moment(2026, 3, day), completed=moment(2026, 3, day + 1))
    enrolled(on=moment(2026, 3, 20), completed=moment(2026, 3, 31))
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    shorter = Period(date(2026, 3, 1), date(2026, 3, 30))

    def completions(period):
        report = report_publish(impact_figures(period=period, organisation=None))
        return next(f.figure for f in report.figures if f.key == "completions")

    assert completions(march).value == completions(shorter).value == 10


@pytest.mark.django_db
def test_suppression_figures_one_organisation_against_all():
    """12 learners on the platform, 10 of them in one organisation: the two
    others (a small count) cannot be found by subtracting the two reports."""
    organisation = OrganisationFactory()
    course = CourseFactory()
    for index in range(12):
        enrolled(
            user=LearnerFactory(organisation=organisation if index < 10 else None),
            course=course,
            on=moment(2026, 3, 3),
        )
    march = Period(date(2026, 3, 1), date(2026, 3, 31))

    def enrolments(organisation):
        report = report_publish(impact_figures(period=march, organisation=organisation))
        return next(f.figure for f in report.figures if f.key == "enrolments")

    difference = enrolments(None).value - enrolments(organisation).value
    assert difference not in SMALL
