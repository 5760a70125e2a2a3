"""CSV exports that open safely in a spreadsheet."""

import csv
import io
from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(rows: Iterable[list[str]], *, title: str) -> bytes:
    """The rows as an Excel workbook of one sheet, the first row in bold: no
    encoding or separator to guess, whatever the spreadsheet's language."""
    # Imported here: only the exports need it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        if index == 0:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=value)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
        else:
            sheet.append([safe_cell(str(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class EchoBuffer:
    """A file-like object whose write() returns the line: csv_writer(EchoBuffer())
    yields CSV lines for a StreamingHttpResponse."""

    def write(self, value: str) -> str:
        return value


def moment_cell(moment: datetime | None) -> str:
    """A date and time as a spreadsheet cell: local time to the minute, or empty."""
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""
