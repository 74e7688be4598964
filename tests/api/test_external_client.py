"""Issue 8's 'done when': an outside system, holding only a token, works the register over HTTP
against a live server: finds reference ids, lists and filters the register, admits a person,
reads this month's inpatient figure, discharges them and records their community review with
an action. (Monthly returns join this journey when the report runs have an API.)"""

from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from accounts.models import OrganisationType, Role
from accounts.tokens import create_api_token
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, WardFactory

from .conftest import visible_person


@pytest.mark.django_db(transaction=True)
def test_a_client_with_only_a_token_works_the_register_and_records_a_review(
    live_server, partnership
):
    user = UserFactory()
    MembershipFactory(user=user, partnership=partnership, role=Role.COMMISSIONER)
    _, secret = create_api_token(
        user=user, partnership=partnership, name="bed system", lifetime_days=30
    )
    OrganisationFactory(ods_code="QHG", type=OrganisationType.ICB)
    ward = WardFactory(site__ods_code="RWK01", name="Willow")
    person = visible_person(partnership)
    visible_person(partnership)

    api = requests.Session()
    api.headers["Authorization"] = f"Token {secret}"
    base = f"{live_server.url}/api/v1"

    def get(path: str, **params: str) -> dict:
        response = api.get(f"{base}{path}", params=params, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def post(path: str, body: dict, expect: int) -> dict:
        response = api.post(f"{base}{path}", json=body, timeout=10)
        assert response.status_code == expect, response.text
        return response.json()

    icb = get("/organisations/", ods_code="QHG")["results"][0]["id"]
    willow = get("/wards/", site_ods_code="RWK01")["results"][0]
    assert willow["id"] == ward.pk

    community = get("/people/", status="COMMUNITY")
    assert community["count"] == 2
    assert get("/people/", status="INPATIENT")["count"] == 0

    today = timezone.localdate()
    admitted_on = (today - timedelta(days=20)).isoformat()
    spell = post(
        f"/people/{person.pk}/admit/",
        {
            "admission_date": admitted_on,
            "ward": willow["id"],
            "commissioner": icb,
            "admission_source": "COMMUNITY",
            "legal_status": "S2",
        },
        201,
    )
    assert spell["admission_kind"] == "FIRST"
    this_month = get("/metrics/figures/", metric="H1")
    assert this_month["period"]["month"] == today.strftime("%Y-%m")
    assert this_month["figures"][0]["value"] == 1  # in hospital as at today
    inpatients = get("/people/", status="INPATIENT")["results"]
    assert [(row["id"], row["current_spell"]) for row in inpatients] == [(person.pk, spell["id"])]
    assert get("/spells/", is_open="true")["count"] == 1

    discharged = post(
        f"/spells/{spell['id']}/discharge/",
        {"discharge_date": today.isoformat(), "destination": "FAMILY_HOME"},
        200,
    )
    assert discharged["discharge_destination"] == "FAMILY_HOME"
    assert get("/people/", status="INPATIENT")["count"] == 0
    assert get(f"/spells/{spell['id']}/")["discharge_date"] == today.isoformat()

    review = post(
        f"/people/{person.pk}/reviews/record/",
        {
            "review_type": "COMMUNITY",
            "held_date": today.isoformat(),
            "outcome": "ADMISSION_AVOIDED",
            "panel": [
                {"role": "CHAIR_COMMISSIONER", "name": "A. Chair"},
                {"role": "EXPERT_BY_EXPERIENCE", "name": "B. Expert"},
                {"role": "CLINICAL_EXPERT", "name": "C. Clinician"},
            ],
            "actions": [
                {
                    "recommendation": "Weekly contact from the community team",
                    "due_date": (today + timedelta(days=14)).isoformat(),
                    "owner_organisation": icb,
                }
            ],
        },
        201,
    )
    assert review["status"] == "HELD"
    assert [a["current_status"] for a in review["actions"]] == ["OPEN"]
    assert get("/actions/", person=str(person.pk), status="OPEN")["count"] == 1

    without_token = requests.get(f"{base}/people/", timeout=10)
    assert without_token.status_code == 401
