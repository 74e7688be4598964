"""CSV downloads that are safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) is read by Excel and LibreOffice
as a formula, which can run commands or leak data when the file is opened (OWASP "CSV
injection"). Such cells get a leading apostrophe, which spreadsheets show as plain text.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


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
