"""The schedule's date arithmetic: month clamp, working days, bank holidays, age."""

from datetime import date, timedelta

import pytest

from reviews.calendar import (
    BANK_HOLIDAYS,
    BANK_HOLIDAYS_ENGLAND_AND_WALES,
    CalendarNotCoveredError,
    add_months,
    add_working_days,
    birthday,
    completed_years,
    is_bank_holiday,
    is_working_day,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_2026_bank_holidays_are_those_in_domain_md() -> None:
    assert sorted(day for day in BANK_HOLIDAYS if day.year == 2026) == [
        d(text)
        for text in (
            "2026-01-01",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-08-31",
            "2026-12-25",
            "2026-12-28",
        )
    ]


def test_table_covers_2014_to_2030_and_every_holiday_is_a_weekday() -> None:
    assert set(BANK_HOLIDAYS_ENGLAND_AND_WALES) == set(range(2014, 2031))
    assert all(day.weekday() < 5 for day in BANK_HOLIDAYS)


@pytest.mark.parametrize(
    ("year", "count"), [(2019, 8), (2020, 8), (2022, 10), (2023, 9), (2026, 8), (2030, 8)]
)
def test_each_year_has_eight_bank_holidays_plus_its_special_days(year: int, count: int) -> None:
    assert len([day for day in BANK_HOLIDAYS if day.year == year]) == count


@pytest.mark.parametrize(
    "special_day",
    ["2020-05-08", "2022-06-02", "2022-06-03", "2022-09-19", "2023-05-08"],
)
def test_proclaimed_bank_holidays_are_in_the_table(special_day: str) -> None:
    assert is_bank_holiday(d(special_day))


@pytest.mark.parametrize(
    "moved_from", ["2020-05-04", "2022-05-30"]
)  # the usual Monday, moved that year
def test_bank_holidays_moved_by_proclamation_are_working_days(moved_from: str) -> None:
    assert is_working_day(d(moved_from))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2025-08-31", 6, "2026-02-28"),  # DOMAIN.md's example
        ("2026-01-31", 1, "2026-02-28"),
        ("2028-01-31", 1, "2028-02-29"),  # leap year
        ("2028-02-29", 12, "2029-02-28"),
        ("2026-03-31", 6, "2026-09-30"),
        ("2026-01-15", 3, "2026-04-15"),
        ("2026-11-30", 3, "2027-02-28"),  # across the year end
        ("2026-12-10", 0, "2026-12-10"),
        ("2027-06-10", -6, "2026-12-10"),  # counted back (R15)
        ("2026-08-31", -6, "2026-02-28"),
    ],
)
def test_add_months_clamps_to_the_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(d(start), months) == d(expected)


@pytest.mark.parametrize(
    ("anchor", "count", "expected"),
    [
        ("2026-03-02", 10, "2026-03-16"),  # E2
        ("2026-03-02", 5, "2026-03-09"),  # E2, interim
        ("2026-03-30", 10, "2026-04-15"),  # E3, Easter
        ("2026-03-30", 5, "2026-04-08"),
        ("2026-04-03", 1, "2026-04-07"),  # counted from a bank holiday
        ("2026-03-07", 1, "2026-03-09"),  # counted from a Saturday
        ("2026-12-24", 1, "2026-12-29"),  # Christmas and the substitute Boxing Day
        ("2026-12-24", 3, "2026-12-31"),
        ("2026-12-31", 1, "2027-01-04"),  # New Year's Day 2027 is a Friday
        ("2026-03-02", 0, "2026-03-02"),
    ],
)
def test_add_working_days_starts_the_day_after_and_skips_weekends_and_holidays(
    anchor: str, count: int, expected: str
) -> None:
    assert add_working_days(d(anchor), count) == d(expected)


def test_working_days_outside_the_table_refuse_to_guess() -> None:
    with pytest.raises(CalendarNotCoveredError, match="2031"):
        add_working_days(d("2030-12-30"), 5)


def test_working_days_are_counted_forwards_only() -> None:
    with pytest.raises(ValueError, match="forwards"):
        add_working_days(d("2026-03-02"), -1)


def test_a_week_of_working_days_is_a_calendar_week_without_holidays() -> None:
    assert add_working_days(d("2026-06-01"), 5) == d("2026-06-01") + timedelta(days=7)


@pytest.mark.parametrize(
    ("date_of_birth", "on", "years"),
    [
        ("1990-05-01", "2026-03-02", 35),
        ("2008-09-15", "2026-09-14", 17),  # E8: the day before the 18th birthday
        ("2008-09-15", "2026-09-15", 18),
        ("2008-02-29", "2026-02-28", 17),  # leap-day birthday: 18 on 1 March
        ("2008-02-29", "2026-03-01", 18),
        ("2008-02-29", "2028-02-29", 20),
        ("2026-03-02", "2026-03-02", 0),
    ],
)
def test_completed_years(date_of_birth: str, on: str, years: int) -> None:
    assert completed_years(d(date_of_birth), d(on)) == years


@pytest.mark.parametrize(
    ("date_of_birth", "age", "expected"),
    [
        ("2009-06-10", 14, "2023-06-10"),  # E17
        ("2009-06-10", 18, "2027-06-10"),
        ("2008-02-29", 18, "2026-03-01"),
        ("2008-02-29", 20, "2028-02-29"),
    ],
)
def test_birthday_is_the_first_day_of_that_age(date_of_birth: str, age: int, expected: str) -> None:
    day = birthday(d(date_of_birth), age)
    assert day == d(expected)
    assert completed_years(d(date_of_birth), day) == age
    assert completed_years(d(date_of_birth), day - timedelta(days=1)) == age - 1
