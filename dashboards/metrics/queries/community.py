"""People on the register as at a day: community records, budgets, placements, accommodation,
the DSR and psychiatric referral waits (DOMAIN.md 5.3 C8, 5.4, 5.5, Annex A 5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate

from accounts.models import Partnership
from register.models import Accommodation as AccommodationRecord
from register.models import (
    AccommodationType,
    AnnualHealthCheck,
    BudgetDeployment,
    BudgetKind,
    CareCoordinatorAssignment,
    CarePlanReview,
    CriminalJusticeContact,
    CrisisPlan,
    DsrEntry,
    Employment,
    EmploymentStatus,
    HealthEqualityAssessment,
    HospitalSpell,
    Person,
    PersonalBudget,
    Placement,
    PlacementType,
    PsychiatricReferral,
    RiskRating,
)

from ..periods import Period, add_months, years_before
from ..sql import DaysBetween, Median, OutwardCode, age_group, current_on_q, open_on_q

NO_LIMIT = 2**62  # see community(): a LIMIT that never limits
SETTLED = ["OWN_TENANCY", "FAMILY_HOME", "SUPPORTED_LIVING", "SHARED_LIVES"]
ACCOMMODATION_GROUPS = {
    "settled": SETTLED,
    "residential": [AccommodationType.RESIDENTIAL_CARE, AccommodationType.NURSING_CARE],
    "supported_or_shared_lives": [
        AccommodationType.SUPPORTED_LIVING,
        AccommodationType.SHARED_LIVES,
    ],
    "family": [AccommodationType.FAMILY_HOME],
}


def on_register(partnership: Partnership, day: date) -> models.QuerySet:
    """People on the register on `day`: alive, and recorded (or with a spell or DSR entry that
    started) on or before `day`, so that past months do not count people added later."""
    # Every subquery also names the partnership: a person's rows always carry the person's
    # partnership (transfer_partnership moves them together), and without it PostgreSQL hashes
    # each table for every partnership (87 ms of the national dashboard; bench/FINDINGS.md).
    mine = {"partnership": partnership}
    started = Exists(
        HospitalSpell.objects.filter(person=OuterRef("pk"), admission_date__lte=day, **mine)
    ) | Exists(DsrEntry.objects.filter(person=OuterRef("pk"), added_on__lte=day, **mine))
    return (
        Person.objects.for_partnership(partnership)
        .filter(Q(date_of_death__isnull=True) | Q(date_of_death__gt=day))
        .annotate(recorded_on=TruncDate("created_at"))
        .filter(Q(recorded_on__lte=day) | started)
    )


def _within_year(model: type[models.Model], field: str, day: date, **extra: Any) -> Exists:
    """A dated record in the 12 months up to and including `day` (`extra` names the
    partnership, see on_register)."""
    return Exists(
        model.objects.filter(  # type: ignore[attr-defined]
            person=OuterRef("pk"),
            **{f"{field}__gte": add_months(day, -12), f"{field}__lte": day},
            **extra,
        )
    )


def community(partnership: Partnership, period: Period) -> dict[str, int]:
    """Q1-Q4, Q7, Q9, Q10, Q12: each indicator counted for everyone, inpatients and community."""
    day = period.as_at
    mine = {"partnership": partnership}  # see on_register
    current_accommodation = AccommodationRecord.objects.filter(
        current_on_q(day), person=OuterRef("pk"), **mine
    ).order_by("-start_date", "-pk")
    people = on_register(partnership, day).annotate(
        inpatient=Exists(
            HospitalSpell.objects.filter(open_on_q(day), person=OuterRef("pk"), **mine)
        ),
        on_dsr=Exists(
            DsrEntry.objects.filter(
                open_on_q(day, start="added_on", end="closed_on"), person=OuterRef("pk"), **mine
            )
        ),
        aged_14=Case(
            When(date_of_birth__lte=years_before(day, 14), then=Value(True)),
            default=Value(False),
            output_field=models.BooleanField(),
        ),
        ahc=_within_year(AnnualHealthCheck, "check_date", day, **mine),
        ahc_hap=_within_year(
            AnnualHealthCheck, "check_date", day, has_health_action_plan=True, **mine
        ),
        hef=_within_year(HealthEqualityAssessment, "assessed_on", day, **mine),
        care_plan=_within_year(CarePlanReview, "reviewed_on", day, **mine),
        coordinator=Exists(
            CareCoordinatorAssignment.objects.filter(
                current_on_q(day), person=OuterRef("pk"), **mine
            )
        ),
        crisis_plan=Exists(
            CrisisPlan.objects.filter(
                open_on_q(day, start="created_on", end="withdrawn_on"),
                person=OuterRef("pk"),
                **mine,
            )
        ),
        paid_work=Exists(
            Employment.objects.filter(
                current_on_q(day), person=OuterRef("pk"), **mine, status=EmploymentStatus.PAID
            )
        ),
        justice=Exists(
            CriminalJusticeContact.objects.filter(
                person=OuterRef("pk"), **mine, contact_date__gte=period.start, contact_date__lte=day
            )
        ),
        accommodation=Subquery(current_accommodation.values("type")[:1]),
    )
    flags = [
        "ahc",
        "ahc_hap",
        "hef",
        "care_plan",
        "coordinator",
        "crisis_plan",
        "paid_work",
        "justice",
    ]
    groups = {"all": Q(), "inpatient": Q(inpatient=True), "community": Q(inpatient=False)}
    aggregates: dict[str, Any] = {}
    for group, where in groups.items():
        aggregates[f"{group}__people"] = Count("pk", filter=where)
        aggregates[f"{group}__aged_14"] = Count("pk", filter=where & Q(aged_14=True))
        for flag in flags:
            aggregates[f"{group}__{flag}"] = Count("pk", filter=where & Q(**{flag: True}))
        for name in ("ahc", "ahc_hap"):
            aggregates[f"{group}__{name}_14"] = Count(
                "pk", filter=where & Q(aged_14=True) & Q(**{name: True})
            )
    for name, types in ACCOMMODATION_GROUPS.items():
        aggregates[f"community__accommodation_{name}"] = Count(
            "pk", filter=Q(inpatient=False, accommodation__in=types)
        )
    aggregates["community__accommodation_known"] = Count(
        "pk", filter=Q(inpatient=False, accommodation__isnull=False)
    )
    aggregates["dsr__people"] = Count("pk", filter=Q(on_dsr=True))
    aggregates["dsr__crisis_plan"] = Count("pk", filter=Q(on_dsr=True, crisis_plan=True))
    # The LIMIT keeps PostgreSQL from inlining the subquery into every FILTER, which would
    # evaluate each EXISTS once per FILTER that mentions it instead of once per person.
    return people[:NO_LIMIT].aggregate(**aggregates)


def budgets(partnership: Partnership, period: Period) -> dict[str, int]:
    """Q5, Q6, W6: people with a budget active on the day, by kind and deployment."""
    social_care = Q(kind__in=[BudgetKind.PB, BudgetKind.INTEGRATED])
    aggregates: dict[str, Any] = {
        "social_care": Count("person", distinct=True, filter=social_care),
        "phb": Count("person", distinct=True, filter=Q(kind=BudgetKind.PHB)),
        "integrated": Count("person", distinct=True, filter=Q(kind=BudgetKind.INTEGRATED)),
        "social_care_personal": Count(
            "person",
            distinct=True,
            filter=social_care & ~Q(deployment=BudgetDeployment.COMMISSIONED_ONLY),
        ),
    }
    for deployment in BudgetDeployment:
        aggregates[f"social_care_{deployment}"] = Count(
            "person", distinct=True, filter=social_care & Q(deployment=deployment)
        )
    return (
        PersonalBudget.objects.for_partnership(partnership)
        .filter(current_on_q(period.as_at))
        .aggregate(**aggregates)
    )


def placements(partnership: Partnership, period: Period) -> dict[str, Any]:
    """W2, W8, Q11: active placements on the day, their length, and breakdowns in the month."""
    day = period.as_at
    active = current_on_q(day)
    schools = Q(
        type__in=[PlacementType.RESIDENTIAL_SCHOOL_52WK, PlacementType.RESIDENTIAL_SCHOOL_38WK]
    )
    care_homes = Q(type__in=[PlacementType.RESIDENTIAL_CARE, PlacementType.NURSING_CARE])
    length = DaysBetween(Value(day), F("start_date"))
    return (
        Placement.objects.for_partnership(partnership)
        .filter(active | Q(end_date__gte=period.start, end_date__lte=day))
        .aggregate(
            active=Count("pk", filter=active),
            residential_school=Count("pk", filter=active & schools),
            school_or_out_of_area=Count("pk", filter=active & (schools | Q(is_out_of_area=True))),
            out_of_area=Count("pk", filter=active & Q(is_out_of_area=True)),
            care_home=Count("pk", filter=active & care_homes),
            care_home_days_mean=Avg(length, filter=active & care_homes),
            care_home_days_median=Median(length, filter=active & care_homes),
            breakdowns=Count(
                "pk",
                filter=Q(ended_by_breakdown=True, end_date__gte=period.start, end_date__lte=day),
            ),
        )
    )


def out_of_area_people(partnership: Partnership, period: Period, districts: Sequence[str]) -> int:
    """W3: people in an out-of-area placement made for lack of local provision, or in an
    out-of-area hospital spell, on the day."""
    day = period.as_at
    mine = {"partnership": partnership}  # see on_register
    spells = HospitalSpell.objects.filter(open_on_q(day), person=OuterRef("pk"), **mine)
    if districts:
        spells = spells.annotate(_outward=OutwardCode(F("site__postcode"))).exclude(
            _outward__in=list(districts)
        )
    placed = Placement.objects.filter(
        current_on_q(day),
        person=OuterRef("pk"),
        **mine,
        is_out_of_area=True,
        is_for_lack_of_local_provision=True,
    )
    return (
        Person.objects.for_partnership(partnership).filter(Exists(spells) | Exists(placed)).count()
    )


def temporary_accommodation(partnership: Partnership, period: Period) -> dict[str, Any]:
    """Q14: crisis or temporary accommodation used in the month; stays that ended in it, their
    mean length, and whether the next home was the same kind as the home before."""
    start, day = period.start, period.as_at
    ended = Q(end_date__gte=start, end_date__lte=day)
    before = AccommodationRecord.objects.filter(
        person=OuterRef("person"), end_date=OuterRef("start_date")
    )
    after = AccommodationRecord.objects.filter(
        person=OuterRef("person"), start_date=OuterRef("end_date")
    )
    stays = (
        AccommodationRecord.objects.for_partnership(partnership)
        .filter(type=AccommodationType.TEMPORARY_CRISIS, start_date__lte=day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .annotate(
            type_before=Subquery(before.exclude(pk=OuterRef("pk")).values("type")[:1]),
            type_after=Subquery(after.exclude(pk=OuterRef("pk")).values("type")[:1]),
        )
    )
    return stays[:NO_LIMIT].aggregate(  # see community(): each subquery once per row
        people=Count("person", distinct=True),
        ended=Count("pk", filter=ended),
        days_mean=Avg(DaysBetween(F("end_date"), F("start_date")), filter=ended),
        returned=Count("pk", filter=ended & Q(type_after=F("type_before"))),
        new_home=Count(
            "pk",
            filter=ended
            & Q(type_after__isnull=False)
            & (Q(type_before__isnull=True) | ~Q(type_after=F("type_before"))),
        ),
    )


def dsr(partnership: Partnership, period: Period) -> list[dict[str, Any]]:
    """C8: active DSR entries on the day by their RAG on that day and age group, with crisis
    plans. The RAG comes from the rating history, so past months are right."""
    day = period.as_at
    rating = RiskRating.objects.filter(dsr_entry=OuterRef("pk"), effective_date__lte=day)
    return list(
        DsrEntry.objects.for_partnership(partnership)
        .filter(open_on_q(day, start="added_on", end="closed_on"))
        .annotate(
            rag=Coalesce(
                Subquery(
                    rating.order_by("-effective_date", "-recorded_at", "-pk").values("rag")[:1]
                ),
                Value("NOT_RATED"),
            ),
            age_group=age_group("person__date_of_birth", day),
            has_crisis_plan=Exists(
                CrisisPlan.objects.filter(
                    open_on_q(day, start="created_on", end="withdrawn_on"),
                    person=OuterRef("person"),
                    partnership=partnership,  # see on_register
                )
            ),
        )
        .order_by()
        .values("rag", "age_group")
        .annotate(n=Count("pk"), with_crisis_plan=Count("pk", filter=Q(has_crisis_plan=True)))
    )


def referral_waits(partnership: Partnership, period: Period) -> dict[str, int]:
    """Annex A 5, counted in the month each referral's outcome became known: its first contact
    within the wait (met), or the first day past the wait without one (breached)."""
    wait = settings.REFERRAL_WAIT_DAYS
    start, day = period.start, period.as_at
    met = Q(first_contact_date__gte=start, first_contact_date__lte=day) & Q(waited__lte=wait)
    breached_now = Q(
        referral_date__gte=start - timedelta(days=wait + 1),
        referral_date__lte=day - timedelta(days=wait + 1),
    ) & (Q(first_contact_date__isnull=True) | Q(waited__gt=wait))
    return (
        PsychiatricReferral.objects.for_partnership(partnership)
        .annotate(waited=DaysBetween(F("first_contact_date"), F("referral_date")))
        .filter(met | breached_now)
        .aggregate(met=Count("pk", filter=met), breached=Count("pk", filter=breached_now))
    )
