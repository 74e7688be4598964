"""The dynamic support register: entries held with consent and append-only RAG ratings
(DOMAIN.md 2.2). BLUE is set automatically on admission, RED on discharge."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.audit import audit_snapshot
from accounts.models import User

from ..models import DsrClosedReason, DsrEntry, DsrStatus, HospitalSpell, Person, Rag, RiskRating
from ..rules import dsr_post_discharge_red_days, dsr_review_days
from .base import (
    Errors,
    announce_change,
    audit_create,
    audit_update,
    check_date,
    constraint_messages,
    refuse_if_before,
    today,
)

MANUAL_RAGS = (Rag.RED, Rag.AMBER, Rag.GREEN)
DSR_CONSTRAINTS = {
    "dsr_one_active_entry_per_person": "This person was added to the dynamic support register by "
    "someone else while you were typing. Reload the page and try again."
}
NEEDS_BASIS = (
    "Choose the basis for adding the person to the dynamic support register: consent, "
    "a best-interests decision or parental responsibility"
)


def rate_risk(
    *,
    person: Person,
    by: User,
    rag: str,
    effective_date: date,
    rationale: str = "",
    consent_basis: str | None = None,
) -> RiskRating:
    """Record a RED, AMBER or GREEN rating. Someone not yet on the DSR is added, which needs a
    consent basis (given here or already on the person). The next review is due after
    DSR_REVIEW_DAYS for the rating (R14)."""
    errors = Errors()
    if rag == Rag.BLUE:
        errors.add("rag", "Blue is set automatically while the person is in hospital")
    elif rag not in MANUAL_RAGS:
        errors.add("rag", "Choose red, amber or green")
    check_date(
        errors,
        "effective_date",
        effective_date,
        "date of the rating",
        not_before=(person.date_of_birth, "the date of birth"),
    )
    errors.raise_if_any()
    with constraint_messages(DSR_CONSTRAINTS), transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        if person.date_of_death:
            raise ValidationError("This person has died, so they cannot be rated")
        if HospitalSpell.objects.filter(person=person, discharge_date__isnull=True).exists():
            raise ValidationError(
                {
                    "rag": "This person is in hospital, so their rating stays blue until "
                    "they are discharged"
                }
            )
        entry = _active_entry(person)
        if entry is None:
            basis = consent_basis or person.consent_basis
            if not basis:
                raise ValidationError({"consent_basis": NEEDS_BASIS})
            entry = _add_entry(person, by, added_on=effective_date, consent_basis=basis)
        _refuse_earlier_than_current(entry, effective_date)
        rating = _add_rating(
            entry,
            rag=rag,
            effective_date=effective_date,
            rationale=rationale,
            rated_by=by,
            by=by,
            next_review_due=_review_due(rag, effective_date),
        )
        announce_change(person.pk)
    return rating


def close_dsr_entry(*, person: Person, by: User, closed_on: date, reason: str) -> DsrEntry:
    """Take a person off the DSR with a reason; their ratings are kept."""
    errors = Errors()
    if reason not in DsrClosedReason.values:
        errors.add("reason", "Choose why the person is leaving the dynamic support register")
    check_date(errors, "closed_on", closed_on, "date they left the register")
    errors.raise_if_any()
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        entry = _active_entry(person)
        if entry is None:
            raise ValidationError("This person is not on the dynamic support register")
        latest = entry.ratings.order_by("-effective_date", "-recorded_at", "-pk").first()
        earliest = max(entry.added_on, latest.effective_date if latest else entry.added_on)
        refuse_if_before(
            "closed_on", "Date they left the register", closed_on, earliest, "the latest rating"
        )
        before = audit_snapshot(entry)
        entry.status, entry.closed_on, entry.closed_reason = DsrStatus.CLOSED, closed_on, reason
        entry.save(update_fields=["status", "closed_on", "closed_reason", "updated_at"])
        audit_update(by, entry, before)
        announce_change(person.pk)
    return entry


# A planned admission further ahead than this is a typing slip, not a plan.
PLANNED_ADMISSION_MAX_DAYS_AHEAD = 366


def set_planned_admission(
    *, person: Person, by: User, planned_admission_date: date | None
) -> DsrEntry:
    """Record (or clear, with None) the date an admission is planned or being considered for
    someone on the DSR. The community C(E)TR is then due by that date (R1)."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        entry = _active_entry(person)
        if entry is None:
            raise ValidationError(
                "Add the person to the dynamic support register (rate their risk) before "
                "recording a planned admission"
            )
        if person.date_of_death:
            raise ValidationError("This person has died, so no admission can be planned")
        if HospitalSpell.objects.filter(person=person, discharge_date__isnull=True).exists():
            raise ValidationError(
                "This person is already in hospital. Record a planned admission only for "
                "someone in the community"
            )
        if planned_admission_date is not None:
            errors = Errors()
            check_date(
                errors,
                "planned_admission_date",
                planned_admission_date,
                "planned admission date",
                not_future=False,
                not_before=(entry.added_on, "the date they were added to the register"),
            )
            latest = today() + timedelta(days=PLANNED_ADMISSION_MAX_DAYS_AHEAD)
            if planned_admission_date > latest:
                errors.add(
                    "planned_admission_date",
                    "Planned admission date must be within a year from today",
                )
            errors.raise_if_any()
        before = audit_snapshot(entry)
        entry.planned_admission_date = planned_admission_date
        entry.save(update_fields=["planned_admission_date", "updated_at"])
        audit_update(by, entry, before)
        announce_change(person.pk)
    return entry


def rate_automatically_on_admission(
    person: Person, *, by: User | None, admission_date: date
) -> None:
    """BLUE from the admission date; someone not on the DSR is added with their consent basis.
    Without a recorded basis the person cannot be held on the DSR, so nothing is added."""
    entry = _active_entry(person)
    if entry is None:
        if not person.consent_basis:
            return
        entry = _add_entry(person, by, added_on=admission_date, consent_basis=person.consent_basis)
    if entry.planned_admission_date is not None:
        # The plan has played out: a date left behind would rule the next RED run's R1 item.
        entry.planned_admission_date = None
        entry.save(update_fields=["planned_admission_date", "updated_at"])
    latest = entry.ratings.order_by("-effective_date", "-recorded_at", "-pk").first()
    if latest and latest.rag == Rag.BLUE:
        return  # a transfer between hospitals: still an inpatient
    _add_rating(
        entry,
        rag=Rag.BLUE,
        effective_date=admission_date,
        by=by,
        is_automatic=True,
        rationale="Admitted to hospital (set automatically).",
    )


def rate_automatically_on_discharge(
    person: Person, *, by: User | None, discharge_date: date
) -> None:
    """RED for DSR_POST_DISCHARGE_RED_DAYS after discharge, then the person must be re-rated."""
    entry = _active_entry(person)
    if entry is None:
        if not person.consent_basis:
            return
        entry = _add_entry(person, by, added_on=discharge_date, consent_basis=person.consent_basis)
    days = dsr_post_discharge_red_days()
    _add_rating(
        entry,
        rag=Rag.RED,
        effective_date=discharge_date,
        by=by,
        is_automatic=True,
        next_review_due=discharge_date + timedelta(days=days),
        rationale=f"Discharged from hospital: red for {days} days after discharge (set "
        "automatically), then re-rate.",
    )


def _active_entry(person: Person) -> DsrEntry | None:
    return DsrEntry.objects.filter(person=person, status=DsrStatus.ACTIVE).first()


def _add_entry(person: Person, by: User | None, *, added_on: date, consent_basis: str) -> DsrEntry:
    entry = DsrEntry.objects.create(
        partnership_id=person.partnership_id,
        person=person,
        added_on=added_on,
        consent_basis=consent_basis,
    )
    audit_create(by, entry)
    return entry


def _add_rating(
    entry: DsrEntry,
    *,
    rag: str,
    effective_date: date,
    by: User | None,
    rated_by: User | None = None,
    is_automatic: bool = False,
    rationale: str = "",
    next_review_due: date | None = None,
) -> RiskRating:
    rating = RiskRating.objects.create(
        partnership_id=entry.partnership_id,
        person_id=entry.person_id,
        dsr_entry=entry,
        rag=rag,
        effective_date=effective_date,
        rationale=rationale,
        next_review_due=next_review_due,
        rated_by=rated_by,
        is_automatic=is_automatic,
    )
    audit_create(by, rating)
    return rating


def _refuse_earlier_than_current(entry: DsrEntry, effective_date: date) -> None:
    """Ratings are append-only and the current one is the latest by date: a back-dated rating
    would silently not become current, so it is refused."""
    latest = entry.ratings.order_by("-effective_date", "-recorded_at", "-pk").first()
    floor = max(entry.added_on, latest.effective_date if latest else entry.added_on)
    refuse_if_before(
        "effective_date", "Date of the rating", effective_date, floor, "the current rating"
    )


def _review_due(rag: str, effective_date: date) -> date | None:
    days = dsr_review_days(rag)
    return effective_date + timedelta(days=days) if days is not None else None
