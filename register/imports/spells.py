"""Hospital spell rows (one per ward stay) as register service calls: a new spell is admitted,
moved between wards, given its delay and discharged; a spell already on the register can gain
ward moves, changes to its current legal status, planned discharge and delay, and a discharge.
History already recorded is compared, never rewritten."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

from accounts.models import User

from ..models import DischargeDestination, HospitalSpell, RowOutcome, WardStay
from ..services import (
    admit_person,
    discharge_spell,
    move_ward,
    record_discharge_delay,
    set_legal_status,
    set_planned_discharge_date,
)
from ..services.base import long_date
from .outcomes import Results
from .plan import (
    PHASE_ADMISSION,
    PHASE_DISCHARGE,
    PHASE_SAME_DAY_DISCHARGE,
    PersonPlan,
    Step,
)
from .rows import ParsedRow

# Details of the spell rather than the ward stay: given once per spell (or the same on each row).
SPELL_LEVEL = (
    "commissioner",
    "admission_source",
    "is_planned",
    "reason_for_admission",
    "legal_status",
    "planned_discharge_date",
    "clinically_ready_date",
    "delay_reason",
    "discharge_date",
    "destination",
    "returned_to_previous_home",
)
FIXED_AT_ADMISSION = ("commissioner", "admission_source", "is_planned", "reason_for_admission")
ADMIT_FIELDS = {"admission_date": "admission_date", "ward": "ward"}
MOVE_FIELDS = {"ward": "ward", "move_date": "ward_start_date"}
DISCHARGE_FIELDS = {"discharge_date": "discharge_date", "destination": "destination"}
DELAY_FIELDS = {"effective_date": "clinically_ready_date"}
LEGAL_FIELDS = {"effective_date": "legal_status"}
PLANNED_FIELDS = {"effective_date": "planned_discharge_date"}


class SpellSteps:
    def __init__(self, plan: PersonPlan, results: Results, *, by: User, today: date) -> None:
        self.plan, self.results, self.by, self.today = plan, results, by, today

    def build(self) -> bool:
        """Add the person's spell steps to the plan; False when the file's rows disagree among
        themselves (the person's other rows are then not checked)."""
        groups: dict[date, list[ParsedRow]] = defaultdict(list)
        for row in self.plan.spell_rows:
            groups[row.values["admission_date"]].append(row)
        for admitted in sorted(groups):
            rows = sorted(groups[admitted], key=lambda r: (self._start(r), r.number))
            details = self._spell_details(rows)
            if details is None or not self._stays_follow_on(rows, details):
                return False
            existing = self.plan.spells.get(admitted)
            if existing is None:
                self._new_spell(admitted, rows, details)
            elif not self._known_spell(existing, rows, details):
                return False
        return True

    # --- a spell the register does not have yet ------------------------------------------------

    def _new_spell(self, admitted: date, rows: list[ParsedRow], details: dict[str, Any]) -> None:
        first, plan, by = rows[0], self.plan, self.by
        made: dict[str, HospitalSpell] = {}

        def admit() -> None:
            made["spell"] = admit_person(
                person=plan.person,
                by=by,
                admission_date=admitted,
                ward=first.values["ward"],
                commissioner=details.get("commissioner"),
                admission_source=details.get("admission_source", ""),
                is_planned=bool(details.get("is_planned")),
                legal_status=details.get("legal_status", ""),
                planned_discharge_date=details.get("planned_discharge_date"),
                reason_for_admission=details.get("reason_for_admission", ""),
            )

        plan.add(
            Step(
                admitted,
                PHASE_ADMISSION,
                first,
                RowOutcome.CREATED,
                "New hospital spell",
                admit,
                ADMIT_FIELDS,
            )
        )
        for row in rows[1:]:
            plan.add(self._move(admitted, row, lambda: made["spell"]))
        ready = details.get("clinically_ready_date")
        if ready:
            plan.add(
                Step(
                    admitted,
                    PHASE_ADMISSION,
                    first,
                    RowOutcome.CREATED,
                    "",
                    lambda: record_discharge_delay(
                        spell=made["spell"],
                        by=by,
                        clinically_ready_date=ready,
                        delay_reason=details.get("delay_reason", ""),
                        effective_date=ready,
                    ),
                    DELAY_FIELDS,
                )
            )
        self._discharge(rows[-1], details, admitted, lambda: made["spell"], RowOutcome.CREATED)

    def _move(self, on: date, row: ParsedRow, spell: Any) -> Step:
        def move() -> None:
            move_ward(
                spell=spell(),
                by=self.by,
                ward=row.values["ward"],
                move_date=row.values["ward_start_date"],
            )

        return Step(
            on, PHASE_ADMISSION, row, RowOutcome.CREATED, "New ward stay", move, MOVE_FIELDS
        )

    def _discharge(
        self,
        row: ParsedRow,
        details: dict[str, Any],
        last_step_on: date,
        spell: Any,
        outcome: RowOutcome,
    ) -> None:
        discharged = details.get("discharge_date")
        if not discharged:
            return
        destination = details.get("destination", "")
        if destination == DischargeDestination.DIED:
            # The death (People sheet) closes the spell, as record_death does on the pages.
            if self.plan.date_of_death != discharged:
                self.results.fail_with(
                    row,
                    "destination",
                    "A spell that ends in death needs the same date of death on the People "
                    f"sheet ({long_date(discharged)})",
                )
            return
        phase = PHASE_DISCHARGE if discharged > last_step_on else PHASE_SAME_DAY_DISCHARGE

        def discharge() -> None:
            discharge_spell(
                spell=spell(),
                by=self.by,
                discharge_date=discharged,
                destination=destination,
                returned_to_previous_home=details.get("returned_to_previous_home"),
            )

        self.plan.add(
            Step(discharged, phase, row, outcome, "Discharge", discharge, DISCHARGE_FIELDS)
        )

    # --- a spell already on the register -------------------------------------------------------

    def _known_spell(
        self, spell: HospitalSpell, rows: list[ParsedRow], details: dict[str, Any]
    ) -> bool:
        first = rows[0]
        for key in FIXED_AT_ADMISSION:
            if key in first.values and _same(details.get(key), _current(spell, key)) is False:
                return self._refuse(
                    first,
                    key,
                    "This spell is already on the register with a "
                    "different value here. An import adds to a spell's history "
                    "but cannot change how it started",
                )
        stays: list[WardStay] = list(spell.ward_stays.all())
        if len(rows) < len(stays):
            return self._refuse(
                rows[-1],
                "ward",
                f"The register has {len(stays)} ward stays for "
                "this spell. Include every ward stay of the spell in the file",
            )
        for row, stay in zip(rows, stays, strict=False):
            ended = row.values.get("ward_end_date")
            if (
                row.values["ward"].pk != stay.ward_id
                or self._start(row) != stay.start_date
                or (stay.end_date and ended and ended != stay.end_date)
            ):
                return self._refuse(
                    row,
                    "ward",
                    "This ward stay differs from the register's "
                    f"(ward '{stay.ward.name}' from {long_date(stay.start_date)})",
                )
        new_stays = rows[len(stays) :]
        is_open = spell.discharge_date is None
        if new_stays and not is_open:
            return self._refuse(
                new_stays[0],
                "ward",
                f"This spell ended on {long_date(spell.discharge_date)}; no ward stay can be added",
            )
        last_on = max([self._start(row) for row in new_stays], default=spell.admission_date)
        for row in new_stays:
            self.plan.add(self._move(self._start(row), row, lambda: spell))
        if is_open:
            self._changes(spell, first, details)
        elif not self._same_ending(spell, rows[-1], details):
            return False
        if is_open:
            self._discharge(rows[-1], details, last_on, lambda: spell, RowOutcome.UPDATED)
        return True

    def _changes(self, spell: HospitalSpell, row: ParsedRow, details: dict[str, Any]) -> None:
        """Current values of an open spell: legal status, planned discharge date, delay. They
        take effect on the discharge date when the file also discharges, else today."""
        on = details.get("discharge_date") or self.today
        by = self.by
        if "legal_status" in row.values and details.get("legal_status", "") != spell.legal_status:
            self.plan.add(
                Step(
                    on,
                    PHASE_DISCHARGE,
                    row,
                    RowOutcome.UPDATED,
                    "Legal status",
                    lambda: set_legal_status(
                        spell=spell,
                        by=by,
                        legal_status=details.get("legal_status", ""),
                        effective_date=on,
                    ),
                    LEGAL_FIELDS,
                )
            )
        planned = details.get("planned_discharge_date")
        if "planned_discharge_date" in row.values and planned != spell.planned_discharge_date:
            self.plan.add(
                Step(
                    on,
                    PHASE_DISCHARGE,
                    row,
                    RowOutcome.UPDATED,
                    "Planned discharge",
                    lambda: set_planned_discharge_date(
                        spell=spell, by=by, planned_discharge_date=planned, effective_date=on
                    ),
                    PLANNED_FIELDS,
                )
            )
        ready = details.get("clinically_ready_date")
        reason = details.get("delay_reason", "") if ready else ""
        if "clinically_ready_date" in row.values and (
            ready != spell.clinically_ready_date or reason != spell.delay_reason
        ):
            self.plan.add(
                Step(
                    on,
                    PHASE_DISCHARGE,
                    row,
                    RowOutcome.UPDATED,
                    "Discharge delay",
                    lambda: record_discharge_delay(
                        spell=spell,
                        by=by,
                        clinically_ready_date=ready,
                        delay_reason=reason,
                        effective_date=ready or on,
                    ),
                    DELAY_FIELDS,
                )
            )

    def _same_ending(self, spell: HospitalSpell, row: ParsedRow, details: dict[str, Any]) -> bool:
        for key in (
            "discharge_date",
            "destination",
            "returned_to_previous_home",
            "legal_status",
            "planned_discharge_date",
            "clinically_ready_date",
            "delay_reason",
        ):
            if key in row.values and _same(details.get(key), _current(spell, key)) is False:
                return self._refuse(
                    row,
                    key,
                    f"This spell ended on {long_date(spell.discharge_date)} and the "
                    "register holds a different value here. An import cannot change a spell "
                    "that has ended",
                )
        return True

    # --- checks of the file's own consistency --------------------------------------------------

    def _spell_details(self, rows: list[ParsedRow]) -> dict[str, Any] | None:
        """The spell's details, given on its first row or repeated the same on every row."""
        details: dict[str, Any] = {}
        source: dict[str, ParsedRow] = {}
        for row in rows:
            for key in SPELL_LEVEL:
                value = row.values.get(key)
                if _blank(key, value):
                    continue
                if key in details and _same(details[key], value) is False:
                    return (
                        self._refuse(
                            row,
                            key,
                            "This differs from row "
                            f"{source[key].number}, a row of the same spell. Give a "
                            "spell's details once, or the same on every row",
                        )
                        or None
                    )
                details.setdefault(key, value)
                source.setdefault(key, row)
        for key in SPELL_LEVEL:
            if key in rows[0].values:
                details.setdefault(key, rows[0].values[key])
        if details.get("destination") and not details.get("discharge_date"):
            return (
                self._refuse(
                    rows[-1],
                    "discharge_date",
                    "Enter the discharge date, or leave the discharge destination blank",
                )
                or None
            )
        if details.get("delay_reason") and not details.get("clinically_ready_date"):
            return (
                self._refuse(
                    rows[0],
                    "clinically_ready_date",
                    "Enter the date the person "
                    "was clinically ready for discharge, or leave the delay reason "
                    "blank",
                )
                or None
            )
        return details

    def _stays_follow_on(self, rows: list[ParsedRow], details: dict[str, Any]) -> bool:
        admitted = rows[0].values["admission_date"]
        first_start = rows[0].values.get("ward_start_date")
        if first_start and first_start != admitted:
            return self._refuse(
                rows[0],
                "ward_start_date",
                "The first ward stay of a spell "
                f"starts on the admission date ({long_date(admitted)})",
            )
        for earlier, later in pairwise(rows):
            start = later.values.get("ward_start_date")
            if not start:
                return self._refuse(
                    later, "ward_start_date", "Enter the date the person moved to this ward"
                )
            ended = earlier.values.get("ward_end_date")
            if ended and ended != start:
                return self._refuse(
                    later,
                    "ward_start_date",
                    "Ward stays follow on from each "
                    f"other: row {earlier.number} ends on {long_date(ended)}, "
                    f"so this one must start that day",
                )
        last_end = rows[-1].values.get("ward_end_date")
        discharged = details.get("discharge_date")
        if last_end and last_end != discharged:
            where = (
                f"the discharge date ({long_date(discharged)})"
                if discharged
                else ("the discharge date, but the spell has no discharge date")
            )
            return self._refuse(rows[-1], "ward_end_date", f"The last ward stay ends on {where}")
        return True

    def _refuse(self, row: ParsedRow, key: str, message: str) -> bool:
        self.results.fail_with(row, key, message)
        self.plan.failed_row = self.plan.failed_row or row
        return False

    @staticmethod
    def _start(row: ParsedRow) -> date:
        return row.values.get("ward_start_date") or row.values["admission_date"]  # type: ignore[no-any-return]


def _blank(key: str, value: Any) -> bool:
    if key == "returned_to_previous_home":
        return value is None
    return value in (None, "", False)


def _current(spell: HospitalSpell, key: str) -> Any:
    if key == "commissioner":
        return spell.commissioner
    if key == "destination":
        return spell.discharge_destination
    return getattr(spell, key)


def _same(left: Any, right: Any) -> bool:
    left_pk, right_pk = getattr(left, "pk", left), getattr(right, "pk", right)
    if isinstance(left_pk, str) or isinstance(right_pk, str):
        return (left_pk or "") == (right_pk or "")
    return bool(left_pk == right_pk)
