"""XLSX exports next to the CSV ones: the register list with its filters, the audit log, and the
whole register in the import format. Each is audited as an export; text that a spreadsheet would
run as a formula is neutralised (and read back as written by an import)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditAction, AuditEvent, Role
from tcp.spreadsheet import XLSX_CONTENT_TYPE, restore, xlsx_value
from tests.factories import HospitalSpellFactory, PartnershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def sheet_rows(response, title=None):
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment; filename=")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook[title] if title else workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_register_list_exports_to_xlsx_with_its_filters_audited_and_formula_safe(
    login_as, partnership
):
    inpatient = HospitalSpellFactory(
        person__partnership=partnership, person__given_name="=HYPERLINK(1)"
    ).person
    PersonFactory(partnership=partnership, given_name="+Plus")
    client = login_as(Role.COMMISSIONER)
    response = client.get(reverse("register:person_export_xlsx"), {"status": "INPATIENT"})
    header, *rows = sheet_rows(response)
    assert header[:3] == ["Record number", "NHS number", "Family name"]
    assert len(rows) == 1
    assert rows[0][0] == inpatient.pk  # numbers stay numbers
    assert rows[0][3] == "'=HYPERLINK(1)"  # text, never a live formula
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == {"ids": [inpatient.pk]}
    listing = client.get(reverse("register:person_list"), {"status": "INPATIENT"}).content.decode()
    assert f"{reverse('register:person_export_xlsx')}?status=INPATIENT" in listing


def test_the_audit_log_exports_to_xlsx_filtered_audited_and_formula_safe(login_as, partnership):
    AuditEvent.objects.create(
        partnership=partnership,
        action=AuditAction.LOGIN_FAILED,
        user_email="=HYPERLINK(1)",
        object_type="+cmd",
        object_id="-2+3",
        request_id="@SUM(A1)",
    )
    AuditEvent.objects.create(
        partnership=PartnershipFactory(code="ELSE"),
        action=AuditAction.LOGIN_FAILED,
        user_email="outsider@x.nhs.uk",
    )
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    response = admin.get(reverse("accounts:audit_log_export_xlsx"), {"action": "login_failed"})
    header, *rows = sheet_rows(response)
    assert header[:4] == ["When", "User", "Role", "Action"]
    assert len(rows) == 1
    assert rows[0][1] == "'=HYPERLINK(1)"
    assert rows[0][4:6] == ["'+cmd", "'-2+3"]
    assert rows[0][8] == "'@SUM(A1)"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="accounts.AuditEvent")
    assert event.summary == {"filters": {"action": "login_failed"}, "rows": 1}


def test_the_whole_register_workbook_is_an_audited_export(login_as, partnership):
    people = PersonFactory.create_batch(3, partnership=partnership)
    PersonFactory(partnership=PartnershipFactory(code="ELSE"))
    client = login_as(Role.COMMISSIONER)
    response = client.get(reverse("register:register_workbook_export"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["People", "Hospital spells", "Risk ratings", "Reviews"]
    assert workbook["People"].max_row == 4  # header and this partnership's three people
    event = AuditEvent.objects.get(action=AuditAction.EXPORT, object_type="register.Person")
    assert event.summary == {"ids": sorted(p.pk for p in people)}


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-x", "@me", "\tx", "\rx", "plain"])
def test_what_an_export_neutralises_an_import_reads_back(text):
    assert restore(xlsx_value(text)) == text
