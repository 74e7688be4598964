"""The numbers that drive register behaviour (DOMAIN.md section 11), read from settings.

Each has the DOMAIN.md default; a deployment overrides it with a Django setting of the same name.
The reviews app's rule table owns the C(E)TR intervals; these are the register's own.
"""

import calendar
from datetime import date

from django.conf import settings

from .models import Rag


def _setting(name: str, default: object) -> object:
    return getattr(settings, name, default)


def dsr_post_discharge_red_days() -> int:
    """DSR_POST_DISCHARGE_RED_DAYS: how long the automatic RED after discharge lasts."""
    return int(_setting("DSR_POST_DISCHARGE_RED_DAYS", 14))  # type: ignore[call-overload]


def dsr_review_days(rag: str) -> int | None:
    """DSR_REVIEW_DAYS (R14): RED 14, AMBER 28, GREEN 90; BLUE is reviewed through C(E)TRs."""
    days: dict[str, int] = _setting(  # type: ignore[assignment]
        "DSR_REVIEW_DAYS", {Rag.RED: 14, Rag.AMBER: 28, Rag.GREEN: 90}
    )
    return days.get(rag)


MAX_AGE_YEARS = 110  # a date of birth further back is almost certainly a typing error
DUPLICATE_NAME_SIMILARITY = 0.4  # pg_trgm similarity of full names above which we ask to confirm
READMISSION_WINDOW_DAYS = 365  # AT admission kind READMISSION_12M
TRANSITION_FROM_AGE = 14  # preparing for adulthood (DOMAIN.md 2.3, R15)
ADULT_AGE = 18
TRANSITION_PLAN_MONTHS_BEFORE_18 = 6


def add_years(day: date, years: int) -> date:
    """Same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """DOMAIN.md "+N months": same day of month, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def completed_years(born: date, *, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
