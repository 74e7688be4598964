"""Small SQL expressions the metric queries share (PostgreSQL)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Aggregate, Case, Func, OuterRef, Q, Subquery, Value, When

from register.models import SecurityLevel

from .periods import add_months, years_before


class DaysBetween(Func):
    """later - earlier, in whole days (PostgreSQL date subtraction gives an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


class DaysBefore(Func):
    """A date `days` before the expression (date - integer is a date in PostgreSQL)."""

    output_field = models.DateField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression, Value(int(days)))
        self.template = "(%(expressions)s)"
        self.arg_joiner = " - "


class MonthsBefore(Func):
    """A date `months` calendar months before the expression, clamped to month end."""

    output_field = models.DateField()

    def __init__(self, expression: Any, months: int) -> None:
        super().__init__(expression)
        # The number is ours (an int), never user input.
        self.template = f"(%(expressions)s - interval '{int(months)} months')::date"


class OutwardCode(Func):
    """The postcode district as `register.Site.postcode_district` defines it ("MK40 1AA" ->
    "MK40"), so that the dashboard's in/out of area agrees with the register list's."""

    template = "split_part(upper(btrim(%(expressions)s)), ' ', 1)"
    output_field = models.CharField()


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()


class CountStar(Func):
    """COUNT(*) as a plain expression, for scalar subqueries without GROUP BY."""

    template = "COUNT(*)"
    output_field = models.IntegerField()


def scalar_count(queryset: models.QuerySet) -> Subquery:
    return Subquery(queryset.order_by().annotate(n=CountStar()).values("n")[:1])


def open_on_q(day: Any, *, start: str = "admission_date", end: str = "discharge_date") -> Q:
    """DOMAIN.md: open at D iff start <= D and (no end or end > D). `day` may be an OuterRef."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def current_on_q(day: Any, *, start: str = "start_date", end: str = "end_date") -> Q:
    return open_on_q(day, start=start, end=end)


def latest_history(model: type[models.Model], field: str, day: date) -> Subquery:
    """The value of `field` in the latest history row of the outer spell effective on `day`."""
    rows = model.objects.filter(spell=OuterRef("pk"), effective_date__lte=day)  # type: ignore[attr-defined]
    return Subquery(rows.order_by("-effective_date", "-recorded_at", "-pk").values(field)[:1])


def age_group(dob_field: str, day: date) -> Case:
    """CYP if under 18 on `day` (completed years), else ADULT."""
    return Case(
        When(**{f"{dob_field}__gt": years_before(day, 18)}, then=Value("CYP")),
        default=Value("ADULT"),
        output_field=models.CharField(),
    )


LOS_BANDS = [
    ("LT_3M", "Under 3 months", 3),
    ("3_6M", "3 to 6 months", 6),
    ("6_12M", "6 to 12 months", 12),
    ("1_2Y", "1 to 2 years", 24),
    ("2_5Y", "2 to 5 years", 60),
    ("5_10Y", "5 to 10 years", 120),
    ("10Y_PLUS", "10 years or more", None),
]
LOS_BAND_LABELS = {code: label for code, label, _ in LOS_BANDS}


def los_band(start_field: str, day: date) -> Case:
    """DOMAIN.md 2.1 LOS bands of the continuous stay, by calendar months before `day`."""
    whens = [
        When(**{f"{start_field}__gt": add_months(day, -months)}, then=Value(code))
        for code, _, months in LOS_BANDS
        if months is not None
    ]
    return Case(*whens, default=Value(LOS_BANDS[-1][0]), output_field=models.CharField())


SECURITY_RANK = {
    SecurityLevel.NONE: 0,
    SecurityLevel.LOCKED: 1,
    SecurityLevel.LOW: 2,
    SecurityLevel.MEDIUM: 3,
    SecurityLevel.HIGH: 4,
}


def security_rank(expression: Any) -> Func:
    """CASE <expr> WHEN 'NONE' THEN 0 ... WHEN 'HIGH' THEN 4 END, for a column or a subquery."""
    whens = " ".join(f"WHEN '{level}' THEN {rank}" for level, rank in SECURITY_RANK.items())
    return Func(
        expression,
        template=f"(CASE %(expressions)s {whens} END)",
        output_field=models.IntegerField(),
    )
