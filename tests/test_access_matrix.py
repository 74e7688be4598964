"""Every URL of the project is declared in tests/access_matrix.py, and behaves as declared.

See the docstring of tests/access_matrix.py for what is checked and how to add a URL.
"""

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from accounts.models import Role

from .access_matrix import MATRIX, Access

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # Django admin: superusers only, guarded by admin.site itself
SKIPPED_ROUTES = ("static/", "media/", "__debug__/")


def _walk(patterns, namespace: str = "", route: str = "") -> Iterator[tuple[str | None, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            full_route = route + str(pattern.pattern)
            if full_route.lstrip("^").startswith(SKIPPED_ROUTES):
                continue
            yield (f"{namespace}{pattern.name}" if pattern.name else None), full_route


def project_urls() -> dict[str | None, str]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_url_is_named_and_declared_in_the_access_matrix():
    urls = project_urls()
    unnamed = [route for name, route in _walk(get_resolver().url_patterns) if name is None]
    assert not unnamed, f"Give these URL patterns a name and declare them: {unnamed}"
    undeclared = sorted(set(urls) - set(MATRIX))
    assert not undeclared, f"Declare who may use these URLs in tests/access_matrix.py: {undeclared}"
    stale = sorted(set(MATRIX) - set(urls))
    assert not stale, f"tests/access_matrix.py names URLs that no longer exist: {stale}"


def test_person_level_pages_are_never_open_to_board_members():
    wrong = [
        name
        for name, access in MATRIX.items()
        if access.person_level and (access.is_public or Role.BOARD_MEMBER in access.roles)
    ]
    assert not wrong, f"Board members see aggregates only; these are person-level: {wrong}"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_declared_roles_match_the_views_own_declaration(name, partnership):
    access = MATRIX[name]
    view = resolve(_url(name, access, partnership)).func
    declared_by_view = getattr(view, "allowed_roles", None)
    if declared_by_view is None:
        declared_by_view = getattr(getattr(view, "cls", None), "allowed_roles", None)
    if declared_by_view is None:
        return  # open to every signed-in user (or public): the requests below prove which
    assert access.roles is not None, f"{name} declares roles but the matrix says public"
    assert frozenset(declared_by_view) == access.roles


def _url(name: str, access: Access, partnership) -> str:
    if access.api is not None:
        return reverse(name, kwargs=access.api.prepare(partnership, None).kwargs)
    kwargs = access.url_kwargs(partnership) if access.url_kwargs else None
    return reverse(name, kwargs=kwargs)


def _request(client: Client, name: str, access: Access, partnership):
    if access.api is not None:  # JSON, built for the requesting user (tests/api/endpoints.py)
        call = access.api.prepare(partnership, getattr(client, "user", None))
        url = reverse(name, kwargs=call.kwargs)
        body = json.dumps(call.data) if call.data is not None else None
        return getattr(client, access.method)(
            url, body, content_type="application/json", **call.headers
        )
    url = _url(name, access, partnership)
    data = access.data(partnership) if access.data else {}
    return getattr(client, access.method)(url, data)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_users_are_sent_to_sign_in(name, client, partnership):
    access = MATRIX[name]
    url = _url(name, access, partnership)
    response = _request(client, name, access, partnership)
    if access.is_public:
        assert response.status_code == access.ok
        assert_no_inline_code(response)
    elif url.startswith("/api/"):
        assert response.status_code == 401
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


ROLE_CASES = [
    (name, role) for name, access in sorted(MATRIX.items()) if not access.is_public for role in Role
]


@pytest.mark.parametrize(("name", "role"), ROLE_CASES)
def test_each_role_gets_what_the_matrix_declares(name, role, login_as, partnership):
    access = MATRIX[name]
    client = login_as(role, partnership=partnership)
    response = _request(client, name, access, partnership)
    if role in access.roles:
        assert response.status_code == access.ok, (
            f"{role} should get {access.ok} from {name}, got {response.status_code}"
        )
        assert_no_inline_code(response)
    else:
        assert response.status_code in {403, 404}, (
            f"{role} must be refused {name}, got {response.status_code}"
        )


OWNED = sorted(name for name, access in MATRIX.items() if access.is_owned_record)


@pytest.mark.parametrize("name", OWNED)
def test_another_partnerships_record_is_not_found(name, login_as, partnership, other_partnership):
    access = MATRIX[name]
    role = sorted(access.roles)[0]  # type: ignore[arg-type]
    outsider = login_as(role, partnership=other_partnership)
    response = _request(outsider, name, access, partnership)
    assert response.status_code == 404


SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
NONCE = re.compile(r"'nonce-([^']+)'")


def assert_no_inline_code(response) -> None:
    """What the CSP would block in a browser: inline script without the nonce, inline style."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    header_nonce = NONCE.search(response.get("Content-Security-Policy", ""))
    for attributes in SCRIPT_TAG.findall(html):
        if "src=" in attributes:
            continue
        assert header_nonce, "a page with inline script needs a nonce in its CSP header"
        assert f'nonce="{header_nonce.group(1)}"' in attributes, (
            f"inline <script{attributes}> lacks the CSP nonce"
        )
    assert not STYLE_ATTRIBUTE.search(html), "style= attributes are blocked by the CSP"
    assert not HANDLER_ATTRIBUTE.search(html), "on...= handlers are blocked by the CSP"
