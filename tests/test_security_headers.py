"""Response headers: CSP with a per-response nonce and nothing inline, no framing, no sniffing,
a strict referrer policy, a Permissions-Policy, no caching of signed-in pages, HSTS in prod."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts.models import Role

from .test_settings_and_deployment import production_settings

pytestmark = pytest.mark.django_db

NONCE_IN_HEADER = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'")


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_inline_script_carries_the_nonce_the_header_allows(client, login_as, signed_in):
    browser = login_as(Role.COMMISSIONER) if signed_in else client
    url = reverse("home") if signed_in else reverse("accounts:login")
    response = browser.get(url)
    assert response.status_code == 200
    nonce = NONCE_IN_HEADER.search(response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline == [f' nonce="{nonce}"']  # the NHS.UK template's one inline script
    again = browser.get(url)
    assert NONCE_IN_HEADER.search(again["Content-Security-Policy"]).group(1) != nonce


def test_the_policy_allows_nothing_inline_and_no_framing(client):
    policy = directives(client.get(reverse("accounts:login")))
    assert "unsafe-inline" not in str(policy)
    assert "unsafe-eval" not in str(policy)
    assert policy["default-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"


@pytest.mark.parametrize("url_name", ["accounts:login", "healthz"])
def test_every_response_carries_the_protective_headers(client, url_name):
    response = client.get(reverse(url_name))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy


def test_signed_in_pages_are_never_cached(client, login_as):
    response = login_as(Role.COMMISSIONER).get(reverse("home"))
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control
    anonymous = client.get(reverse("accounts:password_reset_done"))
    assert "no-store" not in anonymous.get("Cache-Control", "")


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(client, monkeypatch):
    prod = production_settings(monkeypatch)
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000
    hsts = {key: prod[key] for key in prod if key.startswith("SECURE_HSTS")}
    with override_settings(**hsts):
        response = client.get(reverse("accounts:login"), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
