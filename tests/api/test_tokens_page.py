"""The profile page where a user creates and revokes API tokens."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, AuditAction, AuditEvent, Role
from accounts.tokens import MAX_ACTIVE_TOKENS, create_api_token

pytestmark = pytest.mark.django_db

PAGE = "accounts:api_tokens"
SECRET = re.compile(r"tcp_[0-9a-f]{64}")


def _secret_shown(response) -> str | None:
    found = SECRET.findall(response.content.decode())
    return found[0] if found else None


def _create(client, name="Bed system", lifetime_days="90"):
    return client.post(reverse(PAGE), {"name": name, "lifetime_days": lifetime_days})


def test_the_tokens_page_needs_sign_in(client):
    response = client.get(reverse(PAGE))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_tokens_page(login_as, role):
    response = login_as(role).get(reverse(PAGE))
    assert response.status_code == 200
    assert "Create a token" in response.content.decode()


def test_a_new_token_is_shown_once_stored_hashed_and_audited(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    response = _create(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=client.user)
    secret = _secret_shown(response)
    assert secret
    assert len(SECRET.findall(response.content.decode())) == 1
    assert token.partnership == partnership
    assert token.expiry.date() == (timezone.now() + timedelta(days=90)).date()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert secret not in stored
    event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="accounts.ApiToken")
    assert event.user == client.user
    assert event.partnership == partnership
    assert event.summary["name"] == "Bed system"
    assert secret not in str(event.summary)
    again = client.get(reverse(PAGE)).content.decode()
    assert secret not in again
    assert "Bed system" in again


def test_the_new_token_works_on_the_api(login_as):
    client = login_as(Role.COMMISSIONER)
    secret = _secret_shown(_create(client))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get(reverse("api:person_list")).status_code == 200
    assert ApiToken.objects.get(user=client.user).last_used_at is not None


def test_a_token_needs_a_name_and_nothing_is_kept_without_one(login_as):
    client = login_as(Role.COMMISSIONER)
    response = _create(client, name="  ")
    assert response.status_code == 200
    assert "Enter a name for the token" in response.content.decode()
    assert _secret_shown(response) is None
    assert not ApiToken.objects.exists()
    assert not AuditEvent.objects.filter(object_type="accounts.ApiToken").exists()


def test_a_lifetime_outside_the_list_is_refused(login_as):
    client = login_as(Role.COMMISSIONER)
    response = _create(client, lifetime_days="5000")
    assert "Select a valid choice" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_holds_at_most_ten_tokens(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    for number in range(MAX_ACTIVE_TOKENS):
        create_api_token(
            user=client.user, partnership=partnership, name=f"t{number}", lifetime_days=30
        )
    response = _create(client)
    assert "Revoke one you no longer use" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_revoking_a_token_stops_it_and_is_audited(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    token, secret = create_api_token(
        user=client.user, partnership=partnership, name="Old system", lifetime_days=30
    )
    response = client.post(reverse("accounts:api_token_revoke", args=[token.public_id]))
    assert response.status_code == 302
    assert response.url == reverse(PAGE)
    assert not ApiToken.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="accounts.ApiToken")
    assert event.object_id == str(token.public_id)
    assert event.user == client.user
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get(reverse("api:person_list")).status_code == 401


def test_revoking_needs_post(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    token, _ = create_api_token(
        user=client.user, partnership=partnership, name="x", lifetime_days=30
    )
    response = client.get(reverse("accounts:api_token_revoke", args=[token.public_id]))
    assert response.status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_nobody_can_revoke_someone_elses_token(login_as, make_member, partnership):
    owner = make_member(Role.COMMISSIONER, partnership)
    token, _ = create_api_token(user=owner, partnership=partnership, name="x", lifetime_days=30)
    other = login_as(Role.PARTNERSHIP_ADMIN)
    response = other.post(reverse("accounts:api_token_revoke", args=[token.public_id]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_expired_tokens_are_not_listed(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    token, _ = create_api_token(
        user=client.user, partnership=partnership, name="Gone", lifetime_days=1
    )
    ApiToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(minutes=1))
    assert "Gone" not in client.get(reverse(PAGE)).content.decode()


def test_the_header_links_to_the_tokens_page(login_as):
    page = login_as(Role.BOARD_MEMBER).get(reverse("home")).content.decode()
    assert f'href="{reverse(PAGE)}"' in page


def test_tokens_are_not_managed_in_the_django_admin():
    from django.contrib import admin
    from knox.models import AuthToken

    assert not admin.site.is_registered(AuthToken)
    assert not admin.site.is_registered(ApiToken)


def test_only_lifetimes_the_deployment_allows_are_offered(login_as, settings):
    settings.API_TOKEN_MAX_DAYS = 90
    page = login_as(Role.COMMISSIONER).get(reverse(PAGE)).content.decode()
    assert "90 days" in page
    assert "180 days" not in page
    assert "1 year" not in page
