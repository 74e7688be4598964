"""Turning the cells of a row into the values the register services take, with a plain message
for each cell that cannot be read. Only the *shape* of a cell is judged here (is it a date, a
known code, a known ward); whether the value is allowed is for the register services to decide.

Dates come as spreadsheets really hold them: 2024-03-02, 02/03/2024 (UK order, day first),
2 March 2024, a real date cell, or an Excel serial number (45353).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Organisation
from tcp.spreadsheet import restore

from ..models import EthnicCategory, ImportKind, Sex, Ward
from ..nhs_numbers import nhs_number_problem, normalise_nhs_number
from .mapping import Column, Parse, SheetSpec
from .readers import Cell, Sheet

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1 January 1900 (Excel's leap-year bug included)
MAX_EXCEL_SERIAL = 2_958_465  # 31 December 9999
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0"}
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
UK_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SHORT_YEAR = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")
DATE_TIME = re.compile(r"^(\S+)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
WORDY_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%d-%B-%Y")
SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+\d+$", re.IGNORECASE)
DATE_FORMATS_HINT = "Enter dates like 2024-03-02 or 02/03/2024"
# A blank cell means the model's default for these codes, as on the "add a person" form.
BLANK_CODES = {"sex": Sex.NOT_KNOWN, "ethnicity": EthnicCategory.NOT_KNOWN}


class CellProblem(ValueError):
    pass


@dataclass
class RowError:
    column: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"column": self.column, "message": self.message}


@dataclass
class ParsedRow:
    kind: ImportKind
    number: int
    values: dict[str, Any]
    headers: dict[str, str]  # column key -> header in the user's file
    errors: list[RowError] = field(default_factory=list)
    person_key: str | None = None

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.headers.get(key, key and key.replace("_", " ")), message))

    def has(self, key: str) -> bool:
        return key in self.values


def parse_sheet(spec: SheetSpec, sheet: Sheet, mapping: dict[str, str]) -> list[ParsedRow]:
    """Every row of `sheet` read through `mapping` (column key -> header)."""
    index = {key: sheet.headers.index(header) for key, header in mapping.items() if header}
    lookups = Lookups.for_sheet(spec, sheet, index)
    return [
        _parse_row(spec, number, cells, index, mapping, lookups) for number, cells in sheet.rows
    ]


def _parse_row(
    spec: SheetSpec,
    number: int,
    cells: list[Cell],
    index: dict[str, int],
    mapping: dict[str, str],
    lookups: Lookups,
) -> ParsedRow:
    row = ParsedRow(kind=spec.kind, number=number, values={}, headers=dict(mapping))
    for column in spec.columns:
        if column.key not in index:
            continue
        cell = cells[index[column.key]]
        try:
            row.values[column.key] = _parse_cell(column, cell, lookups)
        except CellProblem as problem:
            row.error(column.key, str(problem))
    if spec.kind == ImportKind.SPELLS:
        _resolve_ward(row, lookups)
    row.person_key = _person_key(row)
    return row


def _parse_cell(column: Column, cell: Cell, lookups: Lookups) -> Any:
    if column.parse is Parse.DATE:
        return parse_date(cell)
    if column.parse is Parse.DATETIME:
        return parse_datetime(cell)
    if column.parse in (Parse.YES_NO, Parse.YES_NO_UNKNOWN):
        answer = parse_yes_no(cell)
        return answer if answer is not None or column.parse is Parse.YES_NO_UNKNOWN else False
    if column.parse is Parse.CODE:
        code = parse_code(column, cell)
        return code or BLANK_CODES.get(column.key, "")
    if column.parse is Parse.CODES:
        return [parse_code(column, part) for part in re.split(r"[;,\s]+", text(cell)) if part]
    if column.parse is Parse.NHS_NUMBER:
        return parse_nhs_number(cell)
    if column.parse is Parse.ORGANISATION:
        return lookups.organisation(text(cell))
    return text(cell)


def text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "Yes" if cell else "No"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else str(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    return restore(str(cell).strip()).strip()


def parse_date(cell: Cell) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, bool):
        raise CellProblem(f"'{text(cell)}' is not a date. {DATE_FORMATS_HINT}")
    if isinstance(cell, int | float):
        return _from_serial(float(cell), text(cell))
    typed = text(cell)
    if not typed:
        return None
    if match := ISO_DATE.match(typed):
        year, month, day = (int(part) for part in match.groups())
        return _real_date(year, month, day, typed)
    if match := UK_DATE.match(typed):
        day, month, year = (int(part) for part in match.groups())
        return _real_date(year, month, day, typed)
    if SHORT_YEAR.match(typed):
        raise CellProblem(
            f"'{typed}' has a two-digit year. Write the year in full, like 02/03/2024"
        )
    if re.fullmatch(r"\d+(\.\d+)?", typed):
        return _from_serial(float(typed), typed)
    for pattern in WORDY_FORMATS:
        try:
            return datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
    raise CellProblem(f"'{typed}' is not a date. {DATE_FORMATS_HINT}")


def parse_datetime(cell: Cell) -> datetime | None:
    """A date with a time of day (local time), as 02/03/2024 14:30 or a date-time cell."""
    if isinstance(cell, datetime):
        moment = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        day = _from_serial(float(cell), text(cell))
        moment = datetime.combine(day, datetime.min.time()) + timedelta(days=float(cell) % 1)
    else:
        typed = text(cell)
        if not typed:
            return None
        match = DATE_TIME.match(typed)
        if not match:
            raise CellProblem(
                f"'{typed}' is not a date and time. Enter them like 02/03/2024 14:30 or "
                "2024-03-02 14:30"
            )
        day = parse_date(match.group(1))
        hours, minutes, seconds = int(match.group(2)), int(match.group(3)), int(match.group(4) or 0)
        if hours > 23 or minutes > 59 or seconds > 59:
            raise CellProblem(f"'{typed}' is not a real time of day")
        moment = datetime.combine(day, time(hours, minutes, seconds))  # type: ignore[arg-type]
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment.replace(microsecond=0))
    return moment


def _real_date(year: int, month: int, day: int, typed: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise CellProblem(
            f"'{typed}' is not a real date. Check the day and the month (dates are read day "
            "first, as 02/03/2024 for 2 March 2024)"
        ) from error


def _from_serial(serial: float, typed: str) -> date:
    """Excel stores a date as days since 30 December 1899; a time of day is the fraction."""
    if serial.is_integer() and 1900 <= serial <= 2100:
        raise CellProblem(f"'{typed}' looks like a year only. Enter the full date")
    if not 1 <= serial <= MAX_EXCEL_SERIAL or math.isnan(serial):
        raise CellProblem(f"'{typed}' is not a date. {DATE_FORMATS_HINT}")
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_yes_no(cell: Cell) -> bool | None:
    if isinstance(cell, bool):
        return cell
    typed = text(cell).lower()
    if not typed:
        return None
    if typed in YES:
        return True
    if typed in NO:
        return False
    raise CellProblem(f"'{text(cell)}' is not Yes or No. Enter Yes or No")


def parse_code(column: Column, cell: Cell) -> str:
    typed = text(cell)
    if not typed or column.choices is None:
        return typed
    for value, label in column.choices.choices:
        if typed.upper() == str(value).upper() or typed.casefold() == str(label).casefold():
            return str(value)
    example = column.choices.values[0]
    raise CellProblem(
        f"Unknown {column.header.lower()} '{typed}'. Use a code from the Codes sheet of the "
        f"template (for example {example})"
    )


def parse_nhs_number(cell: Cell) -> str:
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return str(int(cell)).zfill(10)  # a number cell lost the leading zero
    typed = text(cell)
    if SCIENTIFIC.match(typed):
        raise CellProblem(
            f"A spreadsheet has turned this NHS number into '{typed}'. Format the column as "
            "Text and enter the NHS numbers again"
        )
    return typed


def _person_key(row: ParsedRow) -> str | None:
    """How rows of different sheets name the same person: NHS number, else local identifier."""
    typed = row.values.get("nhs_number") or ""
    if typed:
        problem = nhs_number_problem(typed)
        if problem is None:
            return "nhs:" + normalise_nhs_number(typed)
        if row.kind != "PEOPLE":  # on the People sheet the service reports it
            row.error("nhs_number", problem)
        return None
    local = row.values.get("local_identifier") or ""
    if local:
        return "local:" + local.casefold()
    row.error("nhs_number", "Enter the NHS number, or the local identifier of someone without one")
    return None


def _resolve_ward(row: ParsedRow, lookups: Lookups) -> None:
    site, name = row.values.pop("site", ""), row.values.get("ward", "")
    try:
        ward = lookups.ward(site, name)
    except CellProblem as problem:
        row.error("ward" if site and lookups.has_site(site) else "site", str(problem))
        return
    row.values["ward"] = ward
    bed_type = row.values.get("bed_type")
    if bed_type and bed_type != ward.bed_type:
        row.error(
            "bed_type",
            f"On the register, the ward '{ward.name}' has bed type {ward.bed_type} "
            f"({ward.get_bed_type_display()}), not {bed_type}. Check the ward, or leave the bed "
            "type blank",
        )


class Lookups:
    """Organisations and wards named in a sheet, fetched in two queries (reference data)."""

    def __init__(self, organisations: Iterable[Organisation], wards: Iterable[Ward]) -> None:
        self.organisations = {org.ods_code.upper(): org for org in organisations}
        self.wards: dict[tuple[str, str], Ward] = {}
        self.sites: dict[str, list[str]] = {}
        for ward in wards:
            site = ward.site.ods_code.upper()
            self.wards[(site, ward.name.casefold())] = ward
            self.sites.setdefault(site, []).append(ward.name)

    @classmethod
    def for_sheet(cls, spec: SheetSpec, sheet: Sheet, index: dict[str, int]) -> Lookups:
        org_keys = [c.key for c in spec.columns if c.parse is Parse.ORGANISATION and c.key in index]
        codes = {text(cells[index[k]]).upper() for _, cells in sheet.rows for k in org_keys}
        sites: set[str] = set()
        if "site" in index:
            sites = {text(cells[index["site"]]).upper() for _, cells in sheet.rows}
        organisations = Organisation.objects.filter(ods_code__in=codes - {""}) if codes else []
        wards = (
            Ward.objects.select_related("site__provider").filter(site__ods_code__in=sites - {""})
            if sites
            else []
        )
        return cls(organisations, wards)

    def organisation(self, code: str) -> Organisation | None:
        if not code:
            return None
        found = self.organisations.get(code.upper())
        if found is None:
            raise CellProblem(
                f"No organisation with ODS code '{code}' is known to the register. Check the "
                "code, or ask your partnership administrator to add the organisation"
            )
        return found

    def has_site(self, site: str) -> bool:
        return site.upper() in self.sites

    def ward(self, site: str, name: str) -> Ward:
        if not site:
            raise CellProblem("Enter the ODS code of the hospital site")
        if not self.has_site(site):
            raise CellProblem(
                f"No hospital site with ODS code '{site}' has wards on the register. Check the "
                "code, or ask your partnership administrator to add the site and its wards"
            )
        found = self.wards.get((site.upper(), name.casefold()))
        if found is None:
            known = ", ".join(sorted(self.sites[site.upper()]))
            raise CellProblem(
                f"No ward called '{name}' at site {site.upper()}. The register knows: {known}"
            )
        return found
