"""A commissioner works on the register in a real browser: find, open, rate, admit, move, export.

Each step is done as a person would (links and buttons by their names, typing, reading the page)
and every page reached is scanned by axe.
"""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Organisation, Partnership
from register.models import BedType, HospitalSpell, Rag
from register.nhs_numbers import format_nhs_number
from tests.factories import PersonFactory, SiteFactory, WardFactory

from .helpers import (
    assert_focus_visible,
    check_accessibility,
    page_title,
    sign_in,
    tab_to,
    type_date,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def ward_label(ward) -> str:
    """How the ward lists name a ward (register.forms.WardChoiceField)."""
    site = ward.site
    return f"{ward.name}, {site.name} ({site.provider.name}): {ward.get_bed_type_display()}"


@pytest.fixture
def community_person(demo_logins):
    """Someone in the community in BLMK, and a hospital with two wards they could be admitted to."""
    blmk = Partnership.objects.get(code="BLMK")
    person = PersonFactory(partnership=blmk, given_name="Robin", family_name="Ashdown")
    PersonFactory(partnership=blmk, given_name="Sam", family_name="Ashby")  # not the one searched
    site = SiteFactory(name="Willow Park Hospital", provider__name="Willow Healthcare")
    wards = [
        WardFactory(site=site, name="Oak ward", bed_type=BedType.AT_UNIT),
        WardFactory(site=site, name="Elm ward", bed_type=BedType.LOCKED_REHAB),
    ]
    return person, wards


def test_commissioner_finds_a_person_rates_admits_moves_and_downloads_the_register(
    page, live_server, demo_logins, password, community_person
):
    person, (oak, elm) = community_person
    today = timezone.localdate()
    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register").click()
    expect(heading(page)).to_contain_text("Register")
    check_accessibility(page, "register list (commissioner)")

    # An NHS number as it is read out or printed: 3-3-4 with spaces.
    spaced = format_nhs_number(person.nhs_number)
    assert " " in spaced
    page.get_by_label("Search by name or NHS number").fill(spaced)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("Showing people matching your search.")).to_be_visible()
    table = page.get_by_role("table", name="People on the register")
    expect(table).not_to_contain_text("Ashby")
    expect(table.get_by_role("link", name="ASHDOWN, Robin")).to_have_count(1)
    # The search term stays out of the address (it is an NHS number).
    assert person.nhs_number not in page.url
    assert "search" not in page.url
    check_accessibility(page, "register list (searched by NHS number)")

    table.get_by_role("link", name="ASHDOWN, Robin").click()
    expect(heading(page)).to_contain_text("Robin Ashdown")
    expect(page.get_by_role("main")).to_contain_text(spaced)
    check_accessibility(page, "person page (community)")

    # Rate risk of admission: the form for someone in the community.
    page.get_by_role("link", name="Rate risk of admission").click()
    expect(heading(page)).to_have_text("Rate risk of admission (dynamic support register)")
    check_accessibility(page, "rate risk form")
    page.get_by_role("radio", name="Amber").check()
    page.get_by_label("Date of the rating").fill((today - timedelta(days=10)).isoformat())
    page.get_by_label("Why this rating").fill("Placement under strain after a change of staff.")
    page.get_by_label("Basis for adding them to the dynamic support register").select_option(
        label="Consent given"
    )
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_role("alert").filter(has_text="Risk rating recorded")).to_be_visible()
    check_accessibility(page, "person page (after rating)")
    assert person.dsr_entries.get().ratings.latest("effective_date").rag == Rag.AMBER

    # Admit to Oak ward.
    page.get_by_role("link", name="Record an admission").click()
    expect(heading(page)).to_have_text("Record an admission")
    check_accessibility(page, "admit form")
    page.get_by_label("Admission date").fill((today - timedelta(days=7)).isoformat())
    page.get_by_label("Ward", exact=True).select_option(label=ward_label(oak))
    icb = Organisation.objects.get(ods_code="QHG")
    page.get_by_label("Commissioner").select_option(label=f"{icb.name} ({icb.ods_code})")
    page.get_by_role("radio", name="Community").check()
    page.get_by_role("button", name="Record admission").click()
    expect(page.get_by_role("alert").filter(has_text="Admission recorded")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Oak ward")
    check_accessibility(page, "person page (inpatient)")

    # Move to Elm ward in the same hospital: only that hospital's wards are offered.
    page.get_by_role("link", name="Move ward").click()
    expect(heading(page)).to_have_text("Move to another ward in the same hospital")
    check_accessibility(page, "move ward form")
    page.get_by_label("New ward").select_option(label=ward_label(elm))
    page.get_by_label("Date of the move").fill((today - timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Record move").click()
    expect(page.get_by_role("alert").filter(has_text="Ward move recorded")).to_be_visible()
    expect(main).to_contain_text("Elm ward")
    check_accessibility(page, "person page (after ward move)")
    spell = HospitalSpell.objects.get(person=person)
    assert list(spell.ward_stays.order_by("start_date").values_list("ward__name", flat=True)) == [
        "Oak ward",
        "Elm ward",
    ]

    # Back to the register and download it as CSV.
    page.get_by_role("link", name="Back to the register").click()
    expect(heading(page)).to_contain_text("Register")
    page.get_by_role("button", name="Clear search").click()
    expect(page.get_by_text("Showing people matching your search.")).to_have_count(0)
    check_accessibility(page, "register list (search cleared)")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download this list (CSV)").click()
    download = waiting.value
    assert download.suggested_filename == f"register-{today.isoformat()}.csv"
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    robin = [row for row in rows if row["NHS number"].replace(" ", "") == person.nhs_number]
    assert len(robin) == 1, rows
    assert robin[0]["Family name"] == "Ashdown"
    assert robin[0]["Ward"] == "Elm ward"
    assert robin[0]["Hospital"] == "Willow Park Hospital (Willow Healthcare)"

    # The admission put the post-admission CTR (adult: 28 days after admission) on the worklist.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Worklist").click()
    expect(heading(page)).to_have_text("Due and overdue")
    rows = page.get_by_role("table").get_by_role("row").filter(has_text="Ashdown")
    due = rows.filter(has_text="Post-admission CTR")
    expect(due).to_have_count(1)
    admitted = today - timedelta(days=7)
    expect(due).to_contain_text(f"{(admitted + timedelta(days=28)).day} ")
    check_accessibility(page, "worklist (commissioner)")


def test_discharge_before_admission_shows_the_error_summary_and_keeps_what_was_typed(
    page, live_server, demo_logins, password, community_person
):
    """Bad input: the NHS.UK error summary, a message by the field, and the typed values kept."""
    from tests.factories import HospitalSpellFactory

    person, (oak, _elm) = community_person
    spell = HospitalSpellFactory(
        person=person,
        ward=oak,
        ward_stay__ward=oak,
        admission_date=timezone.localdate() - timedelta(days=30),
    )
    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.goto(f"/register/people/{person.pk}/")
    page.get_by_role("link", name="Record discharge").click()
    expect(heading(page)).to_have_text("Record a discharge")
    check_accessibility(page, "discharge form")

    too_early = (spell.admission_date - timedelta(days=3)).isoformat()
    page.get_by_label("Discharge date").fill(too_early)
    page.get_by_role("radio", name="Supported living").check()
    page.get_by_role("button", name="Record discharge").click()

    expect(page).to_have_title(page_title("Error: Record a discharge"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    message = summary.get_by_role("link").first
    expect(message).to_contain_text("admission")
    expect(page.get_by_label("Discharge date")).to_have_value(too_early)
    expect(page.get_by_role("radio", name="Supported living")).to_be_checked()
    check_accessibility(page, "discharge form (discharge before admission)")
    message.click()
    expect(page.get_by_label("Discharge date")).to_be_focused()
    spell.refresh_from_db()
    assert spell.discharge_date is None


def test_invalid_nhs_number_on_add_person_shows_the_error_summary_and_keeps_the_form(
    page, live_server, demo_logins, password
):
    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Register").click()
    page.get_by_role("button", name="Add a person").click()
    expect(heading(page)).to_have_text("Add a person")
    check_accessibility(page, "add person form")

    page.get_by_label("NHS number", exact=True).fill(
        "943 476 5918"
    )  # check digit wrong (…5919 is valid)
    page.get_by_label("Given name").fill("Jo")
    page.get_by_label("Family name").fill("Marsh")
    page.get_by_label("Date of birth").fill("1994-02-17")
    page.get_by_role("checkbox", name="Is autistic").check()
    page.get_by_role("button", name="Add person").click()

    expect(page).to_have_title(page_title("Error: Add a person"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("NHS number")
    expect(page.get_by_label("NHS number", exact=True)).to_have_value("943 476 5918")
    expect(page.get_by_label("Given name")).to_have_value("Jo")
    expect(page.get_by_label("Family name")).to_have_value("Marsh")
    expect(page.get_by_label("Date of birth")).to_have_value("1994-02-17")
    expect(page.get_by_role("checkbox", name="Is autistic")).to_be_checked()
    check_accessibility(page, "add person form (invalid NHS number)")


def test_commissioner_records_a_ward_move_with_the_keyboard_only(
    page, live_server, demo_logins, password, community_person
):
    """One register form from link to saved record without the mouse, focus visible throughout."""
    from tests.factories import HospitalSpellFactory

    person, (oak, elm) = community_person
    HospitalSpellFactory(
        person=person,
        ward=oak,
        ward_stay__ward=oak,
        admission_date=timezone.localdate() - timedelta(days=20),
    )
    sign_in(page, live_server, demo_logins[("commissioner", "BLMK")], password)
    page.goto(f"/register/people/{person.pk}/")
    expect(heading(page)).to_contain_text(person.given_name)

    tab_to(page, page.get_by_role("link", name="Move ward"), most=60)
    page.keyboard.press("Enter")
    expect(heading(page)).to_have_text("Move to another ward in the same hospital")
    check_accessibility(page, "move ward form (keyboard)")

    tab_to(page, page.get_by_label("New ward"), most=30)
    # A closed select takes typed letters: "E" chooses the first ward starting with E.
    page.keyboard.type("Elm")
    expect(page.get_by_label("New ward")).to_have_value(str(elm.pk))
    tab_to(page, page.get_by_label("Date of the move"), most=3)
    moved = timezone.localdate() - timedelta(days=1)
    type_date(page, page.get_by_label("Date of the move"), moved)
    # Tab out of the date field: its day, month and year are stops of their own inside one
    # input, where the focus check cannot tell the segment's ring (the screenshots show it).
    save = page.get_by_role("button", name="Record move")
    for _ in range(3):
        page.keyboard.press("Tab")
        if save.evaluate("el => el === document.activeElement"):
            break
    expect(save).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    expect(page.get_by_role("alert").filter(has_text="Ward move recorded")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Elm ward")
    check_accessibility(page, "person page (after keyboard ward move)")
