"""Digits, dashes and spaces as people type them, read one way everywhere."""

import pytest

from core.digits import compact, number_normalise, typed_normalise


@pytest.mark.parametrize(
    "typed",
    [
        "٤٨٢٩١٣",  # Arabic-Indic, as an Arabic phone keyboard types them
        "۴۸۲۹۱۳",  # Eastern Arabic (Persian, Urdu)
        "４８２９１３",  # full-width, from a Japanese or Chinese keyboard
        "482913",
    ],
)
def test_digits_typed_any_script_reads_as_ascii(typed):
    """The same six digits, whatever keyboard typed them."""
    assert typed_normalise(typed) == "482913"
    assert compact(typed) == "482913"


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD–EFGH—JKMN‑P",  # en dash, em dash, non-breaking hyphen (Word, LibreOffice)
        "ABCD−EFGH‒JKMN―P",  # minus sign, figure dash, horizontal bar
        "ABCD\u00a0EFGH\u202fJKMN\u2009P",  # no-break, narrow and thin spaces
        "\u200fABCD-EF\u200bGH-JK\u00adMN-P\ufeff",  # marks pasted along, unseen
    ],
)
def test_digits_typed_dashes_and_spaces_of_a_pasted_code(typed):
    """A code pasted from a word processor keeps only its symbols."""
    assert compact(typed) == "ABCDEFGHJKMNP"


def test_digits_typed_dashes_become_hyphens_letters_stay():
    """Dashes read as '-', spaces as ' '; accented and Arabic letters are untouched."""
    assert typed_normalise("Léa – ليلى\u00a0Çelik") == "Léa - ليلى Çelik"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("٣٫٥", "3.5"),  # Arabic decimal separator
        ("3,5", "3.5"),
        ("۱۲٬۵۰۰", "12500"),  # Arabic thousands separator
        ("1\u00a0000", "1000"),
        ("−12", "-12"),  # a minus sign from a word processor
        (" ٤٢ ", "42"),
    ],
)
def test_digits_typed_numbers(typed, number):
    """Numbers as Belgian and Arabic-speaking learners write them."""
    assert number_normalise(typed) == number
