"""A person's rows from every sheet, turned into register service calls in the order the events
happened. Replaying history in date order is what lets the register's own rules judge it: a
rating while the person is in hospital, a back-dated rating, an admission during another spell
are refused by the same services, with the same words, as on the pages.

Order within one day: a discharge first (the person may then be rated), then ratings, then
leaving the DSR, then an admission with its ward moves and delays (a person is rated before
being admitted that day, never after), a discharge on the admission day, and a death last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..models import DsrEntry, HospitalSpell, Person, RowOutcome
from .rows import ParsedRow

PHASE_DISCHARGE = 0
PHASE_RATING = 1
PHASE_LEAVE_DSR = 2
PHASE_ADMISSION = 3
PHASE_SAME_DAY_DISCHARGE = 4
PHASE_LATER = 5  # rows of other apps' sheets (reviews): after the day's register events
PHASE_DEATH = 9


@dataclass
class Step:
    """One service call, and the row whose outcome it decides (errors are reported there)."""

    on: date
    phase: int
    row: ParsedRow
    outcome: RowOutcome
    detail: str
    action: Callable[[], Any]
    fields: dict[str, str] = field(default_factory=dict)  # service field -> column key
    seq: int = 0
    # A refused register step stops the person's later steps (they depend on it); a refused
    # review does not (nothing later depends on it).
    stops_person: bool = True

    @property
    def order(self) -> tuple[date, int, int]:
        return (self.on, self.phase, self.seq)


@dataclass
class PersonPlan:
    key: str
    person_row: ParsedRow | None = None
    spell_rows: list[ParsedRow] = field(default_factory=list)
    rating_rows: list[ParsedRow] = field(default_factory=list)
    extra_rows: dict[str, list[ParsedRow]] = field(default_factory=dict)  # other apps' sheets
    existing: Person | None = None
    is_ambiguous: bool = False
    person: Person | None = None
    steps: list[Step] = field(default_factory=list)
    automatic: list[ParsedRow] = field(default_factory=list)
    failed_row: ParsedRow | None = None  # the first row whose error stopped this person
    # Loaded before the replay: the register as it was.
    spells: dict[date, HospitalSpell] = field(default_factory=dict)
    latest_dsr_entry: DsrEntry | None = None
    # (date, rag, rationale, is_automatic) of the ratings already recorded
    existing_ratings: Counter[tuple[date, str, str, bool]] = field(default_factory=Counter)
    existing_automatic: Counter[tuple[date, str, str, bool]] = field(default_factory=Counter)
    extra_recorded: dict[str, Counter[Any]] = field(default_factory=dict)

    def rows(self) -> list[ParsedRow]:
        first = [self.person_row] if self.person_row else []
        return first + self.history_rows()

    def history_rows(self) -> list[ParsedRow]:
        extra = [row for rows in self.extra_rows.values() for row in rows]
        return self.spell_rows + self.rating_rows + extra

    def add(self, step: Step) -> Step:
        step.seq = len(self.steps)
        self.steps.append(step)
        return step

    @property
    def date_of_death(self) -> date | None:
        if self.person_row and "date_of_death" in self.person_row.values:
            return self.person_row.values["date_of_death"]  # type: ignore[no-any-return]
        return self.existing.date_of_death if self.existing else None


@dataclass
class StepContext:
    """What another app's sheet needs to add service calls to a person's timeline."""

    plan: PersonPlan
    by: Any  # the User acting
    today: date

    def add(
        self,
        on: date,
        row: ParsedRow,
        detail: str,
        action: Callable[[], Any],
        fields: dict[str, str] | None = None,
    ) -> None:
        step = Step(on, PHASE_LATER, row, RowOutcome.CREATED, detail, action, fields or {})
        step.stops_person = False
        self.plan.add(step)


def sheet_label(row: ParsedRow) -> str:
    from .mapping import SHEETS

    spec = SHEETS.get(str(row.kind))  # type: ignore[call-overload]
    return spec.sheet_name if spec else str(row.kind)


def not_checked_message(cause: ParsedRow) -> str:
    return (
        f"Not checked, because of the error on row {cause.number} of the "
        f"'{sheet_label(cause)}' sheet. Fix that row first"
    )
