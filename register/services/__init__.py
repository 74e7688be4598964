"""Every write to the register goes through these functions (STYLE.md 2): keyword-only, validated,
one transaction with its audit rows, and `register.signals.person_changed` after commit."""

from .community import (
    record_accommodation,
    record_annual_health_check,
    record_care_plan_review,
    record_coordinator_contact,
    record_criminal_justice_contact,
    record_crisis_plan,
    record_employment,
    record_health_equality_assessment,
    record_personal_budget,
    record_placement,
    record_psychiatric_referral,
)
from .dsr import close_dsr_entry, rate_risk, set_planned_admission
from .lifecycle import (
    assign_coordinator,
    record_death,
    set_transition_plan_started,
    transfer_partnership,
)
from .people import create_person, duplicate_person_ids, similar_people, update_person
from .spell_changes import record_discharge_delay, set_legal_status, set_planned_discharge_date
from .spells import admit_person, discharge_spell, move_ward, transfer_to_provider

__all__ = [
    "admit_person",
    "assign_coordinator",
    "close_dsr_entry",
    "create_person",
    "discharge_spell",
    "duplicate_person_ids",
    "move_ward",
    "rate_risk",
    "record_accommodation",
    "record_annual_health_check",
    "record_care_plan_review",
    "record_coordinator_contact",
    "record_criminal_justice_contact",
    "record_crisis_plan",
    "record_death",
    "record_discharge_delay",
    "record_employment",
    "record_health_equality_assessment",
    "record_personal_budget",
    "record_placement",
    "record_psychiatric_referral",
    "set_legal_status",
    "set_planned_admission",
    "set_planned_discharge_date",
    "set_transition_plan_started",
    "similar_people",
    "transfer_partnership",
    "transfer_to_provider",
    "update_person",
]
