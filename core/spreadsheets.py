"""CSV exports that open safely in a spreadsheet."""

# A cell starting with one of these is run as a formula by Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefixes a cell a spreadsheet would run as a formula with an apostrophe."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
