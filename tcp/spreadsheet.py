"""CSV and XLSX downloads that are safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is read by Excel and LibreOffice
as a formula, which can run commands or leak data when the file is opened (OWASP "CSV
injection"). Such cells get a leading apostrophe, which spreadsheets show as plain text.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def restore(text: str) -> str:
    """Undo `neutralise` when a file we wrote comes back as an import: "'=x" is read as "=x"."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """Rows as CSV lines for a StreamingHttpResponse, every cell neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff"  # byte-order mark: Excel then reads the file as UTF-8
    yield writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


# --- XLSX ---------------------------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_value(value: Any) -> Any:
    """Dates, numbers and booleans stay typed cells; all text is neutralised, because openpyxl
    would store a string starting with = as a live formula."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones: local time, as shown
        return value
    if isinstance(value, Decimal):
        return float(value)
    # Control characters other than tab and line ends cannot be stored in an XLSX cell.
    return ILLEGAL_CHARACTERS_RE.sub("", neutralise(value))


@dataclass
class XlsxSheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]


def xlsx_bytes(sheets: Iterable[XlsxSheet]) -> bytes:
    """A workbook written row by row (openpyxl write-only mode), header row frozen."""
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=sheet.title[:31])
        worksheet.freeze_panes = "A2"
        worksheet.append([xlsx_value(cell) for cell in sheet.header])
        for row in sheet.rows:
            worksheet.append([xlsx_value(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
