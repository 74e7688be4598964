import pytest
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent, Role

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_sign_in_page_and_health_check_are_public(client):
    assert client.get(reverse("accounts:login")).status_code == 200
    health = client.get(reverse("healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}


def test_sign_in_is_audited(client, make_member, partnership):
    user = make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")
    response = client.post(
        reverse("accounts:login"),
        {"username": "casey@example.nhs.uk", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.user_id == user.pk
    assert event.role == Role.COMMISSIONER
    assert event.partnership_id == partnership.pk
    assert event.request_id


def test_failed_sign_in_is_audited_without_the_password(client, make_member, partnership):
    make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")
    response = client.post(
        reverse("accounts:login"), {"username": "casey@example.nhs.uk", "password": "wrong-guess"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.content.decode()
    assert "Error: Sign in" in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.user_id is None
    assert event.summary == {"email_attempted": "casey@example.nhs.uk"}
    assert "wrong-guess" not in str(event.summary)


def test_home_page_shows_role_aware_navigation(login_as):
    admin_page = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("home")).content.decode()
    board_page = login_as(Role.BOARD_MEMBER).get(reverse("home")).content.decode()
    assert "Audit log" in admin_page
    assert "Audit log" not in board_page
    assert "Test TCP" in board_page


def test_sign_out_needs_a_post(login_as):
    client = login_as(Role.COMMISSIONER)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT).count() == 1


def test_switching_partnership_rotates_the_session(login_as, partnership, other_partnership):
    client = login_as(Role.COMMISSIONER)
    from tests.factories import MembershipFactory

    MembershipFactory(user=client.user, partnership=other_partnership, role=Role.BOARD_MEMBER)
    before = client.session.session_key
    response = client.post(
        reverse("accounts:switch_partnership"), {"partnership": other_partnership.pk}
    )
    assert response.status_code == 302
    assert client.session.session_key != before
    page = client.get(reverse("home")).content.decode()
    assert "Other TCP (Board member)" in page


def test_cannot_switch_to_a_partnership_you_are_not_in(login_as, other_partnership):
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        reverse("accounts:switch_partnership"), {"partnership": other_partnership.pk}
    )
    assert response.status_code == 400
