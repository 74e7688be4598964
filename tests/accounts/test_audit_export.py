"""CSV export of the filtered audit log: admins only, audited, safe to open in a spreadsheet."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.audit import record_event
from accounts.models import AuditAction, AuditEvent, Role
from tcp.spreadsheet import neutralise

pytestmark = pytest.mark.django_db
N_EVENTS = 120


def rows_of(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def events(make_member, partnership, other_partnership):
    user = make_member(Role.COMMISSIONER, partnership, email="casey@example.nhs.uk")
    record_event(
        actor=user,
        action=AuditAction.VIEW,
        partnership=partnership,
        object_type="register.Person",
        object_id="7",
        person_id=7,
    )
    record_event(
        actor=user,
        action=AuditAction.EXPORT,
        partnership=partnership,
        object_type="register.Person",
        summary={"ids": [7, 8]},
    )
    outsider = make_member(Role.COMMISSIONER, other_partnership, email="outsider@example.nhs.uk")
    record_event(
        actor=outsider,
        action=AuditAction.VIEW,
        partnership=other_partnership,
        object_type="register.Person",
        object_id="9",
        person_id=9,
    )
    return user


def test_export_is_a_csv_attachment_of_the_filtered_log(login_as, events):
    response = login_as(Role.PARTNERSHIP_ADMIN).get(
        reverse("accounts:audit_log_export"), {"action": "view"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    header, *rows = rows_of(response)
    assert header[:4] == ["When", "User", "Role", "Action"]
    assert len(rows) == 1
    assert rows[0][1:7] == [
        "casey@example.nhs.uk",
        "COMMISSIONER",
        "Viewed",
        "register.Person",
        "7",
        "7",
    ]


def test_export_leaves_out_other_partnerships(login_as, events):
    response = login_as(Role.PARTNERSHIP_ADMIN).get(reverse("accounts:audit_log_export"))
    text = str(rows_of(response))
    assert "outsider@example.nhs.uk" not in text
    assert "casey@example.nhs.uk" in text


def test_export_is_itself_audited_with_its_filters_and_size(login_as, events, partnership):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    rows_of(admin.get(reverse("accounts:audit_log_export"), {"user_email": "casey@example.nhs.uk"}))
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="accounts.AuditEvent")
    assert event.user_id == admin.user.pk
    assert event.partnership_id == partnership.pk
    assert event.summary == {"filters": {"user_email": "casey@example.nhs.uk"}, "rows": 2}


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(login_as, partnership):
    AuditEvent.objects.create(
        partnership=partnership,
        action=AuditAction.LOGIN_FAILED,
        user_email="=HYPERLINK(1)",
        object_type="+cmd",
        object_id="-2+3",
        request_id="@SUM(A1)",
    )
    response = login_as(Role.PARTNERSHIP_ADMIN).get(
        reverse("accounts:audit_log_export"), {"action": "login_failed"}
    )
    row = rows_of(response)[1]
    assert row[1] == "'=HYPERLINK(1)"
    assert row[4] == "'+cmd"
    assert row[5] == "'-2+3"
    assert row[8] == "'@SUM(A1)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (7, "7"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_export_takes_the_same_queries_for_many_events(
    login_as, make_member, partnership, django_assert_num_queries
):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    user = make_member(Role.COMMISSIONER, partnership)
    for number in range(N_EVENTS):
        record_event(
            actor=user,
            action=AuditAction.VIEW,
            partnership=partnership,
            object_type="register.Person",
            object_id=str(number),
            person_id=number,
        )
    with django_assert_num_queries(10):
        rows = rows_of(admin.get(reverse("accounts:audit_log_export"), {"action": "view"}))
    assert len(rows) == N_EVENTS + 1  # and the header


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.CARE_COORDINATOR, Role.BOARD_MEMBER])
def test_only_partnership_admins_export(login_as, events, role):
    response = login_as(role).get(reverse("accounts:audit_log_export"))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(object_type="accounts.AuditEvent").exists()


def test_invalid_filters_go_back_to_the_log_with_the_error(login_as, events):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    response = admin.get(reverse("accounts:audit_log_export"), {"date_from": "not a date"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:audit_log"))
    page = admin.get(response.url).content.decode()
    assert "Enter a valid date" in page


def test_audit_log_links_to_the_export_and_keeps_filters_across_pages(
    login_as, make_member, partnership
):
    user = make_member(Role.COMMISSIONER, partnership)
    for number in range(51):
        record_event(
            actor=user,
            action=AuditAction.VIEW,
            partnership=partnership,
            object_type="register.Person",
            object_id=str(number),
        )
    html = (
        login_as(Role.PARTNERSHIP_ADMIN)
        .get(reverse("accounts:audit_log"), {"action": "view"})
        .content.decode()
    )
    assert f"{reverse('accounts:audit_log_export')}?action=view" in html
    assert "?page=2&amp;action=view" in html
