"""Sessions: idle timeout, absolute lifetime, and a new session key at every gain of access."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.signals import SESSION_STARTED_AT_KEY
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_idle_timeout_is_thirty_minutes_and_each_request_renews_it(login_as):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = login_as(Role.COMMISSIONER)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timezone.timedelta(minutes=5)
    )
    client.get(reverse("home"))
    expires = Session.objects.get(session_key=key).expire_date
    assert (expires - timezone.now()).total_seconds() > 29 * 60


def test_an_idle_session_is_signed_out(login_as):
    client = login_as(Role.COMMISSIONER)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_session_ends_after_its_absolute_lifetime_however_active(login_as):
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    client = login_as(Role.COMMISSIONER)
    session = client.session
    session[SESSION_STARTED_AT_KEY] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "signed in for more than 12 hours" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_session_within_its_lifetime_carries_on(login_as):
    client = login_as(Role.COMMISSIONER)
    session = client.session
    session[SESSION_STARTED_AT_KEY] = time.time() - 11 * 60 * 60
    session.save()
    assert client.get(reverse("home")).status_code == 200


def test_a_session_without_a_sign_in_time_is_ended(login_as):
    client = login_as(Role.COMMISSIONER)
    session = client.session
    del session[SESSION_STARTED_AT_KEY]
    session.save()
    assert client.get(reverse("home")).status_code == 302


def test_signing_in_gives_a_new_session_key(make_member, partnership):
    make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")
    client = Client()
    session = client.session
    session["seen_before_sign_in"] = True  # a session an attacker might have planted
    session.save()
    before = session.session_key
    client.post(
        reverse("accounts:login"),
        {"username": "casey@example.nhs.uk", "password": "correct-horse-battery"},
    )
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_switching_partnership_gives_a_new_session_key(login_as, other_partnership):
    client = login_as(Role.COMMISSIONER)
    MembershipFactory(user=client.user, partnership=other_partnership, role=Role.BOARD_MEMBER)
    before = client.session.session_key
    client.post(reverse("accounts:switch_partnership"), {"partnership": other_partnership.pk})
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get(reverse("home")).status_code == 200  # still signed in, still verified
