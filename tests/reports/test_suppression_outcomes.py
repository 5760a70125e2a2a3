"""Disclosure control of the new tables: members' outcomes (several answers
each) and active learners by language and age (only those who said)."""

import csv
import io
import itertools
import random
from datetime import date

import pytest
from django.urls import reverse

from reports.published import report_publish
from reports.selectors import Period, impact_figures
from reports.suppression import overlapping_table_figures, said_tables_figures
from tests.factories import CourseFactory, LearnerFactory, OrganisationFactory
from tests.reports.factories import answered, certified, coordinator_of, enrolled

pytestmark = pytest.mark.django_db

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
QUERY = {"start": "2026-03-01", "end": "2026-03-31"}
NEW_TABLES = ("outcomes", "learners_by_language", "learners_by_age_band")
SMALL_TEXTS = {"1", "2", "3", "4"}


@pytest.fixture
def exact(settings):
    """No rounding: the suppression rules alone must protect the cells."""
    settings.REPORT_ROUNDING_BASE = 1


@pytest.fixture
def organisation():
    """15 active learners: 6 chose French, 2 Dutch, 7 nothing; 3 say they are
    18 to 25; 8 certified, of whom 7 answered: 6 found a job (2 of them also
    started a training), 1 prefers not to say."""
    organisation = OrganisationFactory(name="Maison de quartier")
    course = CourseFactory(title="Premiers pas")
    languages = ["fr"] * 6 + ["nl"] * 2 + [""] * 7
    for index, language in enumerate(languages):
        user = LearnerFactory(
            organisation=organisation,
            language=language,
            age_band="18_25" if index < 3 else "",
        )
        enrollment = enrolled(user=user, course=course)
        if index < 8:
            certificate = certified(enrollment, issued_on=date(2026, 3, 9))
            if index < 2:
                answered(certificate, "job", "training")
            elif index < 6:
                answered(certificate, "job")
            elif index == 6:
                answered(certificate, declined=True)
    return organisation


def _report(organisation):
    return report_publish(impact_figures(period=MARCH, organisation=organisation))


def _tables(report) -> dict:
    return {table.key: table for table in report.tables}


def _texts(table) -> list[str]:
    return (
        [row.figure.text for row in table.rows]
        + [table.total.text]
        + [note.figure.text for note in table.notes]
    )


def test_suppression_outcomes_page_never_shows_one_to_four(client, organisation):
    """The page shows the three new tables, their definitions, and none of
    their figures is a count from 1 to 4."""
    client.force_login(coordinator_of(organisation))

    response = client.get(reverse("reports:report-detail"), QUERY)

    page = response.content.decode()
    assert "Ce que les membres disent être devenu·es" in page
    assert "Ne compte que les membres qui ont répondu" in page
    assert "Apprenant·es actif·ves par langue du site" in page
    assert "Apprenant·es actif·ves par âge" in page
    assert "N&#x27;ont pas choisi de langue : 5." in page
    tables = _tables(response.context["report"])
    for key in NEW_TABLES:
        for text in _texts(tables[key]):
            assert text not in SMALL_TEXTS, (key, _texts(tables[key]))
    outcomes = {row.key: row.figure.text for row in tables["outcomes"].rows}
    assert outcomes == {
        "job": "5",
        "training": "< 5",
        "confident": "0",
        "declined": "< 5",
    }
    assert tables["outcomes"].total_label == "Membres ayant répondu"


def test_suppression_outcomes_csv_never_shows_one_to_four(client, organisation):
    client.force_login(coordinator_of(organisation))

    response = client.get(reverse("reports:report-csv"), QUERY)

    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    captions = {
        "Ce que les membres disent être devenu·es",
        "Apprenant·es actif·ves par langue du site",
        "Apprenant·es actif·ves par âge",
    }
    new = [row for row in rows if row[0] in captions]
    assert len(new) == 4 + 1 + 4 + 1 + 1 + 5 + 1 + 1
    assert [
        "Ce que les membres disent être devenu·es",
        "Membres ayant répondu",
        "5",
    ] in rows
    # 3 said 18 to 25: the 12 who did not say are hidden beside them.
    age = [row[1:] for row in new if row[0] == "Apprenant·es actif·ves par âge"]
    assert ["18 à 25 ans", "< 5"] in age
    assert ["N'ont pas indiqué leur âge", "masqué"] in age
    assert not any(row[2] in SMALL_TEXTS for row in new)


def test_suppression_outcomes_api_never_gives_one_to_four(client, organisation):
    client.force_login(coordinator_of(organisation))

    body = client.get(reverse("api-report-summary"), QUERY).json()

    tables = {table["key"]: table for table in body["tables"]}
    for key in NEW_TABLES:
        table = tables[key]
        figures = [row["figure"] for row in table["rows"]] + [table["total"]]
        figures += [note["figure"] for note in table["notes"]]
        for figure in figures:
            assert figure["value"] not in (1, 2, 3, 4), (key, figure)
            if figure["hidden"]:
                assert figure["value"] is None
    assert tables["learners_by_language"]["notes"][0]["key"] == "language_not_said"
    assert tables["outcomes"]["total_label"] == "Membres ayant répondu"


def test_suppression_outcomes_language_cannot_be_worked_out(exact, organisation):
    """Exact figures: 2 learners chose Dutch. Active learners (15) minus those
    who did not choose (7) minus French would give the 2 back, so French is
    hidden too: 8 chose a language, French or Dutch, no more is said."""
    report = _report(organisation)
    table = _tables(report)["learners_by_language"]

    cells = {row.key: row.figure.text for row in table.rows}
    assert cells == {"fr": "masqué", "nl": "< 5", "en": "0", "ar": "0"}
    assert table.notes[0].figure.text == "7"
    assert table.total.text == "8"
    headline = {f.key: f.figure for f in report.figures}
    assert headline["learners_active"].text == "15"


def test_suppression_outcomes_age_not_said_small_is_protected(exact):
    """10 learners gave their age, 2 did not: the "did not say" is "< 5", and
    the band beside it is hidden, so active minus it gives nothing back."""
    for index in range(12):
        enrolled(user=LearnerFactory(age_band="45_64" if index < 10 else ""))

    table = _tables(_report(None))["learners_by_age_band"]

    assert table.notes[0].figure.text == "< 5"
    assert {row.key: row.figure.text for row in table.rows}["45_64"] == "masqué"
    assert table.total.hidden


def test_suppression_outcomes_overlapping_small_answer_is_protected(exact):
    """10 answered "job" and 4 "prefer not to say", 14 in all: as the answers
    add up to at least 14, showing 10 would give the 4 back (14 - 10)."""
    table = overlapping_table_figures([10, 0, 0, 4], 14)

    assert [cell.text for cell in table.cells] == ["masqué", "0", "0", "< 5"]
    assert table.total.text == "14"


def _possible_small(counts, people, table, threshold=5):
    """Every value each small cell could take for a reader who knows: the
    shown cells, that "< 5" is 1 to 4, that "masqué" is at least 5 and at most
    the smallest non-zero cell shown, that no cell exceeds the number of people,
    and (when shown) that the cells add up to at least that number."""
    hidden = [i for i, cell in enumerate(table.cells) if cell.hidden]
    small = [i for i in hidden if table.cells[i].text.startswith("<")]
    shown = [cell.value for cell in table.cells if not cell.hidden]
    cap = min([v for v in shown if v] or [people])
    ranges = [
        range(1, threshold) if i in small else range(threshold, max(cap, 5) + 1)
        for i in hidden
    ]
    possible = {i: set() for i in small}
    for values in itertools.product(*ranges):
        if not table.total.hidden and (
            sum(shown) + sum(values) < people or max(values, default=0) > people
        ):
            continue
        for i, value in zip(hidden, values, strict=True):
            if i in possible:
                possible[i].add(value)
    return possible


def test_suppression_outcomes_no_small_answer_can_be_worked_out(exact):
    """Random tables of answers, from members with one answer each (the cells
    add up to the number of people) to members with several: every small cell
    keeps at least two possible values."""
    chance = random.Random(20)  # noqa: S311 - test data, not secrets
    for _ in range(500):
        counts = [chance.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(4)]
        # How many answers were second or third answers of the same people.
        overlap = chance.choice([0, 0, 0, 1, 2, 5])
        people = max(max(counts), sum(counts) - overlap)
        table = overlapping_table_figures(counts, people)
        possible = _possible_small(counts, people, table)
        for i, count in enumerate(counts):
            if 0 < count < 5:
                assert table.cells[i].hidden, counts
                assert len(possible[i]) >= 2, (counts, people, table)
        if 0 < people < 5:
            assert table.total.hidden


def test_suppression_outcomes_no_small_said_cell_can_be_worked_out(exact):
    """Random breakdowns by language with some who did not say: from everyone,
    those who said, those who did not and the rows shown, no small cell (the
    "did not say" one included) is pinned to one value."""
    chance = random.Random(13)  # noqa: S311 - test data, not secrets
    for _ in range(400):
        rows = [chance.choice([0, 1, 2, 3, 4, 5, 6, 9, 14]) for _ in range(3)]
        not_said = chance.choice([0, 1, 2, 3, 4, 5, 8, 20])
        total = sum(rows) + not_said
        (table,) = said_tables_figures([(rows, not_said)], total)
        cells = [*table.cells, table.not_said]
        counts = [*rows, not_said]
        hidden = [i for i, cell in enumerate(cells) if cell.hidden]
        shown = {i: cell.value for i, cell in enumerate(cells) if not cell.hidden}
        cap = max(5, min([v for v in shown.values() if v] or [total]))
        ranges = [
            range(1, 5) if cells[i].text.startswith("<") else range(5, cap + 1)
            for i in hidden
        ]
        possible = {i: set() for i in hidden}
        for values in itertools.product(*ranges):
            guess = {**shown, **dict(zip(hidden, values, strict=True))}
            if not table.total.hidden and sum(guess.values()) != total:
                continue
            if not table.said.hidden and sum(guess[i] for i in range(3)) != (
                table.said.value
            ):
                continue
            for i in hidden:
                possible[i].add(guess[i])
        for i, count in enumerate(counts):
            if 0 < count < 5:
                assert cells[i].hidden, (rows, not_said)
                assert len(possible[i]) >= 2, (rows, not_said, table)


def test_suppression_outcomes_said_tables_share_the_active_total(exact):
    """Language [4, 4] with nobody silent pins both cells: the total of active
    learners is hidden, in the age table too, which then hides its cells."""
    by_language, by_age = said_tables_figures([([4, 4], 0), ([8, 0], 0)], 8)

    assert by_language.total.hidden and by_age.total.hidden
    assert by_age.cells[0].hidden and by_age.said.hidden
