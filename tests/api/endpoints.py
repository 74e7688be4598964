"""Every API endpoint: who may call it, and how to build a request that an allowed caller gets
`ok` for. tests/api/test_access.py checks each one for 401 / 403 / 404 / ok and fails on any
endpoint under /api/ that is missing here.

`prepare(partnership, user)` creates what the request needs in that partnership (on the user's
caseload, so that care coordinators may reach it) and returns the URL kwargs, the JSON body and
any headers. `owned=False`: the URL names no partnership record (no 404 check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import OrganisationType, Role
from register.models import Person
from tcp.api import etag_for
from tests.factories import (
    HospitalSpellFactory,
    OrganisationFactory,
    RiskRatingFactory,
    WardFactory,
    synthetic_nhs_numbers,
)

from .conftest import visible_person

ALL = frozenset(Role)
PERSON_LEVEL = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})
COMMISSIONER = frozenset({Role.COMMISSIONER})
PLAN_DISCHARGE = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})


@dataclass
class Call:
    kwargs: dict[str, Any] | None = None
    data: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    roles: frozenset[Role]
    method: str = "get"
    prepare: Callable[[Any, Any], Call] = lambda partnership, user: Call()
    ok: int = 200
    owned: bool = True
    # Person-level data (never for board members). Report runs are not: board members read
    # board packs, as on the Reports pages (tests/access_matrix.py).
    person_level: bool = True


def days_ago(days: int) -> str:
    return (timezone.localdate() - timedelta(days=days)).isoformat()


def _person(p, user) -> Call:
    return Call({"person_id": visible_person(p, user).pk})


def _spell(p, user) -> Call:
    return Call({"spell_id": HospitalSpellFactory(person=visible_person(p, user)).pk})


def _ward_stay(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    return Call({"ward_stay_id": spell.ward_stays.get().pk})


def _rating(p, user) -> Call:
    person = visible_person(p, user)
    return Call({"rating_id": RiskRatingFactory(dsr_entry__person=person).pk})


def new_person_body(**fields: Any) -> dict[str, Any]:
    return {
        "nhs_number": synthetic_nhs_numbers(1)[0],
        "given_name": "Sam",
        "family_name": "Newcomer",
        "date_of_birth": "1996-04-12",
        "has_learning_disability": True,
        **fields,
    }


def _create(p, user) -> Call:
    return Call(data=new_person_body())


def _update(p, user) -> Call:
    person = visible_person(p, user)
    etag = etag_for(Person.objects.get(pk=person.pk))
    return Call({"person_id": person.pk}, {"home_postcode": "MK41 7AB"}, {"HTTP_IF_MATCH": etag})


def admission_body() -> dict[str, Any]:
    return {
        "admission_date": days_ago(30),
        "ward": WardFactory().pk,
        "commissioner": OrganisationFactory(type=OrganisationType.ICB).pk,
        "admission_source": "COMMUNITY",
    }


def _admit(p, user) -> Call:
    return Call({"person_id": visible_person(p, user).pk}, admission_body())


def _rate(p, user) -> Call:
    body = {"rag": "AMBER", "effective_date": days_ago(3), "consent_basis": "CONSENT"}
    return Call({"person_id": visible_person(p, user).pk}, body)


def _discharge(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    body = {"discharge_date": days_ago(1), "destination": "SUPPORTED_LIVING"}
    return Call({"spell_id": spell.pk}, body)


def _move(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    body = {"ward": WardFactory(site=spell.site).pk, "move_date": days_ago(2)}
    return Call({"spell_id": spell.pk}, body)


def _transfer(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    return Call({"spell_id": spell.pk}, {"transfer_date": days_ago(1), "ward": WardFactory().pk})


def _delay(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    body = {
        "clinically_ready_date": days_ago(5),
        "delay_reason": "HOUSING",
        "effective_date": days_ago(1),
    }
    return Call({"spell_id": spell.pk}, body)


def _planned(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    body = {"planned_discharge_date": days_ago(-30), "effective_date": days_ago(1)}
    return Call({"spell_id": spell.pk}, body)


def _legal(p, user) -> Call:
    spell = HospitalSpellFactory(person=visible_person(p, user))
    return Call({"spell_id": spell.pk}, {"legal_status": "S3", "effective_date": days_ago(1)})


REVIEWERS = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.PARTNERSHIP_ADMIN})
REVIEW_EDITORS = frozenset({Role.COMMISSIONER, Role.CARE_COORDINATOR})
PANEL = [
    {"role": "CHAIR_COMMISSIONER", "name": "A. Chair"},
    {"role": "EXPERT_BY_EXPERIENCE", "name": "B. Expert"},
    {"role": "CLINICAL_EXPERT", "name": "C. Clinician"},
]


def community_review_body(**fields: Any) -> dict[str, Any]:
    return {
        "review_type": "COMMUNITY",
        "held_date": days_ago(10),
        "outcome": "ADMISSION_AVOIDED",
        "panel": PANEL,
        "actions": [
            {
                "recommendation": "Find a crisis bed near home.",
                "due_date": days_ago(-20),
                "owner_organisation": OrganisationFactory().pk,
            }
        ],
        **fields,
    }


def held_review(person):
    """A community C(E)TR with one action, recorded through the service as a commissioner;
    the schedule it triggers after commit is computed too."""
    from django.test import TestCase

    from reviews.services import NewAction, PanelSeat, record_review
    from tests.factories import MembershipFactory, UserFactory

    chair = MembershipFactory(user=UserFactory(), partnership=person.partnership).user
    action = NewAction(
        recommendation="Find a crisis bed near home.",
        due_date=timezone.localdate() + timedelta(days=20),
        owner_organisation=OrganisationFactory(),
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        return record_review(
            person=person,
            by=chair,
            review_type="COMMUNITY",
            held_date=timezone.localdate() - timedelta(days=10),
            outcome="ADMISSION_AVOIDED",
            panel=[PanelSeat(role=seat["role"], name=seat["name"]) for seat in PANEL],
            actions=[action],
        )


def _review(p, user) -> Call:
    return Call({"review_id": held_review(visible_person(p, user)).pk})


def _record_review(p, user) -> Call:
    return Call({"person_id": visible_person(p, user).pk}, community_review_body())


def _action_status(p, user) -> Call:
    action = held_review(visible_person(p, user)).actions.get()
    return Call({"action_id": action.pk}, {"status": "IN_PROGRESS"})


def _search(p, user) -> Call:
    return Call(data={"search": visible_person(p, user).family_name})


REPORT_READERS = frozenset({Role.COMMISSIONER, Role.BOARD_MEMBER})


def finished_run(partnership, kind: str = "BOARD_PACK", content: bytes = b"report", **fields):
    """A report version that has succeeded, with its (tiny) file, as run_report leaves it."""
    import datetime as dt
    import hashlib

    from django.core.files.base import ContentFile

    from dashboards.models import ReportRun

    period = fields.pop("period", dt.date(2026, 3, 1))
    latest = ReportRun.objects.filter(partnership=partnership, kind=kind, period=period)
    run = ReportRun(
        partnership=partnership,
        kind=kind,
        period=period,
        version=(latest.order_by("-version").values_list("version", flat=True).first() or 0) + 1,
        status="SUCCEEDED",
        checksum=hashlib.sha256(content).hexdigest(),
        summary={"rows": 0, "errors": 0, "warnings": 0, "findings": []},
        **fields,
    )
    run.file.save(f"api-test-{kind}.bin", ContentFile(content), save=False)
    run.save()
    return run


def _run(p, user) -> Call:
    # A board pack: the one kind both readers (commissioners, board members) may reach.
    return Call({"run_id": finished_run(p).pk})


def _request_run(p, user) -> Call:
    from dashboards.metrics.periods import add_months, month_start

    last_month = add_months(month_start(timezone.localdate()), -1)
    return Call(data={"kind": "AT_RETURN", "month": f"{last_month:%Y-%m}"})


ENDPOINTS: dict[str, Endpoint] = {
    "api:schema": Endpoint(ALL, owned=False),
    "api:docs": Endpoint(ALL, owned=False),
    "api:person_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:person_search": Endpoint(PERSON_LEVEL, "post", _search, owned=False),
    "api:person_detail": Endpoint(PERSON_LEVEL, prepare=_person),
    "api:person_create": Endpoint(COMMISSIONER, "post", _create, ok=201, owned=False),
    "api:person_update": Endpoint(COMMISSIONER, "patch", _update),
    "api:person_admit": Endpoint(COMMISSIONER, "post", _admit, ok=201),
    "api:person_rate_risk": Endpoint(COMMISSIONER, "post", _rate, ok=201),
    "api:spell_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:spell_detail": Endpoint(PERSON_LEVEL, prepare=_spell),
    "api:spell_discharge": Endpoint(COMMISSIONER, "post", _discharge),
    "api:spell_move_ward": Endpoint(COMMISSIONER, "post", _move, ok=201),
    "api:spell_transfer": Endpoint(COMMISSIONER, "post", _transfer, ok=201),
    "api:spell_delay": Endpoint(PLAN_DISCHARGE, "post", _delay),
    "api:spell_planned_discharge": Endpoint(PLAN_DISCHARGE, "post", _planned),
    "api:spell_legal_status": Endpoint(COMMISSIONER, "post", _legal),
    "api:ward_stay_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:ward_stay_detail": Endpoint(PERSON_LEVEL, prepare=_ward_stay),
    "api:risk_rating_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:risk_rating_detail": Endpoint(PERSON_LEVEL, prepare=_rating),
    "api:review_list": Endpoint(REVIEWERS, owned=False),
    "api:review_detail": Endpoint(REVIEWERS, prepare=_review),
    "api:review_record": Endpoint(REVIEW_EDITORS, "post", _record_review, ok=201),
    "api:action_list": Endpoint(REVIEWERS, owned=False),
    "api:action_status": Endpoint(REVIEW_EDITORS, "post", _action_status),
    "api:scheduled_item_list": Endpoint(REVIEWERS, owned=False),
    "api:metric_list": Endpoint(ALL, owned=False),
    "api:metric_figures": Endpoint(ALL, owned=False),
    "api:report_run_list": Endpoint(REPORT_READERS, owned=False, person_level=False),
    "api:report_run_detail": Endpoint(REPORT_READERS, prepare=_run, person_level=False),
    "api:report_run_request": Endpoint(
        COMMISSIONER, "post", _request_run, ok=202, owned=False, person_level=False
    ),
    "api:report_run_download": Endpoint(REPORT_READERS, prepare=_run, person_level=False),
    "api:ward_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:organisation_list": Endpoint(PERSON_LEVEL, owned=False),
}
