"""Cells as spreadsheets really hold them: dates in three spellings and as Excel serial numbers,
Yes/No in several forms, codes or their meanings, NHS numbers a spreadsheet turned into numbers."""

from datetime import date, datetime

import pytest

from register.imports.mapping import PEOPLE, SPELLS
from register.imports.rows import (
    CellProblem,
    parse_code,
    parse_date,
    parse_nhs_number,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-03-02", date(2024, 3, 2)),
        ("02/03/2024", date(2024, 3, 2)),  # UK order: 2 March
        ("2/3/2024", date(2024, 3, 2)),
        ("02-03-2024", date(2024, 3, 2)),
        ("02.03.2024", date(2024, 3, 2)),
        ("2 March 2024", date(2024, 3, 2)),
        ("02-Mar-2024", date(2024, 3, 2)),
        ("2024-03-02 00:00:00", date(2024, 3, 2)),
        (45353, date(2024, 3, 2)),  # Excel serial number
        (45353.75, date(2024, 3, 2)),  # with a time of day
        ("45353", date(2024, 3, 2)),  # a serial number saved as text
        (datetime(2024, 3, 2, 0, 0), date(2024, 3, 2)),  # a date cell
        (date(2024, 3, 2), date(2024, 3, 2)),
        (None, None),
        ("  ", None),
    ],
)
def test_dates_in_the_forms_spreadsheets_hold(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/2024", "'31/02/2024' is not a real date. Check the day and the month"),
        ("2024-13-01", "'2024-13-01' is not a real date"),
        ("02/03/24", "'02/03/24' has a two-digit year. Write the year in full, like 02/03/2024"),
        ("2024", "'2024' looks like a year only. Enter the full date"),
        ("next Tuesday", "'next Tuesday' is not a date. Enter dates like 2024-03-02 or 02/03/2024"),
        ("03/02/2024 14:00", "is not a date"),
        (True, "'Yes' is not a date"),
        (-5, "'-5' is not a date"),
    ],
)
def test_unreadable_and_impossible_dates_are_explained(cell, message):
    with pytest.raises(CellProblem) as info:
        parse_date(cell)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Yes", True),
        ("y", True),
        ("TRUE", True),
        ("1", True),
        (1.0, True),
        (True, True),
        ("No", False),
        ("n", False),
        ("false", False),
        (0, False),
        (None, None),
        ("", None),
    ],
)
def test_yes_and_no(cell, expected):
    assert parse_yes_no(cell) is expected


def test_anything_else_is_not_yes_or_no():
    with pytest.raises(CellProblem, match=r"'Maybe' is not Yes or No\. Enter Yes or No"):
        parse_yes_no("Maybe")


def test_codes_are_read_as_the_code_or_its_meaning_in_any_case():
    sex = PEOPLE.column("sex")
    assert [parse_code(sex, cell) for cell in ("1", 1, 1.0, "female", "Not known", "x")] == [
        "1",
        "1",
        "1",
        "2",
        "X",
        "X",
    ]
    bed_type = SPELLS.column("bed_type")
    assert parse_code(bed_type, "picu") == "PICU"
    assert parse_code(bed_type, "Psychiatric intensive care unit") == "PICU"


def test_an_unknown_code_names_the_column_and_points_to_the_codes_sheet():
    with pytest.raises(CellProblem) as info:
        parse_code(SPELLS.column("bed_type"), "Forensic")
    assert str(info.value) == (
        "Unknown bed type 'Forensic'. Use a code from the Codes sheet of the template (for "
        "example AT_UNIT)"
    )


def test_nhs_numbers_that_a_spreadsheet_turned_into_numbers():
    assert parse_nhs_number(9434765919) == "9434765919"
    assert parse_nhs_number(9434765919.0) == "9434765919"
    assert parse_nhs_number(123456789) == "0123456789"  # the leading zero a number cell dropped
    assert parse_nhs_number(" 943 476 5919 ") == "943 476 5919"
    with pytest.raises(CellProblem) as info:
        parse_nhs_number("9.43477E+09")
    assert str(info.value) == (
        "A spreadsheet has turned this NHS number into '9.43477E+09'. Format the column as Text "
        "and enter the NHS numbers again"
    )
