"""The register list's search, filters and sort, as one django-filter FilterSet shared by the
HTML list and the API. Every filter is a condition on the columns `selectors.with_register_columns`
adds, so the same conditions also give the counts shown next to each filter option."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, OrderBy, Q, QuerySet, TextChoices, Value, When
from django.utils import timezone
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from .models import (
    AdmissionKind,
    BedType,
    CommissionerType,
    HospitalSpell,
    Person,
    Rag,
    RiskRating,
    WardStay,
)
from .nhs_numbers import looks_like_nhs_number, normalise_nhs_number
from .rules import ADULT_AGE, TRANSITION_FROM_AGE, add_years

NO_COORDINATOR = "none"
NOT_ON_DSR = "NONE"


class Status(TextChoices):
    INPATIENT = "INPATIENT", "In hospital"
    COMMUNITY = "COMMUNITY", "In the community"


class Area(TextChoices):
    IN_AREA = "IN_AREA", "In area"
    OUT_OF_AREA = "OUT_OF_AREA", "Out of area"


class AgeBand(TextChoices):
    CHILD = "CHILD", "Children and young people (under 18)"
    UNDER_14 = "UNDER_14", "Under 14"
    TRANSITION = "TRANSITION", "Transition (14 to 17)"
    ADULT = "ADULT", "Adults (18 and over)"
    YOUNG_ADULT = "YOUNG_ADULT", "18 to 25"
    OLDER_ADULT = "OLDER_ADULT", "65 and over"


RAG_CHOICES = [*Rag.choices, (NOT_ON_DSR, "Not on the DSR")]
DELAY_CHOICES = [("yes", "Delayed discharge"), ("no", "Not delayed")]
# Each sort is a list of (column, descending); "-<key>" reverses every column. Empty values last.
SORTS: dict[str, list[tuple[str, bool]]] = {
    "name": [("family_name", False), ("given_name", False), ("pk", False)],
    "age": [("date_of_birth", True), ("pk", False)],
    "los": [("continuous_stay_start", True), ("family_name", False), ("pk", False)],
    "rag": [("rag_order", False), ("family_name", False), ("pk", False)],
    "coordinator": [("coordinator_name", False), ("family_name", False), ("pk", False)],
    "hospital": [("provider_name", False), ("family_name", False), ("pk", False)],
}
SORT_CHOICES = [
    (key, label)
    for name, label in [
        ("name", "Name"),
        ("age", "Age"),
        ("los", "Length of stay"),
        ("rag", "DSR rating"),
        ("coordinator", "Care coordinator"),
        ("hospital", "Hospital"),
    ]
    for key in (name, f"-{name}")
]
RAG_ORDER = Case(
    *(
        When(current_rag=rag, then=Value(i))
        for i, rag in enumerate([Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE])
    ),
    default=Value(4),
    output_field=IntegerField(),
)


def conditions(today: date, coordinator_ids: list[int] | None = None) -> dict[str, dict[str, Q]]:
    """For each filter, the condition each of its options stands for (on register columns)."""
    under_18 = Q(date_of_birth__gt=add_years(today, -ADULT_AGE))
    from_14 = Q(date_of_birth__lte=add_years(today, -TRANSITION_FROM_AGE))
    return {
        "status": {
            Status.INPATIENT: Q(spell_id__isnull=False),
            Status.COMMUNITY: Q(spell_id__isnull=True),
        },
        "rag": {rag: Q(current_rag=rag) for rag in Rag.values}
        | {NOT_ON_DSR: Q(current_rag__isnull=True)},
        "bed_type": {bed: Q(bed_type=bed) for bed in BedType.values},
        "commissioner_type": {kind: Q(commissioner_type=kind) for kind in CommissionerType.values},
        "area": {Area.IN_AREA: Q(is_in_area=True), Area.OUT_OF_AREA: Q(is_in_area=False)},
        "age_band": {
            AgeBand.CHILD: under_18,
            AgeBand.UNDER_14: ~from_14,
            AgeBand.TRANSITION: under_18 & from_14,
            AgeBand.ADULT: ~under_18,
            AgeBand.YOUNG_ADULT: ~under_18 & Q(date_of_birth__gt=add_years(today, -26)),
            AgeBand.OLDER_ADULT: Q(date_of_birth__lte=add_years(today, -65)),
        },
        "coordinator": {str(pk): Q(coordinator_user_id=pk) for pk in coordinator_ids or []}
        | {NO_COORDINATOR: Q(coordinator_assignment_id__isnull=True)},
        "delayed": {
            "yes": Q(clinically_ready_date__lte=today),
            "no": Q(clinically_ready_date__isnull=True) | Q(clinically_ready_date__gt=today),
        },
    }


def search_condition(term: str) -> Q:
    """An NHS number (spaces allowed) matches exactly; otherwise every word must start or appear
    in a given, family or preferred name, or the term is a local identifier."""
    term = (term or "").strip()
    if not term:
        return Q()
    if looks_like_nhs_number(term):
        return Q(nhs_number=normalise_nhs_number(term))
    condition = Q()
    for word in term.split():
        condition &= (
            Q(given_name__icontains=word)
            | Q(family_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    return condition | Q(local_identifier__iexact=term)


class RegisterFilter(django_filters.FilterSet):
    """Filters on a queryset that already has the register columns (selectors.register_queryset)."""

    search = django_filters.CharFilter(label="Name or NHS number", method="filter_search")
    status = django_filters.ChoiceFilter(
        label="Where", choices=Status.choices, method="filter_option", empty_label="Any"
    )
    rag = django_filters.ChoiceFilter(
        label="DSR rating", choices=RAG_CHOICES, method="filter_option", empty_label="Any"
    )
    bed_type = django_filters.ChoiceFilter(
        label="Bed type", choices=BedType.choices, method="filter_option", empty_label="Any"
    )
    commissioner_type = django_filters.ChoiceFilter(
        label="Commissioner",
        choices=CommissionerType.choices,
        method="filter_option",
        empty_label="Any",
    )
    area = django_filters.ChoiceFilter(
        label="Area", choices=Area.choices, method="filter_option", empty_label="Any"
    )
    age_band = django_filters.ChoiceFilter(
        label="Age", choices=AgeBand.choices, method="filter_option", empty_label="Any"
    )
    coordinator = django_filters.ChoiceFilter(
        label="Care coordinator", choices=[], method="filter_option", empty_label="Any"
    )
    delayed = django_filters.ChoiceFilter(
        label="Delayed discharge", choices=DELAY_CHOICES, method="filter_option", empty_label="Any"
    )
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORT_CHOICES, method="filter_sort")

    FACETS = (
        "status",
        "rag",
        "bed_type",
        "commissioner_type",
        "area",
        "age_band",
        "coordinator",
        "delayed",
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet[Person] | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
        today: date | None = None,
        coordinators: list[tuple[int, str]] | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.today = today or timezone.localdate()
        coordinators = coordinators or []
        self.filters["coordinator"].extra["choices"] = [
            *((str(pk), name) for pk, name in coordinators),
            (NO_COORDINATOR, "No coordinator"),
        ]
        self.conditions = conditions(self.today, [pk for pk, _ in coordinators])

    def filter_search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(search_condition(value))

    def filter_option(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(self.conditions[name][value])

    def filter_sort(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset  # applied last, in `qs`, so that every list has a stable order

    @property
    def qs(self) -> QuerySet[Person]:
        queryset = super().qs
        return queryset.annotate(rag_order=RAG_ORDER).order_by(*self.ordering())

    def ordering(self) -> list[OrderBy]:
        chosen = (
            self.form.cleaned_data.get("sort") if self.is_bound and self.form.is_valid() else ""
        )
        chosen = chosen or "name"
        flip = chosen.startswith("-")
        return [
            OrderBy(F(column), descending=descending != flip, nulls_last=True)
            for column, descending in SORTS[chosen.lstrip("-")]
        ]

    def selected(self) -> dict[str, str]:
        """The facet options chosen, after validation."""
        if not self.form.is_valid():
            return {}
        return {name: value for name in self.FACETS if (value := self.form.cleaned_data.get(name))}


# --- the API's lists of spells, ward stays and ratings ---------------------------------------


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**63 - 1})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number (a NumberFilter would accept 1.5 and quietly use 1)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment, held as UTC. PostgreSQL refuses odd offsets such as +20:47, and a
    year near 1 or 9999 overflows when shifted, so both are answered as invalid input."""

    default_error_messages = {"out_of_range": "Enter a moment between the years 1900 and 2100"}

    def to_python(self, value: object) -> datetime | None:
        moment = super().to_python(value)
        if moment is None:
            return None
        if not 1900 <= moment.year <= 2100:
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        return moment.astimezone(UTC)


class MomentFilter(filters.IsoDateTimeFilter):
    field_class = MomentField


class HospitalSpellFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    is_open = filters.BooleanFilter(
        field_name="discharge_date", lookup_expr="isnull", label="Still open (not discharged)"
    )
    admitted_from = filters.DateFilter(field_name="admission_date", lookup_expr="gte")
    admitted_to = filters.DateFilter(field_name="admission_date", lookup_expr="lte")
    discharged_from = filters.DateFilter(field_name="discharge_date", lookup_expr="gte")
    discharged_to = filters.DateFilter(field_name="discharge_date", lookup_expr="lte")
    provider = IdFilter(field_name="provider_id", label="Provider (organisation id)")
    commissioner_type = filters.ChoiceFilter(choices=CommissionerType.choices)
    admission_kind = filters.ChoiceFilter(choices=AdmissionKind.choices)
    updated_since = MomentFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = HospitalSpell
        fields: list[str] = []


class WardStayFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    spell = IdFilter(field_name="spell_id", label="Hospital spell id")
    ward = IdFilter(field_name="ward_id", label="Ward id")
    is_open = filters.BooleanFilter(
        field_name="end_date", lookup_expr="isnull", label="Current (no end date)"
    )

    class Meta:
        model = WardStay
        fields: list[str] = []


class RiskRatingFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    rag = filters.ChoiceFilter(choices=Rag.choices)
    effective_from = filters.DateFilter(field_name="effective_date", lookup_expr="gte")
    effective_to = filters.DateFilter(field_name="effective_date", lookup_expr="lte")
    is_automatic = filters.BooleanFilter()

    class Meta:
        model = RiskRating
        fields: list[str] = []
