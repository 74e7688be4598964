"""Moving in from a spreadsheet in a real browser: a commissioner downloads a template, uploads a
file, matches its columns, reads the check, fixes nothing or reads the errors, and imports.
Every page reached is scanned by axe."""

import csv
import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from register.imports.mapping import PEOPLE
from register.models import ImportRecord, Person
from tests.factories import fresh_nhs_number

from .helpers import check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = [column.header for column in PEOPLE.columns]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def people_csv(tmp_path, rows: list[dict[str, str]]):
    path = tmp_path / "our-register.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*HEADER, "Keyworker notes"])
    for values in rows:
        writer.writerow([values.get(column, "") for column in HEADER] + ["ignored"])
    path.write_text(buffer.getvalue(), encoding="cp1252")  # as Excel saves "CSV" on Windows
    return path


def upload(page: Page, path) -> None:
    page.get_by_role("button", name="Upload a file").click()
    expect(heading(page)).to_have_text("Upload a file to import")
    check_accessibility(page, "import: upload")
    page.get_by_role("radio", name="People").check()
    page.get_by_label("Choose the file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and continue").click()
    expect(heading(page)).to_have_text("Match the columns")
    expect(page.get_by_role("main")).to_contain_text(
        "These columns of your file are not used and will be ignored: Keyworker notes."
    )
    check_accessibility(page, "import: match the columns")
    page.get_by_role("button", name="Check the file").click()


def test_commissioner_imports_people_from_a_spreadsheet(
    page, live_server, demo_logins, password, tmp_path
):
    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register").click()
    page.get_by_role("link", name="Import from a spreadsheet").click()
    expect(heading(page)).to_have_text("Import from a spreadsheet")
    check_accessibility(page, "import: start")

    with page.expect_download() as waiting:
        page.get_by_role("link", name="Excel template for people").click()
    with open(waiting.value.path(), "rb") as downloaded:
        template = load_workbook(downloaded)
    assert template.sheetnames == ["Instructions", "People", "Codes"]

    number = fresh_nhs_number()
    path = people_csv(
        tmp_path,
        [
            {
                "NHS number": f"{number[:3]} {number[3:6]} {number[6:]}",
                "Given name": "Zoë",
                "Family name": "Importfield",
                "Date of birth": "02/03/1990",
                "Sex": "Female",
                "Learning disability": "Yes",
                "Autism": "No",
            }
        ],
    )
    upload(page, path)
    expect(page.get_by_role("main")).to_contain_text(
        "The check found no errors. 1 row will be added; 0 rows will be changed; 0 rows are "
        "already on the register."
    )
    check_accessibility(page, "import: checked, ready")
    assert not Person.objects.filter(nhs_number=number).exists()

    page.get_by_role("button", name="Import the file").click()
    expect(page.get_by_role("main")).to_contain_text("Imported. 1 row was added")
    check_accessibility(page, "import: imported")
    person = Person.objects.get(nhs_number=number)
    assert (person.given_name, person.sex, str(person.date_of_birth)) == ("Zoë", "2", "1990-03-02")
    assert ImportRecord.objects.get().committed_by.email == demo_logins[("commissioner", "BLMK")]


def test_the_check_lists_each_error_with_its_row_and_column(
    page, live_server, demo_logins, password, tmp_path
):
    sign_in(page, live_server, demo_logins[("admin", "BLMK")], password)
    page.goto(f"{live_server.url}/register/imports/")
    path = people_csv(
        tmp_path,
        [
            {
                "NHS number": fresh_nhs_number(),
                "Given name": "Al",
                "Family name": "Okay",
                "Date of birth": "1990-01-01",
                "Learning disability": "Yes",
                "Autism": "No",
            },
            {
                "NHS number": "123",
                "Given name": "Bo",
                "Family name": "Badnumber",
                "Date of birth": "31/02/1990",
                "Learning disability": "Yes",
                "Autism": "No",
            },
        ],
    )
    upload(page, path)
    main = page.get_by_role("main")
    expect(main).to_contain_text("The check found errors")
    expect(main).to_contain_text("Date of birth: '31/02/1990' is not a real date.")
    check_accessibility(page, "import: checked, errors")
    page.get_by_role("link", name="Errors", exact=True).click()
    rows = page.get_by_role("table", name="What the check found for each row").get_by_role("row")
    expect(rows).to_have_count(2)  # the header and the one row with errors
    check_accessibility(page, "import: errors only")
    expect(page.get_by_role("button", name="Import the file")).to_have_count(0)
