"""Two-factor authentication: set up at first sign-in, a code at every sign-in, nothing before."""

import base64
import re
from urllib.parse import quote

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.mfa import PENDING_KEY_SESSION_KEY
from accounts.models import AuditAction, AuditEvent, Role
from tcp.urls import urlpatterns as project_urlpatterns
from tests.signin import current_code, verified_device

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def member(make_member, partnership):
    return make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")


def password_only(client: Client, email: str = "casey@example.nhs.uk", **extra) -> Client:
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302
    return response


def test_password_alone_leads_to_the_security_code_step(client, member):
    response = password_only(client)
    assert response.url == reverse("accounts:mfa_verify") + "?next=%2F"


def test_a_user_without_an_app_is_sent_to_set_one_up(client, member):
    password_only(client)
    response = client.get(reverse("accounts:mfa_verify"), {"next": "/"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_set_up") + "?next=%2F"


def test_until_the_second_factor_every_page_leads_to_it(client, member):
    password_only(client)
    for url in (reverse("home"), reverse("accounts:audit_log"), reverse("accounts:member_list")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("accounts:mfa_verify") + "?next=" + quote(url, safe="")
    switch = client.post(reverse("accounts:switch_partnership"), {"partnership": 1})
    assert switch.url == reverse("accounts:mfa_verify")


def test_sign_out_password_reset_and_health_check_stay_open_before_the_second_factor(
    client, member
):
    password_only(client)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert client.get(reverse("accounts:password_reset")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    set_up = client.get(reverse("accounts:mfa_set_up")).content.decode()
    assert "Audit log" not in set_up
    assert "Sign out" in set_up


def test_set_up_page_draws_the_qr_code_itself_and_shows_the_secret(client, member):
    password_only(client)
    response = client.get(reverse("accounts:mfa_set_up"))
    html = response.content.decode()
    key = client.session[PENDING_KEY_SESSION_KEY]
    assert re.search(r'<svg class="app-qr-code" role="img"[^>]*viewBox=', html)
    assert "<path d=" in html
    assert "<img" not in html
    assert "otpauth://" not in html
    secret = re.search(r'<p class="app-secret"><code>([A-Z2-7 ]+)</code>', html).group(1)
    assert base64.b32decode(secret.replace(" ", "")) == bytes.fromhex(key)
    # Reloading keeps the same secret, so a slow user's app still matches.
    client.get(reverse("accounts:mfa_set_up"))
    assert client.session[PENDING_KEY_SESSION_KEY] == key


def test_set_up_with_the_right_code_verifies_and_gives_recovery_codes_once(client, member):
    password_only(client, next="/accounts/audit/")
    client.get(reverse("accounts:mfa_set_up"))
    key = client.session[PENDING_KEY_SESSION_KEY]
    session_before = client.session.session_key
    response = client.post(reverse("accounts:mfa_set_up"), {"code": current_code(key), "next": "/"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:mfa_recovery_codes") + "?next=%2F"
    assert client.session.session_key != session_before  # rotated on gaining full access
    device = TOTPDevice.objects.get(user=member)
    assert device.confirmed
    assert device.key == key
    codes_page = client.get(response.url).content.decode()
    stored = set(StaticToken.objects.filter(device__user=member).values_list("token", flat=True))
    assert len(stored) == 10
    assert all(code in codes_page for code in stored)
    # Given once: the page does not show them again.
    again = client.get(reverse("accounts:mfa_recovery_codes"))
    assert again.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.MFA_SET_UP)
    assert event.user_id == member.pk
    assert event.summary == {"recovery_codes_issued": 10}
    assert not any(code in str(event.summary) for code in stored)


def test_set_up_with_a_wrong_code_saves_nothing(client, member):
    password_only(client)
    client.get(reverse("accounts:mfa_set_up"))
    key = client.session[PENDING_KEY_SESSION_KEY]
    wrong = f"{(int(current_code(key)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:mfa_set_up"), {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The code is not right" in html
    assert "Error: Set up two-factor" in html
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_SET_UP).exists()
    assert client.get(reverse("home")).status_code == 302


def test_a_user_with_an_app_cannot_set_up_another_without_a_reset(client, member):
    verified_device(member)
    password_only(client)
    response = client.get(reverse("accounts:mfa_set_up"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:mfa_verify"))


def test_the_current_code_verifies_the_session_and_rotates_it(client, member):
    device = verified_device(member)
    password_only(client)
    before = client.session.session_key
    response = client.post(
        reverse("accounts:mfa_verify"), {"code": current_code(device), "next": "/accounts/audit/"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/audit/"
    assert client.session.session_key != before
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_and_audited(client, member):
    device = verified_device(member)
    password_only(client)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:mfa_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.MFA_FAILED)
    assert event.user_id == member.pk
    assert event.summary == {"reason": "wrong code"}


def test_after_a_wrong_code_the_next_try_must_wait(client, member):
    device = verified_device(member)
    password_only(client)
    right = current_code(device)
    client.post(reverse("accounts:mfa_verify"), {"code": f"{(int(right) + 1) % 1_000_000:06d}"})
    response = client.post(reverse("accounts:mfa_verify"), {"code": right})
    assert "too many wrong codes" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_a_code_cannot_be_used_twice(member):
    device = verified_device(member)
    code = current_code(device)
    first, second = Client(), Client()
    password_only(first)
    password_only(second)
    assert first.post(reverse("accounts:mfa_verify"), {"code": code}).status_code == 302
    response = second.post(reverse("accounts:mfa_verify"), {"code": code})
    assert response.status_code == 200
    assert "The security code is not right" in response.content.decode()


def test_a_recovery_code_works_once_and_is_audited(client, member):
    verified_device(member)
    recovery = StaticDevice.objects.create(user=member, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6789")
    password_only(client)
    response = client.post(reverse("accounts:mfa_verify"), {"code": "ABCD 2345"}, follow=True)
    assert "You signed in with a recovery code. You have 1 left." in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.MFA_RECOVERY_CODE_USED)
    assert event.summary == {"codes_left": 1}
    other = Client()
    password_only(other)
    reused = other.post(reverse("accounts:mfa_verify"), {"code": "abcd2345"})
    assert reused.status_code == 200
    assert other.get(reverse("home")).status_code == 302


def test_next_to_another_site_is_ignored(client, member):
    device = verified_device(member)
    password_only(client)
    response = client.post(
        reverse("accounts:mfa_verify"),
        {"code": current_code(device), "next": "https://evil.example.com/"},
    )
    assert response.url == "/"


def test_django_admin_needs_the_second_factor_too(client, make_member, partnership):
    make_member(
        Role.PARTNERSHIP_ADMIN,
        partnership,
        email="root@example.nhs.uk",
        is_staff=True,
        is_superuser=True,
    )
    client.post(reverse("admin:login"), {"username": "root@example.nhs.uk", "password": PASSWORD})
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:mfa_verify"))


@override_settings(MFA_DEMO_BYPASS=True, DEBUG=True)
def test_demo_bypass_skips_the_second_factor_in_development(client, member):
    response = password_only(client)
    assert response.url == "/"
    assert client.get(reverse("home")).status_code == 200


@override_settings(MFA_DEMO_BYPASS=True, DEBUG=False)
def test_demo_bypass_is_ignored_without_debug(client, member):
    password_only(client)
    assert client.get(reverse("home")).status_code == 302


class _Ping(APIView):
    allowed_roles = frozenset(Role)  # every API view declares its roles (tcp.api.HasRole)

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [*project_urlpatterns, path("api/ping", _Ping.as_view(), name="ping")]


@pytest.mark.urls(__name__)
def test_the_api_refuses_a_session_without_the_second_factor(client, member):
    password_only(client)
    response = client.get("/api/ping")
    assert response.status_code == 403
    assert response.json() == {
        "status": 403,
        "code": "second_factor_required",
        "detail": "Finish signing in with your security code first.",
        "errors": {},
    }
    device = verified_device(member)
    client.post(reverse("accounts:mfa_verify"), {"code": current_code(device)})
    assert client.get("/api/ping").json() == {"ok": True}
