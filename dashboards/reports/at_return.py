"""The Assuring Transformation reconciliation extract (DOMAIN.md 7).

One row per spell open at any time in the month (admitted on or before its last day and not
discharged before its first), with every value as at the cut (midnight on the month's last day),
read from the history rows. Objecting patients' identifiable fields are blanked (V15).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from accounts.models import Partnership
from register.geography import distance_from_home_km
from register.models import (
    DischargeDelayRecord,
    HospitalSpell,
    LegalStatusRecord,
    PlannedDischargeRecord,
    WardStay,
)
from register.models.choices import (
    CAMHS_BED_TYPES,
    SECURE_LEVELS,
    CommissionerType,
    destination_group,
)
from register.nhs_numbers import nhs_number_problem
from reviews.models import CareReview
from reviews.models.choices import ReviewStatus
from reviews.policy import RuleId
from reviews.schedule import ItemStatus, compute_schedule
from reviews.services import policy_settings, schedule_facts_for

from ..metrics.periods import month_end, month_start

COLUMNS = [
    "spell_id",
    "nhs_number",
    "date_of_birth",
    "gender",
    "ethnicity",
    "patient_category",
    "commissioner_ods",
    "commissioner_type",
    "provider_ods",
    "site_ods",
    "ward_type",
    "security_level",
    "admission_date",
    "total_length_of_stay_days",
    "admission_kind",
    "on_dsr_before_admission",
    "home_area",
    "distance_from_home_km",
    "last_cetr_date",
    "last_cetr_outcome",
    "legal_status",
    "ehc_plan",
    "planned_discharge_date",
    "discharge_date",
    "discharge_destination_group",
    "clinically_ready_date",
    "delay_reason",
    "patient_objection",
    "open_at_month_end",
    "admitted_in_month",
    "discharged_in_month",
]
IDENTIFIABLE = ("nhs_number", "date_of_birth")
ERROR, WARNING, INFO = "ERROR", "WARNING", "INFO"
# DOMAIN.md 7's validation rules: code -> (level, what is checked), in the words of the table.
RULES: dict[str, tuple[str, str]] = {
    "V01": (ERROR, "NHS number present, 10 digits, Modulus 11 valid, unique"),
    "V02": (ERROR, "Date of birth present, not after admission, age 120 or under"),
    "V03": (ERROR, "Admission date not after the month end"),
    "V04": (ERROR, "Discharge date not before admission nor after the month end"),
    "V05": (ERROR, "Discharge destination present if and only if discharged"),
    "V06": (ERROR, "Commissioner, provider, site, ward type and security level present"),
    "V07": (ERROR, "Learning disability, autism or both recorded"),
    "V08": (ERROR, "No overlapping spells; at most one open"),
    "V09": (ERROR, "Planned discharge date not before admission"),
    "V10": (WARNING, "Secure or CAMHS tier 4 bed with an ICB commissioner (or the reverse)"),
    "V11": (WARNING, "Under 18 on an adult ward, or 18 or over on CAMHS"),
    "V12": (WARNING, "Inpatient past the post-admission C(E)TR due date with none recorded"),
    "V13": (WARNING, "Legal status or ethnicity missing"),
    "V14": (ERROR, "Clinically ready date without a delay reason"),
    "V15": (INFO, "Person objected: NHS number and date of birth left blank"),
}


@dataclass
class Finding:
    code: str
    level: str
    spell_id: int
    person: str  # how a commissioner finds the person: local id or NHS number, never shown in pack
    field: str
    message: str

    def to_json(self) -> dict[str, object]:
        return self.__dict__.copy()


@dataclass
class AtReturn:
    period: date
    rows: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    def to_csv(self) -> bytes:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue().encode("utf-8")


def _yn(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def _km(value: int | None) -> str:
    return "" if value is None else str(value)


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _as_at(records: list, cut: date):
    """The latest history row effective on or before the cut (records pre-sorted)."""
    chosen = None
    for record in records:
        if record.effective_date <= cut:
            chosen = record
    return chosen


def _by_spell(model, spell_ids: list[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    rows = model.objects.filter(spell_id__in=spell_ids).order_by(
        "effective_date", "recorded_at", "pk"
    )
    for row in rows:
        found.setdefault(row.spell_id, []).append(row)
    return found


def build_at_return(*, partnership: Partnership, month: date) -> AtReturn:
    start, cut = month_start(month), month_end(month)
    spells = list(
        HospitalSpell.objects.for_partnership(partnership)
        .filter(admission_date__lte=cut)
        .filter(Q(discharge_date__isnull=True) | Q(discharge_date__gte=start))
        .select_related(
            "person", "provider", "site", "commissioner", "person__home_local_authority"
        )
        .order_by("admission_date", "pk")
    )
    ids = [s.pk for s in spells]
    legal = _by_spell(LegalStatusRecord, ids)
    planned = _by_spell(PlannedDischargeRecord, ids)
    delays = _by_spell(DischargeDelayRecord, ids)
    stays: dict[int, list[WardStay]] = {}
    for stay in (
        WardStay.objects.filter(spell_id__in=ids)
        .select_related("ward")
        .order_by("start_date", "pk")
    ):
        stays.setdefault(stay.spell_id, []).append(stay)
    last_review: dict[int, CareReview] = {}
    for review in CareReview.objects.filter(
        person_id__in={s.person_id for s in spells}, status=ReviewStatus.HELD, held_date__lte=cut
    ).order_by("held_date", "pk"):
        last_review[review.person_id] = review  # the latest held on or before the cut wins
    result = AtReturn(period=start)
    for spell in spells:
        row = _row(spell, cut, start, legal, planned, delays, stays, result)
        review = last_review.get(spell.person_id)
        if review is not None:
            row["last_cetr_date"] = _d(review.held_date)
            row["last_cetr_outcome"] = review.outcome
        result.rows.append(row)
    _check_people(spells, cut, result)
    _check_post_admission_reviews(spells, cut, result)
    return result


def _row(spell, cut, start, legal, planned, delays, stays, result) -> dict[str, str]:
    person = spell.person
    discharged = (
        spell.discharge_date if spell.discharge_date and spell.discharge_date <= cut else None
    )
    on_day = discharged or cut
    ward_stay = None
    for stay in stays.get(spell.pk, []):
        if stay.start_date <= on_day and (stay.end_date is None or stay.end_date >= on_day):
            ward_stay = stay
    if ward_stay is None and stays.get(spell.pk):
        ward_stay = stays[spell.pk][-1] if discharged else None
    ward = ward_stay.ward if ward_stay else None

    legal_row = _as_at(legal.get(spell.pk, []), cut)
    legal_status = (
        legal_row.legal_status if legal_row else ("" if legal.get(spell.pk) else spell.legal_status)
    )
    planned_row = _as_at(planned.get(spell.pk, []), cut)
    planned_date = (
        planned_row.planned_discharge_date
        if planned_row
        else (None if planned.get(spell.pk) else spell.planned_discharge_date)
    )
    delay_row = _as_at(delays.get(spell.pk, []), cut)
    if delay_row:
        ready, reason = delay_row.clinically_ready_date, delay_row.delay_reason
    elif delays.get(spell.pk):
        ready, reason = None, ""
    else:
        ready, reason = spell.clinically_ready_date, spell.delay_reason
    category = (
        "LD_AND_AUTISM"
        if person.has_learning_disability and person.has_autism
        else "LD"
        if person.has_learning_disability
        else "AUTISM"
        if person.has_autism
        else ""
    )
    who = person.local_identifier or person.nhs_number or f"person {person.pk}"
    row = {
        "spell_id": str(spell.pk),
        "nhs_number": person.nhs_number or "",
        "date_of_birth": _d(person.date_of_birth),
        "gender": person.sex,
        "ethnicity": person.ethnicity or "99",
        "patient_category": category,
        "commissioner_ods": spell.commissioner.ods_code,
        "commissioner_type": spell.commissioner_type,
        "provider_ods": spell.provider.ods_code,
        "site_ods": spell.site.ods_code,
        "ward_type": ward.bed_type if ward else "",
        "security_level": ward.security_level if ward else "",
        "admission_date": _d(spell.admission_date),
        "total_length_of_stay_days": str((on_day - spell.continuous_stay_start).days),
        "admission_kind": spell.admission_kind,
        "on_dsr_before_admission": _yn(spell.was_on_dsr_before_admission),
        "home_area": person.home_local_authority.ods_code if person.home_local_authority else "",
        "distance_from_home_km": _km(
            distance_from_home_km(person.home_postcode, spell.site.postcode)
        ),
        "last_cetr_date": "",
        "last_cetr_outcome": "",
        "legal_status": legal_status,
        "ehc_plan": _yn(person.has_ehc_plan),
        "planned_discharge_date": _d(planned_date),
        "discharge_date": _d(discharged),
        "discharge_destination_group": destination_group(spell.discharge_destination).value
        if discharged
        else "",
        "clinically_ready_date": _d(ready),
        "delay_reason": reason,
        "patient_objection": _yn(person.objects_to_at),
        "open_at_month_end": _yn(discharged is None),
        "admitted_in_month": _yn(spell.admission_date >= start),
        "discharged_in_month": _yn(discharged is not None),
    }
    _check_row(spell, row, cut, who, result)
    if person.objects_to_at:
        for name in IDENTIFIABLE:
            row[name] = ""
        result.findings.append(
            Finding(
                "V15",
                INFO,
                spell.pk,
                who,
                "nhs_number, date_of_birth",
                "Person objected: NHS number and date of birth left blank in the extract",
            )
        )
    return row


def _check_row(spell, row, cut, who, result) -> None:
    def add(code, level, field_name, message):
        result.findings.append(Finding(code, level, spell.pk, who, field_name, message))

    person = spell.person
    problem = nhs_number_problem(person.nhs_number or "")
    if problem:
        add("V01", ERROR, "nhs_number", problem)
    dob, admitted = person.date_of_birth, spell.admission_date
    if dob is None or dob > admitted or (cut.year - dob.year) > 120:
        add("V02", ERROR, "date_of_birth", "Date of birth is missing, after admission or over 120")
    if admitted > cut:
        add("V03", ERROR, "admission_date", "Admission date is after the month end")
    if row["discharge_date"] and not (admitted <= spell.discharge_date <= cut):
        add("V04", ERROR, "discharge_date", "Discharge date is before admission or after month end")
    if bool(row["discharge_date"]) != bool(row["discharge_destination_group"]):
        add(
            "V05", ERROR, "discharge_destination", "Discharge destination and date must go together"
        )
    for name in ("commissioner_ods", "provider_ods", "site_ods", "ward_type", "security_level"):
        if not row[name]:
            add("V06", ERROR, name, f"{name.replace('_', ' ').capitalize()} is missing")
    if not row["patient_category"]:
        add("V07", ERROR, "patient_category", "Record a learning disability, autism or both")
    planned = row["planned_discharge_date"]
    if planned and planned < row["admission_date"]:
        add("V09", ERROR, "planned_discharge_date", "Planned discharge date is before admission")
    secure_or_t4 = row["security_level"] in SECURE_LEVELS or row["ward_type"] in CAMHS_BED_TYPES
    if row["ward_type"] and secure_or_t4 == (spell.commissioner_type == CommissionerType.ICB):
        add(
            "V10",
            WARNING,
            "commissioner_type",
            "Secure or CAMHS tier 4 beds are usually NHS England's; others the ICB's",
        )
    if dob:
        age = cut.year - dob.year - ((cut.month, cut.day) < (dob.month, dob.day))
        is_camhs = row["ward_type"] in CAMHS_BED_TYPES
        if (age < 18 and row["ward_type"] and not is_camhs) or (age >= 18 and is_camhs):
            add("V11", WARNING, "ward_type", "Age does not match an adult or CAMHS ward")
    if not row["legal_status"]:
        add("V13", WARNING, "legal_status", "Legal status is missing")
    if person.ethnicity in ("", "99"):
        add("V13", WARNING, "ethnicity", "Ethnicity is missing (reported as 99)")
    if row["clinically_ready_date"] and not row["delay_reason"]:
        add("V14", ERROR, "delay_reason", "Clinically ready date is set without a delay reason")


def _check_people(spells, cut, result) -> None:
    seen: dict[str, int] = {}
    by_person: dict[int, list] = {}
    for spell in spells:
        by_person.setdefault(spell.person_id, []).append(spell)
        number = spell.person.nhs_number
        if number and seen.setdefault(number, spell.person_id) != spell.person_id:
            result.findings.append(
                Finding(
                    "V01",
                    ERROR,
                    spell.pk,
                    number,
                    "nhs_number",
                    "NHS number is used by more than one person",
                )
            )
    for person_spells in by_person.values():
        open_count = sum(
            1 for s in person_spells if s.discharge_date is None or s.discharge_date > cut
        )
        if open_count > 1:
            s = person_spells[-1]
            result.findings.append(
                Finding(
                    "V08",
                    ERROR,
                    s.pk,
                    s.person.local_identifier,
                    "admission_date",
                    "More than one open spell",
                )
            )


POST_ADMISSION_RULES = (RuleId.R3, RuleId.R4)


def _check_post_admission_reviews(spells, cut, result) -> None:
    """V12: an inpatient at the cut whose post-admission C(E)TR (R3 adult, R4 under 18) was due
    before the cut with none recorded (held, or declined when offered) by the cut.

    The schedule engine is asked as at the cut (`today` = the cut), so it reads only the facts
    dated on or before it, and the person's age and ward on that day: a review held after the
    cut, or an 18th birthday after it, does not change the month's return.
    """
    policy = policy_settings()
    open_at_cut = [s for s in spells if s.discharge_date is None or s.discharge_date > cut]
    facts = schedule_facts_for([spell.person for spell in open_at_cut])
    for spell in open_at_cut:
        person = spell.person
        items = compute_schedule(facts[person.pk], today=cut, settings=policy)
        overdue = next(
            (
                item
                for item in items
                if item.rule_id in POST_ADMISSION_RULES and item.status == ItemStatus.OVERDUE
            ),
            None,
        )
        if overdue is None:
            continue
        who = person.local_identifier or person.nhs_number or f"person {person.pk}"
        result.findings.append(
            Finding(
                "V12",
                WARNING,
                spell.pk,
                who,
                "last_cetr_date",
                f"No C(E)TR recorded since admission: the post-admission review ({overdue.rule_id})"
                f" was due by {overdue.due_date:%d %B %Y}",
            )
        )


def diff_returns(old_csv: bytes, new_csv: bytes) -> dict[str, list]:
    """Rows added, removed and changed (field by field), keyed by spell id."""

    def parse(data: bytes) -> dict[str, dict[str, str]]:
        return {r["spell_id"]: r for r in csv.DictReader(io.StringIO(data.decode("utf-8")))}

    old, new = parse(old_csv), parse(new_csv)
    changed = []
    for key in sorted(set(old) & set(new), key=int):
        fields = [
            {"field": name, "old": old[key].get(name, ""), "new": new[key].get(name, "")}
            for name in COLUMNS
            if old[key].get(name, "") != new[key].get(name, "")
        ]
        if fields:
            changed.append({"spell_id": key, "fields": fields})
    return {
        "added": sorted(set(new) - set(old), key=int),
        "removed": sorted(set(old) - set(new), key=int),
        "changed": changed,
    }
