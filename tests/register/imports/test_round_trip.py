"""Done-when of issue 9: a partnership's register exported to XLSX, deleted, and imported back
is identical, field by field; importing the same file again changes nothing."""

import pytest

from register.imports.workbooks import register_workbook
from register.models import ImportKind, ImportStatus, Person, RowOutcome
from tests.factories import make_cohort

from .conftest import error_lines
from .demo_register import build_demo_register, delete_register, register_snapshot

pytestmark = pytest.mark.django_db


def test_an_exported_register_imports_back_identical(
    run_import, partnership, importer, hospital, icb
):
    build_demo_register(partnership, importer, hospital, icb)
    before = register_snapshot(partnership)
    assert {part: len(rows) for part, rows in before.items()} == {
        "people": 38,
        "spells": 18,
        "ward_stays": 19,
        "ratings": 58,
        "dsr_entries": 37,
        "reviews": 7,
    }
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


def without_generator_drift(snapshot):
    """The demo generators write in bulk (ADR 0015) and, in two derived values, differ from what
    the register services derive from the same history: `was_on_dsr_before_admission` (the
    generators take it from the DSR entry known at that point of generating a life; the services
    from any active entry added on or before the admission day) and the wording of the automatic
    RED rating's rationale. An import replays the history through the services, so these two
    come back as the services make them; everything else must be identical."""
    spells = [
        (
            person,
            admitted,
            {k: v for k, v in fields.items() if k != "was_on_dsr_before_admission"},
            transferred,
        )
        for person, admitted, fields, transferred in snapshot["spells"]
    ]
    ratings = [
        (*rating[:3], "" if rating[5] else rating[3], *rating[4:]) for rating in snapshot["ratings"]
    ]
    return snapshot | {"spells": spells, "ratings": ratings}


def test_a_generated_demo_cohort_imports_back(run_import, partnership):
    make_cohort(partnership, community_people=60, inpatients=10)
    before = register_snapshot(partnership)
    workbook = register_workbook(Person.objects.for_partnership(partnership))

    delete_register(partnership)
    record = run_import(workbook, ImportKind.REGISTER, name="register.xlsx", commit=True)

    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    assert record.counts["total"][RowOutcome.CREATED] == record.rows_total
    after = register_snapshot(partnership)
    for part in ("people", "ward_stays", "dsr_entries"):
        assert after[part] == before[part], part
    expected, got = without_generator_drift(before), without_generator_drift(after)
    assert got["spells"] == expected["spells"]
    assert got["ratings"] == expected["ratings"]
