"""Shared fixtures: partnerships, per-role sign-in, and the rule that services never skip in CI."""

import os
import socket
from collections.abc import Callable

import pytest
from django.test import Client

from accounts.models import Role, User

from .factories import MembershipFactory, PartnershipFactory, UserFactory
from .signin import sign_in_fully

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, host: str, port: int) -> None:
    """Skip a test whose service is missing on a laptop; in CI a missing service fails it."""
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError:
        message = f"{name} is not answering on {host}:{port}"
        if IN_CI:
            pytest.fail(f"{message} (CI=true: services must be running, not skipped)")
        pytest.skip(message)


@pytest.fixture
def redis_available() -> None:
    require_service("Redis", "127.0.0.1", 6379)


@pytest.fixture
def partnership(db):
    return PartnershipFactory(code="TST", name="Test TCP")


@pytest.fixture
def other_partnership(db):
    return PartnershipFactory(code="OTH", name="Other TCP")


@pytest.fixture
def make_member(db) -> Callable[..., User]:
    def make(role: Role, partnership, **user_fields) -> User:
        user = UserFactory(**user_fields)
        MembershipFactory(user=user, partnership=partnership, role=role)
        return user

    return make


@pytest.fixture
def login_as(db, partnership, make_member) -> Callable[..., Client]:
    """login_as(Role.COMMISSIONER) -> a Client signed in, with two-factor authentication done,
    as a new member of `partnership` (or as `user`, who must already be a member)."""

    def sign_in(role: Role, partnership=partnership, user: User | None = None) -> Client:
        user = user or make_member(role, partnership)
        return sign_in_fully(Client(), user)

    return sign_in
