"""Inpatient groups: the month-end census cube, the month's admissions and discharges, moves to
less restrictive wards and readmissions (DOMAIN.md 5.1, 5.2, 5.4, Annex A 3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from accounts.models import Partnership
from register.models import (
    COMMUNITY_DESTINATIONS,
    AdmissionKind,
    DischargeDelayRecord,
    DischargeDestination,
    HospitalSpell,
    LegalStatusRecord,
    PlannedDischargeRecord,
    WardStay,
)

from ..periods import Period, month_end
from ..sql import (
    DaysBetween,
    Median,
    OutwardCode,
    age_group,
    latest_history,
    los_band,
    security_rank,
)

CENSUS_DIMENSIONS = (
    "commissioner_type",
    "bed_type",
    "security_level",
    "age_group",
    "area",
    "los_band",
    "cohort",
    "legal_group",
    "delay_group",
)
# Annotations cannot reuse the spell's own column names; rows are renamed after the query.
RENAMED = {"legal_group": "legal_status", "delay_group": "delay_reason"}


def area_expression(districts: Sequence[str]) -> Any:
    """IN_AREA when the site's postcode district belongs to a member organisation's footprint."""
    if not districts:
        return Value("OUT_OF_AREA")
    return Case(
        When(Q(**{"_outward__in": list(districts)}), then=Value("IN_AREA")),
        default=Value("OUT_OF_AREA"),
        output_field=models.CharField(),
    )


def annotate_area(
    queryset: models.QuerySet, districts: Sequence[str], postcode_field: str = "site__postcode"
) -> models.QuerySet:
    return queryset.annotate(_outward=OutwardCode(F(postcode_field))).annotate(
        area=area_expression(districts)
    )


def open_spells(partnership: Partnership, day: date) -> models.QuerySet:
    return HospitalSpell.objects.for_partnership(partnership).open_on(day)


def _ward_on(day: date, field: str) -> Subquery:
    """Bed type or security level of the ward stay open on `day` (history, not the current ward)."""
    stays = WardStay.objects.filter(spell=OuterRef("pk")).open_on(day)
    return Subquery(stays.order_by("-start_date").values(f"ward__{field}")[:1])


def census(partnership: Partnership, period: Period, districts: Sequence[str]) -> list[dict]:
    """Open spells as at the period's day, grouped by every dimension of DOMAIN.md 2.1, with the
    conditional counts of H9 and D1-D2 per group. One query; rows <= number of open spells."""
    day = period.as_at
    spells = (
        annotate_area(open_spells(partnership, day), districts)
        .annotate(
            bed_type=Coalesce(_ward_on(day, "bed_type"), Value("OTHER")),
            security_level=Coalesce(_ward_on(day, "security_level"), Value("NONE")),
            age_group=age_group("person__date_of_birth", day),
            los_band=los_band("continuous_stay_start", day),
            cohort=Case(
                When(
                    continuous_stay_start__lt=settings.WINTERBOURNE_CUTOFF,
                    then=Value("ORIGINAL_WINTERBOURNE"),
                ),
                default=Value("LATER"),
                output_field=models.CharField(),
            ),
            legal_status_at=Coalesce(
                latest_history(LegalStatusRecord, "legal_status", day), Value("NOT_KNOWN")
            ),
            planned_at=latest_history(PlannedDischargeRecord, "planned_discharge_date", day),
            ready_at=latest_history(DischargeDelayRecord, "clinically_ready_date", day),
            reason_at=latest_history(DischargeDelayRecord, "delay_reason", day),
        )
        .annotate(
            legal_group=Case(
                When(legal_status_at="INFORMAL", then=Value("INFORMAL")),
                When(legal_status_at="NOT_KNOWN", then=Value("NOT_KNOWN")),
                default=Value("DETAINED"),
                output_field=models.CharField(),
            ),
            delay_group=Case(
                When(ready_at__lte=day, then=Coalesce(F("reason_at"), Value("OTHER"))),
                default=Value(""),
                output_field=models.CharField(),
            ),
        )
    )
    delayed = Q(ready_at__lte=day)
    rows = (
        spells.order_by()
        .values(*CENSUS_DIMENSIONS)
        .annotate(
            n=Count("pk"),
            planned=Count("pk", filter=Q(planned_at__isnull=False)),
            delayed=Count("pk", filter=delayed),
            delayed_days=Sum(DaysBetween(Value(day), F("ready_at")), filter=delayed),
        )
    )
    return [{RENAMED.get(key, key): value for key, value in row.items()} for row in rows]


def postcode_pairs(partnership: Partnership, period: Period) -> list[dict[str, Any]]:
    """H11: open spells as at the period's day counted per (home postcode, site postcode). The
    distance is worked out from the two postcode districts in Python (register.geography).
    One query; rows <= number of open spells."""
    return list(
        open_spells(partnership, period.as_at)
        .order_by()
        .values(home=F("person__home_postcode"), site_postcode=F("site__postcode"))
        .annotate(n=Count("pk"))
    )


def flow(partnership: Partnership, period: Period) -> dict[str, Any]:
    """Admissions and discharges in the month (H7, H8, L3, Q8, Q13), in one aggregate."""
    start, end = period.start, period.as_at
    admitted = Q(admission_date__gte=start, admission_date__lte=end)
    discharged = Q(discharge_date__gte=start, discharge_date__lte=end)
    new_stay = ~Q(admission_kind=AdmissionKind.TRANSFER)
    community = Q(discharge_destination__in=list(COMMUNITY_DESTINATIONS))
    los = DaysBetween(F("discharge_date"), F("continuous_stay_start"))
    aggregates: dict[str, Any] = {
        "admissions": Count("pk", filter=admitted),
        "new_admissions": Count("pk", filter=admitted & new_stay),
        "unplanned": Count("pk", filter=admitted & new_stay & Q(is_planned=False)),
        "discharges": Count("pk", filter=discharged),
        "los_total": Sum(los, filter=discharged),
        "los_mean": Avg(los, filter=discharged),
        "los_median": Median(los, filter=discharged),
        "to_community": Count("pk", filter=discharged & community),
        "returned_home": Count(
            "pk", filter=discharged & community & Q(returned_to_previous_home=True)
        ),
        "to_other_hospital": Count(
            "pk", filter=discharged & Q(discharge_destination=DischargeDestination.OTHER_HOSPITAL)
        ),
    }
    for kind in AdmissionKind:
        aggregates[f"kind_{kind}"] = Count("pk", filter=admitted & Q(admission_kind=kind))
    result = (
        HospitalSpell.objects.for_partnership(partnership)
        .filter(admitted | discharged)
        .aggregate(**aggregates)
    )
    result["discharges_other"] = (
        result["discharges"] - result["to_community"] - result["to_other_hospital"]
    )
    return result


def step_downs(partnership: Partnership, period: Period) -> int:
    """Ward moves (or transfers) in the month to a lower security level than the ward before."""
    previous = WardStay.objects.filter(
        person=OuterRef("person"), end_date=OuterRef("start_date")
    ).exclude(pk=OuterRef("pk"))
    moves = (
        WardStay.objects.for_partnership(partnership)
        .filter(start_date__gte=period.start, start_date__lte=period.as_at)
        .annotate(
            before=security_rank(
                Subquery(previous.order_by("-start_date").values("ward__security_level")[:1])
            ),
            after=security_rank(F("ward__security_level")),
        )
    )
    return moves.filter(before__gt=F("after")).count()


def readmissions(partnership: Partnership, months: dict[int, date]) -> dict[int, dict[str, int]]:
    """Annex A 3: for each window (days), discharges in that window's closed month (excluding
    transfers and deaths) and how many were followed by an admission within the window."""
    excluded = [DischargeDestination.OTHER_HOSPITAL, DischargeDestination.DIED]
    in_any_month = Q()
    aggregates: dict[str, Any] = {}
    annotations: dict[str, Any] = {}
    for days, month in months.items():
        in_month = Q(discharge_date__gte=month, discharge_date__lte=month_end(month))
        in_any_month |= in_month
        later = HospitalSpell.objects.filter(
            person=OuterRef("person"),
            admission_date__gte=OuterRef("discharge_date"),
            admission_date__lte=OuterRef("discharge_date") + timedelta(days=days),
        ).exclude(pk=OuterRef("pk"))
        annotations[f"back_{days}"] = Exists(later)
        aggregates[f"discharges_{days}"] = Count("pk", filter=in_month)
        aggregates[f"readmitted_{days}"] = Count(
            "pk", filter=in_month & Q(**{f"back_{days}": True})
        )
    result = (
        HospitalSpell.objects.for_partnership(partnership)
        .filter(in_any_month)
        .exclude(discharge_destination__in=excluded)
        .annotate(**annotations)
        .aggregate(**aggregates)
    )
    return {
        days: {
            "discharges": result[f"discharges_{days}"],
            "readmitted": result[f"readmitted_{days}"],
        }
        for days in months
    }
