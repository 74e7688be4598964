"""Reads for the register pages and API: the list with its counts, and a person's page.

The list adds its columns with joins on the rows that are unique per person (the open spell,
the open ward stay and the current coordinator, each guarded by a partial unique index) and one
subquery for the current DSR rating, so a page costs the same number of queries whatever its size.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from accounts.models import Organisation, User

from .filters import RegisterFilter, search_condition
from .models import (
    AnnualHealthCheck,
    CareCoordinatorAssignment,
    CarePlanReview,
    CoordinatorContact,
    CrisisPlan,
    DsrEntry,
    DsrStatus,
    HospitalSpell,
    Person,
    RiskRating,
    WardStay,
)
from .timeline import TimelineEvent, person_timeline

__all__ = [
    "PersonPage",
    "RegisterPage",
    "TimelineEvent",
    "person_page",
    "person_timeline",
    "register_filter",
    "register_list",
    "register_page",
    "register_queryset",
]


class PostcodeDistrict(Func):
    """The outward code of a postcode ("MK40 1AA" -> "MK40"), as `Site.postcode_district`."""

    template = "SPLIT_PART(UPPER(TRIM(%(expressions)s)), ' ', 1)"
    output_field = CharField()


def partnership_districts(partnership_id: int | None) -> list[str]:
    """Postcode districts of the partnership's member organisations: its footprint."""
    if partnership_id is None:
        return []
    values = Organisation.objects.filter(partnerships=partnership_id).values_list(
        "postcode_districts", flat=True
    )
    return sorted({district.upper() for value in values for district in value.split()})


def with_register_columns(queryset: QuerySet[Person], *, districts: list[str]) -> QuerySet[Person]:
    """Add what the register shows and filters on: current spell, ward, hospital, area, DSR
    rating and coordinator. In/out of area is derived from the site's postcode district."""
    latest_rating = RiskRating.objects.filter(dsr_entry=OuterRef("active_dsr__id")).order_by(
        "-effective_date", "-recorded_at", "-pk"
    )
    in_area = When(site_district__in=districts, then=Value(True)) if districts else None
    return queryset.alias(
        open_spell=FilteredRelation("spells", condition=Q(spells__discharge_date__isnull=True)),
        open_stay=FilteredRelation("ward_stays", condition=Q(ward_stays__end_date__isnull=True)),
        active_dsr=FilteredRelation(
            "dsr_entries", condition=Q(dsr_entries__status=DsrStatus.ACTIVE)
        ),
        current_coordinator=FilteredRelation(
            "coordinator_assignments", condition=Q(coordinator_assignments__end_date__isnull=True)
        ),
    ).annotate(
        spell_id=F("open_spell__id"),
        admission_date=F("open_spell__admission_date"),
        continuous_stay_start=F("open_spell__continuous_stay_start"),
        commissioner_type=F("open_spell__commissioner_type"),
        legal_status=F("open_spell__legal_status"),
        clinically_ready_date=F("open_spell__clinically_ready_date"),
        planned_discharge_date=F("open_spell__planned_discharge_date"),
        provider_name=F("open_spell__provider__name"),
        site_name=F("open_spell__site__name"),
        site_district=PostcodeDistrict("open_spell__site__postcode"),
        ward_name=F("open_stay__ward__name"),
        bed_type=F("open_stay__ward__bed_type"),
        current_rag=Subquery(latest_rating.values("rag")[:1]),
        coordinator_assignment_id=F("current_coordinator__id"),
        coordinator_user_id=F("current_coordinator__user_id"),
        coordinator_name=Coalesce(
            NullIf(F("current_coordinator__user__full_name"), Value("")),
            NullIf(F("current_coordinator__external_name"), Value("")),
        ),
        is_in_area=Case(
            When(spell_id__isnull=True, then=Value(None)),
            *([in_area] if in_area else []),
            default=Value(False),
            output_field=BooleanField(null=True),
        ),
    )


def register_queryset(user: User) -> QuerySet[Person]:
    """The people this user may see, with the register columns."""
    membership = user.active_membership
    districts = partnership_districts(membership.partnership_id if membership else None)
    return with_register_columns(Person.objects.visible_to(user), districts=districts)


def coordinator_choices(user: User) -> list[tuple[int, str]]:
    """Users who currently coordinate someone this user can see (the coordinator filter)."""
    rows = (
        CareCoordinatorAssignment.objects.visible_to(user)
        .filter(end_date__isnull=True, user__isnull=False)
        .values_list("user_id", "user__full_name")
        .distinct()
        .order_by("user__full_name", "user_id")
    )
    return list(rows)


def register_filter(
    user: User, filters: Mapping[str, Any], *, today: date | None = None
) -> RegisterFilter:
    return RegisterFilter(
        filters,
        register_queryset(user),
        today=today or timezone.localdate(),
        coordinators=coordinator_choices(user),
    )


def register_list(
    user: User, filters: Mapping[str, Any], *, today: date | None = None
) -> QuerySet[Person]:
    """The register as this user may see it, searched, filtered and sorted."""
    return register_filter(user, filters, today=today).qs


@dataclass
class RegisterPage:
    filterset: RegisterFilter
    total: int
    counts: dict[str, dict[str, int]]
    rows: QuerySet[Person]


def register_page(
    user: User, filters: Mapping[str, Any], *, today: date | None = None
) -> RegisterPage:
    """The filtered list plus, in one more query, the number of people each filter option would
    show given the search and the other filters chosen (faceted counts) and the total."""
    filterset = register_filter(user, filters, today=today)
    selected = filterset.selected()
    conditions = filterset.conditions
    search = filterset.form.cleaned_data.get("search", "") if filterset.form.is_valid() else ""

    def all_but(skip: str | None) -> Q:
        combined = Q()
        for name, value in selected.items():
            if name != skip:
                combined &= conditions[name][value]
        return combined

    aggregates: dict[str, Count] = {"total": Count("pk", filter=all_but(None))}
    keys: dict[str, tuple[str, str]] = {}
    for name in RegisterFilter.FACETS:
        others = all_but(name)
        for value, condition in conditions[name].items():
            alias = f"n{len(keys)}"
            keys[alias] = (name, value)
            aggregates[alias] = Count("pk", filter=condition & others)
    result = filterset.queryset.filter(search_condition(search)).aggregate(**aggregates)
    counts: dict[str, dict[str, int]] = {name: {} for name in RegisterFilter.FACETS}
    for alias, (name, value) in keys.items():
        counts[name][value] = result[alias]
    return RegisterPage(
        filterset=filterset, total=result["total"], counts=counts, rows=filterset.qs
    )


@dataclass
class PersonPage:
    """What the person page shows beyond the register columns already on `person`."""

    person: Person
    spell: HospitalSpell | None
    ward_stay: WardStay | None
    dsr_entry: DsrEntry | None
    latest_rating: RiskRating | None
    coordinator: CareCoordinatorAssignment | None
    last_care_plan_review: date | None
    last_coordinator_contact: date | None
    last_health_check: date | None
    has_crisis_plan: bool
    timeline: list[TimelineEvent] = field(default_factory=list)


def person_page(person: Person) -> PersonPage:
    """Everything the person page needs, in a fixed number of queries."""
    spell = (
        HospitalSpell.objects.filter(person=person, discharge_date__isnull=True)
        .select_related("provider", "site", "commissioner")
        .first()
    )
    stay = (
        WardStay.objects.filter(spell=spell, end_date__isnull=True).select_related("ward").first()
        if spell
        else None
    )
    entry = DsrEntry.objects.filter(person=person, status=DsrStatus.ACTIVE).first()
    rating = (
        RiskRating.objects.filter(dsr_entry=entry).select_related("rated_by").first()
        if entry
        else None
    )
    coordinator = (
        CareCoordinatorAssignment.objects.filter(person=person, end_date__isnull=True)
        .select_related("user", "organisation")
        .first()
    )
    return PersonPage(
        person=person,
        spell=spell,
        ward_stay=stay,
        dsr_entry=entry,
        latest_rating=rating,
        coordinator=coordinator,
        **_community_facts(person),
        timeline=person_timeline(person),
    )


def _latest(model: Any, date_field: str) -> Subquery:
    return Subquery(
        model.objects.filter(person=OuterRef("pk"))
        .order_by(f"-{date_field}")
        .values(date_field)[:1]
    )


def _community_facts(person: Person) -> dict[str, Any]:
    """The last care plan review, coordinator contact and health check and whether a crisis plan
    is in force: one query of four subqueries (was four round trips; bench/FINDINGS.md)."""
    return (
        Person.objects.filter(pk=person.pk)
        .annotate(
            last_care_plan_review=_latest(CarePlanReview, "reviewed_on"),
            last_coordinator_contact=_latest(CoordinatorContact, "contact_date"),
            last_health_check=_latest(AnnualHealthCheck, "check_date"),
            has_crisis_plan=Exists(
                CrisisPlan.objects.filter(person=OuterRef("pk"), withdrawn_on__isnull=True)
            ),
        )
        .values(
            "last_care_plan_review",
            "last_coordinator_contact",
            "last_health_check",
            "has_crisis_plan",
        )
        .get()
    )


# --- the API's lists of spells, ward stays and ratings ---------------------------------------


def register_spells(user: User) -> QuerySet[HospitalSpell]:
    current_ward = WardStay.objects.filter(spell=OuterRef("pk"), end_date__isnull=True)
    return (
        HospitalSpell.objects.visible_to(user)
        .annotate(current_ward_id=Subquery(current_ward.values("ward_id")[:1]))
        .order_by("-admission_date", "-pk")
    )


def register_ward_stays(user: User) -> QuerySet[WardStay]:
    return WardStay.objects.visible_to(user).order_by("-start_date", "-pk")


def register_risk_ratings(user: User) -> QuerySet[RiskRating]:
    return RiskRating.objects.visible_to(user).order_by("-effective_date", "-recorded_at", "-pk")
