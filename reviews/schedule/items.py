"""The engine's output (`DueItem`) and the two pieces every rule shares: an item's status on a day,
and a chain of items where each qualifying event closes one item and anchors the next."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from ..policy import ItemKind, PolicySettings, Rule, RuleId


class ItemStatus(StrEnum):
    DUE = "DUE"
    DUE_SOON = "DUE_SOON"
    OVERDUE = "OVERDUE"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


class RefKind(StrEnum):
    REVIEW = "REVIEW"
    VISIT = "VISIT"
    CONTACT = "CONTACT"
    CARE_PLAN_REVIEW = "CARE_PLAN_REVIEW"
    RATING = "RATING"
    ACTION = "ACTION"
    PERSON = "PERSON"


class Ref(NamedTuple):
    """A record the adapter can find again: which kind of record, and its id."""

    kind: RefKind
    id: int


@dataclass(frozen=True)
class Closure:
    """How an item ended: satisfied by a record (`satisfied_by`) or cancelled (`reason`)."""

    on: date
    satisfied_by: Ref | None = None
    is_declined: bool = False
    reason: str = ""

    @classmethod
    def cancelled(cls, on: date, reason: str) -> Closure:
        return cls(on=on, reason=reason)


@dataclass(frozen=True)
class DueItem:
    """One review, visit or task due under one rule, as it stands on `today`.

    `days_overdue` is today minus the due date for an OVERDUE item, and the days it was completed
    late for a COMPLETED one (0 when on time, cancelled or not yet due). A DECLINED review offered
    by the due date completes an item on time with `is_declined` set: compliant, reported apart.
    """

    rule_id: RuleId
    kind: ItemKind
    person_id: int
    anchor_date: date
    due_date: date
    status: ItemStatus
    days_overdue: int = 0
    stay_spell_id: int | None = None  # first spell of the continuous stay: names the stay
    spell_id: int | None = None  # the spell the item belongs to on the day it was judged
    source: Ref | None = None  # the record the item is about (urgent review, held review, action)
    satisfied_on: date | None = None
    satisfied_by: Ref | None = None
    is_declined: bool = False
    cancelled_on: date | None = None
    reason: str = ""

    @property
    def is_on_time(self) -> bool:
        return self.satisfied_on is not None and self.satisfied_on <= self.due_date

    @property
    def is_open(self) -> bool:
        return self.status in {ItemStatus.DUE, ItemStatus.DUE_SOON, ItemStatus.OVERDUE}

    @property
    def key(self) -> tuple[object, ...]:
        """Stable identity for storing the item: a change of rule within a kind (18th birthday,
        ward move) keeps the key, so the stored row is updated rather than replaced. An item about
        a record (urgent review, held review, action, rating) is named by that record; an item of
        a chain by the date it counts from."""
        if self.source is not None:
            return (self.kind, self.person_id, self.stay_spell_id, self.source)
        return (self.kind, self.person_id, self.stay_spell_id, self.anchor_date)


def make_item(
    *,
    rule: Rule,
    person_id: int,
    anchor_date: date,
    due: date,
    closure: Closure | None,
    today: date,
    settings: PolicySettings,
    stay_spell_id: int | None = None,
    spell_id: int | None = None,
    source: Ref | None = None,
) -> DueItem:
    """Judge an item on `today` (DOMAIN.md 4): satisfied on or before the due date is on time;
    overdue when today is after the due date; due soon from DUE_SOON_DAYS before it."""
    if closure is not None and closure.on > today:
        closure = None  # a record dated after `today` has not happened yet on `today`
    status, days_overdue = _status(due=due, closure=closure, today=today, settings=settings)
    satisfied = closure if closure is not None and closure.satisfied_by is not None else None
    cancelled = closure if closure is not None and closure.satisfied_by is None else None
    return DueItem(
        rule_id=rule.id,
        kind=rule.kind,
        person_id=person_id,
        anchor_date=anchor_date,
        due_date=due,
        status=status,
        days_overdue=days_overdue,
        stay_spell_id=stay_spell_id,
        spell_id=spell_id,
        source=source,
        satisfied_on=satisfied.on if satisfied else None,
        satisfied_by=satisfied.satisfied_by if satisfied else None,
        is_declined=satisfied.is_declined if satisfied else False,
        cancelled_on=cancelled.on if cancelled else None,
        reason=cancelled.reason if cancelled else "",
    )


def _status(
    *, due: date, closure: Closure | None, today: date, settings: PolicySettings
) -> tuple[ItemStatus, int]:
    if closure is not None and closure.satisfied_by is not None:
        return ItemStatus.COMPLETED, max(0, (closure.on - due).days)
    if closure is not None:
        return ItemStatus.CANCELLED, 0
    if today > due:
        return ItemStatus.OVERDUE, (today - due).days
    if (due - today).days <= settings.DUE_SOON_DAYS:
        return ItemStatus.DUE_SOON, 0
    return ItemStatus.DUE, 0


# build(position, anchor, closure, judged_on) -> the item, or None when no rule applies that day.
ChainBuilder = Callable[[int, date, Closure | None, date], DueItem | None]


def chain(
    *,
    first_anchor: date,
    events: Iterable[Closure],
    end: Closure | None,
    today: date,
    build: ChainBuilder,
    count_anchor_day: bool = True,
) -> list[DueItem]:
    """Items one after another: the first counts from `first_anchor`; each qualifying event closes
    the running item and anchors the next (two events on one day count once, held before
    declined); the last item stays open, or is cancelled by `end` (discharge, death, ...).

    Each item is judged on the day it closed, or on `today` while open, so the rule that applies
    (age, security level) is the one in force that day: when it changes, the due date is
    recomputed from the same anchor with the new interval.
    """
    limit = today if end is None or end.on > today else end.on
    items: list[DueItem] = []
    anchor, position, last_day = first_anchor, 0, None
    for event in sorted(events, key=lambda event: (event.on, event.is_declined)):
        too_early = event.on < first_anchor or (event.on == first_anchor and not count_anchor_day)
        if too_early or event.on > limit or event.on == last_day:
            continue
        item = build(position, anchor, event, event.on)
        if item is not None:
            items.append(item)
        anchor, position, last_day = event.on, position + 1, event.on
    if end is not None and end.on <= today:
        if end.on > anchor:  # nothing is due that would end the day it starts
            item = build(position, anchor, end, end.on)
            if item is not None:
                items.append(item)
        return items
    item = build(position, anchor, None, today)
    if item is not None:
        items.append(item)
    return items
