import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts.audit import record_event
from accounts.models import AuditAction, AuditEvent, Role

pytestmark = pytest.mark.django_db


def _one_event(user, partnership):
    return record_event(
        actor=user,
        action=AuditAction.VIEW,
        partnership=partnership,
        object_type="register.Person",
        object_id="1",
        person_id=1,
    )


def test_audit_rows_cannot_be_updated(make_member, partnership):
    event = _one_event(make_member(Role.COMMISSIONER, partnership), partnership)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.DELETE)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE accounts_auditevent SET summary = '{}' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == AuditAction.VIEW


def test_audit_rows_cannot_be_deleted(make_member, partnership):
    event = _one_event(make_member(Role.COMMISSIONER, partnership), partnership)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_partnership_admin_sees_only_their_partnership_audit_log(
    login_as, make_member, partnership, other_partnership
):
    _one_event(make_member(Role.COMMISSIONER, partnership), partnership)
    outsider = make_member(Role.COMMISSIONER, other_partnership, email="outsider@example.nhs.uk")
    _one_event(outsider, other_partnership)
    page = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("accounts:audit_log"), {"action": "view"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "outsider@example.nhs.uk" not in body
    assert "Events, newest first (1)" in body


def test_audit_log_filters_by_action(login_as, make_member, partnership):
    user = make_member(Role.COMMISSIONER, partnership)
    _one_event(user, partnership)
    record_event(actor=user, action=AuditAction.EXPORT, partnership=partnership)
    page = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("accounts:audit_log"), {"action": "export"})
    assert "Events, newest first (1)" in page.content.decode()


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.BOARD_MEMBER])
def test_only_partnership_admins_open_the_audit_log(login_as, role):
    response = login_as(role).get(reverse("accounts:audit_log"))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 1


def test_a_rolled_back_write_leaves_no_audit_row(make_member, partnership):
    user = make_member(Role.COMMISSIONER, partnership)
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012 - write, then fail
        _one_event(user, partnership)
        raise RuntimeError("the write failed after auditing")
    assert not AuditEvent.objects.exists()
