"""The dashboard in a real browser: a board member sees aggregates only; an admin enters a plan."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Partnership
from tests.factories import HospitalSpellFactory, PersonFactory

from .helpers import check_accessibility, page_title, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_board_member_sees_only_aggregates_and_is_refused_a_person_page(
    page, live_server, demo_logins, password
):
    blmk = Partnership.objects.get(code="BLMK")
    spell = HospitalSpellFactory(
        person=PersonFactory(partnership=blmk, given_name="Morgan", family_name="Treadwell"),
        admission_date=timezone.localdate().replace(day=1),
    )
    sign_in(page, live_server, demo_logins[("board", "BLMK")], password)
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Register")).to_have_count(0)

    menu.get_by_role("link", name="Dashboard").click()
    expect(heading(page)).to_contain_text("Dashboard")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Headline figures")).to_be_visible()
    # Figures only: nobody's name, and no figure links to the people behind it.
    expect(main).not_to_contain_text("Treadwell")
    expect(main).not_to_contain_text("Morgan")
    expect(main.get_by_role("link", name="see the people behind")).to_have_count(0)
    hrefs = main.get_by_role("link").evaluate_all("links => links.map(a => a.pathname)")
    assert not [h for h in hrefs if h.startswith(("/register/", "/dashboard/drill/"))], hrefs
    check_accessibility(page, "dashboard (board member)")

    response = page.goto(reverse("register:person_detail", args=[spell.person.pk]))
    assert response is not None
    assert response.status == 403
    expect(page).to_have_title(page_title("You do not have permission to see this page"))
    expect(page.get_by_role("main")).not_to_contain_text("Treadwell")
    check_accessibility(page, "403 person page (board member)")


def test_partnership_admin_enters_a_plan_trajectory_and_sees_it_on_the_dashboard(
    page, live_server, demo_logins, password
):
    today = timezone.localdate()
    sign_in(page, live_server, demo_logins[("admin", "BLMK")], password)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    expect(heading(page)).to_contain_text("Dashboard")
    trajectory = page.get_by_role("figure", name="Inpatients against the planned trajectory")
    expect(trajectory).to_contain_text("No planned trajectory to compare with yet.")
    check_accessibility(page, "dashboard (partnership admin)")

    page.get_by_role("link", name="Planned trajectories and populations").click()
    expect(heading(page)).to_have_text("Planned trajectories and populations")
    check_accessibility(page, "plans")
    page.get_by_label("Quarter", exact=True).fill(today.isoformat())
    page.get_by_label("Commissioner", exact=True).select_option(label="ICB (incl. historic CCG)")
    page.get_by_label("Planned inpatients at quarter end").fill("23")
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("alert").filter(has_text="Planned trajectory saved.")).to_be_visible()
    plans = page.get_by_role("table", name="Plans entered")
    expect(plans.get_by_role("row").filter(has_text="ICB (incl. historic CCG)")).to_contain_text(
        "23"
    )
    check_accessibility(page, "plans (after saving a plan)")

    page.get_by_role("link", name="Back to the dashboard").click()
    expect(trajectory).to_contain_text("against a plan of 23")
    trajectory.get_by_text("Show the data as a table").click()
    expect(trajectory.get_by_role("table")).to_contain_text("23")
    check_accessibility(page, "dashboard (with a planned trajectory)")
