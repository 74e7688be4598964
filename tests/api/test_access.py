"""The API's access matrix: every endpoint answers 401 without a token, 403 to each role it does
not name (board members included on person-level data), 404 for another partnership's record,
and `ok` to each role it names. The table is tests/api/endpoints.py."""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, AuditEvent, Membership, Role

from .endpoints import ENDPOINTS, Endpoint

pytestmark = pytest.mark.django_db


def _api_url_names(patterns=None, namespace="", route="") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _api_url_names(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and (route + str(pattern.pattern)).startswith("api/"):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_api_endpoint_is_in_the_access_table():
    names = _api_url_names()
    assert names - set(ENDPOINTS) == set(), "declare these in tests/api/endpoints.py"
    assert set(ENDPOINTS) - names == set(), "tests/api/endpoints.py names URLs that do not exist"


def test_every_api_view_declares_the_roles_of_the_access_table(partnership, make_member):
    user = make_member(Role.COMMISSIONER, partnership)
    for name, endpoint in ENDPOINTS.items():
        view = resolve(reverse(name, kwargs=endpoint.prepare(partnership, user).kwargs)).func
        assert frozenset(view.cls.allowed_roles) == endpoint.roles, name


def _call(client: APIClient, name: str, endpoint: Endpoint, partnership, user, call=None):
    call = call or endpoint.prepare(partnership, user)
    url = reverse(name, kwargs=call.kwargs)
    return getattr(client, endpoint.method)(url, call.data, format="json", **call.headers)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_anonymous_calls_get_401(name, partnership, make_member):
    endpoint = ENDPOINTS[name]
    owner = make_member(sorted(endpoint.roles)[0], partnership)
    response = _call(APIClient(), name, endpoint, partnership, owner)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "not_authenticated"


CASES = [(name, role) for name in sorted(ENDPOINTS) for role in Role]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_each_role_gets_what_the_table_declares(name, role, api_as, partnership):
    endpoint = ENDPOINTS[name]
    client = api_as(role)
    response = _call(client, name, endpoint, partnership, client.user)
    if role in endpoint.roles:
        assert response.status_code == endpoint.ok, response.content[:500]
    else:
        assert response.status_code == 403
        assert response.json() == {
            "status": 403,
            "code": "permission_denied",
            "detail": "Your role cannot use this part of the API.",
            "errors": {},
        }


OWNED = sorted(name for name, endpoint in ENDPOINTS.items() if endpoint.owned)


@pytest.mark.parametrize("name", OWNED)
def test_another_partnerships_record_is_not_found(name, api_as, partnership, other_partnership):
    endpoint = ENDPOINTS[name]
    role = Role.COMMISSIONER if Role.COMMISSIONER in endpoint.roles else sorted(endpoint.roles)[0]
    insider = api_as(role)
    outsider = api_as(role, partnership=other_partnership)
    call = endpoint.prepare(partnership, insider.user)
    before = AuditEvent.objects.count()
    response = _call(outsider, name, endpoint, partnership, insider.user, call)
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before  # nothing read, nothing written
    assert response.json()["code"] == "not_found"


def test_a_care_coordinator_cannot_reach_a_person_outside_their_caseload(api_as, partnership):
    from .conftest import visible_person

    coordinator = api_as(Role.CARE_COORDINATOR)
    stranger = visible_person(partnership)  # no assignment to this coordinator
    assert coordinator.get(reverse("api:person_detail", args=[stranger.pk])).status_code == 404
    listed = coordinator.get(reverse("api:person_list")).json()
    assert listed["count"] == 0


def test_an_expired_token_is_refused(api_as):
    client = api_as(Role.COMMISSIONER)
    ApiToken.objects.filter(user=client.user).update(expiry=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("api:person_list"))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_a_made_up_token_is_refused(api_as):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token tcp_" + "0" * 64)
    assert client.get(reverse("api:person_list")).status_code == 401


def test_a_token_stops_working_when_its_membership_ends(api_as):
    client = api_as(Role.COMMISSIONER)
    Membership.objects.filter(user=client.user).delete()
    response = client.get(reverse("api:person_list"))
    assert response.status_code == 401
    assert "membership has ended" in response.json()["detail"]


def test_a_token_acts_in_its_own_partnership_only(
    token_for, make_member, partnership, other_partnership
):
    from .conftest import visible_person

    user = make_member(Role.COMMISSIONER, partnership)
    Membership.objects.create(user=user, partnership=other_partnership, role=Role.COMMISSIONER)
    mine = visible_person(partnership)
    theirs = visible_person(other_partnership)
    _, secret = token_for(Role.COMMISSIONER, partnership=other_partnership, user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get(reverse("api:person_detail", args=[theirs.pk])).status_code == 200
    assert client.get(reverse("api:person_detail", args=[mine.pk])).status_code == 404
