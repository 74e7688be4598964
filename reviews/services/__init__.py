"""Every write of the reviews app: keyword-only, atomic, audited, side effects after commit."""

from .actions import NewAction, add_action, change_action_status
from .care_reviews import cancel_review, decline_review, plan_review, update_review
from .digests import DigestResult, send_coordinator_digest, send_coordinator_digests
from .held import PanelSeat, correct_held_review, mark_review_held, panel_rows, record_review
from .schedule import (
    RecomputeResult,
    policy_settings,
    recompute_all_schedules,
    recompute_schedule,
    schedule_facts,
    schedule_facts_for,
)
from .visits import record_oversight_visit

__all__ = [
    "DigestResult",
    "NewAction",
    "PanelSeat",
    "RecomputeResult",
    "add_action",
    "cancel_review",
    "change_action_status",
    "correct_held_review",
    "decline_review",
    "mark_review_held",
    "panel_rows",
    "plan_review",
    "policy_settings",
    "recompute_all_schedules",
    "recompute_schedule",
    "record_oversight_visit",
    "record_review",
    "schedule_facts",
    "schedule_facts_for",
    "send_coordinator_digest",
    "send_coordinator_digests",
    "update_review",
]
