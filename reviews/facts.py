"""What the schedule engine is told about one person: plain, immutable facts, no database.

A thin adapter turns the register's rows (person, spells, ward stays, DSR ratings, reviews, visits,
contacts, care-plan reviews, actions) into these dataclasses and calls
`reviews.schedule.compute_schedule`. The enum values are DOMAIN.md's codes, so the models'
`TextChoices` can share them and the adapter maps by value.

Every list may come in any order; the engine sorts. Dates are calendar dates in Europe/London.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Rag(StrEnum):
    RED = "RED"
    AMBER = "AMBER"
    GREEN = "GREEN"
    BLUE = "BLUE"  # currently an inpatient: set when a spell opens


class SecurityLevel(StrEnum):
    NONE = "NONE"
    LOCKED = "LOCKED"  # locked rehabilitation: not a secure bed
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"

    @property
    def is_secure(self) -> bool:
        """DOMAIN.md 2.1: "secure" = low, medium or high."""
        return self in {SecurityLevel.LOW, SecurityLevel.MEDIUM, SecurityLevel.HIGH}


class BedType(StrEnum):
    AT_UNIT = "AT_UNIT"
    CRISIS = "CRISIS"
    ACUTE_MH = "ACUTE_MH"
    PICU = "PICU"
    LOCKED_REHAB = "LOCKED_REHAB"
    SECURE_LOW = "SECURE_LOW"
    SECURE_MEDIUM = "SECURE_MEDIUM"
    SECURE_HIGH = "SECURE_HIGH"
    CAMHS_T4 = "CAMHS_T4"
    CAMHS_T4_SECURE = "CAMHS_T4_SECURE"
    OTHER = "OTHER"


class CommissionerType(StrEnum):
    ICB = "ICB"
    NHSE_SPEC = "NHSE_SPEC"


class ReviewType(StrEnum):
    COMMUNITY = "COMMUNITY"
    URGENT_COMMUNITY = "URGENT_COMMUNITY"  # blue light / LAEP
    POST_ADMISSION = "POST_ADMISSION"
    INPATIENT_REPEAT = "INPATIENT_REPEAT"

    @property
    def is_community(self) -> bool:
        return self in {ReviewType.COMMUNITY, ReviewType.URGENT_COMMUNITY}


class ReviewStatus(StrEnum):
    PLANNED = "PLANNED"
    HELD = "HELD"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"


class ActionStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    NOT_DONE_ESCALATED = "NOT_DONE_ESCALATED"
    CANCELLED = "CANCELLED"


@dataclass(frozen=True)
class PersonFacts:
    id: int
    date_of_birth: date
    date_of_death: date | None = None
    registered_on: date | None = None  # first anchor of R13 when no care plan was ever reviewed
    transition_plan_started_on: date | None = None  # satisfies R15


@dataclass(frozen=True)
class WardStayFacts:
    start_date: date
    end_date: date | None
    security_level: SecurityLevel
    bed_type: BedType = BedType.OTHER


@dataclass(frozen=True)
class SpellFacts:
    """One hospital spell. Spells sharing `continuous_stay_id` form one continuous stay: the later
    ones are transfers between providers (DOMAIN.md 3). `None` means a stay of its own."""

    id: int
    admission_date: date
    discharge_date: date | None = None
    continuous_stay_id: int | None = None
    ward_stays: tuple[WardStayFacts, ...] = ()
    is_out_of_area: bool = False  # read only when OVERSIGHT_SCOPE is OUT_OF_AREA
    commissioner_type: CommissionerType | None = None


@dataclass(frozen=True)
class DsrFacts:
    """The person's Dynamic Support Register entry (the latest one)."""

    added_date: date
    closed_date: date | None = None
    planned_admission_date: date | None = None  # R1: community C(E)TR due by this date


@dataclass(frozen=True)
class RatingFacts:
    id: int
    rag: Rag
    effective_date: date


@dataclass(frozen=True)
class ReviewFacts:
    """A C(E)TR. `requested_at` is set on an urgent (blue light / LAEP) review when it is asked
    for; R2 counts its hours from then (a naive datetime is read as Europe/London)."""

    id: int
    type: ReviewType
    status: ReviewStatus
    spell_id: int | None = None  # None for community reviews
    offered_date: date | None = None
    held_date: date | None = None
    report_issued_date: date | None = None
    requested_at: datetime | None = None
    cancelled_date: date | None = None


@dataclass(frozen=True)
class VisitFacts:
    """A commissioner oversight visit to the person in hospital."""

    id: int
    visit_date: date
    spell_id: int


@dataclass(frozen=True)
class ContactFacts:
    """A care coordinator contact; only face-to-face ones count for R12."""

    id: int
    contact_date: date
    is_face_to_face: bool


@dataclass(frozen=True)
class CarePlanReviewFacts:
    """A care plan written or reviewed (writing a new plan counts as reviewing it)."""

    id: int
    reviewed_on: date


@dataclass(frozen=True)
class ActionFacts:
    """A recommendation's action; `status_date` is the date of its latest status change."""

    id: int
    review_id: int
    created_on: date
    due_date: date
    status: ActionStatus
    status_date: date | None = None


@dataclass(frozen=True)
class ScheduleFacts:
    """Everything the engine reads about one person."""

    person: PersonFacts
    spells: tuple[SpellFacts, ...] = ()
    dsr: DsrFacts | None = None
    ratings: tuple[RatingFacts, ...] = ()
    reviews: tuple[ReviewFacts, ...] = ()
    visits: tuple[VisitFacts, ...] = ()
    contacts: tuple[ContactFacts, ...] = ()
    care_plan_reviews: tuple[CarePlanReviewFacts, ...] = ()
    actions: tuple[ActionFacts, ...] = field(default=())
