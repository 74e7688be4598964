"""Running a parsed file through the register services, person by person.

The dry run and the commit both call `Replay.run` inside one transaction; the dry run then rolls
it back. Each row's service call has its own savepoint, so one refused row leaves the rest of
the transaction usable and every row is checked. Nothing here decides what the register allows:
`create_person`, `admit_person`, `rate_risk` and the rest do, and their messages are reported on
the row and column they came from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db.models import Prefetch
from django.db.models.functions import Lower

from accounts.models import Partnership, User

from ..models import DsrEntry, DsrStatus, HospitalSpell, Person, RiskRating, RowOutcome, WardStay
from ..nhs_numbers import normalise_nhs_number
from ..services import close_dsr_entry, create_person, rate_risk, record_death, update_person
from ..services.base import long_date
from ..services.people import PERSON_FIELDS
from .extra import EXTRA_SHEETS
from .outcomes import Results
from .plan import (
    PHASE_DEATH,
    PHASE_LEAVE_DSR,
    PHASE_RATING,
    PersonPlan,
    Step,
    StepContext,
    not_checked_message,
)
from .rows import ParsedRow
from .spells import SpellSteps

Progress = Callable[[int, int], None]
POSSIBLE_DUPLICATE = (
    "Someone with the same date of birth and a similar name is already on the register or "
    "higher up this file. Check it is not the same person. If it is a different person, put "
    "Yes in the column 'Confirmed not a duplicate'"
)
COULD_NOT_SAVE = (
    "The register could not save this row. Check its dates against the person's other rows"
)
LEAVE_FIELDS = {"closed_on": "dsr_closed_on", "reason": "dsr_closed_reason"}
RATING_KEY = tuple[date, str, str, bool]


class Replay:
    def __init__(
        self, *, partnership: Partnership, by: User, today: date, progress: Progress | None = None
    ) -> None:
        self.partnership, self.by, self.today = partnership, by, today
        self.progress = progress or (lambda done, total: None)

    def run(self, parsed: dict[str, list[ParsedRow]]) -> Results:
        rows = [row for sheet_rows in parsed.values() for row in sheet_rows]
        self.results = Results(rows)
        self._refuse_duplicates(parsed)
        plans = self._plans(parsed)
        self._load_register(plans)
        done, total = 0, len(rows)
        for plan in plans:
            self._replay_person(plan)
            done += len(plan.rows())
            self.progress(done, total)
        self._check_automatic_ratings(plans)
        return self.results

    # --- one person ----------------------------------------------------------------------------

    def _replay_person(self, plan: PersonPlan) -> None:
        if not self._person(plan):
            return
        # A register row that cannot be read leaves the person's history unknowable; a review
        # row that cannot be read stops only itself (nothing depends on it).
        register_rows = plan.spell_rows + plan.rating_rows
        broken = next((row for row in register_rows if self.results.is_error(row)), None)
        if broken is not None:
            plan.failed_row = broken
            self._not_checked(plan, plan.history_rows())
            return
        if (
            plan.spell_rows
            and not SpellSteps(plan, self.results, by=self.by, today=self.today).build()
        ):
            self._not_checked(plan, plan.history_rows())
            return
        self._rating_steps(plan)
        self._extra_steps(plan)
        self._leaving_and_death_steps(plan)
        steps = sorted(plan.steps, key=lambda step: step.order)
        for index, step in enumerate(steps):
            if not self._run(step):
                if not step.stops_person:
                    continue
                plan.failed_row = step.row
                self._not_checked(plan, [later.row for later in steps[index + 1 :]])
                return
            self.results.mark(step.row, step.outcome, step.detail)

    def _person(self, plan: PersonPlan) -> bool:
        """Add or update the person from their People row; False stops their other rows."""
        row = plan.person_row
        if plan.is_ambiguous:
            for other in plan.rows():
                self.results.fail_with(
                    other,
                    "local_identifier",
                    "More than one person on the "
                    "register has this local identifier. Use the NHS number",
                )
            return False
        if row is None:
            if plan.existing is None:
                for other in plan.rows():
                    self.results.fail_with(
                        other,
                        "nhs_number",
                        "No one with this NHS number (or "
                        "local identifier) is on the register or on the "
                        "People sheet",
                    )
                return False
            plan.person = plan.existing
            return True
        if self.results.is_error(row):
            plan.failed_row = row
            self._not_checked(plan, plan.rows())
            return False
        fields = {key: value for key, value in row.values.items() if key in PERSON_FIELDS}
        try:
            plan.person = self._save_person(plan, row, fields)
        except (ValidationError, DatabaseError) as error:
            if not isinstance(error, ValidationError):
                self.results.fail_with(row, "", COULD_NOT_SAVE)
            elif "confirm_possible_duplicate" in getattr(error, "error_dict", {}):
                self.results.fail_with(row, "confirm_possible_duplicate", POSSIBLE_DUPLICATE)
            else:
                self.results.fail_from_service(row, error, {})
            plan.failed_row = row
            self._not_checked(plan, plan.rows())
            return False
        return True

    def _save_person(self, plan: PersonPlan, row: ParsedRow, fields: dict[str, Any]) -> Person:
        if plan.existing is None:
            person = create_person(
                partnership=self.partnership,
                by=self.by,
                confirm_possible_duplicate=bool(row.values.get("confirm_possible_duplicate")),
                **fields,
            )
            self.results.mark(row, RowOutcome.CREATED, "New person")
            return person
        changed = changed_person_fields(plan.existing, fields)
        if not changed:
            return plan.existing
        person = update_person(person=plan.existing, by=self.by, **changed)
        names = ", ".join(row.headers.get(key, key) for key in changed)
        self.results.mark(row, RowOutcome.UPDATED, f"Changes: {names}")
        return person

    def _rating_steps(self, plan: PersonPlan) -> None:
        before = plan.existing_ratings
        for row in sorted(plan.rating_rows, key=lambda r: (r.values["effective_date"], r.number)):
            key = rating_key(row.values)
            if before[key] > 0:
                before[key] -= 1
                continue
            if key[3]:
                plan.automatic.append(row)  # checked once every step has run
                continue
            plan.add(self._rating_step(plan, row))

    def _rating_step(self, plan: PersonPlan, row: ParsedRow) -> Step:
        values, by = row.values, self.by

        def rate() -> None:
            rate_risk(
                person=plan.person,
                by=by,
                rag=values["rag"],
                effective_date=values["effective_date"],
                rationale=values.get("rationale", ""),
                consent_basis=values.get("consent_basis") or None,
            )

        return Step(
            values["effective_date"], PHASE_RATING, row, RowOutcome.CREATED, "New rating", rate
        )

    def _extra_steps(self, plan: PersonPlan) -> None:
        """Rows of other apps' sheets (reviews) not yet recorded become their services' calls."""
        context = StepContext(plan=plan, by=self.by, today=self.today)
        for kind, rows in plan.extra_rows.items():
            extra = EXTRA_SHEETS[kind]
            recorded = plan.extra_recorded.get(kind, Counter())
            new = []
            for row in rows:
                if self.results.is_error(row):
                    continue  # its cells could not be read
                key = extra.row_key(row)
                if recorded[key] > 0:
                    recorded[key] -= 1
                else:
                    new.append(row)
            extra.add_steps(context, new)

    def _leaving_and_death_steps(self, plan: PersonPlan) -> None:
        row = plan.person_row
        if row is None:
            return
        values, person, by = row.values, plan.person, self.by
        closed_on, reason = values.get("dsr_closed_on"), values.get("dsr_closed_reason", "")
        latest = plan.latest_dsr_entry
        already = (
            latest is not None
            and latest.status == DsrStatus.CLOSED
            and (latest.closed_on, latest.closed_reason) == (closed_on, reason)
        )
        if (closed_on or reason) and not already:
            plan.add(
                Step(
                    closed_on or date.max,
                    PHASE_LEAVE_DSR,
                    row,
                    RowOutcome.UPDATED,
                    "Leaves the DSR",
                    lambda: close_dsr_entry(
                        person=person, by=by, closed_on=closed_on, reason=reason
                    ),
                    LEAVE_FIELDS,
                )
            )
        if "date_of_death" not in values:
            return
        died, recorded = values["date_of_death"], plan.existing and plan.existing.date_of_death
        if recorded and died != recorded:
            self.results.fail_with(
                row,
                "date_of_death",
                "The register records a different date "
                f"of death ({long_date(recorded)}). An import cannot change it",
            )
        elif died and not recorded:
            plan.add(
                Step(
                    died,
                    PHASE_DEATH,
                    row,
                    RowOutcome.UPDATED,
                    "Records the death",
                    lambda: record_death(person=person, by=by, date_of_death=died),
                )
            )

    def _run(self, step: Step) -> bool:
        """One service call. Each service writes inside its own `transaction.atomic()` (a
        savepoint here), so a refused call has already been rolled back when its error arrives
        and the replay carries on in the same transaction."""
        try:
            step.action()
        except ValidationError as error:
            self.results.fail_from_service(step.row, error, step.fields)
            return False
        except DatabaseError:
            # A rule only the database knows (the services check first; this is a backstop).
            self.results.fail_with(step.row, "", COULD_NOT_SAVE)
            return False
        return True

    def _not_checked(self, plan: PersonPlan, rows: Iterable[ParsedRow]) -> None:
        cause = plan.failed_row
        for row in rows:
            if cause is not None and row is not cause and not self.results.is_error(row):
                self.results.fail_with(row, "", not_checked_message(cause))

    def _check_automatic_ratings(self, plans: list[PersonPlan]) -> None:
        """BLUE and RED set by admissions and discharges are not added: the services set them.
        Each such row must match one the replay produced."""
        waiting = [plan for plan in plans if plan.automatic and plan.person is not None]
        ids = [plan.person.pk for plan in waiting]  # type: ignore[union-attr]
        made: dict[int, Counter[RATING_KEY]] = defaultdict(Counter)
        for person_id, *values in (
            RiskRating.objects.for_partnership(self.partnership)
            .filter(person_id__in=ids, is_automatic=True)
            .values_list("person_id", "effective_date", "rag", "rationale", "is_automatic")
        ):
            made[person_id][(values[0], values[1], "", True)] += 1
        for plan in waiting:
            if plan.failed_row is not None:
                self._not_checked(plan, plan.automatic)
                continue
            available = made[plan.person.pk] - plan.existing_automatic  # type: ignore[union-attr]
            for row in plan.automatic:
                key = rating_key(row.values)
                if available[key] > 0:
                    available[key] -= 1
                    self.results.mark(row, RowOutcome.CREATED, "Set by the register (checked)")
                else:
                    self.results.fail_with(
                        row,
                        "is_automatic",
                        "The register does not set "
                        "this rating: no admission or discharge on this date "
                        "gives it. Remove the row, or enter No under 'Set "
                        "automatically' if a person made the rating",
                    )

    # --- before the replay ---------------------------------------------------------------------

    def _refuse_duplicates(self, parsed: dict[str, list[ParsedRow]]) -> None:
        keys: dict[str, Callable[[ParsedRow], Any]] = {
            "PEOPLE": lambda row: row.person_key,
            "SPELLS": lambda row: (
                row.person_key,
                row.values.get("admission_date"),
                row.values.get("ward_start_date") or row.values.get("admission_date"),
            ),
            "RATINGS": lambda row: (row.person_key, *rating_key(row.values)),
        }
        what = {"PEOPLE": "person", "SPELLS": "ward stay", "RATINGS": "rating"}
        for kind, extra in EXTRA_SHEETS.items():
            keys[kind] = lambda row, extra=extra: (row.person_key, extra.row_key(row))
            what[kind] = "row"
        for kind, rows in parsed.items():
            seen: dict[Any, ParsedRow] = {}
            for row in rows:
                if row.person_key is None or row.errors:
                    continue
                key = keys[kind](row)
                if key in seen:
                    self.results.fail_with(
                        row,
                        "nhs_number",
                        f"The same {what[kind]} is on row "
                        f"{seen[key].number}. Remove one of the two rows",
                    )
                else:
                    seen[key] = row

    def _plans(self, parsed: dict[str, list[ParsedRow]]) -> list[PersonPlan]:
        aliases = {
            "local:" + row.values["local_identifier"].casefold(): row.person_key
            for row in parsed.get("PEOPLE", [])
            if row.person_key
            and row.person_key.startswith("nhs:")
            and row.values.get("local_identifier")
        }
        plans: dict[str, PersonPlan] = {}
        sheets = [("PEOPLE", None), ("SPELLS", "spell_rows"), ("RATINGS", "rating_rows")]
        sheets += [(kind, "extra") for kind in EXTRA_SHEETS]
        for kind, attribute in sheets:
            for row in parsed.get(kind, []):
                if row.person_key is None and (kind != "PEOPLE" or row.errors):
                    continue  # already an error: no one to attach it to
                # A People row whose NHS number is not valid still goes to create_person, which
                # says what is wrong with the number.
                key = aliases.get(row.person_key or "", row.person_key or f"row:{row.number}")
                plan = plans.setdefault(key, PersonPlan(key=key))
                if attribute is None:
                    plan.person_row = plan.person_row or row
                elif attribute == "extra":
                    plan.extra_rows.setdefault(kind, []).append(row)
                else:
                    getattr(plan, attribute).append(row)
        return list(plans.values())

    def _load_register(self, plans: list[PersonPlan]) -> None:
        """The people, spells, ward stays, ratings and DSR entries the file names, as they are
        now, in a handful of queries."""
        people = Person.objects.for_partnership(self.partnership)
        by_key: dict[str, list[Person]] = defaultdict(list)
        numbers = [plan.key[4:] for plan in plans if plan.key.startswith("nhs:")]
        for person in people.filter(nhs_number__in=numbers):
            by_key["nhs:" + person.nhs_number].append(person)  # type: ignore[operator]
        locals_ = [plan.key[6:] for plan in plans if plan.key.startswith("local:")]
        for person in people.annotate(local=Lower("local_identifier")).filter(local__in=locals_):
            by_key["local:" + person.local_identifier.casefold()].append(person)
        for plan in plans:
            found = by_key.get(plan.key, [])
            plan.is_ambiguous = len(found) > 1
            plan.existing = found[0] if len(found) == 1 else None
        known = {plan.existing.pk: plan for plan in plans if plan.existing}
        stays = Prefetch(
            "ward_stays", WardStay.objects.select_related("ward").order_by("start_date")
        )
        for spell in (
            HospitalSpell.objects.for_partnership(self.partnership)
            .filter(person_id__in=known)
            .select_related("commissioner")
            .prefetch_related(stays)
        ):
            known[spell.person_id].spells[spell.admission_date] = spell
        for person_id, *values in (
            RiskRating.objects.for_partnership(self.partnership)
            .filter(person_id__in=known)
            .values_list("person_id", "effective_date", "rag", "rationale", "is_automatic")
        ):
            key = (values[0], values[1], "" if values[3] else values[2].strip(), values[3])
            known[person_id].existing_ratings[key] += 1
            if values[3]:
                known[person_id].existing_automatic[key] += 1
        for kind, extra in EXTRA_SHEETS.items():
            for person_id, keys in extra.recorded(self.partnership, list(known)).items():
                known[person_id].extra_recorded[kind] = keys
        for entry in (
            DsrEntry.objects.for_partnership(self.partnership)
            .filter(person_id__in=known)
            .order_by("person_id", "-added_on", "-pk")
            .distinct("person_id")
        ):
            known[entry.person_id].latest_dsr_entry = entry


def rating_key(values: dict[str, Any]) -> RATING_KEY:
    """Ratings are matched on date, RAG and rationale; an automatic one on date and RAG only,
    since the register writes its rationale."""
    automatic = bool(values.get("is_automatic"))
    rationale = "" if automatic else (values.get("rationale") or "").strip()
    return (values["effective_date"], values["rag"], rationale, automatic)


def changed_person_fields(person: Person, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields whose value in the file differs from the register's, compared as the service
    would store them (NHS number digits, upper-case postcode, cohorts in any order)."""
    changed = {}
    for name, value in fields.items():
        current = getattr(person, name)
        if name == "nhs_number":
            same = normalise_nhs_number(value or "") == (current or "")
        elif name == "nhs_number_absent_reason" and fields.get("nhs_number"):
            same = True  # an NHS number clears the reason anyway
        elif name == "home_postcode":
            same = (value or "").strip().upper() == current
        elif name == "cohorts":
            same = sorted(value or []) == sorted(current or [])
        elif hasattr(current, "pk") or hasattr(value, "pk"):
            same = getattr(current, "pk", current) == getattr(value, "pk", value)
        elif isinstance(value, str):
            same = value.strip() == (current or "")
        else:
            same = value == current
        if not same:
            changed[name] = value
    return changed
