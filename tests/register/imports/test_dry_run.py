"""The dry run: every row through the register services in a transaction that is rolled back.
It lists, per row, what would be added, changed or left alone, and every error with its row
number, column and a message; it writes nothing."""

from datetime import date

import pytest

from register import services as register
from register.models import (
    DsrEntry,
    HospitalSpell,
    ImportKind,
    ImportStatus,
    Person,
    RiskRating,
    RowOutcome,
    WardStay,
)
from tests.factories import PersonFactory

from .conftest import (
    PEOPLE_HEADER,
    RATINGS_HEADER,
    SPELLS_HEADER,
    csv_bytes,
    error_lines,
    person_row,
    row_for,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

ADA, BEN, CAL = "943 476 5919", "401 023 2137", "999 000 0018"


def register_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Person, HospitalSpell, WardStay, RiskRating, DsrEntry)
    }


def spell(**values):
    base = {
        "NHS number": ADA,
        "Admission date": "2024-01-10",
        "Site ODS code": "RX1AA",
        "Ward": "Willow",
        "Commissioner ODS code": "QHG",
        "Admission source": "COMMUNITY",
    }
    return row_for(SPELLS_HEADER, **(base | values))


def rating(**values):
    base = {"NHS number": ADA, "Rating date": "2023-06-01", "Rating": "AMBER"}
    return row_for(RATINGS_HEADER, **(base | values))


def outcomes(record):
    return {
        (row.kind, row.row_number): (row.outcome, row.detail)
        for row in record.rows.order_by("kind", "row_number")
    }


def test_a_dry_run_writes_nothing_and_sends_nothing(
    run_import, hospital, icb, django_capture_on_commit_callbacks
):
    workbook = xlsx_bytes(
        {
            "People": [PEOPLE_HEADER, person_row(**{"NHS number": ADA})],
            "Hospital spells": [
                SPELLS_HEADER,
                spell(**{"Discharge date": "2024-02-01", "Discharge destination": "FAMILY_HOME"}),
            ],
            "Risk ratings": [RATINGS_HEADER, rating(**{"Rating date": "2024-03-01"})],
        }
    )
    before = register_rows()
    with django_capture_on_commit_callbacks() as callbacks:
        record = run_import(workbook, ImportKind.REGISTER, name="register.xlsx")
    assert record.status == ImportStatus.READY, error_lines(record)
    assert record.counts["total"] == {"CREATED": 3, "UPDATED": 0, "UNCHANGED": 0, "ERROR": 0}
    assert register_rows() == before
    # Only the check itself was queued; the services' after-commit signals were rolled back too.
    assert len(callbacks) == 1


def test_every_error_is_listed_with_its_row_column_and_a_plain_message(run_import):
    rows = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": ADA}),  # row 2: fine
        person_row(**{"NHS number": "943 476 5918", "Given name": "Bad check"}),
        person_row(**{"NHS number": BEN, "Date of birth": "31/02/1990"}),
        person_row(**{"NHS number": ADA, "Given name": "Again"}),  # row 5: Ada twice
        person_row(**{"NHS number": CAL, "Sex": "Q"}),
        person_row(
            **{
                "NHS number": "",
                "Local identifier": "L1",
                "Reason for no NHS number": "PENDING_TRACE",
                "Learning disability": "No",
            }
        ),
        person_row(
            **{
                "NHS number": "",
                "Local identifier": "L2",
                "Reason for no NHS number": "PENDING_TRACE",
                "Date of birth": "2199-01-01",
            }
        ),
        person_row(**{"NHS number": "", "Given name": "Nobody"}),
    ]
    record = run_import(csv_bytes(rows))
    assert record.status == ImportStatus.HAS_ERRORS
    assert error_lines(record) == [
        "PEOPLE row 3, NHS number: NHS number is not valid: the check digit is wrong, so a digit "
        "may be mistyped",
        "PEOPLE row 4, Date of birth: '31/02/1990' is not a real date. Check the day and the "
        "month (dates are read day first, as 02/03/2024 for 2 March 2024)",
        "PEOPLE row 5, NHS number: The same person is on row 2. Remove one of the two rows",
        "PEOPLE row 6, Sex: Unknown sex 'Q'. Use a code from the Codes sheet of the template (for "
        "example 1)",
        "PEOPLE row 7, Learning disability: Select learning disability, autism or both",
        "PEOPLE row 8, Date of birth: Date of birth must be today or in the past",
        "PEOPLE row 8, Consent date: Consent date must be on or after the date of birth",
        "PEOPLE row 9, NHS number: Enter the NHS number, or the local identifier of someone "
        "without one",
    ]
    assert outcomes(record)[("PEOPLE", 2)] == (RowOutcome.CREATED, "New person")
    assert record.counts["PEOPLE"]["ERROR"] == 7


def test_hospital_spell_errors(run_import, hospital, icb):
    people = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": ADA, "Given name": "Ada", "Family name": "Lovelace"}),
        person_row(**{"NHS number": BEN, "Given name": "Ben", "Family name": "Jonson"}),
    ]
    spells = [
        SPELLS_HEADER,
        spell(**{"Bed type": "FORENSIC"}),
        spell(**{"NHS number": BEN, "Bed type": "PICU"}),
        spell(**{"NHS number": CAL}),
        spell(**{"NHS number": ADA, "Admission date": "2024-05-01", "Ward": "Birch"}),
        spell(**{"NHS number": ADA, "Admission date": "2024-06-01", "Site ODS code": "ZZZ"}),
    ]
    workbook = xlsx_bytes({"People": people, "Hospital spells": spells})
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx")
    assert error_lines(record) == [
        "SPELLS row 2, Bed type: Unknown bed type 'FORENSIC'. Use a code from the Codes sheet of "
        "the template (for example AT_UNIT)",
        "SPELLS row 3, Bed type: On the register, the ward 'Willow' has bed type AT_UNIT "
        "(Assessment and treatment unit), not PICU. Check the ward, or leave the bed type blank",
        "SPELLS row 4, NHS number: No one with this NHS number (or local identifier) is on the "
        "register or on the People sheet",
        "SPELLS row 5, Ward: No ward called 'Birch' at site RX1AA. The register knows: Oak, Willow",
        "SPELLS row 6, Site ODS code: No hospital site with ODS code 'ZZZ' has wards on the "
        "register. Check the code, or ask your partnership administrator to add the site and its "
        "wards",
    ]


def test_the_register_services_judge_the_history(run_import, hospital, icb):
    """Overlapping spells, a rating while in hospital, a back-dated rating, a manual blue, an
    automatic rating nothing explains, ward stays that do not follow on: the same services and
    words as the pages (and the file's own consistency)."""
    people = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": ADA, "Given name": "Ada", "Family name": "Lovelace"}),
        person_row(**{"NHS number": BEN, "Given name": "Ben", "Family name": "Jonson"}),
        person_row(**{"NHS number": CAL, "Given name": "Cal", "Family name": "Calloway"}),
    ]
    spells = [
        SPELLS_HEADER,
        spell(**{"Discharge date": "2024-03-01", "Discharge destination": "FAMILY_HOME"}),
        spell(
            **{
                "Admission date": "2024-02-01",
                "Discharge date": "2024-04-01",
                "Discharge destination": "FAMILY_HOME",
            }
        ),
        spell(**{"NHS number": BEN, "Admission date": "2024-01-10", "Ward stay end": "2024-02-01"}),
        spell(
            **{
                "NHS number": BEN,
                "Admission date": "2024-01-10",
                "Ward": "Oak",
                "Ward stay start": "2024-02-03",
            }
        ),
    ]
    ratings = [
        RATINGS_HEADER,
        rating(**{"NHS number": CAL, "Rating date": "2024-05-01", "Rating": "RED"}),
        rating(**{"NHS number": CAL, "Rating date": "2024-04-01", "Rating": "GREEN"}),
        rating(**{"NHS number": CAL, "Rating date": "2024-06-01", "Rating": "BLUE"}),
        rating(**{"NHS number": CAL, "Rating date": "2024-07-01", "Rating": "AMBER"}),
    ]
    workbook = xlsx_bytes({"People": people, "Hospital spells": spells, "Risk ratings": ratings})
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx")
    not_checked = (
        "Not checked, because of the error on row {} of the '{}' sheet. Fix that row first"
    )
    assert error_lines(record) == [
        "RATINGS row 4, Rating: Blue is set automatically while the person is in hospital",
        "RATINGS row 5, : " + not_checked.format(4, "Risk ratings"),
        "SPELLS row 2, : " + not_checked.format(3, "Hospital spells"),
        "SPELLS row 3, Admission date: This person is already in hospital (admitted 10 January "
        "2024). Record their discharge or a transfer first",
        "SPELLS row 4, : " + not_checked.format(5, "Hospital spells"),
        "SPELLS row 5, Ward stay start: Ward stays follow on from each other: row 4 ends on 1 "
        "February 2024, so this one must start that day",
    ]
    # Ratings are replayed oldest first, so the file's order does not matter.
    assert outcomes(record)[("RATINGS", 3)] == (RowOutcome.CREATED, "New rating")


def test_an_automatic_rating_must_be_one_the_register_sets(run_import, hospital, icb):
    people = [PEOPLE_HEADER, person_row(**{"NHS number": ADA})]
    spells = [
        SPELLS_HEADER,
        spell(**{"Discharge date": "2024-03-01", "Discharge destination": "FAMILY_HOME"}),
    ]
    ratings = [
        RATINGS_HEADER,
        rating(**{"Rating date": "2024-01-10", "Rating": "BLUE", "Set automatically": "Yes"}),
        rating(**{"Rating date": "2024-03-01", "Rating": "RED", "Set automatically": "Yes"}),
        rating(**{"Rating date": "2024-05-01", "Rating": "RED", "Set automatically": "Yes"}),
    ]
    workbook = xlsx_bytes({"People": people, "Hospital spells": spells, "Risk ratings": ratings})
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx")
    assert error_lines(record) == [
        "RATINGS row 4, Set automatically: The register does not set this rating: no admission "
        "or discharge on this date gives it. Remove the row, or enter No under 'Set "
        "automatically' if a person made the rating"
    ]
    assert outcomes(record)[("RATINGS", 2)] == (RowOutcome.CREATED, "Set by the register (checked)")


def test_a_rating_older_than_the_registers_current_one_is_refused(
    run_import, partnership, importer
):
    ada = register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=ADA,
        given_name="Alex",
        family_name="Example",
        date_of_birth=date(1990, 5, 1),
        has_learning_disability=True,
        consent_basis="CONSENT",
        consent_date=date(2020, 1, 1),
    )
    register.rate_risk(person=ada, by=importer, rag="GREEN", effective_date=date(2024, 6, 1))
    record = run_import(
        csv_bytes([RATINGS_HEADER, rating(**{"Rating date": "2024-05-01"})]), ImportKind.RATINGS
    )
    assert error_lines(record) == [
        "RATINGS row 2, Rating date: Date of the rating must be on or after the current rating "
        "(1 June 2024)"
    ]


def test_a_rating_while_in_hospital_is_refused_by_the_service(run_import, hospital, icb):
    people = [PEOPLE_HEADER, person_row(**{"NHS number": ADA})]
    spells = [SPELLS_HEADER, spell()]
    ratings = [RATINGS_HEADER, rating(**{"Rating date": "2024-02-01"})]
    workbook = xlsx_bytes({"People": people, "Hospital spells": spells, "Risk ratings": ratings})
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx")
    assert error_lines(record) == [
        "RATINGS row 2, Rating: This person is in hospital, so their rating stays blue until "
        "they are discharged"
    ]


def test_a_possible_duplicate_needs_confirming_in_its_column(run_import, partnership):
    PersonFactory(partnership=partnership, given_name="Alex", family_name="Example")
    rows = [PEOPLE_HEADER, person_row(**{"NHS number": ADA})]
    record = run_import(csv_bytes(rows))
    assert error_lines(record) == [
        "PEOPLE row 2, Confirmed not a duplicate: Someone with the same date of birth and a "
        "similar name is already on the register or higher up this file. Check it is not the "
        "same person. If it is a different person, put Yes in the column 'Confirmed not a "
        "duplicate'"
    ]
    rows = [PEOPLE_HEADER, person_row(**{"NHS number": ADA, "Confirmed not a duplicate": "Yes"})]
    assert run_import(csv_bytes(rows)).status == ImportStatus.READY


def test_rows_already_on_the_register_show_what_would_change(
    run_import, partnership, importer, hospital, icb
):
    ada = register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=ADA,
        given_name="Ada",
        family_name="Example",
        date_of_birth=date(1990, 5, 1),
        has_learning_disability=True,
        consent_basis="CONSENT",
        consent_date=date(2020, 1, 1),
    )
    register.create_person(
        partnership=partnership,
        by=importer,
        nhs_number=BEN,
        given_name="Ben",
        family_name="Jonson",
        date_of_birth=date(1991, 5, 1),
        has_learning_disability=True,
    )
    open_spell = register.admit_person(
        person=ada,
        by=importer,
        admission_date=date(2024, 1, 10),
        ward=hospital["willow"],
        commissioner=icb,
        admission_source="COMMUNITY",
    )
    people = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": ADA, "Given name": "Ada", "Home postcode": "mk40 1aa"}),
        person_row(
            **{
                "NHS number": BEN,
                "Given name": "Ben",
                "Family name": "Jonson",
                "Date of birth": "01/05/1991",
                "Consent basis": "",
                "Consent date": "",
            }
        ),
    ]
    spells = [
        SPELLS_HEADER,
        spell(**{"Ward stay end": "2024-02-01"}),
        spell(
            **{
                "Ward": "Oak",
                "Ward stay start": "2024-02-01",
                "Discharge date": "2024-03-01",
                "Discharge destination": "FAMILY_HOME",
            }
        ),
    ]
    workbook = xlsx_bytes({"People": people, "Hospital spells": spells})
    record = run_import(workbook, ImportKind.REGISTER, name="r.xlsx")
    assert record.status == ImportStatus.READY, error_lines(record)
    assert outcomes(record) == {
        ("PEOPLE", 2): (RowOutcome.UPDATED, "Changes: Home postcode"),
        ("PEOPLE", 3): (RowOutcome.UNCHANGED, ""),
        ("SPELLS", 2): (RowOutcome.UNCHANGED, ""),
        ("SPELLS", 3): (RowOutcome.CREATED, "New ward stay; Discharge"),
    }
    open_spell.refresh_from_db()
    assert open_spell.discharge_date is None  # a dry run
