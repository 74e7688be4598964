"""Token-authenticated requests are rate limited per user (DRF throttling, Redis cache in CI)."""

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role
from tcp.api import TokenRateThrottle

pytestmark = pytest.mark.django_db


@pytest.fixture
def clean_throttle(settings):
    """Clears the throttle's history for the users a test makes, before and after it."""
    keys: list[str] = []

    def clear(user) -> None:
        key = TokenRateThrottle.cache_format % {"scope": "token", "ident": user.pk}
        keys.append(key)
        caches[settings.API_THROTTLE_CACHE].delete(key)

    yield clear
    caches[settings.API_THROTTLE_CACHE].delete_many(keys)


@override_settings(API_TOKEN_THROTTLE_RATE="3/minute")
def test_a_token_past_its_rate_gets_429_with_retry_after(api_as, clean_throttle):
    client = api_as(Role.COMMISSIONER)
    clean_throttle(client.user)
    url = reverse("api:person_list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    body = response.json()
    assert body["status"] == 429
    assert body["code"] == "throttled"
    assert body["errors"] == {}
    assert "Expected available in" in body["detail"]


@override_settings(API_TOKEN_THROTTLE_RATE="2/minute")
def test_the_limit_is_per_user_across_their_tokens(api_as, token_for, clean_throttle):
    from rest_framework.test import APIClient

    first = api_as(Role.COMMISSIONER)
    clean_throttle(first.user)
    _, second_secret = token_for(Role.COMMISSIONER, user=first.user)
    second = APIClient()
    second.credentials(HTTP_AUTHORIZATION=f"Token {second_secret}")
    url = reverse("api:spell_list")
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 200
    assert second.get(url).status_code == 429
    someone_else = api_as(Role.COMMISSIONER)
    clean_throttle(someone_else.user)
    assert someone_else.get(url).status_code == 200


@override_settings(API_TOKEN_THROTTLE_RATE="1/minute")
def test_browser_sessions_are_not_throttled(login_as, clean_throttle):
    client = login_as(Role.COMMISSIONER)
    clean_throttle(client.user)
    url = reverse("api:person_list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
