"""What each role can reach in a real browser: the audit log, refusals, switching partnership."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import AuditAction, AuditEvent, Partnership, Role, User
from tests.factories import MembershipFactory

from .helpers import check_accessibility, page_title, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLMK = "Bedfordshire, Luton and Milton Keynes TCP"


def test_board_member_sees_no_audit_log_link_and_is_refused_the_page(
    page, live_server, demo_logins, password
):
    email = demo_logins[("board", "BLMK")]
    sign_in(page, live_server, email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text(BLMK)
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("(Board member)")
    for admin_only in ["Audit log", "Members"]:
        expect(page.get_by_role("link", name=admin_only)).to_have_count(0)
    check_accessibility(page, "home (board member)")

    response = page.goto(reverse("accounts:audit_log"))
    assert response is not None
    assert response.status == 403
    expect(page).to_have_title(page_title("You do not have permission to see this page"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have permission to see this page"
    )
    expect(page.get_by_role("main")).to_contain_text(
        "Your role in this partnership does not give access to this page."
    )
    expect(page.get_by_role("table")).to_have_count(0)
    check_accessibility(page, "403 permission denied")
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_DENIED, user_email=email, object_id="/accounts/audit/"
    ).exists()

    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BLMK)


def test_partnership_admin_reads_and_filters_their_partnerships_audit_log(
    page, live_server, demo_logins, password
):
    email = demo_logins[("admin", "BLMK")]
    essex_admin = demo_logins[("admin", "ESX")]
    # Someone in another partnership signs in too: the BLMK log must not show it.
    Client().post(reverse("accounts:login"), {"username": essex_admin, "password": password})
    sign_in(page, live_server, email, password)

    page.get_by_role("main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    table = page.get_by_role("table", name="Events, newest first")
    own_sign_in = table.get_by_role("row").filter(has_text=email).filter(has_text="Signed in")
    expect(own_sign_in).to_have_count(1)
    expect(table).not_to_contain_text(essex_admin)
    check_accessibility(page, "audit log")

    page.get_by_label("Action").select_option(label="Permission denied")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_label("Action")).to_have_value(AuditAction.PERMISSION_DENIED)
    expect(table.get_by_role("caption")).to_have_text("Events, newest first (0)")
    expect(table).not_to_contain_text("Signed in")
    expect(table).to_contain_text("No events match.")
    check_accessibility(page, "audit log (filtered, no events)")


def test_member_of_two_partnerships_switches_between_them(page, live_server, demo_logins, password):
    email = demo_logins[("commissioner", "BLMK")]
    MembershipFactory(
        user=User.objects.get(email=email),
        partnership=Partnership.objects.get(code="ESX"),
        role=Role.BOARD_MEMBER,
    )
    sign_in(page, live_server, email, password)
    account = page.get_by_role("navigation", name="Account")
    expect(page.get_by_role("heading", level=1)).to_have_text(BLMK)
    expect(account).to_contain_text(f"{BLMK} (Commissioner)")
    check_accessibility(page, "home (member of two partnerships)")

    page.get_by_label("Switch partnership").select_option(label="Essex TCP (Board member)")
    page.get_by_role("button", name="Switch").click()

    banner = page.get_by_role("alert").filter(has_text="Active partnership changed.")
    expect(banner).to_contain_text("Success")
    expect(page.get_by_role("heading", level=1)).to_have_text("Essex TCP")
    expect(account).to_contain_text("Essex TCP (Board member)")
    expect(page.get_by_label("Switch partnership")).to_have_value(
        str(Partnership.objects.get(code="ESX").pk)
    )
    check_accessibility(page, "home (after switching partnership)")


def test_an_address_that_does_not_exist_shows_page_not_found(
    page, live_server, demo_logins, password
):
    sign_in(page, live_server, demo_logins[("coordinator", "BLMK")], password)
    response = page.goto("/register/no-such-person/")
    assert response is not None
    assert response.status == 404
    expect(page).to_have_title(page_title("Page not found"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_accessibility(page, "404 page not found")
    page.get_by_role("link", name="Go to the home page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BLMK)
