"""Builders shared by the schedule tests: terse facts, expected items, table rows."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import NamedTuple

from reviews.policy import ItemKind, OversightScope, PolicySettings
from reviews.schedule import (
    BedType,
    DueItem,
    PersonFacts,
    Rag,
    RatingFacts,
    ReviewFacts,
    ReviewStatus,
    ReviewType,
    ScheduleFacts,
    SecurityLevel,
    SpellFacts,
    WardStayFacts,
)

DEFAULTS = PolicySettings()
INTERIM_5_WD = replace(DEFAULTS, CETR_POST_ADMISSION_WD=5)
OUT_OF_AREA_ONLY = replace(DEFAULTS, OVERSIGHT_SCOPE=OversightScope.OUT_OF_AREA)

CTR = (ItemKind.POST_ADMISSION_REVIEW, ItemKind.REPEAT_REVIEW)
VISIT = (ItemKind.OVERSIGHT_VISIT,)
R1 = (ItemKind.COMMUNITY_REVIEW,)

ADULT_DOB = "1990-05-01"  # E1's adult
CHILD_DOB = "2010-06-01"  # 15 in March 2026


def d(text: str) -> date:
    return date.fromisoformat(text)


class Expect(NamedTuple):
    rule: str
    anchor: str
    due: str
    status: str
    days_overdue: int = 0
    closed_on: str | None = None  # satisfied or cancelled on
    declined: bool = False


def seen(item: DueItem) -> Expect:
    closed_on = item.satisfied_on or item.cancelled_on
    return Expect(
        rule=item.rule_id.value,
        anchor=item.anchor_date.isoformat(),
        due=item.due_date.isoformat(),
        status=item.status.value,
        days_overdue=item.days_overdue,
        closed_on=closed_on.isoformat() if closed_on else None,
        declined=item.is_declined,
    )


def ward(start: str, security: SecurityLevel = SecurityLevel.NONE, end: str | None = None):
    bed = BedType.SECURE_LOW if security.is_secure else BedType.AT_UNIT
    return WardStayFacts(d(start), d(end) if end else None, security, bed)


def spell(
    spell_id: int,
    admitted: str,
    discharged: str | None = None,
    *,
    stay: int | None = None,
    wards: tuple[WardStayFacts, ...] | None = None,
    out_of_area: bool = False,
) -> SpellFacts:
    return SpellFacts(
        id=spell_id,
        admission_date=d(admitted),
        discharge_date=d(discharged) if discharged else None,
        continuous_stay_id=stay,
        ward_stays=wards if wards is not None else (ward(admitted),),
        is_out_of_area=out_of_area,
    )


def held(review_id: int, on: str, spell_id: int | None = 10, *, report: str | None = None):
    kind = ReviewType.COMMUNITY if spell_id is None else ReviewType.INPATIENT_REPEAT
    return ReviewFacts(
        id=review_id,
        type=kind,
        status=ReviewStatus.HELD,
        spell_id=spell_id,
        held_date=d(on),
        report_issued_date=d(report) if report else None,
    )


def declined(review_id: int, offered: str, spell_id: int = 10) -> ReviewFacts:
    return ReviewFacts(
        review_id,
        ReviewType.POST_ADMISSION,
        ReviewStatus.DECLINED,
        spell_id,
        offered_date=d(offered),
    )


def urgent(review_id: int, requested_at: datetime, status: ReviewStatus, on: str | None = None):
    return ReviewFacts(
        id=review_id,
        type=ReviewType.URGENT_COMMUNITY,
        status=status,
        held_date=d(on) if on and status == ReviewStatus.HELD else None,
        requested_at=requested_at,
    )


def facts(dob: str, **given: object) -> ScheduleFacts:
    person_fields = {
        name: given.pop(name)
        for name in ("registered_on", "transition_plan_started_on", "date_of_death")
        if name in given
    }
    person = PersonFacts(
        id=1,
        date_of_birth=d(dob),
        **{name: d(str(value)) for name, value in person_fields.items()},
    )
    return ScheduleFacts(person=person, **given)  # type: ignore[arg-type]


def ratings(*pairs: tuple[str, Rag]) -> tuple[RatingFacts, ...]:
    return tuple(RatingFacts(number, rag, d(on)) for number, (on, rag) in enumerate(pairs, 1))


@dataclass(frozen=True)
class Row:
    name: str
    facts: ScheduleFacts
    today: str
    kinds: tuple[ItemKind, ...]
    expected: tuple[Expect, ...]
    settings: PolicySettings = field(default=DEFAULTS)
