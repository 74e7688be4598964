"""Partnership administrators unlock locked accounts and reset a member's two-factor set-up."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditAction, AuditEvent, Role
from tests.factories import MembershipFactory, UserFactory
from tests.signin import verified_device

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def lock(email: str) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": email, "password": "wrong-guess"})


@pytest.fixture
def member(make_member, partnership):
    user = make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")
    verified_device(user)
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=recovery, token="abcd2345")
    return user


def test_member_list_shows_two_factor_and_locked_accounts(
    login_as, member, make_member, partnership
):
    make_member(Role.BOARD_MEMBER, partnership, email="new.starter@example.nhs.uk")
    lock(member.email)
    page = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("accounts:member_list"))
    html = page.content.decode()
    locked_table = html[html.index("<h2>Locked accounts</h2>") : html.index("<h2>Everyone")]
    assert "casey@example.nhs.uk" in locked_table
    assert "new.starter@example.nhs.uk" not in locked_table
    assert reverse("accounts:member_unlock", kwargs={"user_id": member.pk}) in locked_table
    everyone = html[html.index("<h2>Everyone") :]
    assert "Not set up" in everyone  # the new starter
    assert reverse("accounts:member_mfa_reset", kwargs={"user_id": member.pk}) in everyone


def test_member_list_shows_only_this_partnership(login_as, member, make_member, other_partnership):
    make_member(Role.COMMISSIONER, other_partnership, email="outsider@example.nhs.uk")
    lock("outsider@example.nhs.uk")
    html = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("accounts:member_list")).content.decode()
    assert "outsider@example.nhs.uk" not in html
    assert "No accounts are locked." in html


def test_member_list_takes_the_same_queries_for_many_members(
    login_as, partnership, django_assert_num_queries
):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    for _ in range(30):
        verified_device(MembershipFactory(user=UserFactory(), partnership=partnership).user)
    # session, user, OTP device, memberships, then the page's own three: members, devices, locks.
    with django_assert_num_queries(10):
        response = admin.get(reverse("accounts:member_list"))
    assert response.content.decode().count("Reset two-factor<span") == 31


def test_admin_unlocks_a_locked_member_and_it_is_audited(login_as, member, partnership):
    lock(member.email)
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    response = admin.post(
        reverse("accounts:member_unlock", kwargs={"user_id": member.pk}), follow=True
    )
    assert "casey@example.nhs.uk can sign in again." in response.content.decode()
    signed_in = Client().post(
        reverse("accounts:login"), {"username": member.email, "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.UNLOCK)
    assert event.user_id == admin.user.pk
    assert event.object_id == str(member.pk)
    assert event.partnership_id == partnership.pk


def test_unlocking_an_account_that_is_not_locked_says_so(login_as, member):
    response = login_as(Role.PARTNERSHIP_ADMIN).post(
        reverse("accounts:member_unlock", kwargs={"user_id": member.pk}), follow=True
    )
    assert "This account is not locked." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCK).exists()


def test_unlock_needs_a_post(login_as, member):
    url = reverse("accounts:member_unlock", kwargs={"user_id": member.pk})
    assert login_as(Role.PARTNERSHIP_ADMIN).get(url).status_code == 405


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.BOARD_MEMBER])
def test_only_admins_unlock(login_as, member, role):
    lock(member.email)
    response = login_as(role).post(reverse("accounts:member_unlock", kwargs={"user_id": member.pk}))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCK).exists()


def test_admin_of_another_partnership_cannot_unlock(login_as, member, other_partnership):
    lock(member.email)
    outsider = login_as(Role.PARTNERSHIP_ADMIN, partnership=other_partnership)
    response = outsider.post(reverse("accounts:member_unlock", kwargs={"user_id": member.pk}))
    assert response.status_code == 404
    still_locked = Client().post(
        reverse("accounts:login"), {"username": member.email, "password": PASSWORD}
    )
    assert still_locked.status_code == 429


def test_admin_resets_a_members_two_factor_and_it_is_audited(login_as, member, partnership):
    member_session = login_as(Role.COMMISSIONER, user=member)
    assert member_session.get(reverse("home")).status_code == 200
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    url = reverse("accounts:member_mfa_reset", kwargs={"user_id": member.pk})
    confirm = admin.get(url).content.decode()
    assert "Reset two-factor authentication for" in confirm
    assert "Check who is asking" in confirm
    response = admin.post(url, follow=True)
    assert "They will set up a new authenticator app" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not StaticDevice.objects.filter(user=member).exists()
    event = AuditEvent.objects.get(action=AuditAction.MFA_RESET)
    assert event.user_id == admin.user.pk
    assert event.object_id == str(member.pk)
    assert event.partnership_id == partnership.pk
    # The member's open session was verified by the removed app: it must verify again.
    again = member_session.get(reverse("home"))
    assert again.status_code == 302
    assert again.url.startswith(reverse("accounts:mfa_verify"))


def test_resetting_a_member_without_two_factor_says_so(login_as, make_member, partnership):
    newcomer = make_member(Role.BOARD_MEMBER, partnership)
    response = login_as(Role.PARTNERSHIP_ADMIN).post(
        reverse("accounts:member_mfa_reset", kwargs={"user_id": newcomer.pk}), follow=True
    )
    assert "has not set up two-factor authentication yet" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_RESET).exists()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.BOARD_MEMBER])
def test_only_admins_reset_two_factor(login_as, member, role):
    url = reverse("accounts:member_mfa_reset", kwargs={"user_id": member.pk})
    assert login_as(role).post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=member).exists()


def test_admin_of_another_partnership_cannot_reset_two_factor(login_as, member, other_partnership):
    outsider = login_as(Role.PARTNERSHIP_ADMIN, partnership=other_partnership)
    url = reverse("accounts:member_mfa_reset", kwargs={"user_id": member.pk})
    assert outsider.get(url).status_code == 404
    assert outsider.post(url).status_code == 404
    assert TOTPDevice.objects.filter(user=member).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.MFA_RESET).exists()
