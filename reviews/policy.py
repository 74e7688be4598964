"""The C(E)TR and oversight policy as data (DOMAIN.md sections 4 and 11).

`RULES` is the rule table: one row per rule and variant, saying what is due, for whom (age group,
setting, place, RAG, commissioner), counted from which event, by how long and in which unit, and
where the rule comes from. A row never holds a number: it names the `PolicySettings` field that
does, so every number of the policy lives once, in `PolicySettings`, which a partnership
administrator's rule table can override field by field (`PolicySettings.from_table`).

The engine (`reviews.schedule`) asks `select_rule(kind, context)` which row applies to a person on a
given day and `due_date(rule, anchor, settings)` when it falls due; it has no interval of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from .calendar import add_months, add_working_days
from .facts import CommissionerType, Rag

LONDON = ZoneInfo("Europe/London")


class RuleId(StrEnum):
    R1 = "R1"
    R2 = "R2"
    R3 = "R3"
    R4 = "R4"
    R5 = "R5"
    R6 = "R6"
    R7 = "R7"
    R8 = "R8"
    R9 = "R9"
    R10 = "R10"
    R11 = "R11"
    R12 = "R12"
    R13 = "R13"
    R14 = "R14"
    R15 = "R15"


class ItemKind(StrEnum):
    COMMUNITY_REVIEW = "COMMUNITY_REVIEW"
    URGENT_REVIEW = "URGENT_REVIEW"
    POST_ADMISSION_REVIEW = "POST_ADMISSION_REVIEW"
    REPEAT_REVIEW = "REPEAT_REVIEW"
    OVERSIGHT_VISIT = "OVERSIGHT_VISIT"
    REVIEW_REPORT = "REVIEW_REPORT"
    ACTION = "ACTION"
    COORDINATOR_CONTACT = "COORDINATOR_CONTACT"
    CARE_PLAN_REVIEW = "CARE_PLAN_REVIEW"
    DSR_REVIEW = "DSR_REVIEW"
    TRANSITION_PLAN = "TRANSITION_PLAN"


class AgeGroup(StrEnum):
    ADULT = "ADULT"
    CYP = "CYP"  # under 18 on the day the rule is applied
    ANY = "ANY"


class Setting(StrEnum):
    SECURE = "SECURE"  # low, medium or high secure ward
    NON_SECURE = "NON_SECURE"
    ANY = "ANY"


class Place(StrEnum):
    INPATIENT = "INPATIENT"
    COMMUNITY = "COMMUNITY"
    ANY = "ANY"


class Anchor(StrEnum):
    PLANNED_ADMISSION = "PLANNED_ADMISSION"
    RED_RATING = "RED_RATING"
    URGENT_REQUEST = "URGENT_REQUEST"
    ADMISSION = "ADMISSION"
    LAST_HELD_REVIEW = "LAST_HELD_REVIEW"
    LAST_VISIT = "LAST_VISIT"
    HELD_REVIEW = "HELD_REVIEW"
    ACTION_CREATED = "ACTION_CREATED"
    LAST_FACE_TO_FACE_CONTACT = "LAST_FACE_TO_FACE_CONTACT"
    LAST_CARE_PLAN_REVIEW = "LAST_CARE_PLAN_REVIEW"
    LAST_RATING = "LAST_RATING"
    EIGHTEENTH_BIRTHDAY = "EIGHTEENTH_BIRTHDAY"


class Unit(StrEnum):
    CALENDAR_DAYS = "CALENDAR_DAYS"
    WORKING_DAYS = "WORKING_DAYS"
    MONTHS = "MONTHS"
    HOURS = "HOURS"
    ON_ANCHOR = "ON_ANCHOR"  # due on the anchor date itself (R1 before a planned admission)
    OWN_DUE_DATE = "OWN_DUE_DATE"  # the record carries its own due date (R11 actions)


class OversightScope(StrEnum):
    ALL = "ALL"
    OUT_OF_AREA = "OUT_OF_AREA"


CETR_POST_ADMISSION_WD_STANDARD = 10
CETR_POST_ADMISSION_WD_INTERIM = 5  # NHS England's interim national measure


@dataclass(frozen=True)
class PolicySettings:
    """Every number of the schedule, with DOMAIN.md section 11's defaults and names."""

    ADULT_AGE: int = 18  # child or young person (CYP) = under this age
    PRE_ADMISSION_LOOKBACK_DAYS: int = 28
    ADULT_POST_ADMISSION_DAYS: int = 28
    CETR_POST_ADMISSION_WD: int = CETR_POST_ADMISSION_WD_STANDARD
    REPEAT_CTR_ADULT_NON_SECURE_MONTHS: int = 6
    REPEAT_CTR_ADULT_SECURE_MONTHS: int = 12
    REPEAT_CETR_CYP_MONTHS: int = 3
    OVERSIGHT_VISIT_ADULT_DAYS: int = 56
    OVERSIGHT_VISIT_CYP_DAYS: int = 42
    OVERSIGHT_SCOPE: OversightScope = OversightScope.ALL
    COMMUNITY_CTR_RED_DAYS: int = 14
    URGENT_REVIEW_HOURS: int = 72
    CTR_REPORT_DAYS: int = 14
    COORDINATOR_CONTACT_DAYS: int = 28
    CARE_PLAN_REVIEW_MONTHS: int = 12
    DSR_REVIEW_DAYS_RED: int = 14
    DSR_REVIEW_DAYS_AMBER: int = 28
    DSR_REVIEW_DAYS_GREEN: int = 90
    TRANSITION_FLAG_AGE: int = 14
    TRANSITION_PLAN_LEAD_MONTHS: int = 6
    READMISSION_KIND_DAYS: int = 365  # admission kind READMISSION_12M
    DUE_SOON_DAYS: int = 14

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            if setting.name == "OVERSIGHT_SCOPE":
                if value not in set(OversightScope):
                    raise ValueError(f"OVERSIGHT_SCOPE must be one of {', '.join(OversightScope)}.")
                object.__setattr__(self, "OVERSIGHT_SCOPE", OversightScope(value))
            elif isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{setting.name} must be a whole number of 1 or more.")
        allowed = (CETR_POST_ADMISSION_WD_STANDARD, CETR_POST_ADMISSION_WD_INTERIM)
        if self.CETR_POST_ADMISSION_WD not in allowed:
            raise ValueError(
                f"CETR_POST_ADMISSION_WD must be {allowed[0]} (standard) or {allowed[1]} (interim)."
            )

    @classmethod
    def from_table(cls, rows: Mapping[str, object]) -> PolicySettings:
        """Settings from an administrator's rule table, by DOMAIN.md name (unknown names fail)."""
        known = {setting.name for setting in fields(cls)}
        unknown = sorted(set(rows) - known)
        if unknown:
            raise ValueError(f"Unknown policy setting: {', '.join(unknown)}.")
        return cls(**rows)  # type: ignore[arg-type]  # values are checked in __post_init__

    def amount(self, name: str) -> int:
        value = getattr(self, name)
        if not isinstance(value, int):
            raise TypeError(f"{name} is not a number of days, months or hours.")
        return value


@dataclass(frozen=True)
class DueBy:
    """How the due date follows from the anchor: `setting` names the number in PolicySettings."""

    unit: Unit
    setting: str | None = None
    is_before: bool = False  # counted back from the anchor (R15: 6 months before 18)


@dataclass(frozen=True)
class RuleContext:
    """The facts a rule is chosen by, on the day it is applied."""

    age_group: AgeGroup
    setting: Setting = Setting.ANY
    place: Place = Place.ANY
    rag: Rag | None = None
    commissioner: CommissionerType | None = None


@dataclass(frozen=True)
class Rule:
    id: RuleId
    kind: ItemKind
    what: str
    anchor: Anchor
    due_by: DueBy
    source: str
    age_group: AgeGroup = AgeGroup.ANY
    setting: Setting = Setting.ANY
    place: Place = Place.ANY
    rag: Rag | None = None  # None: any rating
    commissioner: CommissionerType | None = None  # None: any commissioner

    def applies(self, context: RuleContext) -> bool:
        return (
            self.age_group in {AgeGroup.ANY, context.age_group}
            and self.setting in {Setting.ANY, context.setting}
            and self.place in {Place.ANY, context.place}
            and self.rag in {None, context.rag}
            and self.commissioner in {None, context.commissioner}
        )


_CTR_2017 = "NHS England, Care and Treatment Reviews: policy and guidance (March 2017)"
_CETR_2023 = "NHS England, DSR and C(E)TR policy and guide (January 2023)"
_OVERSIGHT_2021 = "NHS England, Commissioner oversight guidance (2021)"
_REPEAT = f"{_CTR_2017}; October 2021 update [verified]"
_DSR = "Partnership practice [assumed]"

RULES: tuple[Rule, ...] = (
    Rule(RuleId.R1, ItemKind.COMMUNITY_REVIEW, "Community C(E)TR before a planned admission",
         Anchor.PLANNED_ADMISSION, DueBy(Unit.ON_ANCHOR), f"{_CETR_2023} [verified]",
         place=Place.COMMUNITY),
    Rule(RuleId.R1, ItemKind.COMMUNITY_REVIEW, "Community C(E)TR after a RED rating",
         Anchor.RED_RATING, DueBy(Unit.CALENDAR_DAYS, "COMMUNITY_CTR_RED_DAYS"),
         f"{_CETR_2023} [verified]; 14 days [assumed]", place=Place.COMMUNITY, rag=Rag.RED),
    Rule(RuleId.R2, ItemKind.URGENT_REVIEW, "Urgent community review (blue light / LAEP)",
         Anchor.URGENT_REQUEST, DueBy(Unit.HOURS, "URGENT_REVIEW_HOURS"),
         f"{_CTR_2017}, LAEP [verified]; 72 hours [assumed]", place=Place.COMMUNITY),
    Rule(RuleId.R3, ItemKind.POST_ADMISSION_REVIEW, "Post-admission CTR",
         Anchor.ADMISSION, DueBy(Unit.CALENDAR_DAYS, "ADULT_POST_ADMISSION_DAYS"),
         f"{_CTR_2017}, 4 weeks [verified]; unchanged in 2023 [assumed]",
         age_group=AgeGroup.ADULT, place=Place.INPATIENT),
    Rule(RuleId.R4, ItemKind.POST_ADMISSION_REVIEW, "Post-admission CETR",
         Anchor.ADMISSION, DueBy(Unit.WORKING_DAYS, "CETR_POST_ADMISSION_WD"),
         "NHS England, CYP information for commissioners: 10 working days, interim 5 [verified]",
         age_group=AgeGroup.CYP, place=Place.INPATIENT),
    Rule(RuleId.R5, ItemKind.REPEAT_REVIEW, "Repeat inpatient CTR (non-secure)",
         Anchor.LAST_HELD_REVIEW, DueBy(Unit.MONTHS, "REPEAT_CTR_ADULT_NON_SECURE_MONTHS"),
         _REPEAT, age_group=AgeGroup.ADULT, setting=Setting.NON_SECURE, place=Place.INPATIENT),
    Rule(RuleId.R6, ItemKind.REPEAT_REVIEW, "Repeat inpatient CTR (secure)",
         Anchor.LAST_HELD_REVIEW, DueBy(Unit.MONTHS, "REPEAT_CTR_ADULT_SECURE_MONTHS"),
         _REPEAT, age_group=AgeGroup.ADULT, setting=Setting.SECURE, place=Place.INPATIENT),
    Rule(RuleId.R7, ItemKind.REPEAT_REVIEW, "Repeat inpatient CETR",
         Anchor.LAST_HELD_REVIEW, DueBy(Unit.MONTHS, "REPEAT_CETR_CYP_MONTHS"),
         _REPEAT, age_group=AgeGroup.CYP, place=Place.INPATIENT),
    Rule(RuleId.R8, ItemKind.OVERSIGHT_VISIT, "Commissioner oversight visit (adult)",
         Anchor.LAST_VISIT, DueBy(Unit.CALENDAR_DAYS, "OVERSIGHT_VISIT_ADULT_DAYS"),
         f"{_OVERSIGHT_2021}, every 8 weeks [verified]",
         age_group=AgeGroup.ADULT, place=Place.INPATIENT),
    Rule(RuleId.R9, ItemKind.OVERSIGHT_VISIT, "Commissioner oversight visit (child)",
         Anchor.LAST_VISIT, DueBy(Unit.CALENDAR_DAYS, "OVERSIGHT_VISIT_CYP_DAYS"),
         f"{_OVERSIGHT_2021}, every 6 weeks [verified]",
         age_group=AgeGroup.CYP, place=Place.INPATIENT),
    Rule(RuleId.R10, ItemKind.REVIEW_REPORT, "C(E)TR report issued",
         Anchor.HELD_REVIEW, DueBy(Unit.CALENDAR_DAYS, "CTR_REPORT_DAYS"), _DSR),
    Rule(RuleId.R11, ItemKind.ACTION, "Recommendation action done",
         Anchor.ACTION_CREATED, DueBy(Unit.OWN_DUE_DATE),
         f"{_CTR_2017}: each recommendation has an owner and a due date [verified]"),
    Rule(RuleId.R12, ItemKind.COORDINATOR_CONTACT, "Care coordinator face-to-face contact",
         Anchor.LAST_FACE_TO_FACE_CONTACT, DueBy(Unit.CALENDAR_DAYS, "COORDINATOR_CONTACT_DAYS"),
         "BLMK TCP plan 2016, Annex A indicator 1 [seed 004]", place=Place.INPATIENT),
    Rule(RuleId.R13, ItemKind.CARE_PLAN_REVIEW, "Care plan review",
         Anchor.LAST_CARE_PLAN_REVIEW, DueBy(Unit.MONTHS, "CARE_PLAN_REVIEW_MONTHS"),
         "Annex A indicator 1 [seed 004]; annual review [seed 000]"),
    Rule(RuleId.R14, ItemKind.DSR_REVIEW, "DSR review (RED)", Anchor.LAST_RATING,
         DueBy(Unit.CALENDAR_DAYS, "DSR_REVIEW_DAYS_RED"), _DSR, rag=Rag.RED),
    Rule(RuleId.R14, ItemKind.DSR_REVIEW, "DSR review (AMBER)", Anchor.LAST_RATING,
         DueBy(Unit.CALENDAR_DAYS, "DSR_REVIEW_DAYS_AMBER"), _DSR, rag=Rag.AMBER),
    Rule(RuleId.R14, ItemKind.DSR_REVIEW, "DSR review (GREEN)", Anchor.LAST_RATING,
         DueBy(Unit.CALENDAR_DAYS, "DSR_REVIEW_DAYS_GREEN"), _DSR, rag=Rag.GREEN),
    Rule(RuleId.R15, ItemKind.TRANSITION_PLAN, "Transition planning started",
         Anchor.EIGHTEENTH_BIRTHDAY,
         DueBy(Unit.MONTHS, "TRANSITION_PLAN_LEAD_MONTHS", is_before=True),
         "Essex TCP transition protocol [seed 003, 004]", age_group=AgeGroup.CYP),
)  # fmt: skip


class RuleNotFoundError(LookupError):
    """The rule table has no single row for these facts: the table, not the data, is wrong."""


def select_rule(kind: ItemKind, context: RuleContext, *, anchor: Anchor | None = None) -> Rule:
    """The one row of RULES of this kind (and anchor) that applies in this context."""
    matches = [
        rule
        for rule in RULES
        if rule.kind == kind and anchor in {None, rule.anchor} and rule.applies(context)
    ]
    if len(matches) != 1:
        raise RuleNotFoundError(
            f"{len(matches)} rules of kind {kind} apply to {context}; the table needs exactly one."
        )
    return matches[0]


def due_date(
    rule: Rule,
    anchor: date | datetime,
    settings: PolicySettings,
    *,
    own_due_date: date | None = None,
) -> date:
    """When an item of `rule` counted from `anchor` falls due."""
    unit = rule.due_by.unit
    if unit is Unit.OWN_DUE_DATE:
        if own_due_date is None:
            raise ValueError(f"Rule {rule.id} needs the record's own due date.")
        return own_due_date
    if unit is Unit.HOURS:
        if not isinstance(anchor, datetime):
            raise TypeError(f"Rule {rule.id} counts hours from a date and time.")
        # Elapsed hours, counted in UTC so that a clock change inside the window is honoured.
        aware = anchor if anchor.tzinfo else anchor.replace(tzinfo=LONDON)
        due_at = aware.astimezone(UTC) + timedelta(hours=_amount(rule, settings))
        return due_at.astimezone(LONDON).date()
    day = anchor.date() if isinstance(anchor, datetime) else anchor
    if unit is Unit.ON_ANCHOR:
        return day
    amount = -_amount(rule, settings) if rule.due_by.is_before else _amount(rule, settings)
    if unit is Unit.CALENDAR_DAYS:
        return day + timedelta(days=amount)
    if unit is Unit.MONTHS:
        return add_months(day, amount)
    return add_working_days(day, amount)


def _amount(rule: Rule, settings: PolicySettings) -> int:
    if rule.due_by.setting is None:
        raise ValueError(f"Rule {rule.id} names no setting for its interval.")
    return settings.amount(rule.due_by.setting)
