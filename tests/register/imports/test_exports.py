"""XLSX exports next to the CSV ones: the register list with its filters, the audit log, and the
whole register in the import format. Each is audited as an export; text that a spreadsheet would
run as a formula is neutralised (and read back as written by an import)."""

import io
from datetime import datetime

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


def test_the_worklist_exports_with_its_filters_audited(login_as, partnership, hospital):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.services import recompute_schedule

    today = timezone.localdate()
    spell = HospitalSpellFactory(
        person__partnership=partnership,
        person__family_name="=cmd",
        ward=hospital["willow"],
        admission_date=today - timedelta(days=40),
    )
    recompute_schedule(person_id=spell.person_id, today=today)
    client = login_as(Role.COMMISSIONER)
    query = {"window": "overdue"}
    text = client.get(reverse("reviews:worklist_export"), query)
    lines = b"".join(text.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Person record number,NHS number,Name,Item,Rule,From,Due date")
    _, *rows = sheet_rows(client.get(reverse("reviews:worklist_export_xlsx"), query))
    assert len(rows) == len(lines) - 1 >= 1
    assert all(row[0] == spell.person_id for row in rows)
    assert rows[0][2].endswith("=cmd")  # "Given =cmd": no leading formula sign, kept as is
    assert all("overdue" in row[7] for row in rows)
    exports = AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_type="reviews.ScheduledItem"
    )
    assert exports.count() == 2
    assert len(exports.first().summary["ids"]) == len(rows)
    page = client.get(reverse("reviews:worklist"), query).content.decode()
    assert f"{reverse('reviews:worklist_export_xlsx')}?window=overdue" in page


def test_the_risk_register_exports_audited_and_formula_safe(login_as, partnership, make_member):
    from datetime import date

    from dashboards.services import create_risk

    by = make_member(Role.COMMISSIONER, partnership)
    risk = create_risk(
        partnership=partnership,
        by=by,
        cause="=funding gap",
        risk="beds close",
        consequence="delays",
        inherent_likelihood="H",
        inherent_impact="H",
        mitigation="plan",
        residual_likelihood="M",
        residual_impact="L",
        owner="@owner",
        review_date=date(2026, 12, 1),
        status="OPEN",
    )
    client = login_as(Role.PARTNERSHIP_ADMIN)
    header, *rows = sheet_rows(client.get(reverse("dashboards:risk_export_xlsx")))
    assert header[:3] == ["Reference", "As a result of", "There is a risk that"]
    assert rows == [
        [
            risk.pk,
            "'=funding gap",
            "beds close",
            "delays",
            "High",
            "High",
            9,
            "Red",
            "plan",
            "Medium",
            "Low",
            2,
            "Green",
            "'@owner",
            datetime(2026, 12, 1),  # a date cell
            "Open",
        ]
    ]
    csv_text = b"".join(client.get(reverse("dashboards:risk_export")).streaming_content)
    assert "'=funding gap" in csv_text.decode("utf-8-sig")
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.EXPORT, object_type="dashboards.ProgrammeRisk"
        ).count()
        == 2
    )
