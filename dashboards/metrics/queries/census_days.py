"""Annex A indicators 1 and 6 by the AVERAGE CENSUS method (DOMAIN.md 5.6, E13).

Every day of the period is evaluated: the denominator is inpatient person-days (each open spell
on each day), the numerator the person-days on which the condition held on that day. The day axis
is the CalendarDay table; each day counts its open spells in a correlated subquery, and PostgreSQL
sums them, so the work is one SQL statement whatever the number of people.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Sum
from django.db.models.functions import Coalesce

from accounts.models import Partnership
from register.models import (
    CarePlanReview,
    ContactMode,
    CoordinatorContact,
    CrisisPlan,
    HospitalSpell,
)

from ...models import CalendarDay
from ..periods import Period
from ..sql import DaysBefore, MonthsBefore, open_on_q, scalar_count

CONTACT_WINDOW_DAYS = 28  # R12: the day itself and the 28 days before it (E13)
CARE_REVIEW_WINDOW_MONTHS = 12  # R13


def census_days(partnership: Partnership, period: Period) -> dict[str, Any]:
    day = OuterRef("day")
    outer_day = OuterRef(OuterRef("day"))
    spells_on_day = HospitalSpell.objects.for_partnership(partnership).filter(open_on_q(day))
    face_to_face = CoordinatorContact.objects.filter(
        person=OuterRef("person"),
        partnership=partnership,  # a person's rows carry the person's partnership
        mode=ContactMode.FACE_TO_FACE,
        contact_date__lte=outer_day,
        contact_date__gte=DaysBefore(outer_day, CONTACT_WINDOW_DAYS),
    )
    care_review = CarePlanReview.objects.filter(
        person=OuterRef("person"),
        partnership=partnership,
        reviewed_on__lte=outer_day,
        reviewed_on__gte=MonthsBefore(outer_day, CARE_REVIEW_WINDOW_MONTHS),
    )
    crisis_plan = CrisisPlan.objects.filter(
        open_on_q(outer_day, start="created_on", end="withdrawn_on"),
        person=OuterRef("person"),
        partnership=partnership,
    )
    days = CalendarDay.objects.filter(day__gte=period.start, day__lte=period.as_at).annotate(
        inpatients=scalar_count(spells_on_day),
        coordinated=scalar_count(spells_on_day.filter(Exists(face_to_face), Exists(care_review))),
        with_crisis_plan=scalar_count(spells_on_day.filter(Exists(crisis_plan))),
    )
    return days.aggregate(
        person_days=Coalesce(Sum("inpatients"), 0),
        coordinated_days=Coalesce(Sum("coordinated"), 0),
        crisis_plan_days=Coalesce(Sum("with_crisis_plan"), 0),
    )
