"""API fixtures: clients that authenticate with a real personal token, as other systems do."""

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User
from accounts.tokens import create_api_token
from tests.factories import CoordinatorAssignmentFactory, PersonFactory


@pytest.fixture
def token_for(db, partnership, make_member) -> Callable[..., tuple[User, str]]:
    """token_for(role) -> (user, secret): a new member of `partnership` with a 30-day token."""

    def make(role: Role, partnership=partnership, user: User | None = None) -> tuple[User, str]:
        user = user or make_member(role, partnership)
        _, secret = create_api_token(
            user=user, partnership=partnership, name="test client", lifetime_days=30
        )
        return user, secret

    return make


@pytest.fixture
def api_as(token_for) -> Callable[..., APIClient]:
    """api_as(role) -> an APIClient sending `Authorization: Token ...` (no session at all)."""

    def make(role: Role, partnership=None, user: User | None = None) -> APIClient:
        kwargs = {"user": user} if user else {}
        if partnership is not None:
            kwargs["partnership"] = partnership
        user, secret = token_for(role, **kwargs)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        client.user = user  # type: ignore[attr-defined]
        client.secret = secret  # type: ignore[attr-defined]
        return client

    return make


def visible_person(partnership, user: User | None = None, **fields):
    """A person of `partnership`; with `user`, on that user's caseload (care coordinators)."""
    person = PersonFactory(partnership=partnership, **fields)
    if user is not None:
        CoordinatorAssignmentFactory(person=person, user=user)
    return person
