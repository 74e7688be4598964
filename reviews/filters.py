"""django-filter FilterSets for reviews, actions and the stored schedule (used by the API; the
pages' worklist and calendar keep their own forms). No filter takes a patient identifier."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from register.filters import IdFilter

from .models import (
    Action,
    ActionStatus,
    CareReview,
    ReviewOutcome,
    ReviewStatus,
    ReviewType,
    ScheduledItem,
    ScheduledItemStatus,
)


class CareReviewFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    spell = IdFilter(field_name="spell_id", label="Hospital spell id")
    status = filters.ChoiceFilter(choices=ReviewStatus.choices)
    review_type = filters.ChoiceFilter(choices=ReviewType.choices)
    outcome = filters.ChoiceFilter(choices=ReviewOutcome.choices)
    held_from = filters.DateFilter(field_name="held_date", lookup_expr="gte")
    held_to = filters.DateFilter(field_name="held_date", lookup_expr="lte")

    class Meta:
        model = CareReview
        fields: list[str] = []


class ActionFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    review = IdFilter(field_name="review_id", label="Review id")
    owner_user = IdFilter(field_name="owner_user_id", label="Owner (user id)")
    status = filters.ChoiceFilter(
        choices=ActionStatus.choices, field_name="current_status", label="Current status"
    )
    is_overdue = filters.BooleanFilter(
        method="filter_overdue", label="Overdue: not done or cancelled, and past its due date"
    )
    due_from = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Action
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[Action], name: str, value: bool) -> QuerySet:
        overdue = queryset.overdue(timezone.localdate())  # type: ignore[attr-defined]
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))


class ScheduledItemFilter(filters.FilterSet):
    person = IdFilter(field_name="person_id", label="Person id")
    status = filters.ChoiceFilter(choices=ScheduledItemStatus.choices)
    rule_id = filters.CharFilter(label="Policy rule, such as R3")
    due_from = filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = filters.DateFilter(field_name="due_date", lookup_expr="lte")
    is_overdue = filters.BooleanFilter(method="filter_overdue", label="Due, and past its date")

    class Meta:
        model = ScheduledItem
        fields: list[str] = []

    def filter_overdue(self, queryset: QuerySet[ScheduledItem], name: str, value: bool) -> QuerySet:
        today: date = timezone.localdate()
        overdue = queryset.overdue(today)  # type: ignore[attr-defined]
        return overdue if value else queryset.exclude(pk__in=overdue.values("pk"))
