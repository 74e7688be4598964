"""The columns each kind of sheet has, and matching them to the headers of a real file.

A column's key is the keyword of the register service that receives it (`date_of_birth` goes to
`create_person(date_of_birth=...)`), so an error the service raises lands on the right column.
Headers are matched ignoring case, spaces and punctuation, against the template's header and a
few names spreadsheets really use ("DOB", "Surname"); a partnership's last mapping wins.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from enum import Enum

from django.db import models

from ..models import (
    AdmissionSource,
    BedType,
    Cohort,
    ConsentBasis,
    DelayReason,
    DischargeDestination,
    DsrClosedReason,
    EthnicCategory,
    ImportKind,
    LegalStatus,
    NoNhsNumberReason,
    Rag,
    Sex,
)
from .readers import Sheet, UnreadableFile, Workbook


class Parse(Enum):
    TEXT = "text"
    NHS_NUMBER = "NHS number"
    DATE = "date"
    DATETIME = "date and time"
    YES_NO = "yes or no"
    YES_NO_UNKNOWN = "yes, no or blank for not known"
    CODE = "code"
    CODES = "codes"
    ORGANISATION = "ODS code"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: Parse = Parse.TEXT
    required: bool = False
    choices: type[models.TextChoices] | None = None
    aliases: tuple[str, ...] = ()
    help: str = ""
    example: str = ""

    def matches(self, header: str) -> bool:
        wanted = {normalise(self.header), *(normalise(alias) for alias in self.aliases)}
        return normalise(header) in wanted


@dataclass(frozen=True)
class SheetSpec:
    kind: ImportKind
    sheet_name: str
    columns: tuple[Column, ...]
    about: str

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def header_of(self, key: str) -> str:
        return self.column(key).header


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


NHS = Column(
    "nhs_number",
    "NHS number",
    Parse.NHS_NUMBER,
    required=True,
    aliases=("NHS No", "NHS"),
    help="10 digits; spaces allowed. Leave blank only for someone without an NHS number, and "
    "then give the local identifier (and, on the People sheet, the reason).",
    example="943 476 5919",
)
LOCAL_ID = Column(
    "local_identifier",
    "Local identifier",
    aliases=("Local ID", "Local reference"),
    help="Your own reference. Needed for someone without an NHS number.",
    example="BLMK-0042",
)

PEOPLE = SheetSpec(
    ImportKind.PEOPLE,
    "People",
    (
        NHS,
        Column(
            "nhs_number_absent_reason",
            "Reason for no NHS number",
            Parse.CODE,
            choices=NoNhsNumberReason,
            help="Only when the NHS number is blank.",
        ),
        LOCAL_ID,
        Column("given_name", "Given name", required=True, aliases=("First name", "Forename")),
        Column("family_name", "Family name", required=True, aliases=("Surname", "Last name")),
        Column("preferred_name", "Preferred name", aliases=("Known as",)),
        Column(
            "date_of_birth",
            "Date of birth",
            Parse.DATE,
            required=True,
            aliases=("DOB", "Birth date"),
            example="2001-03-02",
        ),
        Column("sex", "Sex", Parse.CODE, choices=Sex, aliases=("Gender", "Stated gender")),
        Column(
            "ethnicity",
            "Ethnic category",
            Parse.CODE,
            choices=EthnicCategory,
            aliases=("Ethnicity",),
        ),
        Column(
            "has_learning_disability",
            "Learning disability",
            Parse.YES_NO,
            required=True,
            aliases=("LD",),
            help="Yes or No. At least one of learning disability and autism must be Yes.",
        ),
        Column("has_autism", "Autism", Parse.YES_NO, required=True, aliases=("Autistic",)),
        Column(
            "has_mental_health_condition",
            "Mental health condition",
            Parse.YES_NO,
            aliases=("MH condition",),
        ),
        Column("home_postcode", "Home postcode", aliases=("Postcode",), example="MK40 1AA"),
        Column(
            "home_local_authority",
            "Home local authority ODS code",
            Parse.ORGANISATION,
            aliases=("Home local authority", "Local authority"),
        ),
        Column("gp_practice_code", "GP practice code", aliases=("GP practice", "GP code")),
        Column(
            "responsible_commissioner",
            "Responsible commissioner ODS code",
            Parse.ORGANISATION,
            aliases=("Responsible commissioner",),
        ),
        Column("has_ehc_plan", "EHC plan", Parse.YES_NO, aliases=("Has an EHC plan",)),
        Column(
            "cohorts",
            "Cohorts",
            Parse.CODES,
            choices=Cohort,
            help="Cohort numbers separated by semicolons.",
            example="1;3",
        ),
        Column("support_level", "Support level", help="3a or 3b."),
        Column("objects_to_at", "Objects to AT collection", Parse.YES_NO),
        Column("consent_date", "Consent date", Parse.DATE),
        Column("consent_basis", "Consent basis", Parse.CODE, choices=ConsentBasis),
        Column(
            "date_of_death",
            "Date of death",
            Parse.DATE,
            help="Records the death: closes any hospital spell and the DSR entry on this date.",
        ),
        Column(
            "dsr_closed_on",
            "Left the DSR on",
            Parse.DATE,
            help="Only if the person has left the dynamic support register.",
        ),
        Column(
            "dsr_closed_reason", "Reason for leaving the DSR", Parse.CODE, choices=DsrClosedReason
        ),
        Column(
            "confirm_possible_duplicate",
            "Confirmed not a duplicate",
            Parse.YES_NO,
            help="Yes when the check finds someone with the same date of birth and a similar "
            "name and you have checked they are a different person.",
        ),
    ),
    "One row per person.",
)

SPELLS = SheetSpec(
    ImportKind.SPELLS,
    "Hospital spells",
    (
        NHS,
        LOCAL_ID,
        Column(
            "admission_date", "Admission date", Parse.DATE, required=True, aliases=("Admitted",)
        ),
        Column(
            "site",
            "Site ODS code",
            required=True,
            aliases=("Site code", "Hospital site code"),
            help="The ODS code of the hospital site.",
        ),
        Column(
            "ward",
            "Ward",
            required=True,
            aliases=("Ward name",),
            help="The ward's name as the register knows it.",
        ),
        Column(
            "bed_type",
            "Bed type",
            Parse.CODE,
            choices=BedType,
            help="Optional: checked against the ward's bed type.",
        ),
        Column(
            "ward_start_date",
            "Ward stay start",
            Parse.DATE,
            aliases=("Ward start", "Moved to ward on"),
            help="Blank on the first ward of a spell means the admission date.",
        ),
        Column("ward_end_date", "Ward stay end", Parse.DATE, aliases=("Ward end",)),
        Column(
            "commissioner",
            "Commissioner ODS code",
            Parse.ORGANISATION,
            required=True,
            aliases=("Commissioner",),
        ),
        Column(
            "admission_source",
            "Admission source",
            Parse.CODE,
            required=True,
            choices=AdmissionSource,
            aliases=("Admitted from",),
        ),
        Column("is_planned", "Planned admission", Parse.YES_NO),
        Column("reason_for_admission", "Reason for admission", help="100 characters at most."),
        Column(
            "legal_status",
            "Legal status",
            Parse.CODE,
            choices=LegalStatus,
            aliases=("MHA section",),
        ),
        Column(
            "planned_discharge_date",
            "Planned discharge date",
            Parse.DATE,
            aliases=("Estimated discharge date", "EDD"),
        ),
        Column(
            "clinically_ready_date",
            "Clinically ready for discharge",
            Parse.DATE,
            aliases=("Clinically ready date",),
        ),
        Column("delay_reason", "Delay reason", Parse.CODE, choices=DelayReason),
        Column("discharge_date", "Discharge date", Parse.DATE, aliases=("Discharged",)),
        Column(
            "destination",
            "Discharge destination",
            Parse.CODE,
            choices=DischargeDestination,
            help="DIED only with the same date of death on the People sheet.",
        ),
        Column("returned_to_previous_home", "Returned to previous home", Parse.YES_NO_UNKNOWN),
    ),
    "One row per ward stay. A spell with a ward move has a row for each ward; repeat the spell's "
    "details on each row or leave them blank after the first.",
)

RATINGS = SheetSpec(
    ImportKind.RATINGS,
    "Risk ratings",
    (
        NHS,
        LOCAL_ID,
        Column("effective_date", "Rating date", Parse.DATE, required=True, aliases=("Date rated",)),
        Column(
            "rag", "Rating", Parse.CODE, required=True, choices=Rag, aliases=("RAG", "RAG rating")
        ),
        Column("rationale", "Rationale", aliases=("Notes",)),
        Column(
            "consent_basis",
            "Consent basis",
            Parse.CODE,
            choices=ConsentBasis,
            help="Needed when the person is not on the DSR yet and none is on the People sheet.",
        ),
        Column(
            "is_automatic",
            "Set automatically",
            Parse.YES_NO,
            help="Yes for the BLUE and RED ratings the register sets on admission and discharge; "
            "these are checked, not added.",
        ),
    ),
    "One row per rating, oldest first.",
)

# Register sheets; apps above the register add theirs when they start (extra.py).
SHEETS: dict[str, SheetSpec] = {spec.kind: spec for spec in (PEOPLE, SPELLS, RATINGS)}
HELPER_SHEETS = {"instructions", "codes"}


def kinds_in(kind: ImportKind | str) -> tuple[ImportKind, ...]:
    """The sheets a file of this kind holds: all of them for a whole register."""
    if kind == ImportKind.REGISTER:
        return tuple(ImportKind(k) for k in SHEETS)
    return (ImportKind(kind),)


def find_sheets(kind: ImportKind | str, workbook: Workbook) -> list[tuple[SheetSpec, Sheet]]:
    """The sheets of `workbook` that hold `kind`; refuses a workbook without them."""
    if workbook.file_format == "CSV":
        if kind == ImportKind.REGISTER:
            raise UnreadableFile(
                "A whole register must be an Excel workbook with a sheet for each part. For a "
                "CSV file, choose what it holds: people, hospital spells or risk ratings"
            )
        found = [(SHEETS[ImportKind(kind)], workbook.sheets[0])]
    else:
        found = _sheets_by_name(kind, workbook)
    found = [(spec, sheet) for spec, sheet in found if sheet.headers]
    if not found:
        raise UnreadableFile("The file has no header row. Use the template's first row")
    with_rows = [(spec, sheet) for spec, sheet in found if sheet.rows]
    if not with_rows:
        names = ", ".join(f"'{sheet.name}'" for _, sheet in found)
        raise UnreadableFile(
            f"The file has a header row but no data under it ({names}). Add a row for each record"
        )
    return with_rows


def _sheets_by_name(kind: ImportKind | str, workbook: Workbook) -> list[tuple[SheetSpec, Sheet]]:
    by_name = {normalise(sheet.name): sheet for sheet in workbook.sheets}
    specs = [SHEETS[k] for k in kinds_in(kind)]
    found = [
        (spec, by_name[normalise(spec.sheet_name)])
        for spec in specs
        if normalise(spec.sheet_name) in by_name
    ]
    if found:
        return found
    data_sheets = [s for s in workbook.sheets if normalise(s.name) not in HELPER_SHEETS]
    if kind != ImportKind.REGISTER and len(data_sheets) == 1:
        return [(specs[0], data_sheets[0])]
    wanted = " and ".join(f"'{spec.sheet_name}'" for spec in specs)
    present = ", ".join(f"'{name}'" for name in workbook.sheet_names()) or "none"
    raise UnreadableFile(
        f"The workbook has no sheet called {wanted} (its sheets are: {present}). Rename the sheet "
        "that holds the data, or copy it into the template"
    )


def auto_match(spec: SheetSpec, headers: list[str], saved: dict[str, str] | None) -> dict[str, str]:
    """Column key -> header: the partnership's saved choice if the file has that header, else
    the first header that matches the column's name or one of its aliases."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for column in spec.columns:
        if saved and saved.get(column.key) in headers and saved[column.key] not in used:
            mapping[column.key] = saved[column.key]
            used.add(saved[column.key])
    for column in spec.columns:
        if column.key in mapping or (saved and column.key in saved and not saved[column.key]):
            continue
        match = next((h for h in headers if h not in used and column.matches(h)), None)
        if match:
            mapping[column.key] = match
            used.add(match)
    return mapping


@dataclass
class MappingCheck:
    problems: list[tuple[str, str]]  # (column key, message)
    ignored: list[str]  # headers of the file that no column uses


def check_mapping(spec: SheetSpec, headers: list[str], mapping: dict[str, str]) -> MappingCheck:
    """Missing required columns and headers used twice are problems; headers no column uses
    are ignored (and the user is told which)."""
    problems: list[tuple[str, str]] = []
    repeated = {h for h, times in Counter(headers).items() if times > 1}
    first_use: dict[str, str] = {}
    for column in spec.columns:
        header = mapping.get(column.key, "")
        if not header:
            if column.required:
                problems.append(
                    (
                        column.key,
                        f"Choose the column that holds the "
                        f"{column.header.lower()} (required). If the file does not "
                        "have one, add it: the template shows every column",
                    )
                )
        elif header not in headers:
            problems.append((column.key, f"The file has no column '{header}'"))
        elif header in repeated:
            problems.append(
                (
                    column.key,
                    f"The header '{header}' appears more than once in "
                    "the file. Give each column its own header and upload it again",
                )
            )
        elif header in first_use:
            used_for = spec.header_of(first_use[header]).lower()
            problems.append(
                (
                    column.key,
                    f"The column '{header}' is already chosen for the "
                    f"{used_for}. Choose a different column",
                )
            )
        else:
            first_use[header] = column.key
    ignored = [h for h in headers if h and h not in first_use]
    return MappingCheck(problems=problems, ignored=ignored)
