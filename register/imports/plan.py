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

    @property
    def order(self) -> tuple[date, int, int]:
        return (self.on, self.phase, self.seq)


@dataclass
class PersonPlan:
    key: str
    person_row: ParsedRow | None = None
    spell_rows: list[ParsedRow] = field(default_factory=list)
    rating_rows: list[ParsedRow] = field(default_factory=list)
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

    def rows(self) -> list[ParsedRow]:
        first = [self.person_row] if self.person_row else []
        return first + self.spell_rows + self.rating_rows

    def add(self, step: Step) -> Step:
        step.seq = len(self.steps)
        self.steps.append(step)
        return step

    @property
    def date_of_death(self) -> date | None:
        if self.person_row and "date_of_death" in self.person_row.values:
            return self.person_row.values["date_of_death"]  # type: ignore[no-any-return]
        return self.existing.date_of_death if self.existing else None


def sheet_label(row: ParsedRow) -> str:
    return {"PEOPLE": "People", "SPELLS": "Hospital spells", "RATINGS": "Risk ratings"}.get(
        str(row.kind), str(row.kind)
    )


def not_checked_message(cause: ParsedRow) -> str:
    return (
        f"Not checked, because of the error on row {cause.number} of the "
        f"'{sheet_label(cause)}' sheet. Fix that row first"
    )
