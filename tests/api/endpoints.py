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

from accounts.models import Role
from tests.factories import (
    HospitalSpellFactory,
    RiskRatingFactory,
)

from .conftest import visible_person

ALL = frozenset(Role)
PERSON_LEVEL = frozenset({Role.PARTNERSHIP_ADMIN, Role.COMMISSIONER, Role.CARE_COORDINATOR})


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


ENDPOINTS: dict[str, Endpoint] = {
    "api:schema": Endpoint(ALL, owned=False),
    "api:docs": Endpoint(ALL, owned=False),
    "api:person_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:person_detail": Endpoint(PERSON_LEVEL, prepare=_person),
    "api:spell_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:spell_detail": Endpoint(PERSON_LEVEL, prepare=_spell),
    "api:ward_stay_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:ward_stay_detail": Endpoint(PERSON_LEVEL, prepare=_ward_stay),
    "api:risk_rating_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:risk_rating_detail": Endpoint(PERSON_LEVEL, prepare=_rating),
    "api:ward_list": Endpoint(PERSON_LEVEL, owned=False),
    "api:organisation_list": Endpoint(PERSON_LEVEL, owned=False),
}
