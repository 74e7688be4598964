"""Changes recorded during a spell, each written as the spell's current value plus an
append-only history row: delays, planned discharge dates and legal status (DOMAIN.md 3)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from accounts.audit import audit_snapshot
from accounts.models import User

from ..models import (
    DelayReason,
    DischargeDelayRecord,
    HospitalSpell,
    LegalStatus,
    LegalStatusRecord,
    PlannedDischargeRecord,
)
from .base import Errors, announce_change, audit_update, check_date, constraint_messages, long_date
from .spells import SPELL_CONSTRAINTS, append_history, lock_open_spell


def record_discharge_delay(
    *,
    spell: HospitalSpell,
    by: User,
    clinically_ready_date: date | None,
    delay_reason: str,
    effective_date: date,
) -> HospitalSpell:
    """Clinically ready for discharge from a date, and why the person is still in hospital
    (a reason is required, V14). An empty clinically ready date records that the delay ended."""
    errors = Errors()
    admitted = (spell.admission_date, f"the admission date ({long_date(spell.admission_date)})")
    if clinically_ready_date:
        check_date(
            errors,
            "clinically_ready_date",
            clinically_ready_date,
            "clinically ready date",
            not_before=admitted,
        )
        if delay_reason not in DelayReason.values:
            errors.add("delay_reason", "Choose the reason the discharge is delayed")
    else:
        delay_reason = ""
    check_date(errors, "effective_date", effective_date, "date of this change", not_before=admitted)
    errors.raise_if_any()
    return _change_current(
        spell,
        by,
        DischargeDelayRecord,
        effective_date,
        clinically_ready_date=clinically_ready_date,
        delay_reason=delay_reason,
    )


def set_planned_discharge_date(
    *, spell: HospitalSpell, by: User, planned_discharge_date: date | None, effective_date: date
) -> HospitalSpell:
    """The planned (estimated) discharge date known to the commissioner; each change is kept."""
    errors = Errors()
    admitted = (spell.admission_date, f"the admission date ({long_date(spell.admission_date)})")
    check_date(
        errors,
        "planned_discharge_date",
        planned_discharge_date,
        "planned discharge date",
        required=False,
        not_future=False,
        not_before=admitted,
    )
    check_date(errors, "effective_date", effective_date, "date of this change", not_before=admitted)
    errors.raise_if_any()
    return _change_current(
        spell,
        by,
        PlannedDischargeRecord,
        effective_date,
        planned_discharge_date=planned_discharge_date,
    )


def set_legal_status(
    *, spell: HospitalSpell, by: User, legal_status: str, effective_date: date
) -> HospitalSpell:
    """Informal, or the Mental Health Act section the person is detained under; each change
    is kept."""
    errors = Errors()
    if legal_status not in LegalStatus.values:
        errors.add("legal_status", "Choose the legal status")
    check_date(
        errors,
        "effective_date",
        effective_date,
        "date the legal status started",
        not_before=(
            spell.admission_date,
            f"the admission date ({long_date(spell.admission_date)})",
        ),
    )
    errors.raise_if_any()
    return _change_current(spell, by, LegalStatusRecord, effective_date, legal_status=legal_status)


def _change_current(
    spell: HospitalSpell, by: User, history: type, effective_date: date, **values: object
) -> HospitalSpell:
    """Write the spell's current value and append the matching history row, in one transaction."""
    with constraint_messages(SPELL_CONSTRAINTS), transaction.atomic():
        spell, _ = lock_open_spell(spell)
        before = audit_snapshot(spell)
        for name, value in values.items():
            setattr(spell, name, value)
        spell.save(update_fields=[*values, "updated_at"])
        audit_update(by, spell, before)
        append_history(history, spell, by, effective_date, **values)
        announce_change(spell.person_id)
    return spell
