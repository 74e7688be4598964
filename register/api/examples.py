"""Example bodies for the OpenAPI documentation (synthetic: the NHS number is a test number)."""

from drf_spectacular.utils import OpenApiExample

PERSON = {
    "id": 101,
    "nhs_number": "9990000018",
    "nhs_number_absent_reason": "",
    "local_identifier": "",
    "given_name": "Sam",
    "family_name": "Example",
    "preferred_name": "",
    "date_of_birth": "1996-04-12",
    "date_of_death": None,
    "sex": "1",
    "ethnicity": "A",
    "has_learning_disability": True,
    "has_autism": True,
    "has_mental_health_condition": False,
    "home_postcode": "MK40 1AA",
    "home_local_authority": 12,
    "gp_practice_code": "E81001",
    "responsible_commissioner": 3,
    "has_ehc_plan": False,
    "cohorts": ["2"],
    "support_level": "",
    "objects_to_at": False,
    "consent_date": "2026-01-05",
    "consent_basis": "CONSENT",
    "current_rag": "AMBER",
    "current_spell": None,
    "created_at": "2026-01-05T10:02:11Z",
    "updated_at": "2026-10-30T15:40:02Z",
}

SPELL = {
    "id": 55,
    "person": 101,
    "admission_date": "2026-09-14",
    "provider": 21,
    "site": 7,
    "current_ward": 31,
    "commissioner": 3,
    "commissioner_type": "ICB",
    "admission_source": "COMMUNITY",
    "admission_kind": "FIRST",
    "is_planned": False,
    "was_on_dsr_before_admission": True,
    "transferred_from": None,
    "continuous_stay_start": "2026-09-14",
    "reason_for_admission": "",
    "has_section17_extended_leave": False,
    "legal_status": "S2",
    "planned_discharge_date": "2026-12-01",
    "clinically_ready_date": None,
    "delay_reason": "",
    "discharge_date": None,
    "discharge_destination": "",
    "returned_to_previous_home": None,
    "created_at": "2026-09-14T09:12:00Z",
    "updated_at": "2026-09-14T09:12:00Z",
}

WARD_STAY = {
    "id": 77,
    "person": 101,
    "spell": 55,
    "ward": 31,
    "start_date": "2026-09-14",
    "end_date": None,
}

RISK_RATING = {
    "id": 301,
    "person": 101,
    "dsr_entry": 40,
    "rag": "AMBER",
    "effective_date": "2026-10-30",
    "rationale": "Placement under strain; weekly contact agreed.",
    "next_review_due": "2026-11-27",
    "is_automatic": False,
    "recorded_at": "2026-10-30T15:40:02Z",
}

WARD = {
    "id": 31,
    "name": "Willow ward",
    "site": {"id": 7, "ods_code": "RWK01", "name": "Example hospital", "provider": 21},
    "bed_type": "AT_UNIT",
    "security_level": "NONE",
    "designation": "LD",
    "is_active": True,
}

ORGANISATION = {
    "id": 3,
    "ods_code": "QHG",
    "name": "NHS Bedfordshire, Luton and Milton Keynes ICB",
    "type": "ICB",
}


def page_of(name: str, item: dict) -> OpenApiExample:
    """One item; drf-spectacular wraps it in a page (count, next, previous, results)."""
    return OpenApiExample(name, value=item, response_only=True, status_codes=["200"])


def one(name: str, item: dict, status: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=item, response_only=True, status_codes=[status])


def request(name: str, body: dict) -> OpenApiExample:
    return OpenApiExample(name, value=body, request_only=True)
