"""Fixtures for import tests: reference data (an ICB, two hospitals with wards), files built in
memory as CSV or XLSX, and `run_import`, which takes a file through upload, column matching,
dry run and (optionally) commit by calling the same services the pages call."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import OrganisationType, Role
from register.imports import services
from register.imports.mapping import SHEETS
from register.models import BedType, ImportKind, ImportRecord, ImportStatus
from tests.factories import OrganisationFactory, ProviderFactory, SiteFactory, WardFactory

PEOPLE_HEADER = [c.header for c in SHEETS[ImportKind.PEOPLE].columns]
SPELLS_HEADER = [c.header for c in SHEETS[ImportKind.SPELLS].columns]
RATINGS_HEADER = [c.header for c in SHEETS[ImportKind.RATINGS].columns]


def csv_bytes(rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def person_row(**values: Any) -> list[Any]:
    """A People row in template order; unnamed columns are blank."""
    defaults = {
        "Given name": "Alex",
        "Family name": "Example",
        "Date of birth": "1990-05-01",
        "Learning disability": "Yes",
        "Autism": "No",
        "Consent basis": "CONSENT",
        "Consent date": "2020-01-01",
    }
    named = defaults | {key.replace("_", " "): value for key, value in values.items()}
    return [named.get(header, "") for header in PEOPLE_HEADER]


def row_for(header: list[str], **values: Any) -> list[Any]:
    return [values.get(column, "") for column in header]


@pytest.fixture
def icb(db):
    return OrganisationFactory(ods_code="QHG", type=OrganisationType.ICB, name="BLMK ICB")


@pytest.fixture
def hospital(db):
    """Two providers: Willow and Oak wards at RX1AA, Beech ward at RY2BB."""
    first = SiteFactory(ods_code="RX1AA", name="Hillside", provider=ProviderFactory(ods_code="RX1"))
    second = SiteFactory(ods_code="RY2BB", name="Valley", provider=ProviderFactory(ods_code="RY2"))
    return {
        "willow": WardFactory(site=first, name="Willow", bed_type=BedType.AT_UNIT),
        "oak": WardFactory(site=first, name="Oak", bed_type=BedType.PICU),
        "beech": WardFactory(site=second, name="Beech", bed_type=BedType.SECURE_LOW),
    }


@pytest.fixture
def importer(make_member, partnership):
    return make_member(Role.COMMISSIONER, partnership)


@pytest.fixture
def run_import(partnership, importer) -> Callable[..., ImportRecord]:
    """run_import(data, kind, commit=False) -> the ImportRecord after the dry run (and commit)."""

    def run(
        data: bytes,
        kind: str = ImportKind.PEOPLE,
        *,
        name: str = "file.csv",
        commit: bool = False,
        mapping: dict[str, dict[str, str]] | None = None,
        by=None,
    ) -> ImportRecord:
        by = by or importer
        record = services.start_import(
            partnership=partnership, by=by, kind=kind, upload=upload(data, name)
        )
        record = services.save_mapping(record=record, by=by, mapping=mapping or record.mapping)
        record = services.check_import(import_id=record.pk)
        if commit:
            assert record.status == ImportStatus.READY, error_lines(record)
            services.request_commit(record=record, by=by)
            record = services.commit_import(import_id=record.pk)
        return record

    return run


def error_lines(record: ImportRecord) -> list[str]:
    """Every error of an import as 'SHEET row N, Column: message'."""
    return [
        f"{row.kind} row {row.row_number}, {error['column']}: {error['message']}"
        for row in record.rows.errors().order_by("kind", "row_number")
        for error in row.errors
    ]


def table_counts() -> dict[str, int]:
    """Rows in every register table (imports included) and in the audit log."""
    from django.apps import apps

    from accounts.models import AuditEvent

    counts = {
        m._meta.label: m._base_manager.count() for m in apps.get_app_config("register").get_models()
    }
    return counts | {"audit": AuditEvent.objects.count()}
