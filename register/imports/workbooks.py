"""Files people download to move in: templates (XLSX with instructions and the codes, or a CSV
header row), and the whole register written in the same columns, which imports back unchanged."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from tcp.spreadsheet import XlsxSheet, neutralise, xlsx_bytes

from ..models import DsrEntry, DsrStatus, ImportKind, Person, RiskRating, WardStay
from .extra import EXTRA_SHEETS
from .mapping import SHEETS, Column, Parse, SheetSpec, kinds_in

TEMPLATE_ROWS = 5000  # rows the dropdowns of a template cover
GENERAL_INSTRUCTIONS = (
    "Fill in one row for each record, under the header row. Keep the header row as it is; you "
    "can add other columns, which are ignored (you can also match your own headers when you "
    "upload).",
    "Dates: 2024-03-02, 02/03/2024 (day first) or a date cell. Yes or No columns: Yes or No.",
    "Codes: use the codes on the Codes sheet. The drop-down lists in each column offer them.",
    "People are matched by NHS number (or local identifier for someone without one): a person "
    "already on the register is updated, never added twice. Importing the same file again "
    "changes nothing.",
    "Nothing is imported until a check of the whole file finds no errors. The check lists "
    "every problem with its row number and column.",
    "An import adds to the register and updates it; it never deletes. History already recorded "
    "(earlier ward stays, ratings, discharges) is compared, not changed.",
)


def template_filename(kind: ImportKind, extension: str) -> str:
    names = {
        ImportKind.PEOPLE: "people",
        ImportKind.SPELLS: "hospital-spells",
        ImportKind.RATINGS: "risk-ratings",
        ImportKind.REVIEWS: "reviews",
        ImportKind.REGISTER: "register",
    }
    return f"import-template-{names[kind]}.{extension}"


def template_csv(kind: ImportKind) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.header for column in SHEETS[kind].columns])
    return "\ufeff" + buffer.getvalue()


def template_xlsx(kind: ImportKind) -> bytes:
    """Instructions, the data sheet(s) with their header row and drop-downs, and the codes."""
    specs = [SHEETS[k] for k in kinds_in(kind)]
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    data_sheets = [workbook.create_sheet(spec.sheet_name) for spec in specs]
    codes = workbook.create_sheet("Codes")
    ranges = _write_codes(codes, specs)
    _write_instructions(instructions, specs)
    for spec, sheet in zip(specs, data_sheets, strict=True):
        _write_data_sheet(sheet, spec, ranges)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_instructions(sheet: Any, specs: Sequence[SheetSpec]) -> None:
    bold = Font(bold=True)
    sheet.append(["How to fill in this template"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in GENERAL_INSTRUCTIONS:
        sheet.append([line])
    for spec in specs:
        sheet.append([])
        sheet.append([f"Sheet '{spec.sheet_name}': {spec.about}"])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.append(["Column", "Required", "What to enter", "Example"])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for column in spec.columns:
            sheet.append(
                [
                    column.header,
                    "Yes" if column.required else "",
                    _what(column),
                    neutralise(column.example),
                ]
            )
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    sheet.column_dimensions["D"].width = 16
    for row in sheet.iter_rows(min_row=2, max_col=3):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


def _what(column: Column) -> str:
    kind = {
        Parse.CODE: "A code from the Codes sheet.",
        Parse.CODES: "Codes from the Codes sheet.",
        Parse.DATE: "A date.",
        Parse.DATETIME: "A date and time of day, like 02/03/2024 14:30.",
        Parse.YES_NO: "Yes or No (blank means No).",
        Parse.YES_NO_UNKNOWN: "Yes, No, or blank if not known.",
        Parse.ORGANISATION: "The organisation's ODS code.",
        Parse.NHS_NUMBER: "",
        Parse.TEXT: "",
    }[column.parse]
    return " ".join(part for part in (kind, column.help) if part)


def _write_codes(sheet: Any, specs: Sequence[SheetSpec]) -> dict[tuple[str, str], str]:
    """One block per coded column; returns each block's cell range for the drop-downs."""
    sheet.append(["Column", "Code", "Meaning"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    ranges: dict[tuple[str, str], str] = {}
    done: dict[str, str] = {}
    for spec in specs:
        for column in spec.columns:
            if column.choices is None:
                continue
            if column.header in done:
                ranges[(spec.kind, column.key)] = done[column.header]
                continue
            first = sheet.max_row + 1
            for value, label in column.choices.choices:
                sheet.append([column.header, str(value), str(label)])
            cells = f"Codes!$B${first}:$B${sheet.max_row}"
            ranges[(spec.kind, column.key)] = done[column.header] = cells
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 60
    return ranges


def _write_data_sheet(sheet: Any, spec: SheetSpec, ranges: dict[tuple[str, str], str]) -> None:
    sheet.append([column.header for column in spec.columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 2)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        if column.parse in (Parse.YES_NO, Parse.YES_NO_UNKNOWN):
            _drop_down(sheet, '"Yes,No"', cells)
        elif column.parse is Parse.CODE and (spec.kind, column.key) in ranges:
            _drop_down(sheet, ranges[(spec.kind, column.key)], cells)


def _drop_down(sheet: Any, formula: str, cells: str) -> None:
    validation = DataValidation(type="list", formula1=formula, allow_blank=True)
    validation.error = "Choose a value from the list (see the Codes sheet)"
    validation.errorTitle = "Not a known code"
    sheet.add_data_validation(validation)
    validation.add(cells)


# --- the register in the import format ----------------------------------------------------------


def register_workbook(people: QuerySet[Person]) -> bytes:
    """Every person in `people` with their spells, ward stays and ratings, in the columns of the
    import templates: what an import of this file would rebuild."""
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    sheets = [
        XlsxSheet("People", _headers(ImportKind.PEOPLE), _people_rows(people, ids)),
        XlsxSheet("Hospital spells", _headers(ImportKind.SPELLS), _spell_rows(ids)),
        XlsxSheet("Risk ratings", _headers(ImportKind.RATINGS), _rating_rows(ids)),
    ]
    for kind, extra in EXTRA_SHEETS.items():
        sheets.append(XlsxSheet(extra.spec.sheet_name, _headers(kind), extra.export_rows(ids)))
    return xlsx_bytes(sheets)


def _headers(kind: str) -> list[str]:
    return [column.header for column in SHEETS[kind].columns]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Yes" if value else "No")


def _ods(organisation: Any) -> str:
    return organisation.ods_code if organisation else ""


def _people_rows(people: QuerySet[Person], ids: list[int]) -> Iterator[list[Any]]:
    left: dict[int, DsrEntry] = {
        entry.person_id: entry
        for entry in DsrEntry.objects.filter(person_id__in=ids)
        .order_by("person_id", "-added_on", "-pk")
        .distinct("person_id")
        if entry.status == DsrStatus.CLOSED
    }
    queryset = people.select_related("home_local_authority", "responsible_commissioner")
    for p in queryset.order_by("pk").iterator(chunk_size=2000):
        entry = left.get(p.pk)
        yield [
            p.nhs_number or "",
            p.nhs_number_absent_reason,
            p.local_identifier,
            p.given_name,
            p.family_name,
            p.preferred_name,
            p.date_of_birth,
            p.sex,
            p.ethnicity,
            _yes_no(p.has_learning_disability),
            _yes_no(p.has_autism),
            _yes_no(p.has_mental_health_condition),
            p.home_postcode,
            _ods(p.home_local_authority),
            p.gp_practice_code,
            _ods(p.responsible_commissioner),
            _yes_no(p.has_ehc_plan),
            ";".join(p.cohorts or []),
            p.support_level,
            _yes_no(p.objects_to_at),
            p.consent_date,
            p.consent_basis,
            p.date_of_death,
            entry.closed_on if entry else None,
            entry.closed_reason if entry else "",
            "Yes",  # everyone on the register has already been accepted as a different person
        ]


def _spell_rows(ids: list[int]) -> Iterator[list[Any]]:
    stays = (
        WardStay.objects.filter(person_id__in=ids)
        .select_related("person", "ward__site", "spell__commissioner")
        .order_by("person_id", "spell__admission_date", "start_date", "pk")
    )
    for stay in stays.iterator(chunk_size=2000):
        spell, person = stay.spell, stay.person
        yield [
            person.nhs_number or "",
            person.local_identifier,
            spell.admission_date,
            stay.ward.site.ods_code,
            stay.ward.name,
            stay.ward.bed_type,
            stay.start_date,
            stay.end_date,
            _ods(spell.commissioner),
            spell.admission_source,
            _yes_no(spell.is_planned),
            spell.reason_for_admission,
            spell.legal_status,
            spell.planned_discharge_date,
            spell.clinically_ready_date,
            spell.delay_reason,
            spell.discharge_date,
            spell.discharge_destination,
            _yes_no(spell.returned_to_previous_home),
        ]


def _rating_rows(ids: list[int]) -> Iterable[list[Any]]:
    ratings = (
        RiskRating.objects.filter(person_id__in=ids)
        .select_related("person", "dsr_entry")
        .order_by("person_id", "effective_date", "recorded_at", "pk")
    )
    for rating in ratings.iterator(chunk_size=2000):
        person = rating.person
        yield [
            person.nhs_number or "",
            person.local_identifier,
            rating.effective_date,
            rating.rag,
            rating.rationale,
            rating.dsr_entry.consent_basis,
            _yes_no(rating.is_automatic),
        ]
