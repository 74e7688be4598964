"""Issue 8's 'done when': an outside system, holding only a token, works the register over HTTP
against a live server: finds reference ids, lists and filters the register, admits a person,
reads this month's inpatient figure, discharges them and records their community review with
an action; then requests last month's AT return, polls the run until it is made and downloads
the CSV.

Celery runs eagerly under tcp.settings.test (not mocked): the run is made by the real task when
the request's transaction commits, inside the live server's thread."""

import csv
import hashlib
import io
import time
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, OrganisationType, Role
from accounts.tokens import create_api_token
from dashboards.metrics.periods import add_months, month_start
from tests.factories import (
    HospitalSpellFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    WardFactory,
)

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
    long_stay = visible_person(partnership, local_identifier="LS-1")
    today = timezone.localdate()
    last_month = add_months(month_start(today), -1)
    # In hospital since before last month: one row of last month's AT return.
    long_stay_spell = HospitalSpellFactory(
        person=long_stay, admission_date=add_months(last_month, -3)
    )

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
    assert community["count"] == 1
    assert get("/people/", status="INPATIENT")["count"] == 1

    admitted_on = month_start(today).isoformat()  # this month: not in last month's return
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
    assert this_month["figures"][0]["value"] == 2  # in hospital as at today
    inpatients = get("/people/", status="INPATIENT")["results"]
    assert (person.pk, spell["id"]) in [(row["id"], row["current_spell"]) for row in inpatients]
    assert get("/spells/", is_open="true")["count"] == 2

    discharged = post(
        f"/spells/{spell['id']}/discharge/",
        {"discharge_date": today.isoformat(), "destination": "FAMILY_HOME"},
        200,
    )
    assert discharged["discharge_destination"] == "FAMILY_HOME"
    assert get("/people/", status="INPATIENT")["count"] == 1  # the long stay
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

    # Last month's AT return: request it, poll the run until it is made, download the CSV.
    month = f"{last_month:%Y-%m}"
    queued = post("/report-runs/request/", {"kind": "AT_RETURN", "month": month}, 202)
    assert (queued["kind"], queued["month"], queued["version"]) == ("AT_RETURN", month, 1)
    run = queued
    deadline = time.monotonic() + 30
    while run["status"] in {"QUEUED", "RUNNING"} and time.monotonic() < deadline:
        time.sleep(0.2)
        run = get(f"/report-runs/{queued['id']}/")
    assert run["status"] == "SUCCEEDED", run["error"]
    assert run["is_current"] is True
    assert run["validation"]["rows"] == 1
    listed = get("/report-runs/", kind="AT_RETURN", month=month, is_current="true")["results"]
    assert [row["id"] for row in listed] == [run["id"]]

    file = api.get(run["download_url"], timeout=10)
    assert file.status_code == 200, file.text
    assert file.headers["Content-Type"] == "text/csv"
    assert file.headers["Content-Disposition"] == (
        f'attachment; filename="AT_{partnership.code}_{month}_v1.csv"'
    )
    assert hashlib.sha256(file.content).hexdigest() == run["checksum"]
    rows = list(csv.DictReader(io.StringIO(file.content.decode("utf-8"))))
    assert rows[0].keys() >= {"spell_id", "nhs_number", "admission_date", "discharge_date"}
    assert [(row["spell_id"], row["admission_date"]) for row in rows] == [
        (str(long_stay_spell.pk), long_stay_spell.admission_date.isoformat())
    ]
    assert AuditEvent.objects.filter(
        action=AuditAction.DOWNLOAD, user=user, object_id=str(run["id"])
    ).exists()

    without_token = requests.get(f"{base}/people/", timeout=10)
    assert without_token.status_code == 401
