"""CSV exports that open safely in a spreadsheet."""

import csv

# A cell starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefixes a cell a spreadsheet would run as a formula with an apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


# Belgian and French Excel read a CSV as Windows-1252 with ";" between columns
# unless told otherwise: the byte-order mark says UTF-8, ";" matches the locale
# (LibreOffice detects both).
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"


def csv_writer(file):
    """csv.writer for files that open in one column per field, accents intact,
    in French-speaking Excel; the caller writes CSV_BOM first."""
    return csv.writer(file, delimiter=CSV_DELIMITER)
