"""Lockout after repeated failed sign-ins (django-axes), per account, with a clear message."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEvent, Role

pytestmark = pytest.mark.django_db

EMAIL = "casey@example.nhs.uk"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(make_member, partnership, other_partnership):
    user = make_member(Role.COMMISSIONER, partnership, email=EMAIL)
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, partnership=other_partnership, role=Role.BOARD_MEMBER)
    return user


def attempt(password: str, email: str = EMAIL, client: Client | None = None):
    client = client or Client(HTTP_USER_AGENT="test browser")
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_lockout_is_five_failures_and_thirty_minutes_by_default():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
    assert settings.AXES_FAILURE_LIMIT == 5
    assert timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_four_failures_do_not_lock_the_account(member):
    for _ in range(4):
        assert attempt("wrong-guess").status_code == 200
    assert attempt(PASSWORD).status_code == 302


def test_the_fifth_failure_locks_the_account_with_a_clear_message(member):
    for _ in range(4):
        attempt("wrong-guess")
    response = attempt("wrong-guess")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Your account is locked" in html
    assert "locked for 30 minutes" in html
    assert "ask your partnership administrator to unlock it" in html
    assert reverse("accounts:password_reset") in html
    # Even the right password is refused now, and with the same message.
    locked = attempt(PASSWORD)
    assert locked.status_code == 429
    assert "Your account is locked" in locked.content.decode()
    assert "_auth_user_id" not in locked.client.session


def test_failures_and_the_lockout_are_audited_for_each_partnership_of_the_account(
    member, partnership, other_partnership
):
    for _ in range(5):
        attempt("wrong-guess")
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 5
    locked = AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT)
    assert {event.partnership_id for event in locked} == {partnership.pk, other_partnership.pk}
    assert all(event.object_id == str(member.pk) for event in locked)
    assert all(event.summary == {"email_attempted": EMAIL} for event in locked)


def test_changing_browser_or_letter_case_does_not_reset_the_count(member):
    for number in range(4):
        attempt("wrong-guess", client=Client(HTTP_USER_AGENT=f"browser {number}"))
    response = attempt("wrong-guess", email="Casey@Example.NHS.uk")
    assert response.status_code == 429


def test_a_successful_sign_in_resets_the_count(member):
    for _ in range(4):
        attempt("wrong-guess")
    attempt(PASSWORD)
    for _ in range(4):
        assert attempt("wrong-guess").status_code == 200


def test_the_lock_ends_after_the_cool_off(member):
    for _ in range(5):
        attempt("wrong-guess")
    assert attempt(PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert attempt(PASSWORD).status_code == 302


def test_an_unknown_address_is_locked_too_so_lockout_does_not_reveal_accounts(db):
    for _ in range(4):
        attempt("wrong-guess", email="nobody@example.nhs.uk")
    response = attempt("wrong-guess", email="nobody@example.nhs.uk")
    assert response.status_code == 429
    event = AuditEvent.objects.get(action=AuditAction.LOCKED_OUT)
    assert event.partnership_id is None
    assert event.object_id == ""
