"""Date arithmetic of the C(E)TR schedule (DOMAIN.md, "Date conventions").

- "+N months": same day of the month, clamped to the month's last day
  (2025-08-31 + 6 months = 2026-02-28).
- "+N working days": count Monday to Friday, skipping England and Wales bank holidays, starting the
  day after the anchor date.
- Age: completed years on the reference date. Someone born on 29 February turns a year older on
  1 March in a common year, as in English law.

The bank holidays are a maintained table, not a formula: dates are moved by proclamation (the
2020 VE Day move, the 2022 Platinum Jubilee and State Funeral, the 2023 Coronation). Years up to
2026 follow the published GOV.UK list; later years apply the usual substitution rules and must be
checked against GOV.UK when it publishes them. A working-day count that runs outside the table
stops with `CalendarNotCoveredError` rather than guessing.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

# One line per year: New Year, Good Friday, Easter Monday, early May, spring, summer, Christmas,
# Boxing Day (with substitute days), plus any special days of that year.
BANK_HOLIDAYS_ENGLAND_AND_WALES: dict[int, tuple[str, ...]] = {
    2014: ("01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
    2015: ("01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
    2016: ("01-01", "03-25", "03-28", "05-02", "05-30", "08-29", "12-26", "12-27"),
    2017: ("01-02", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"),
    2018: ("01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"),
    2019: ("01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"),
    # 2020: the early May bank holiday moved to Friday 8 May (75th anniversary of VE Day).
    2020: ("01-01", "04-10", "04-13", "05-08", "05-25", "08-31", "12-25", "12-28"),
    2021: ("01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"),
    # 2022: spring bank holiday moved to Thursday 2 June, Platinum Jubilee on Friday 3 June,
    # State Funeral of Queen Elizabeth II on Monday 19 September.
    2022: (
        "01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27",
    ),
    # 2023: Coronation of King Charles III on Monday 8 May.
    2023: ("01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"),
    2024: ("01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"),
    2025: ("01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"),
    2026: ("01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"),
    2027: ("01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"),
    2028: ("01-03", "04-14", "04-17", "05-01", "05-29", "08-28", "12-25", "12-26"),
    2029: ("01-01", "03-30", "04-02", "05-07", "05-28", "08-27", "12-25", "12-26"),
    2030: ("01-01", "04-19", "04-22", "05-06", "05-27", "08-26", "12-25", "12-26"),
}  # fmt: skip

FIRST_COVERED_YEAR = min(BANK_HOLIDAYS_ENGLAND_AND_WALES)
LAST_COVERED_YEAR = max(BANK_HOLIDAYS_ENGLAND_AND_WALES)

BANK_HOLIDAYS: frozenset[date] = frozenset(
    date.fromisoformat(f"{year}-{month_day}")
    for year, days in BANK_HOLIDAYS_ENGLAND_AND_WALES.items()
    for month_day in days
)

_SATURDAY = 5


class CalendarNotCoveredError(ValueError):
    """A working-day count reached a year that the bank-holiday table does not hold."""


def is_bank_holiday(day: date) -> bool:
    _require_covered(day)
    return day in BANK_HOLIDAYS


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < _SATURDAY and not is_bank_holiday(day)


def add_working_days(anchor: date, count: int) -> date:
    """The `count`-th working day after `anchor` (the anchor day itself is never counted).

    Admitted Monday 2026-03-30, 10 working days skip Good Friday and Easter Monday: 2026-04-15.
    """
    if count < 0:
        raise ValueError("Working days are counted forwards only.")
    day = anchor
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later (or earlier), clamped to that month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def completed_years(date_of_birth: date, on: date) -> int:
    """Age in completed years on `on` (a 29 February birthday counts from 1 March)."""
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def birthday(date_of_birth: date, age: int) -> date:
    """The first day on which the person is `age` in completed years."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # born on 29 February, the anniversary falls in a common year
        return date(date_of_birth.year + age, 3, 1)


def _require_covered(day: date) -> None:
    if not FIRST_COVERED_YEAR <= day.year <= LAST_COVERED_YEAR:
        raise CalendarNotCoveredError(
            f"Bank holidays for {day.year} are not in the calendar table "
            f"({FIRST_COVERED_YEAR}-{LAST_COVERED_YEAR}); add them to reviews/calendar.py."
        )
