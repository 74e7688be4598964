"""The import pages: the journey from template to imported register, who may do what, the
preview that refreshes itself while a check runs, the downloads (served only through views that
check access, as attachments) and their audit, and query counts that do not grow with rows."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import Resolver404, resolve, reverse
from openpyxl import load_workbook

from accounts.models import AuditAction, AuditEvent, Role
from register.imports.mapping import SHEETS
from register.models import ImportKind, ImportRecord, ImportRow, ImportStatus, Person, RowOutcome
from tests.factories import ImportRecordFactory

from .conftest import PEOPLE_HEADER, csv_bytes, person_row, upload

pytestmark = pytest.mark.django_db

ADA = "943 476 5919"


def upload_and_check(client, data, django_capture_on_commit_callbacks, name="people.csv"):
    response = client.post(
        reverse("register:import_upload"), {"kind": "PEOPLE", "upload": upload(data, name)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping_url = response.url
    page = client.get(mapping_url)
    assert page.status_code == 200
    form = page.context["form"]
    chosen = {name: form[name].value() or "" for name in form.fields}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mapping_url, chosen)
    assert response.status_code == 302
    return response.url


def test_a_commissioner_imports_a_file_from_upload_to_register(
    login_as, partnership, django_capture_on_commit_callbacks
):
    client = login_as(Role.COMMISSIONER)
    listing = client.get(reverse("register:import_list")).content.decode()
    assert reverse("register:import_template", args=["people", "xlsx"]) in listing
    data = csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": ADA})])

    detail_url = upload_and_check(client, data, django_capture_on_commit_callbacks)

    page = client.get(detail_url).content.decode()
    assert "The check found no errors. 1 row will be added" in page
    assert "Import the file" in page
    assert not Person.objects.exists()
    record = ImportRecord.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("register:import_commit", args=[record.pk]))
    assert response.url == detail_url
    page = client.get(detail_url).content.decode()
    assert "Imported. 1 row was added; 0 rows were changed; 0 rows were already on" in page
    assert Person.objects.get().nhs_number == "9434765919"


def test_an_administrator_checks_a_file_but_only_a_commissioner_imports_it(
    login_as, django_capture_on_commit_callbacks
):
    admin = login_as(Role.PARTNERSHIP_ADMIN)
    data = csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": ADA})])
    detail_url = upload_and_check(admin, data, django_capture_on_commit_callbacks)
    page = admin.get(detail_url).content.decode()
    assert "A commissioner of this partnership can now import the file." in page
    assert "Import the file" not in page
    record = ImportRecord.objects.get()
    assert admin.post(reverse("register:import_commit", args=[record.pk])).status_code == 403
    assert record.status == ImportStatus.READY
    assert not Person.objects.exists()


def test_the_preview_refreshes_itself_while_the_check_runs(login_as, partnership):
    record = ImportRecordFactory(
        partnership=partnership, status=ImportStatus.CHECKING, rows_total=1000
    )
    client = login_as(Role.COMMISSIONER)
    url = reverse("register:import_detail", args=[record.pk])
    page = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "Checking 1,000 rows: waiting to start." in page
    cache.set(f"register:import-progress:{record.pk}", {"done": 250, "total": 1000})
    assert "Checking: 250 of 1,000 rows done." in client.get(url).content.decode()
    record.status = ImportStatus.READY
    record.save()
    assert 'http-equiv="refresh"' not in client.get(url).content.decode()


def test_the_errors_are_listed_by_row_and_column_and_can_be_downloaded(
    login_as, django_capture_on_commit_callbacks
):
    client = login_as(Role.COMMISSIONER)
    rows = [PEOPLE_HEADER, person_row(**{"NHS number": ADA, "Date of birth": "=1+2"})]
    detail_url = upload_and_check(client, csv_bytes(rows), django_capture_on_commit_callbacks)
    page = client.get(detail_url).content.decode()
    assert "The check found errors" in page
    assert "<strong>Date of birth</strong>: &#39;=1+2&#39; is not a date." in page
    record = ImportRecord.objects.get()
    report = client.get(reverse("register:import_errors", args=[record.pk]))
    assert report["Content-Disposition"] == f'attachment; filename="import-{record.pk}-errors.csv"'
    lines = list(csv.reader(io.StringIO(b"".join(report.streaming_content).decode("utf-8-sig"))))
    assert lines[0] == ["Sheet", "Row", "Column", "Problem"]
    assert lines[1][:3] == ["People", "2", "Date of birth"]
    assert lines[1][3].startswith("'=1+2' is not a date")  # starts with ' so it is no formula
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(record.pk)).exists()


def test_the_uploaded_file_is_served_only_through_the_view_as_an_attachment(
    login_as, partnership, settings
):
    record = ImportRecordFactory(partnership=partnership, original_name="people.csv")
    client = login_as(Role.COMMISSIONER)
    response = client.get(reverse("register:import_file", args=[record.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert b"".join(response.streaming_content).startswith(b"NHS number,")
    assert AuditEvent.objects.filter(action=AuditAction.DOWNLOAD, object_id=str(record.pk)).exists()
    # No URL serves the storage: neither the file's own url nor a media path resolves.
    for path in (record.file.url, f"/{record.file.name}", f"/media/{record.file.name}"):
        with pytest.raises(Resolver404):
            resolve(path if path.startswith("/") else f"/{path}")
        assert client.get(path if path.startswith("/") else f"/{path}").status_code == 404
    assert record.file.name.startswith(f"imports/{partnership.pk}/")
    assert "people" not in record.file.name  # the user's file name never reaches storage


def test_the_templates_have_instructions_the_columns_and_the_codes(login_as):
    client = login_as(Role.COMMISSIONER)
    response = client.get(reverse("register:import_template", args=["register", "xlsx"]))
    assert response["Content-Disposition"] == (
        'attachment; filename="import-template-register.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Instructions",
        "People",
        "Hospital spells",
        "Risk ratings",
        "Reviews",
        "Codes",
    ]
    for kind, title in ((ImportKind.PEOPLE, "People"), (ImportKind.SPELLS, "Hospital spells")):
        header = [cell.value for cell in workbook[title][1]]
        assert header == [column.header for column in SHEETS[kind].columns]
    codes = {(row[0], row[1]) for row in workbook["Codes"].iter_rows(min_row=2, values_only=True)}
    assert ("Bed type", "PICU") in codes
    assert ("Sex", "X") in codes
    assert workbook["Hospital spells"].data_validations.dataValidation  # drop-down lists
    instructions = " ".join(
        str(cell) for row in workbook["Instructions"].iter_rows(values_only=True) for cell in row
    )
    assert "Dates: 2024-03-02, 02/03/2024 (day first)" in instructions
    text = client.get(reverse("register:import_template", args=["spells", "csv"])).content
    assert text.decode("utf-8-sig").splitlines()[0].startswith("NHS number,Local identifier,")
    assert (
        client.get(reverse("register:import_template", args=["register", "csv"])).status_code == 404
    )


@pytest.mark.parametrize("rows", [5, 120])
def test_the_preview_runs_the_same_queries_for_any_number_of_rows(
    login_as, partnership, django_assert_num_queries, rows
):
    record = ImportRecordFactory(
        partnership=partnership,
        status=ImportStatus.HAS_ERRORS,
        counts={"total": {"ERROR": rows}, "PEOPLE": {"ERROR": rows}},
    )
    ImportRow.objects.bulk_create(
        ImportRow(
            record=record,
            kind="PEOPLE",
            row_number=n + 2,
            outcome=RowOutcome.ERROR,
            errors=[{"column": "Sex", "message": "Unknown sex"}],
        )
        for n in range(rows)
    )
    client = login_as(Role.COMMISSIONER)
    client.get(reverse("register:import_detail", args=[record.pk]))  # warm the session
    with django_assert_num_queries(12):
        client.get(reverse("register:import_detail", args=[record.pk]))


@pytest.mark.parametrize("imports", [2, 25])
def test_the_list_of_imports_runs_the_same_queries_for_any_number(
    login_as, partnership, django_assert_num_queries, imports
):
    for _ in range(imports):
        ImportRecordFactory(partnership=partnership)
    client = login_as(Role.PARTNERSHIP_ADMIN)
    client.get(reverse("register:import_list"))
    with django_assert_num_queries(8):
        client.get(reverse("register:import_list"))
