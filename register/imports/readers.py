"""Reading an uploaded file into sheets of rows. The content decides what the file is, never its
name: an XLSX is a zip holding a workbook's parts; a CSV is text (UTF-8 with or without a BOM,
UTF-16 with a BOM, or Windows-1252 as older Excel saves it). Anything else is refused with a
message the person uploading can act on."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ..models import FileFormat

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 .xls, old Word files
XLSX_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
NOT_A_SPREADSHEET = (
    "The file is not a CSV or an Excel workbook (.xlsx). Save your spreadsheet as "
    "'CSV UTF-8' or 'Excel Workbook' and upload that"
)
Cell = str | int | float | bool | date | datetime | None


class UnreadableFile(Exception):
    """The file cannot be read as a spreadsheet; str(error) says why in plain English."""


@dataclass
class Sheet:
    name: str
    headers: list[str]
    # (row number as the spreadsheet shows it, cells in header order)
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


@dataclass
class Workbook:
    file_format: FileFormat
    sheets: list[Sheet]

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.sheets]


def read_file(data: bytes) -> Workbook:
    """Sniff and read `data`; raises UnreadableFile with the reason."""
    if len(data) > settings.IMPORT_MAX_UPLOAD_BYTES:
        raise UnreadableFile(too_large_message(len(data)))
    if not data.strip():
        raise UnreadableFile("The file is empty. Choose the file with your data in it")
    file_format = sniff_format(data)
    if file_format == FileFormat.XLSX:
        return Workbook(FileFormat.XLSX, _read_xlsx(data))
    return Workbook(FileFormat.CSV, [_read_csv(_decode(data))])


def too_large_message(size: int) -> str:
    limit = settings.IMPORT_MAX_UPLOAD_BYTES // (1024 * 1024)
    return (
        f"The file is {size / (1024 * 1024):.0f} MB. Files must be {limit} MB or smaller: "
        "split it into several files, or remove columns you do not need"
    )


def sniff_format(data: bytes) -> FileFormat:
    if data.startswith(ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as error:
            raise UnreadableFile(
                "The file looks like an Excel workbook but is damaged. Open it in Excel, save it "
                "again and upload the new copy"
            ) from error
        if all(part in names for part in XLSX_PARTS):
            return FileFormat.XLSX
        if "word/document.xml" in names:
            raise UnreadableFile("This is a Word document. Upload a CSV or Excel workbook")
        raise UnreadableFile(NOT_A_SPREADSHEET)
    if data.startswith(OLE2_MAGIC):
        raise UnreadableFile(
            "This is an old-style Excel file (.xls). Open it in Excel and save it as 'Excel "
            "Workbook (.xlsx)' or 'CSV UTF-8', then upload that"
        )
    return FileFormat.CSV


def _decode(data: bytes) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise UnreadableFile(NOT_A_SPREADSHEET) from error
    if b"\x00" in data:
        raise UnreadableFile(NOT_A_SPREADSHEET)
    try:
        return _checked_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (Comma delimited)" on Windows: é, £ and curly quotes as single bytes.
        return _checked_text(data.decode("cp1252"))
    except UnicodeDecodeError as error:
        raise UnreadableFile(NOT_A_SPREADSHEET) from error


def _checked_text(text: str) -> str:
    """Text with control characters (other than tabs and line ends) is binary data."""
    controls = sum(
        1 for char in text[:100_000] if unicodedata.category(char) == "Cc" and char not in "\t\r\n"
    )
    if controls > 0:
        raise UnreadableFile(NOT_A_SPREADSHEET)
    return text


def _read_csv(text: str) -> Sheet:
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _sheet("CSV", ((number, list(row)) for number, row in enumerate(reader, start=1)))
    except csv.Error as error:
        raise UnreadableFile(
            f"The CSV file could not be read near line {reader.line_num}: check for a quote "
            'mark (") that is not closed'
        ) from error


def _read_xlsx(data: bytes) -> list[Sheet]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    if sum(info.file_size for info in archive.infolist()) > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise UnreadableFile(
            "The workbook is too large once opened. Remove sheets or columns you do not need"
        )
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(
            "The Excel workbook is damaged and cannot be read. Open it in Excel, save it again "
            "and upload the new copy"
        ) from error
    try:
        return [
            _sheet(
                worksheet.title,
                (
                    (number, list(values))
                    for number, values in enumerate(worksheet.iter_rows(values_only=True), 1)
                ),
            )
            for worksheet in workbook.worksheets
        ]
    finally:
        workbook.close()


def _sheet(name: str, numbered_rows: Any) -> Sheet:
    """The first non-blank row is the header; blank rows are skipped but keep their numbers."""
    headers: list[str] | None = None
    rows: list[tuple[int, list[Cell]]] = []
    limit = settings.IMPORT_MAX_ROWS
    for number, cells in numbered_rows:
        if all(_is_blank(cell) for cell in cells):
            continue
        if headers is None:
            headers = [_header(cell) for cell in cells]
            while headers and not headers[-1]:
                headers.pop()
            continue
        if len(rows) >= limit:
            raise UnreadableFile(
                f"The sheet '{name}' has more than {limit:,} rows. Split it into files of "
                f"{limit:,} rows or fewer"
            )
        cells = cells[: len(headers)] + [None] * (len(headers) - len(cells))
        rows.append((number, cells))
    return Sheet(name=name, headers=headers or [], rows=rows)


def _is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _header(cell: Cell) -> str:
    return " ".join(str(cell).split()) if cell is not None else ""
