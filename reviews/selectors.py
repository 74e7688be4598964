"""Reads that combine more than one QuerySet call. They take the user (for scoping) and today."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Membership, Role, User
from register.models import HospitalSpell, Person

from .models import Action, ActionStatusChange, CareReview, OversightVisit, ScheduledItem
from .presenters import (
    ActionRow,
    ItemRow,
    action_row,
    item_row,
    long_date,
    rule_labels,
    short_date,
)

WINDOW_DAYS = {"14": 14, "56": 56}


# Unscoped starting points for get_visible_or_404, which applies visible_to: the joins pages need.
def reviews_with_person() -> QuerySet[CareReview]:
    return CareReview.objects.select_related("person", "spell")


def actions_with_status() -> QuerySet[Action]:
    return Action.objects.with_current_status().select_related(
        "person", "owner_user", "owner_organisation"
    )


def spells_with_person() -> QuerySet[HospitalSpell]:
    return HospitalSpell.objects.select_related("person")


CALENDAR_WEEKS = 8


def worklist_items(
    *,
    user: User,
    today: date,
    rule: str = "",
    window: str = "",
    coordinator: str = "",
    setting: str = "",
    person: int | None = None,
) -> QuerySet[ScheduledItem]:
    """Outstanding stored items the user may see, filtered: the "Due and overdue" worklist."""
    items = ScheduledItem.objects.visible_to(user).outstanding()
    if window == "overdue":
        items = items.overdue(today)
    elif window in WINDOW_DAYS:
        items = items.due_by(today + timedelta(days=WINDOW_DAYS[window]))
    items = _filtered(items, user, rule=rule, coordinator=coordinator, setting=setting)
    if person:
        items = items.filter(person_id=person)
    return (
        items.with_current_ward()
        .with_coordinator()
        .select_related("person")
        .order_by("due_date", "person_id", "rule_id", "pk")
    )


# DOMAIN.md 4: a review declined after being offered by its due date counts as compliant but is
# reported separately; the worklist lists the recent ones under the outstanding items.
DECLINED_REPORT_DAYS = 90
DECLINED_REPORT_ROWS = 50


def recently_declined_items(
    *, user: User, today: date, rule: str = "", coordinator: str = "", setting: str = "", **_: Any
) -> list[ScheduledItem]:
    """Items closed by a declined review in the last DECLINED_REPORT_DAYS, latest first."""
    items = ScheduledItem.objects.visible_to(user).filter(
        is_declined=True, satisfied_on__gte=today - timedelta(days=DECLINED_REPORT_DAYS)
    )
    items = _filtered(items, user, rule=rule, coordinator=coordinator, setting=setting)
    return list(
        items.with_current_ward()
        .with_coordinator()
        .select_related("person")
        .order_by("-satisfied_on", "person_id", "pk")[:DECLINED_REPORT_ROWS]
    )


def _filtered(
    items: QuerySet[ScheduledItem], user: User, *, rule: str, coordinator: str, setting: str
) -> QuerySet[ScheduledItem]:
    if rule:
        items = items.filter(rule_id=rule)
    if coordinator == "me":
        items = items.for_coordinator(user)
    elif coordinator.isdigit():
        items = items.filter(
            person__coordinator_assignments__end_date__isnull=True,
            person__coordinator_assignments__user_id=int(coordinator),
        )
    if setting:
        items = items.in_setting(setting)
    return items


def item_rows(items: Iterable[ScheduledItem], *, today: date, due_soon_days: int) -> list[ItemRow]:
    return [item_row(item, today=today, due_soon_days=due_soon_days) for item in items]


def rule_choices() -> list[tuple[str, str]]:
    return list(rule_labels().items())


def coordinator_choices(user: User) -> list[tuple[str, str]]:
    """Care coordinators of the user's partnership, for the worklist filter."""
    membership = user.active_membership
    if membership is None:
        return []
    members = (
        Membership.objects.filter(
            partnership_id=membership.partnership_id, role=Role.CARE_COORDINATOR
        )
        .select_related("user")
        .order_by("user__full_name")
    )
    return [(str(m.user_id), m.user.full_name) for m in members]


@dataclass
class Week:
    starts_on: date
    heading: str
    rows: list[ItemRow] = field(default_factory=list)


def calendar_weeks(
    *, user: User, today: date, due_soon_days: int
) -> tuple[list[ItemRow], list[Week]]:
    """The coming 8 weeks, Monday to Sunday, with what is already overdue listed first."""
    monday = today - timedelta(days=today.weekday())
    end = monday + timedelta(weeks=CALENDAR_WEEKS) - timedelta(days=1)
    items = worklist_items(user=user, today=today).filter(due_date__lte=end)
    overdue: list[ItemRow] = []
    weeks = [
        Week(
            starts_on=monday + timedelta(weeks=n),
            heading=f"Week beginning {long_date(monday + timedelta(weeks=n))}",
        )
        for n in range(CALENDAR_WEEKS)
    ]
    for item in items:
        row = item_row(item, today=today, due_soon_days=due_soon_days)
        if item.due_date < today:
            overdue.append(row)
        else:
            weeks[(item.due_date - monday).days // 7].rows.append(row)
    return overdue, weeks


def my_actions(*, user: User, include_closed: bool) -> QuerySet[Action]:
    actions = Action.objects.visible_to(user).owned_by(user)
    actions = actions.with_current_status() if include_closed else actions.outstanding()
    return actions.select_related("person", "owner_user", "owner_organisation").order_by(
        "due_date", "pk"
    )


def action_rows(actions: Iterable[Action], *, today: date) -> list[ActionRow]:
    return [action_row(action, today=today) for action in actions]


def review_with_details(review: CareReview) -> tuple[list[Any], list[dict[str, Any]]]:
    """The panel and the actions (with their status history) of one review: three queries."""
    panel = list(review.panel.order_by("role", "pk"))
    actions = list(
        Action.objects.filter(review=review)
        .with_current_status()
        .select_related("person", "owner_user", "owner_organisation")
        .prefetch_related(
            Prefetch(
                "status_changes",
                queryset=ActionStatusChange.objects.select_related("changed_by").order_by(
                    "changed_at", "pk"
                ),
            )
        )
        .order_by("due_date", "pk")
    )
    return panel, [
        {
            "action": action,
            "history": [history_entry(change) for change in action.status_changes.all()],
        }
        for action in actions
    ]


def history_entry(change: ActionStatusChange) -> dict[str, str]:
    return {
        "when": f"{timezone.localtime(change.changed_at):%d %b %Y %H:%M}",
        "status": change.get_status_display(),
        "by": change.changed_by.full_name,
        "reason": change.reason,
    }


@dataclass(frozen=True)
class PersonReviewsSection:
    """What templates/reviews/_person_reviews.jinja shows on the person's page."""

    person_id: int
    can_record: bool
    can_record_visit: bool
    reviews: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    actions: list[ActionRow]
    due: list[ItemRow]
    open_spell_id: int | None


def person_reviews_section(
    *, person: Person, user: User, today: date, due_soon_days: int
) -> PersonReviewsSection:
    """Reviews, visits, actions and what is due for one person (a constant number of queries).
    The caller has already fetched `person` through the user's scoping."""
    reviews = [
        {
            "pk": review.pk,
            "type": review.get_review_type_display(),
            "status": review.get_status_display(),
            "date": short_date(review.review_date),
            "outcome": review.get_outcome_display(),
        }
        for review in CareReview.objects.visible_to(user)
        .filter(person=person)
        .order_by("-held_date", "-offered_date", "-pk")
    ]
    visits = [
        {
            "date": short_date(visit.visit_date),
            "visitor": visit.visitor.full_name,
            "concerns": "Yes" if visit.has_concerns else "No",
        }
        for visit in OversightVisit.objects.visible_to(user)
        .filter(person=person)
        .select_related("visitor")
        .order_by("-visit_date", "-pk")
    ]
    actions = action_rows(
        Action.objects.visible_to(user)
        .filter(person=person)
        .with_current_status()
        .select_related("person", "owner_user", "owner_organisation")
        .order_by("due_date", "pk"),
        today=today,
    )
    due = item_rows(
        worklist_items(user=user, today=today, person=person.pk),
        today=today,
        due_soon_days=due_soon_days,
    )
    open_spell = (
        person.spells.filter(discharge_date__isnull=True).values_list("pk", flat=True).first()
    )
    return PersonReviewsSection(
        person_id=person.pk,
        can_record=user.active_role in {Role.COMMISSIONER, Role.CARE_COORDINATOR},
        can_record_visit=user.active_role == Role.COMMISSIONER,
        reviews=reviews,
        visits=visits,
        actions=actions,
        due=due,
        open_spell_id=open_spell,
    )
