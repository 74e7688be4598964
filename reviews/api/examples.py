"""Example bodies for the OpenAPI documentation of the reviews API (synthetic)."""

from register.api.examples import one, page_of, request

__all__ = ["ACTION", "RECORD_REVIEW", "REVIEW", "SCHEDULED_ITEM", "one", "page_of", "request"]

ACTION = {
    "id": 12,
    "person": 101,
    "review": 7,
    "recommendation": "Find a provider for a supported living placement near family.",
    "owner_organisation": 3,
    "owner_user": None,
    "due_date": "2026-12-15",
    "current_status": "OPEN",
    "created_at": "2026-10-16T14:00:00Z",
}

PANEL = [
    {
        "role": "CHAIR_COMMISSIONER",
        "name": "A. Chair",
        "organisation": "BLMK ICB",
        "is_independent_of_provider": True,
    },
    {
        "role": "EXPERT_BY_EXPERIENCE",
        "name": "B. Expert",
        "organisation": "",
        "is_independent_of_provider": True,
    },
    {
        "role": "CLINICAL_EXPERT",
        "name": "C. Clinician",
        "organisation": "",
        "is_independent_of_provider": True,
    },
]

REVIEW = {
    "id": 7,
    "person": 101,
    "spell": 55,
    "review_type": "POST_ADMISSION",
    "is_cetr": False,
    "status": "HELD",
    "requested_at": None,
    "offered_date": None,
    "held_date": "2026-10-16",
    "report_issued_date": "2026-10-30",
    "setting": "HOSPITAL",
    "person_attended": True,
    "family_or_carer_attended": True,
    "advocate_attended": False,
    "outcome": "NOT_SAFE_OR_NOT_APPROPRIATE",
    "is_safe": True,
    "is_good_care_now": False,
    "has_plans_for_future": False,
    "could_care_be_in_community": True,
    "is_in_right_place": False,
    "closed_on": None,
    "panel": PANEL,
    "actions": [ACTION],
    "created_at": "2026-10-16T14:00:00Z",
    "updated_at": "2026-10-30T09:00:00Z",
}

RECORD_REVIEW = {
    "review_type": "POST_ADMISSION",
    "held_date": "2026-10-16",
    "outcome": "NOT_SAFE_OR_NOT_APPROPRIATE",
    "setting": "HOSPITAL",
    "is_safe": True,
    "is_good_care_now": False,
    "has_plans_for_future": False,
    "could_care_be_in_community": True,
    "person_attended": True,
    "panel": [
        {k: v for k, v in seat.items() if k != "is_independent_of_provider"} for seat in PANEL
    ],
    "actions": [
        {
            "recommendation": "Find a provider for a supported living placement near family.",
            "due_date": "2026-12-15",
            "owner_organisation": 3,
        }
    ],
}

SCHEDULED_ITEM = {
    "id": 88,
    "person": 101,
    "spell": 55,
    "rule_id": "R5",
    "kind": "REPEAT_REVIEW",
    "anchor_date": "2026-10-16",
    "due_date": "2027-04-16",
    "status": "DUE",
    "satisfied_on": None,
    "satisfied_by_review": None,
    "satisfied_by_visit": None,
    "is_declined": False,
    "cancelled_on": None,
}
