"""Display logic for the register pages and the CSV export: templates print only what these give.

Ages, child/adult and transition flags, lengths of stay, NHS numbers shown 3-3-4, RAG tags and
"overdue" tags on key dates (DOMAIN.md 2.1-2.3, R12-R15)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .filters import Area
from .models import BedType, CommissionerType, LegalStatus, Person, Rag, SecurityLevel
from .nhs_numbers import format_nhs_number
from .rules import (
    ADULT_AGE,
    TRANSITION_FROM_AGE,
    TRANSITION_PLAN_MONTHS_BEFORE_18,
    add_months,
    add_years,
    completed_years,
)
from .selectors import PersonPage

RAG_TAG_CLASSES = {
    Rag.RED: "nhsuk-tag--red",
    Rag.AMBER: "nhsuk-tag--orange",
    Rag.GREEN: "nhsuk-tag--green",
    Rag.BLUE: "nhsuk-tag--blue",
}
CONTACT_DUE_DAYS = 28  # R12: inpatient face-to-face coordinator contact
YEARLY = 12  # months: R13 care plan review, annual health check


def long_date(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def rag_tag(rag: str | None) -> dict[str, str]:
    if not rag:
        return {"text": "Not on the DSR", "classes": "nhsuk-tag--white"}
    return {"text": Rag(rag).label, "classes": RAG_TAG_CLASSES[Rag(rag)]}


def age_group(born: date, today: date) -> str:
    age = completed_years(born, on=today)
    if age < TRANSITION_FROM_AGE:
        return "Child"
    if age < ADULT_AGE:
        return "Young person (transition)"
    return "Adult"


def length_of_stay(start: date | None, today: date) -> str:
    if start is None:
        return ""
    days = (today - start).days
    years, rest = divmod(days, 365)
    if years:
        return f"{days} days ({years} year{'s' if years > 1 else ''} {rest // 30} months)"
    return f"{days} days"


def label(choices: Any, value: str | None) -> str:
    return choices(value).label if value else ""


def area_label(is_in_area: bool | None) -> str:
    if is_in_area is None:
        return ""
    return Area.IN_AREA.label if is_in_area else Area.OUT_OF_AREA.label


class RegisterRow:
    """One row of the register list (and of its CSV export), from the register columns."""

    def __init__(self, person: Person, *, today: date) -> None:
        p: Any = person
        self.id = person.pk
        self.name = f"{person.family_name.upper()}, {person.given_name}"
        self.nhs_number = format_nhs_number(person.nhs_number) or "No NHS number"
        self.date_of_birth = long_date(person.date_of_birth)
        self.age = completed_years(person.date_of_birth, on=today)
        self.age_group = age_group(person.date_of_birth, today)
        self.is_inpatient = p.spell_id is not None
        self.status = "In hospital" if self.is_inpatient else "Community"
        self.hospital = f"{p.site_name} ({p.provider_name})" if self.is_inpatient else ""
        self.ward = p.ward_name or ""
        self.bed_type = label(BedType, p.bed_type)
        self.commissioner_type = label(CommissionerType, p.commissioner_type)
        self.area = area_label(p.is_in_area)
        self.admission_date = long_date(p.admission_date)
        self.los_days = (today - p.continuous_stay_start).days if p.continuous_stay_start else None
        self.rag = p.current_rag or ""
        self.rag_tag = rag_tag(p.current_rag)
        self.coordinator = p.coordinator_name or ""
        self.delayed_days = (
            (today - p.clinically_ready_date).days
            if p.clinically_ready_date and p.clinically_ready_date <= today
            else None
        )
        self.is_deceased = person.date_of_death is not None

    def csv_values(self, person: Person) -> list[Any]:
        return [
            self.id,
            person.nhs_number or "",
            person.family_name,
            person.given_name,
            person.date_of_birth.isoformat(),
            self.age,
            self.status,
            self.hospital,
            self.ward,
            self.bed_type,
            self.commissioner_type,
            self.area,
            self.admission_date,
            "" if self.los_days is None else self.los_days,
            self.rag,
            self.coordinator,
            "" if self.delayed_days is None else self.delayed_days,
        ]


CSV_HEADER = [
    "Record number",
    "NHS number",
    "Family name",
    "Given name",
    "Date of birth",
    "Age",
    "Where",
    "Hospital",
    "Ward",
    "Bed type",
    "Commissioner",
    "Area",
    "Admission date",
    "Length of stay (days)",
    "DSR rating",
    "Care coordinator",
    "Delayed discharge (days)",
]


@dataclass(frozen=True)
class KeyDate:
    label: str
    value: str
    tag: dict[str, str] | None = None


def _overdue(day: date | None, today: date) -> dict[str, str] | None:
    if day and day < today:
        return {"text": "Overdue", "classes": "nhsuk-tag--red"}
    return None


class PersonPresenter:
    """The summary card, key dates and timeline of the person page."""

    def __init__(self, page: PersonPage, *, today: date) -> None:
        person: Any = page.person
        self.page, self.today = page, today
        self.id = person.pk
        self.name = f"{person.given_name} {person.family_name}"
        self.preferred_name = person.preferred_name
        self.nhs_number = format_nhs_number(person.nhs_number) or (
            f"None ({person.get_nhs_number_absent_reason_display().lower()}); "
            f"local identifier {person.local_identifier}"
        )
        self.age = completed_years(person.date_of_birth, on=today)
        self.age_group = age_group(person.date_of_birth, today)
        self.is_transition = TRANSITION_FROM_AGE <= self.age < ADULT_AGE
        self.is_deceased = person.date_of_death is not None
        self.rag_tag = rag_tag(person.current_rag)
        self.is_inpatient = page.spell is not None
        self.area = area_label(person.is_in_area)

    def summary_rows(self) -> list[dict[str, Any]]:
        person: Any = self.page.person
        rows = [
            ("NHS number", self.nhs_number),
            ("Date of birth", f"{long_date(person.date_of_birth)} (age {self.age})"),
            (
                "Age group",
                self.age_group + (", preparing for adulthood" if self.is_transition else ""),
            ),
            ("Diagnosis", person.patient_category.label),
            ("Where", self._where()),
            ("Care coordinator", self._coordinator()),
        ]
        if self.is_deceased:
            rows.append(("Date of death", long_date(person.date_of_death)))
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]

    def spell_rows(self) -> list[dict[str, Any]]:
        spell, stay = self.page.spell, self.page.ward_stay
        if spell is None:
            return []
        rows = [
            ("Hospital", f"{spell.site.name} ({spell.provider.name})"),
            ("Ward", f"{stay.ward.name}" if stay else ""),
            (
                "Bed type",
                f"{stay.ward.get_bed_type_display()}, "
                f"{SecurityLevel(stay.ward.security_level).label.lower()}"
                if stay
                else "",
            ),
            ("Area", self.area),
            (
                "Admitted",
                f"{long_date(spell.admission_date)} ({spell.get_admission_kind_display().lower()})",
            ),
            ("Length of stay", length_of_stay(spell.continuous_stay_start, self.today)),
            (
                "Commissioner",
                f"{spell.commissioner.name} ({spell.get_commissioner_type_display()})",
            ),
            ("Legal status", label(LegalStatus, spell.legal_status) or "Not recorded"),
        ]
        if spell.clinically_ready_date and spell.delay_reason:
            rows.append(("Delay reason", spell.get_delay_reason_display()))
        return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows]

    def key_dates(self) -> list[KeyDate]:
        page, today = self.page, self.today
        person: Any = page.person
        dates: list[KeyDate] = []
        if page.spell:
            planned = page.spell.planned_discharge_date
            dates.append(
                KeyDate(
                    "Planned discharge",
                    long_date(planned) or "Not recorded",
                    _overdue(planned, today),
                )
            )
            ready = page.spell.clinically_ready_date
            if ready:
                tag = {
                    "text": f"Delayed {(today - ready).days} days",
                    "classes": "nhsuk-tag--orange",
                }
                dates.append(
                    KeyDate(
                        "Clinically ready for discharge",
                        long_date(ready),
                        tag if ready <= today else None,
                    )
                )
            contact_due = (
                page.last_coordinator_contact + timedelta(days=CONTACT_DUE_DAYS)
                if page.last_coordinator_contact
                else None
            )
            dates.append(
                KeyDate(
                    "Last care coordinator contact",
                    long_date(page.last_coordinator_contact) or "None recorded",
                    _overdue(contact_due, today),
                )
            )
        planned_admission = page.dsr_entry.planned_admission_date if page.dsr_entry else None
        if planned_admission and not page.spell:
            dates.append(KeyDate("Planned admission", long_date(planned_admission), None))
        if page.latest_rating and page.latest_rating.next_review_due:
            due = page.latest_rating.next_review_due
            dates.append(KeyDate("Next DSR review", long_date(due), _overdue(due, today)))
        plan_due = (
            add_months(page.last_care_plan_review, YEARLY) if page.last_care_plan_review else None
        )
        dates.append(
            KeyDate(
                "Care plan review due",
                long_date(plan_due) or "No review recorded",
                _overdue(plan_due, today),
            )
        )
        if self.age >= TRANSITION_FROM_AGE:
            check_due = (
                add_months(page.last_health_check, YEARLY) if page.last_health_check else None
            )
            dates.append(
                KeyDate(
                    "Annual health check due",
                    long_date(check_due) or "No check recorded",
                    _overdue(check_due, today),
                )
            )
        if self.age < ADULT_AGE:
            eighteenth = add_years(person.date_of_birth, ADULT_AGE)
            start_by = add_months(eighteenth, -TRANSITION_PLAN_MONTHS_BEFORE_18)
            started = person.transition_plan_started_on
            if started:
                dates.append(KeyDate("Transition planning started", long_date(started), None))
            else:
                tag = (
                    {"text": "Now due", "classes": "nhsuk-tag--yellow"}
                    if today >= start_by
                    else None
                )
                dates.append(KeyDate("Transition planning starts by", long_date(start_by), tag))
            dates.append(KeyDate("18th birthday (adult rules apply)", long_date(eighteenth)))
        return dates

    def timeline(self) -> list[dict[str, Any]]:
        return [
            {
                "date": long_date(event.day),
                "title": event.title,
                "lines": event.lines,
                "tag": rag_tag(event.rag) if event.rag else None,
                "kind": event.kind,
            }
            for event in self.page.timeline
        ]

    def _where(self) -> str:
        if self.is_deceased:
            return "Died"
        if self.page.spell:
            return f"In hospital since {long_date(self.page.spell.admission_date)}"
        return "In the community"

    def _coordinator(self) -> str:
        assignment = self.page.coordinator
        if assignment is None:
            return "None assigned"
        name = assignment.user.full_name if assignment.user else assignment.external_name
        parts = [name]
        if assignment.organisation:
            parts.append(assignment.organisation.name)
        if assignment.is_cpa:
            parts.append("CPA")
        return ", ".join(parts) + f" (since {long_date(assignment.start_date)})"
