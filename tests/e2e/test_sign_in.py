"""Signing in and out in a real browser, with the mouse and with the keyboard alone."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

from .helpers import (
    assert_focus_visible,
    check_accessibility,
    page_title,
    security_code,
    set_up_two_factor,
    sign_in,
    tab_to,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BLMK = "Bedfordshire, Luton and Milton Keynes TCP"
SIGN_IN_HEADING = "Sign in to the Transforming Care register"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_member_signs_in_sees_their_partnership_moves_around_and_signs_out(
    page, live_server, demo_logins, password
):
    email = demo_logins[("admin", "BLMK")]
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    expect(heading(page)).to_have_text(SIGN_IN_HEADING)
    check_accessibility(page, "sign-in")

    sign_in(page, live_server, email, password)
    expect(page).to_have_url(live_server.url + "/")
    expect(heading(page)).to_have_text(BLMK)
    account = page.get_by_role("navigation", name="Account")
    expect(account).to_contain_text(email)
    expect(account).to_contain_text(f"{BLMK} (Partnership administrator)")
    check_accessibility(page, "home (partnership admin)")

    menu = page.get_by_role("navigation", name="Menu")
    for link in ["Members", "Audit log"]:
        menu.get_by_role("link", name=link).click()
        expect(heading(page)).to_have_text(link)
        expect(menu.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
        check_accessibility(page, link.lower())
    menu.get_by_role("link", name="Home").click()
    expect(heading(page)).to_have_text(BLMK)

    account.get_by_role("link", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign out")
    check_accessibility(page, "sign out")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text(SIGN_IN_HEADING)
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


def test_wrong_security_code_shows_the_error_summary(page, live_server, demo_logins, password):
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill(demo_logins[("board", "ESX")])
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Enter your security code")
    check_accessibility(page, "security code")

    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(page_title("Error: Enter your security code"))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    check_accessibility(page, "security code (wrong code)")


def test_first_sign_in_sets_up_an_authenticator_app(page, live_server):
    partnership = PartnershipFactory(code="NEW", name="Newtown TCP")
    user = UserFactory(email="new.starter@example.nhs.uk")
    MembershipFactory(user=user, partnership=partnership)
    page.goto(reverse("accounts:login"))
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()

    expect(heading(page)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    check_accessibility(page, "set up two-factor")
    codes = set_up_two_factor(page, keep_codes_page=True)
    expect(heading(page)).to_have_text("Save your recovery codes")
    assert len(codes) == 10
    check_accessibility(page, "recovery codes")
    page.get_by_role("button", name="I have saved my recovery codes").click()
    expect(heading(page)).to_have_text("Newtown TCP")


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

    stops = tab_to(page, page.get_by_label("Email address"))
    assert len(stops) == 1, f"after the skip link, the email field should come first: {stops}"
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"), most=1)
    page.keyboard.type(password)
    tab_to(page, page.get_by_role("button", name="Sign in"), most=1)
    page.keyboard.press("Enter")

    expect(heading(page)).to_have_text("Enter your security code")
    stops = tab_to(page, page.get_by_label("Security code"))
    page.keyboard.type(security_code(email))
    tab_to(page, page.get_by_role("button", name="Continue"), most=1)
    page.keyboard.press("Enter")

    # The browser may keep the skip link's #maincontent through the redirects: still home.
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/(#maincontent)?$"))
    expect(heading(page)).to_have_text("Essex TCP")
    check_accessibility(page, "home (care coordinator)")


def test_page_titles_are_unique_and_say_what_the_page_is(page, live_server, demo_logins, password):
    titles: dict[str, str] = {}

    def read_title(page: Page) -> None:
        titles[urlsplit(page.url).path] = page.title()

    sign_in(page, live_server, demo_logins[("admin", "ESX")], password, at_each_step=read_title)
    read_title(page)
    for path in [
        reverse("accounts:member_list"),
        reverse("accounts:audit_log"),
        reverse("accounts:logout"),
        "/no-such-page/",
    ]:
        page.goto(path)
        read_title(page)

    assert titles == {
        "/accounts/sign-in/": page_title("Sign in"),
        "/accounts/sign-in/security-code/": page_title("Enter your security code"),
        "/": page_title("Home"),
        "/accounts/members/": page_title("Members"),
        "/accounts/audit/": page_title("Audit log"),
        "/accounts/sign-out/": page_title("Sign out"),
        "/no-such-page/": page_title("Page not found"),
    }
    assert len(set(titles.values())) == len(titles)
