"""Files that cannot be imported get a clear message and leave the database untouched: empty,
binary junk, too large, the wrong kind of file, the wrong sheet, a header with no rows, too many
rows, a damaged or over-inflating workbook. Text files in the encodings spreadsheets really save
(UTF-8 with a BOM, Windows-1252, UTF-16, semicolons) are read correctly."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from register.imports import services
from register.models import ImportKind, ImportStatus, Person

from .conftest import (
    PEOPLE_HEADER,
    csv_bytes,
    error_lines,
    person_row,
    table_counts,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

NHS = "943 476 5919"


def refused_upload(partnership, importer, data, *, kind=ImportKind.PEOPLE, name="file.csv"):
    """Upload through the service; returns the message and proves nothing was written."""
    before = table_counts()
    with pytest.raises(ValidationError) as info:
        services.start_import(
            partnership=partnership, by=importer, kind=kind, upload=upload(data, name)
        )
    assert table_counts() == before, "a refused upload left rows behind"
    return " ".join(info.value.message_dict["upload"])


def test_an_empty_file_is_refused(partnership, importer):
    assert refused_upload(partnership, importer, b"") == (
        "The file is empty. Choose the file with your data in it"
    )
    assert "empty" in refused_upload(partnership, importer, b"  \r\n \n")


def test_binary_junk_is_refused(partnership, importer):
    junk = bytes(range(256)) * 40
    message = refused_upload(partnership, importer, junk, name="people.csv")
    assert message.startswith("The file is not a CSV or an Excel workbook (.xlsx)")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 100
    assert "not a CSV or an Excel workbook" in refused_upload(partnership, importer, png)


def test_an_old_xls_file_or_a_word_document_is_refused_by_its_content(partnership, importer):
    xls = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "old-style Excel file (.xls)" in refused_upload(
        partnership, importer, xls, name="a.xlsx"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert "Word document" in refused_upload(
        partnership, importer, buffer.getvalue(), name="a.xlsx"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photo.jpg", "not really")
    assert "not a CSV or an Excel workbook" in refused_upload(
        partnership, importer, buffer.getvalue(), name="a.xlsx"
    )


def test_a_damaged_workbook_is_refused(partnership, importer):
    workbook = xlsx_bytes({"People": [PEOPLE_HEADER, person_row(**{"NHS number": NHS})]})
    assert "damaged" in refused_upload(partnership, importer, workbook[: len(workbook) // 2])


def test_a_workbook_that_would_unpack_too_large_is_refused(partnership, importer, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2_000
    workbook = xlsx_bytes({"People": [PEOPLE_HEADER, person_row(**{"NHS number": NHS})]})
    assert "too large once opened" in refused_upload(partnership, importer, workbook)


def test_a_50_mb_upload_is_refused_on_the_page_with_nothing_kept(login_as, partnership):
    client = login_as(Role.COMMISSIONER)
    big = upload(b"NHS number,Given name\n" + b"9434765919,Alex\n" * (50 * 1024 * 1024 // 16))
    before = table_counts()
    response = client.post(reverse("register:import_upload"), {"kind": "PEOPLE", "upload": big})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["upload"] == [
        "The file is 50 MB. Files must be 10 MB or smaller: split it into several files, or "
        "remove columns you do not need"
    ]
    assert "Error: Upload a file to import" in response.content.decode()
    assert table_counts() == before


def test_a_sheet_with_a_header_and_no_rows_is_refused(partnership, importer):
    message = refused_upload(partnership, importer, csv_bytes([PEOPLE_HEADER]))
    assert message == (
        "The file has a header row but no data under it ('CSV'). Add a row for each record"
    )


def test_a_workbook_without_the_sheet_is_refused_and_names_its_sheets(partnership, importer):
    workbook = xlsx_bytes(
        {"Sheet1": [["Ward", "Beds"], ["Willow", 10]], "Sheet2": [["Notes"], ["x"]]}
    )
    message = refused_upload(partnership, importer, workbook, name="people.xlsx")
    assert message == (
        "The workbook has no sheet called 'People' (its sheets are: 'Sheet1', 'Sheet2'). Rename "
        "the sheet that holds the data, or copy it into the template"
    )
    message = refused_upload(partnership, importer, workbook, kind=ImportKind.REGISTER)
    assert (
        "no sheet called 'People' and 'Hospital spells' and 'Risk ratings' and 'Reviews'" in message
    )


def test_a_whole_register_must_be_a_workbook(partnership, importer):
    data = csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": NHS})])
    assert "must be an Excel workbook" in refused_upload(
        partnership, importer, data, kind=ImportKind.REGISTER
    )


def test_too_many_rows_are_refused(partnership, importer, settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [PEOPLE_HEADER] + [person_row(**{"Given name": f"P{i}"}) for i in range(4)]
    assert refused_upload(partnership, importer, csv_bytes(rows)) == (
        "The sheet 'CSV' has more than 3 rows. Split it into files of 3 rows or fewer"
    )


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("cp1252", ","), ("utf-16", "\t"), ("utf-8", ";")],
)
def test_text_files_are_read_in_the_encodings_spreadsheets_save(
    run_import, partnership, encoding, delimiter
):
    rows = [
        PEOPLE_HEADER,
        person_row(**{"NHS number": NHS, "Given name": "Zoë", "Family name": "O\u2019Brien"}),
    ]
    record = run_import(csv_bytes(rows, encoding=encoding, delimiter=delimiter), commit=True)
    assert record.status == ImportStatus.COMMITTED, error_lines(record)
    assert record.sheets[0]["headers"][0] == "NHS number"  # the BOM is not part of the header
    person = Person.objects.get()
    assert (person.given_name, person.family_name) == ("Zoë", "O\u2019Brien")


def test_the_content_decides_the_format_not_the_file_name(run_import):
    workbook = xlsx_bytes({"People": [PEOPLE_HEADER, person_row(**{"NHS number": NHS})]})
    record = run_import(workbook, name="people.csv")
    assert (record.file_format, record.status) == ("XLSX", ImportStatus.READY)
    text = csv_bytes([PEOPLE_HEADER, person_row(**{"NHS number": "401 023 2137"})])
    record = run_import(text, name="people.xlsx")
    assert (record.file_format, record.status) == ("CSV", ImportStatus.READY)


def test_extra_columns_are_named_as_ignored_and_the_file_imports(login_as, run_import):
    header = [*PEOPLE_HEADER, "Keyworker notes", "Team"]
    data = csv_bytes([header, [*person_row(**{"NHS number": NHS}), "likes music", "North"]])
    client = login_as(Role.COMMISSIONER)
    response = client.post(
        reverse("register:import_upload"), {"kind": "PEOPLE", "upload": upload(data)}
    )
    page = client.get(response.url).content.decode()
    assert (
        "These columns of your file are not used and will be ignored: Keyworker notes, Team."
        in page
    )
    record = run_import(data, commit=True)
    assert record.status == ImportStatus.COMMITTED


def test_missing_columns_are_named_and_nothing_is_checked_or_written(partnership, importer):
    header = [h for h in PEOPLE_HEADER if h not in ("Date of birth", "Autism")]
    row = [
        v
        for h, v in zip(PEOPLE_HEADER, person_row(**{"NHS number": NHS}), strict=True)
        if h in header
    ]
    record = services.start_import(
        partnership=partnership,
        by=importer,
        kind=ImportKind.PEOPLE,
        upload=upload(csv_bytes([header, row])),
    )
    before = table_counts()
    with pytest.raises(ValidationError) as info:
        services.save_mapping(record=record, by=importer, mapping=record.mapping)
    assert info.value.message_dict == {
        "people__date_of_birth": [
            "Choose the column that holds the date of birth (required). If the file does not "
            "have one, add it: the template shows every column"
        ],
        "people__has_autism": [
            "Choose the column that holds the autism (required). If the file does not have one, "
            "add it: the template shows every column"
        ],
    }
    assert table_counts() == before
    record.refresh_from_db()
    assert record.status == ImportStatus.UPLOADED


def test_a_header_used_twice_is_refused(partnership, importer):
    header = [*PEOPLE_HEADER, "Given name"]
    data = csv_bytes([header, [*person_row(**{"NHS number": NHS}), "Again"]])
    record = services.start_import(
        partnership=partnership, by=importer, kind=ImportKind.PEOPLE, upload=upload(data)
    )
    with pytest.raises(ValidationError) as info:
        services.save_mapping(record=record, by=importer, mapping=record.mapping)
    assert info.value.message_dict["people__given_name"] == [
        "The header 'Given name' appears more than once in the file. Give each column its own "
        "header and upload it again"
    ]
