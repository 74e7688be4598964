"""The adapter between the database and the pure schedule engine, and the stored schedule.

`schedule_facts` reads one person's rows into the engine's dataclasses; `recompute_schedule` runs
the engine and brings the person's ScheduledItem rows in line with its answer: new items are
inserted, changed ones updated in place, and items the engine no longer gives are cancelled.
Running it twice changes nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import Partnership
from register.models import (
    CarePlanReview,
    ContactMode,
    CoordinatorContact,
    DsrEntry,
    DsrStatus,
    HospitalSpell,
    Person,
    RiskRating,
    WardStay,
)

from .. import facts as f
from ..models import (
    Action,
    ActionStatusChange,
    CareReview,
    OversightVisit,
    ScheduledItem,
    ScheduledItemStatus,
)
from ..policy import RULES, PolicySettings
from ..schedule import DueItem, compute_schedule

NO_LONGER_DUE = "No longer due: the facts it was computed from have changed."


def policy_settings() -> PolicySettings:
    """The partnership's rule table: DOMAIN.md section 11's defaults, overridden by the
    REVIEW_POLICY setting (a mapping of the same names)."""
    return PolicySettings.from_table(getattr(settings, "REVIEW_POLICY", {}))


def _continuous_stay_ids(spells: list[HospitalSpell]) -> dict[int, int]:
    """Spell id -> id of the first spell of its continuous stay (transfers chain backwards)."""
    by_id = {spell.pk: spell for spell in spells}
    roots = {}
    for spell in spells:
        root = spell
        while root.transferred_from_id and root.transferred_from_id in by_id:
            root = by_id[root.transferred_from_id]
        roots[spell.pk] = root.pk
    return roots


def schedule_facts(person: Person) -> f.ScheduleFacts:
    """Everything the engine reads about one person, in a fixed number of queries."""
    return schedule_facts_for([person])[person.pk]


def _grouped(rows: Iterable[Any]) -> dict[int, list[Any]]:
    by_person: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        by_person[row.person_id].append(row)
    return by_person


def schedule_facts_for(people: Sequence[Person]) -> dict[int, f.ScheduleFacts]:
    """The engine's facts for many people at once (person id -> facts): one query per table
    whatever the number of people, e.g. for the AT return's V12 check of every inpatient."""
    ids = sorted({person.pk for person in people})
    spells = _grouped(HospitalSpell.objects.filter(person_id__in=ids).order_by("admission_date"))
    stays = _grouped(
        WardStay.objects.filter(person_id__in=ids).select_related("ward").order_by("start_date")
    )
    entries = _grouped(DsrEntry.objects.filter(person_id__in=ids).order_by("added_on", "pk"))
    ratings = _grouped(
        RiskRating.objects.filter(person_id__in=ids).order_by("effective_date", "pk")
    )
    reviews = _grouped(CareReview.objects.filter(person_id__in=ids))
    visits = _grouped(OversightVisit.objects.filter(person_id__in=ids))
    contacts = _grouped(CoordinatorContact.objects.filter(person_id__in=ids))
    care_plans = _grouped(CarePlanReview.objects.filter(person_id__in=ids))
    actions = _grouped(Action.objects.filter(person_id__in=ids))
    statuses = _latest_action_statuses(ids)
    return {
        person.pk: _facts(
            person,
            spells=spells[person.pk],
            stays=stays[person.pk],
            entries=entries[person.pk],
            ratings=ratings[person.pk],
            reviews=reviews[person.pk],
            visits=visits[person.pk],
            contacts=contacts[person.pk],
            care_plans=care_plans[person.pk],
            actions=actions[person.pk],
            statuses=statuses,
        )
        for person in {person.pk: person for person in people}.values()
    }


def _facts(
    person: Person,
    *,
    spells: list[HospitalSpell],
    stays: list[WardStay],
    entries: list[DsrEntry],
    ratings: list[RiskRating],
    reviews: list[CareReview],
    visits: list[OversightVisit],
    contacts: list[CoordinatorContact],
    care_plans: list[CarePlanReview],
    actions: list[Action],
    statuses: dict[int, tuple[str, date]],
) -> f.ScheduleFacts:
    """One person's rows (each list in the order the engine's adapter has always read them) as
    the engine's dataclasses."""
    stays_by_spell: dict[int, list[f.WardStayFacts]] = {}
    for stay in stays:
        stays_by_spell.setdefault(stay.spell_id, []).append(
            f.WardStayFacts(
                start_date=stay.start_date,
                end_date=stay.end_date,
                security_level=f.SecurityLevel(stay.ward.security_level),
                bed_type=f.BedType(stay.ward.bed_type),
            )
        )
    roots = _continuous_stay_ids(spells)
    spell_facts = tuple(
        f.SpellFacts(
            id=spell.pk,
            admission_date=spell.admission_date,
            discharge_date=spell.discharge_date,
            continuous_stay_id=roots[spell.pk],
            ward_stays=tuple(stays_by_spell.get(spell.pk, ())),
            commissioner_type=f.CommissionerType(spell.commissioner_type)
            if spell.commissioner_type
            else None,
        )
        for spell in spells
    )
    entry = entries[-1] if entries else None  # the latest entry is the one the engine reads
    dsr = (
        f.DsrFacts(
            added_date=entry.added_on,
            closed_date=entry.closed_on if entry.status == DsrStatus.CLOSED else None,
            planned_admission_date=entry.planned_admission_date,
        )
        if entry
        else None
    )
    return f.ScheduleFacts(
        person=f.PersonFacts(
            id=person.pk,
            date_of_birth=person.date_of_birth,
            date_of_death=person.date_of_death,
            registered_on=_registered_on(person, spells, entries),
            transition_plan_started_on=person.transition_plan_started_on,
        ),
        spells=spell_facts,
        dsr=dsr,
        ratings=tuple(
            f.RatingFacts(id=rating.pk, rag=f.Rag(rating.rag), effective_date=rating.effective_date)
            for rating in ratings
        ),
        reviews=tuple(
            f.ReviewFacts(
                id=review.pk,
                type=f.ReviewType(review.review_type),
                status=f.ReviewStatus(review.status),
                spell_id=review.spell_id,
                offered_date=review.offered_date,
                held_date=review.held_date,
                report_issued_date=review.report_issued_date,
                requested_at=review.requested_at,
                cancelled_date=review.closed_on if review.status == "CANCELLED" else None,
            )
            for review in reviews
        ),
        visits=tuple(
            f.VisitFacts(id=visit.pk, visit_date=visit.visit_date, spell_id=visit.spell_id)
            for visit in visits
        ),
        contacts=tuple(
            f.ContactFacts(
                id=contact.pk,
                contact_date=contact.contact_date,
                is_face_to_face=contact.mode == ContactMode.FACE_TO_FACE,
            )
            for contact in contacts
        ),
        care_plan_reviews=tuple(
            f.CarePlanReviewFacts(id=plan.pk, reviewed_on=plan.reviewed_on) for plan in care_plans
        ),
        actions=tuple(
            f.ActionFacts(
                id=action.pk,
                review_id=action.review_id,
                created_on=timezone.localdate(action.created_at),
                due_date=action.due_date,
                status=f.ActionStatus(statuses[action.pk][0]),
                status_date=statuses[action.pk][1],
            )
            for action in actions
        ),
    )


def _registered_on(person: Person, spells: list[HospitalSpell], entries: list[DsrEntry]) -> date:
    """When the person came onto the register: the day the record was created, or earlier when
    the record brought its history with it (an admission or a DSR entry before that day)."""
    known = [timezone.localdate(person.created_at)]
    known += [spell.admission_date for spell in spells[:1]]
    known += [entry.added_on for entry in entries[:1]]
    return min(known)


def _latest_action_statuses(person_ids: list[int]) -> dict[int, tuple[str, date]]:
    latest: dict[int, tuple[str, date]] = {}
    changes = ActionStatusChange.objects.filter(person_id__in=person_ids)
    for change in changes.order_by("changed_at", "pk"):
        latest[change.action_id] = (change.status, timezone.localdate(change.changed_at))
    return latest


@dataclass(frozen=True)
class RecomputeResult:
    inserted: int
    updated: int
    cancelled: int
    unchanged: int


Key = tuple[str, int | None, str, int | None, date | None]


def _key(
    kind: str, stay_spell_id: int | None, source_kind: str, source_id: int | None, anchor: date
) -> Key:
    """The engine's DueItem.key: an item about a record is named by the record, any other by
    the date its chain counts from (ADR 0002)."""
    if source_id is not None:
        return (kind, stay_spell_id, source_kind, source_id, None)
    return (kind, stay_spell_id, "", None, anchor)


def _key_of_row(row: ScheduledItem) -> Key:
    return _key(row.kind, row.stay_spell_id, row.source_kind, row.source_id, row.anchor_date)


def _key_of_item(item: DueItem) -> Key:
    source = item.source
    return _key(
        str(item.kind),
        item.stay_spell_id,
        str(source.kind) if source else "",
        source.id if source else None,
        item.anchor_date,
    )


def _values(item: DueItem, *, edition: str) -> dict[str, Any]:
    """The stored fields of an engine item. Due, due soon and overdue are all stored as DUE:
    the worklist derives the last two from today."""
    status = {
        "COMPLETED": ScheduledItemStatus.COMPLETED,
        "CANCELLED": ScheduledItemStatus.CANCELLED,
    }.get(str(item.status), ScheduledItemStatus.DUE)
    satisfied = item.satisfied_by
    kind = str(satisfied.kind) if satisfied else ""
    return {
        "anchor_date": item.anchor_date,
        "rule_id": str(item.rule_id),
        "spell_id": item.spell_id,
        "due_date": item.due_date,
        "status": status,
        "satisfied_on": item.satisfied_on if status == ScheduledItemStatus.COMPLETED else None,
        "satisfied_by_kind": kind,
        "satisfied_by_id": satisfied.id if satisfied else None,
        "satisfied_by_review_id": satisfied.id if kind == "REVIEW" else None,
        "satisfied_by_visit_id": satisfied.id if kind == "VISIT" else None,
        "is_declined": item.is_declined,
        "cancelled_on": item.cancelled_on if status == ScheduledItemStatus.CANCELLED else None,
        "cancelled_reason": item.reason[:200] if status == ScheduledItemStatus.CANCELLED else "",
        "policy_edition": edition,
    }


def recompute_schedule(*, person_id: int, today: date) -> RecomputeResult:
    """Rebuild one person's stored schedule from the engine (rules R1-R15, DOMAIN.md 4).

    Idempotent: the rows are matched by the engine's item key, only differences are written,
    and the person row is locked so that two recomputes of one person run one after the other.
    """
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person_id)
        items = compute_schedule(schedule_facts(person), today=today, settings=policy_settings())
        existing = {
            _key_of_row(row): row
            for row in ScheduledItem.objects.filter(person=person).select_for_update()
        }
        inserted, updated, unchanged = [], 0, 0
        seen: set[Key] = set()
        for item in items:
            key = _key_of_item(item)
            if key in seen:
                continue
            seen.add(key)
            values = _values(item, edition=policy_edition(str(item.rule_id), str(item.kind)))
            row = existing.get(key)
            if row is None:
                inserted.append(
                    ScheduledItem(
                        partnership_id=person.partnership_id,
                        person=person,
                        kind=key[0],
                        stay_spell_id=key[1],
                        source_kind=key[2],
                        source_id=key[3],
                        **values,
                    )
                )
                continue
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if row.partnership_id != person.partnership_id:
                row.partnership_id = person.partnership_id
                changed.append("partnership_id")
            if changed:
                for name in changed:
                    setattr(row, name, values.get(name, getattr(row, name)))
                row.save(update_fields=[*changed, "updated_at"])
                updated += 1
            else:
                unchanged += 1
        ScheduledItem.objects.bulk_create(inserted)
        stale = [
            row.pk
            for key, row in existing.items()
            if key not in seen and row.status != ScheduledItemStatus.CANCELLED
        ]
        if stale:
            ScheduledItem.objects.filter(pk__in=stale).update(
                status=ScheduledItemStatus.CANCELLED,
                satisfied_on=None,
                cancelled_on=today,
                cancelled_reason=NO_LONGER_DUE,
            )
    return RecomputeResult(
        inserted=len(inserted), updated=updated, cancelled=len(stale), unchanged=unchanged
    )


@cache
def policy_edition(rule_id: str, kind: str) -> str:
    """Where the rule that produced an item comes from (its row of the rule table)."""
    sources = [rule.source for rule in RULES if rule.id == rule_id and rule.kind == kind]
    return sources[0][:250] if sources else ""


def recompute_all_schedules(
    *, today: date, partnership: Partnership | None = None
) -> RecomputeResult:
    """The nightly safety net: every person's schedule, one person per transaction."""
    people = Person.objects.order_by("pk")
    if partnership is not None:
        people = people.for_partnership(partnership)
    totals = [0, 0, 0, 0]
    for person_id in people.values_list("pk", flat=True).iterator():
        result = recompute_schedule(person_id=person_id, today=today)
        for index, value in enumerate(
            (result.inserted, result.updated, result.cancelled, result.unchanged)
        ):
            totals[index] += value
    return RecomputeResult(*totals)
