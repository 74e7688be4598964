"""The checks every journey relies on must themselves catch what they are there to catch."""

import pytest

from .helpers import assert_focus_visible, check_accessibility, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BROKEN_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body><main>
<h1>Broken on purpose</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<p style="color:#ccc;background:#fff">Pale grey text on white</p>
<label>Unlabelled?</label><input id="lonely">
<button style="outline:none" id="plain">No focus style</button>
</main></body></html>"""


def test_accessibility_check_fails_on_serious_violations_and_names_them(page):
    page.set_content(BROKEN_PAGE)
    with pytest.raises(pytest.fail.Exception) as failure:
        check_accessibility(page, "deliberately broken", record=False)
    message = str(failure.value)
    assert "image-alt (critical): Images must have alternative text" in message
    assert "color-contrast (serious)" in message
    assert "label (critical)" in message
    assert "at #lonely" in message


def test_accessibility_check_fails_on_a_script_error(page):
    page.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Script</title></head>"
        "<body><main><h1>Fine to axe</h1></main></body></html>"
    )
    page.add_script_tag(content="window.setTimeout(() => { throw new Error('boom'); }, 0)")
    page.wait_for_timeout(50)
    with pytest.raises(pytest.fail.Exception, match=r"script error: .*boom"):
        check_accessibility(page, "script error", record=False)


def test_accessibility_check_fails_on_a_page_that_scrolls_sideways(page):
    """What a long unbroken e-mail address in a narrow column did to the person page."""
    page.set_content(
        "<!DOCTYPE html><html lang='en'><head><title>Wide</title></head><body><main>"
        "<h1>Too wide</h1><p>" + "x" * 400 + "</p></main></body></html>"
    )
    with pytest.raises(pytest.fail.Exception, match=r"wider than the window.*scrolls sideways"):
        check_accessibility(page, "too wide", record=False)


def test_focus_check_fails_on_an_element_without_a_focus_style(page):
    page.set_content(BROKEN_PAGE)
    page.add_style_tag(content="#plain:focus { outline: none; box-shadow: none; }")
    page.locator("#plain").focus()
    with pytest.raises(AssertionError, match="no focus outline or shadow"):
        assert_focus_visible(page)


def test_accessibility_check_runs_under_a_strict_content_security_policy(page, live_server):
    """A nonce-only policy refuses axe as inline code: the check must still run, and must not
    blame the page for the refusal that the injection itself caused."""
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Strict</title></head>"
        "<body><main><h1>Strict policy</h1></main></body></html>"
    )
    policy = "default-src 'self'; script-src 'self' 'nonce-test'"
    page.route(
        "**/strict-policy/",
        lambda route: route.fulfill(
            body=html, headers={"content-type": "text/html", "content-security-policy": policy}
        ),
    )
    page.goto("/strict-policy/")
    counts = check_accessibility(page, "strict policy", record=False)
    assert counts == {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    assert page.evaluate("typeof axe.run") == "function"


def test_sign_in_helper_fails_with_what_the_sign_in_page_said(page, live_server, demo_logins):
    with pytest.raises(pytest.fail.Exception, match="Enter a correct email address and password"):
        sign_in(page, live_server, demo_logins[("admin", "BLMK")], "not-the-password")
