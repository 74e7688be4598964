"""Reporting periods (DOMAIN.md date conventions): months, financial quarters, "as at" days."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """DOMAIN.md "+N months": same day of month, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    return add_months(day, -12 * years)


def quarter_start(day: date) -> date:
    return date(day.year, ((day.month - 1) // 3) * 3 + 1, 1)


def financial_year_start(day: date) -> int:
    """2026 for any day from 1 April 2026 to 31 March 2027."""
    return day.year if day.month >= 4 else day.year - 1


def financial_quarter_label(start: date) -> str:
    fy = financial_year_start(start)
    number = {4: 1, 7: 2, 10: 3, 1: 4}[start.month]
    return f"Q{number} {fy}-{str(fy + 1)[-2:]}"


def parse_month(text: str) -> date:
    """'2026-03' -> 2026-03-01; ValueError on anything else."""
    year, month = text.split("-")
    if len(year) != 4 or len(month) != 2:
        raise ValueError(f"Not a month: {text!r}")
    return date(int(year), int(month), 1)


@dataclass(frozen=True)
class Period:
    """A calendar month reported "as at" its last day, or as at today while it is still running.

    `start`..`end` is the month; `as_at` is the day month-end counts are taken on (the month end,
    or today for the current month); "in month" counts use `start`..`as_at`.
    """

    start: date
    end: date
    as_at: date

    @classmethod
    def month(cls, month: date, *, today: date) -> Period:
        start = month_start(month)
        end = month_end(start)
        return cls(start=start, end=end, as_at=min(end, today))

    @property
    def is_complete(self) -> bool:
        return self.as_at == self.end

    @property
    def days(self) -> int:
        return (self.as_at - self.start).days + 1

    @property
    def label(self) -> str:
        return self.start.strftime("%B %Y")

    @property
    def key(self) -> str:
        return self.start.strftime("%Y-%m")

    def previous(self, months: int = 1) -> Period:
        start = add_months(self.start, -months)
        return Period(start=start, end=month_end(start), as_at=month_end(start))


def window_lag_months(window_days: int) -> int:
    """How many months after a discharge month its follow-up window has surely closed: the
    smallest k such that every run of k months holds at least `window_days` days (28 -> 1,
    90 -> 4 because February-April has 89 days, 365 -> 12). A fixed lag reports each discharge
    month exactly once (Annex A 3, C5)."""
    lag = 1
    sample = [date(2024, 1, 1), *(add_months(date(2024, 1, 1), n) for n in range(1, 48))]
    while any((month_end(m) - month_end(add_months(m, -lag))).days < window_days for m in sample):
        lag += 1
    return lag


def closed_window_month(*, month: date, window_days: int) -> date:
    """The discharge (or review) month reported in `month` for a follow-up window."""
    return add_months(month_start(month), -window_lag_months(window_days))


def months_back(last: date, count: int) -> list[date]:
    """`count` month starts ending with `last`'s month, oldest first."""
    first = month_start(last)
    return [add_months(first, -offset) for offset in range(count - 1, -1, -1)]
