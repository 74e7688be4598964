"""Done-when of issue 9: a partnership's register exported to XLSX, deleted, and imported back
is identical, field by field; importing the same file again changes nothing."""

import pytest

from register.imports.workbooks import register_workbook
from register.models import ImportKind, ImportStatus, Person, RowOutcome

from .conftest import error_lines
from .demo_register import build_demo_register, delete_register, register_snapshot

pytestmark = pytest.mark.django_db


def test_an_exported_register_imports_back_identical(
    run_import, partnership, importer, hospital, icb
):
    build_demo_register(partnership, importer, hospital, icb)
    before = register_snapshot(partnership)
    workbook = register_workbook(Person.objects.for_partnership(partnership))

    delete_register(partnership)
    assert not Person.objects.for_partnership(partnership).exists()

    record = run_import(workbook, ImportKind.REGISTER, name="register.xlsx", commit=True)
    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    after = register_snapshot(partnership)
    for part in before:
        assert after[part] == before[part], part


def test_importing_the_same_register_again_changes_nothing(
    run_import, partnership, importer, hospital, icb
):
    build_demo_register(partnership, importer, hospital, icb, crowd=6)
    workbook = register_workbook(Person.objects.for_partnership(partnership))
    before = register_snapshot(partnership)

    record = run_import(workbook, ImportKind.REGISTER, name="register.xlsx", commit=True)

    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    assert record.counts["total"][RowOutcome.UNCHANGED] == record.rows_total
    assert register_snapshot(partnership) == before
