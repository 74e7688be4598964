"""Display logic for the reviews pages and the digest: labels, tags and dates. Templates print
what these give them and never query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from register.models import SECURE_LEVELS, BedType, Person

from .models import (
    CLOSED_ACTION_STATUSES,
    KEY_QUESTIONS,
    Action,
    ActionStatus,
    CareReview,
    ScheduledItem,
    ScheduledItemStatus,
)
from .policy import RULES

KIND_LABELS = {
    "COMMUNITY_REVIEW": "Community C(E)TR",
    "URGENT_REVIEW": "Urgent community review",
    "POST_ADMISSION_REVIEW": "Post-admission C(E)TR",
    "REPEAT_REVIEW": "Repeat inpatient C(E)TR",
    "OVERSIGHT_VISIT": "Commissioner oversight visit",
    "REVIEW_REPORT": "C(E)TR report issued",
    "ACTION": "Recommendation action",
    "COORDINATOR_CONTACT": "Care coordinator face-to-face contact",
    "CARE_PLAN_REVIEW": "Care plan review",
    "DSR_REVIEW": "DSR review",
    "TRANSITION_PLAN": "Transition planning",
}

# Which review type the "Record" link of a due item starts with.
REVIEW_TYPE_FOR_KIND = {
    "COMMUNITY_REVIEW": "COMMUNITY",
    "URGENT_REVIEW": "URGENT_COMMUNITY",
    "POST_ADMISSION_REVIEW": "POST_ADMISSION",
    "REPEAT_REVIEW": "INPATIENT_REPEAT",
}


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else ""


def initials(person: Person) -> str:
    """What the digest shows of a person besides the record number (ADR 0002)."""
    return "".join(
        f"{part[:1].upper()}." for part in (person.given_name, person.family_name) if part
    )


@cache
def rule_labels() -> dict[str, str]:
    """One label per rule id, from the rule table: its own words when the id has one row, the
    kind of item when it has several (R1, R14)."""
    rows: dict[str, list[Any]] = {}
    for rule in RULES:
        rows.setdefault(str(rule.id), []).append(rule)
    labels = {}
    for rule_id, rules in rows.items():
        words = rules[0].what if len(rules) == 1 else kind_label(str(rules[0].kind))
        labels[rule_id] = f"{rule_id}: {words}"
    return labels


def rule_label(rule_id: str) -> str:
    return rule_labels().get(rule_id, rule_id)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def due_tag_text(due_date: date, *, today: date) -> str:
    if due_date < today:
        return f"overdue by {_days((today - due_date).days)}"
    if due_date == today:
        return "due today"
    return f"due in {_days((due_date - today).days)}"


def due_tag(due_date: date, *, today: date, due_soon_days: int) -> dict[str, str]:
    """Overdue (red) if today is after the due date; due soon (orange) within DUE_SOON_DAYS."""
    text = due_tag_text(due_date, today=today)
    if due_date < today:
        return {"text": text.capitalize(), "classes": "nhsuk-tag--red"}
    if (due_date - today).days <= due_soon_days:
        return {"text": f"Due soon: {text}", "classes": "nhsuk-tag--orange"}
    return {"text": text.capitalize(), "classes": "nhsuk-tag--grey"}


def setting_text(item: ScheduledItem) -> str:
    """Where the person is today (annotated by ScheduledItemQuerySet.with_current_ward)."""
    ward = getattr(item, "current_ward_name", None)
    if not ward:
        return "Community"
    bed_type = getattr(item, "current_bed_type", None)
    secure = " (secure)" if getattr(item, "current_security_level", None) in SECURE_LEVELS else ""
    label = BedType(bed_type).label if bed_type in BedType.values else ""
    return f"{ward}, {label}{secure}" if label else f"{ward}{secure}"


@dataclass(frozen=True)
class ItemRow:
    pk: int
    person_id: int
    person_name: str
    rule: str
    kind: str
    anchor_date: str
    due_date: date
    due_date_text: str
    tag: dict[str, str]
    setting: str
    coordinator: str
    record_url: tuple[str, dict[str, Any]] | None


def item_row(item: ScheduledItem, *, today: date, due_soon_days: int) -> ItemRow:
    """One row of the worklist or calendar (the queryset carries ward and coordinator)."""
    review_type = REVIEW_TYPE_FOR_KIND.get(item.kind)
    record: tuple[str, dict[str, Any]] | None = None
    if review_type:
        record = ("reviews:review_record", {"person_id": item.person_id, "type": review_type})
    elif item.kind == "OVERSIGHT_VISIT" and item.spell_id:
        record = ("reviews:visit_record", {"spell_id": item.spell_id})
    coordinator = getattr(item, "coordinator_name", None) or getattr(
        item, "coordinator_external_name", None
    )
    if item.status == ScheduledItemStatus.DUE:
        tag = due_tag(item.due_date, today=today, due_soon_days=due_soon_days)
    elif item.is_declined:
        tag = {"text": "Declined", "classes": "nhsuk-tag--grey"}
    else:
        tag = {"text": item.get_status_display(), "classes": "nhsuk-tag--green"}
    return ItemRow(
        pk=item.pk,
        person_id=item.person_id,
        person_name=item.person.display_name,
        rule=rule_label(item.rule_id),
        kind=kind_label(item.kind),
        anchor_date=short_date(item.anchor_date),
        due_date=item.due_date,
        due_date_text=short_date(item.due_date),
        tag=tag,
        setting=setting_text(item),
        coordinator=coordinator or "None assigned",
        record_url=record,
    )


ACTION_STATUS_CLASSES = {
    ActionStatus.OPEN: "nhsuk-tag--blue",
    ActionStatus.IN_PROGRESS: "nhsuk-tag--aqua-green",
    ActionStatus.DONE: "nhsuk-tag--green",
    ActionStatus.NOT_DONE_ESCALATED: "nhsuk-tag--purple",
    ActionStatus.CANCELLED: "nhsuk-tag--grey",
}


@dataclass(frozen=True)
class ActionRow:
    pk: int
    review_id: int
    person_id: int
    person_name: str
    recommendation: str
    owner: str
    due_date_text: str
    status_tag: dict[str, str]
    overdue_tag: dict[str, str] | None
    is_overdue: bool


def action_row(action: Action, *, today: date) -> ActionRow:
    """Needs `current_status` (ActionQuerySet.with_current_status) and owner rows joined."""
    status = ActionStatus(action.current_status)  # type: ignore[attr-defined]
    is_overdue = status not in CLOSED_ACTION_STATUSES and today > action.due_date
    owners = [
        name
        for name in (
            action.owner_user.full_name if action.owner_user_id else "",
            action.owner_organisation.name if action.owner_organisation_id else "",
        )
        if name
    ]
    return ActionRow(
        pk=action.pk,
        review_id=action.review_id,
        person_id=action.person_id,
        person_name=action.person.display_name,
        recommendation=action.recommendation,
        owner=", ".join(owners),
        due_date_text=short_date(action.due_date),
        status_tag={"text": status.label, "classes": ACTION_STATUS_CLASSES[status]},
        overdue_tag=(
            {
                "text": due_tag_text(action.due_date, today=today).capitalize(),
                "classes": "nhsuk-tag--red",
            }
            if is_overdue
            else None
        ),
        is_overdue=is_overdue,
    )


def yes_no(value: bool | None) -> str:
    return "Not recorded" if value is None else ("Yes" if value else "No")


def review_summary_rows(review: CareReview) -> list[dict[str, Any]]:
    """The summary list of a review's detail page."""
    rows = [
        (
            "Type",
            review.get_review_type_display() + (" (CETR, under 18)" if review.is_cetr else ""),
        ),
        ("Status", review.get_status_display()),
    ]
    if review.status_reason:
        rows.append(("Reason", review.status_reason))
    if review.requested_at:
        rows.append(("Requested", f"{review.requested_at:%d %b %Y %H:%M}"))
    rows += [
        ("Date offered", short_date(review.offered_date) or "Not recorded"),
        ("Date held", short_date(review.held_date) or "Not held"),
        ("Report issued", short_date(review.report_issued_date) or "Not yet"),
        ("Setting", review.get_setting_display() or "Not recorded"),
        ("Who attended", attendance_text(review)),
    ]
    if review.outcome:
        rows.append(("Outcome", review.get_outcome_display()))
    if not review.is_community and review.status == "HELD":
        rows += [(question, yes_no(getattr(review, field))) for field, question in KEY_QUESTIONS]
    rows.append(("In the right place", yes_no(review.is_in_right_place)))
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]


def attendance_text(review: CareReview) -> str:
    who = [
        label
        for flag, label in (
            (review.person_attended, "the person"),
            (review.family_or_carer_attended, "family or carer"),
            (review.advocate_attended, "advocate"),
        )
        if flag
    ]
    return ", ".join(who).capitalize() if who else "Not recorded"


WORKLIST_EXPORT_HEADER = (
    "Person record number",
    "NHS number",
    "Name",
    "Item",
    "Rule",
    "From",
    "Due date",
    "Status",
    "Setting",
    "Care coordinator",
)


def worklist_export_row(item: ScheduledItem, *, today: date) -> list[Any]:
    """One worklist item for the CSV and XLSX exports: dates as dates, words as on the page."""
    status = (
        due_tag_text(item.due_date, today=today)
        if item.status == ScheduledItemStatus.DUE
        else item.get_status_display()
    )
    coordinator = getattr(item, "coordinator_name", None) or getattr(
        item, "coordinator_external_name", None
    )
    return [
        item.person_id,
        item.person.nhs_number or "",
        item.person.display_name,
        kind_label(item.kind),
        rule_label(item.rule_id),
        item.anchor_date,
        item.due_date,
        status,
        setting_text(item),
        coordinator or "None assigned",
    ]
