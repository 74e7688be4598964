"""Signing in and out in a real browser, with the mouse and with the keyboard alone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from .helpers import assert_focus_visible, check_accessibility, page_title, sign_in, tab_to

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLMK = "Bedfordshire, Luton and Milton Keynes TCP"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_member_signs_in_sees_their_partnership_moves_around_and_signs_out(
    page, live_server, demo_logins, password
):
    email = demo_logins[("admin", "BLMK")]
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    expect(heading(page)).to_have_text("Sign in to the Transforming Care register")
    check_accessibility(page, "sign-in")

    sign_in(page, live_server, email, password)
    expect(page).to_have_url(live_server.url + "/")
    expect(heading(page)).to_have_text(BLMK)
    account = page.get_by_role("navigation", name="Account")
    expect(account).to_contain_text(email)
    expect(account).to_contain_text(f"{BLMK} (Partnership administrator)")
    check_accessibility(page, "home (partnership admin)")

    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="Audit log").click()
    expect(heading(page)).to_have_text("Audit log")
    expect(menu.get_by_role("link", name="Audit log")).to_have_attribute("aria-current", "page")
    check_accessibility(page, "audit log")
    menu.get_by_role("link", name="Home").click()
    expect(heading(page)).to_have_text(BLMK)

    account.get_by_role("link", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign out")
    check_accessibility(page, "sign out")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in to the Transforming Care register")
    expect(page.get_by_role("navigation", name="Account")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))


def test_wrong_password_shows_the_error_summary_and_keeps_the_email(page, live_server, demo_logins):
    email = demo_logins[("commissioner", "BLMK")]
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(page_title("Error: Sign in"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("Enter a correct email address and password.")
    # NHS.UK's script moves focus to the summary so that a screen reader reads it out first.
    expect(summary).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value(email)
    expect(page.get_by_label("Password")).to_have_value("")
    check_accessibility(page, "sign-in (wrong password)")


def test_empty_sign_in_form_says_what_to_enter_next_to_each_field(page, live_server):
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Enter an email address in the correct format, like name@example.nhs.uk",
            "Enter your password",
        ]
    )
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()
    expect(page.get_by_label("Email address")).to_have_value("not an email")
    check_accessibility(page, "sign-in (fields missing)")


def test_sign_in_with_the_keyboard_only_and_focus_always_visible(
    page, live_server, demo_logins, password
):
    email = demo_logins[("coordinator", "ESX")]
    page.goto(reverse("accounts:login"))

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    assert_focus_visible(page)
    page.keyboard.press("Enter")

    email_field = page.get_by_label("Email address")
    stops = tab_to(page, email_field)
    assert len(stops) == 1, f"after the skip link, the email field should come first: {stops}"
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"), most=1)
    page.keyboard.type(password)
    tab_to(page, page.get_by_role("button", name="Sign in"), most=1)
    page.keyboard.press("Enter")

    # The browser keeps the skip link's #maincontent through the redirect: still the home page.
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/(#maincontent)?$"))
    expect(heading(page)).to_have_text("Essex TCP")
    check_accessibility(page, "home (care coordinator)")


def test_page_titles_are_unique_and_say_what_the_page_is(page, live_server, demo_logins, password):
    titles: dict[str, str] = {}

    def visit(path: str) -> None:
        page.goto(path)
        titles[path] = page.title()

    visit(reverse("accounts:login"))
    sign_in(page, live_server, demo_logins[("admin", "ESX")], password)
    for path in ["/", reverse("accounts:audit_log"), reverse("accounts:logout"), "/no-such-page/"]:
        visit(path)

    assert titles == {
        "/accounts/sign-in/": page_title("Sign in"),
        "/": page_title("Home"),
        "/accounts/audit/": page_title("Audit log"),
        "/accounts/sign-out/": page_title("Sign out"),
        "/no-such-page/": page_title("Page not found"),
    }
    assert len(set(titles.values())) == len(titles)
