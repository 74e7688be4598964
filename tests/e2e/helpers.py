"""What a browser journey does at every step: sign in, look at the page, scan it with axe.

Kept in one module so that a new journey only adds test functions, and so that the sign-in step
(which will grow a second factor) lives in exactly one place.
"""

import base64
import json
import re
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_RESULTS = SCREENSHOTS / "axe-results.json"
AXE_SCRIPT = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"

# Every page title ends with the service name, as the NHS service manual asks: "Page, Service, NHS"
# joined by en dashes.
TITLE_SUFFIX = " \u2013 Transforming Care register \u2013 NHS"

# WCAG 2.2 AA as axe-core tags it: each level's new rules carry their own tag.
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IMPACTS = ("critical", "serious", "moderate", "minor")
BLOCKING_IMPACTS = frozenset({"critical", "serious"})
MOST_NODES_RECORDED = 10  # per undecided rule and page, in axe-results.json

# page name -> what axe found there, written to AXE_RESULTS after every scan of this run.
_axe_results: dict[str, dict[str, Any]] = {}
# page -> problems the browser reported (script errors, failed assets, CSP refusals).
_browser_problems: dict[Page, list[str]] = {}


def sign_in(
    page: Page,
    live_server: Any,
    email: str,
    password: str,
    *,
    at_each_step: Callable[[Page], object] | None = None,
) -> None:
    """Sign in as a person would: the password form, then the security code from their app.

    Every journey signs in through here. A user with no authenticator yet is taken through the
    first-time set-up (the key read off the page, as a person types it into their app). Fails
    with the page's own words if a step is refused. `at_each_step(page)` is called on each
    sign-in page before it is filled in, e.g. to scan it or read its title.
    """
    login_path = reverse("accounts:login")
    if urlsplit(page.url).path != login_path:  # already there, e.g. sent by the login redirect
        page.goto(live_server.url + login_path)
    step = at_each_step or (lambda _page: None)
    step(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    # The form always posts and loads a page: the next step if accepted, the form if not.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    _fail_if_still_on(page, login_path, f"Signing in as {email}")
    if urlsplit(page.url).path == reverse("accounts:mfa_set_up"):
        step(page)
        set_up_two_factor(page)
    elif urlsplit(page.url).path == reverse("accounts:mfa_verify"):
        step(page)
        page.get_by_label("Security code").fill(security_code(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
        _fail_if_still_on(page, reverse("accounts:mfa_verify"), f"The security code of {email}")


def set_up_two_factor(page: Page, *, keep_codes_page: bool = False) -> list[str]:
    """On the set-up page: add the shown key to an "app", type its code, keep the recovery codes.

    Returns the recovery codes the page showed, and stays on that page if keep_codes_page.
    """
    key = page.locator(".app-secret").inner_text()
    app = TOTP(base64.b32decode(_b32_padded(key)))
    page.get_by_label("Code from your authenticator app").fill(f"{app.token():06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    _fail_if_still_on(page, reverse("accounts:mfa_set_up"), "Setting up two-factor authentication")
    codes = page.locator(".app-recovery-codes li").all_inner_texts()
    if keep_codes_page:
        return codes
    page.get_by_role("button", name="I have saved my recovery codes").click()
    page.wait_for_load_state()
    return codes


def security_code(email: str) -> str:
    """The code the user's authenticator app shows now, never one already used.

    django-otp refuses a time step it has accepted before; a second sign-in within the same 30
    seconds uses the next step, which the device's tolerance of one step accepts.
    """
    device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    app = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    wanted = max(app.t(), device.last_t + 1)
    while wanted > app.t() + device.tolerance:  # only after many sign-ins in one time step
        time.sleep(1)
        app.time = time.time()
    return f"{hotp(device.bin_key, wanted, device.digits):0{device.digits}d}"


def _fail_if_still_on(page: Page, path: str, what: str) -> None:
    if urlsplit(page.url).path == path:
        said = " ".join(page.locator(".nhsuk-error-summary").all_inner_texts()) or page.title()
        pytest.fail(f"{what} was refused: {said}")


def _b32_padded(key: str) -> str:
    key = "".join(key.split()).upper()
    return key + "=" * (-len(key) % 8)


def tab_to(page: Page, target: Locator, *, most: int = 15) -> list[str]:
    """Press Tab until `target` has focus, checking the focus is visible at every stop on the way.

    Returns the elements passed through, so a test can say what the keyboard user went past.
    """
    stops = []
    for _ in range(most):
        page.keyboard.press("Tab")
        style = assert_focus_visible(page)
        stops.append(f"{style['element']} {style['text']!r}")
        if target.evaluate("el => el === document.activeElement"):
            return stops
    pytest.fail(f"{most} presses of Tab did not reach {target}; focus went to: {stops}")


def type_date(page: Page, field: Locator, when: date) -> None:
    """Type a date into the focused date field with the keys alone, as its segments are shown.

    Chromium shows a date field's day, month and year segments in its own locale's order, which
    here (no en_GB system locale) is the US one: a person types what they see. Day first is tried,
    then, if the field did not take it, back to the first segment and month first.
    """
    page.keyboard.type(when.strftime("%d%m%Y"))
    if field.input_value() != when.isoformat():
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.type(when.strftime("%m%d%Y"))
    assert field.input_value() == when.isoformat(), f"the date field shows {field.input_value()!r}"


def page_title(topic: str) -> str:
    """The full <title> of a page about `topic`, e.g. page_title("Sign in")."""
    return topic + TITLE_SUFFIX


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as tests/e2e/screenshots/<name>.png (overwritten on every run)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_slug(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_accessibility(page: Page, name: str, *, record: bool = True) -> dict[str, int]:
    """Screenshot the page, then run axe-core's WCAG 2.2 AA rules on it.

    Fails on any serious or critical violation, on a page wider than the window (it would scroll
    sideways), and on anything the browser reported going wrong while loading the page (script
    errors, missing assets, refusals by the content security policy).
    Every scan is recorded in tests/e2e/screenshots/axe-results.json (record=False: only the
    checks' own tests leave it out). Returns the count of violated rules by impact.
    """
    if record:
        screenshot(page, name)
    _inject_axe(page)
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: tags, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    violations = results["violations"]
    counts = {impact: 0 for impact in IMPACTS}
    for violation in violations:
        counts[violation["impact"] or "minor"] += 1
    if record:
        _record(name, page, results, counts)

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    lesser = [f"{v['id']} ({v['impact']})" for v in violations if v not in blocking]
    if lesser:  # not a failure, but shown in pytest's summary so that nobody forgets them
        warnings.warn(f"axe on {name!r}: {', '.join(lesser)}", stacklevel=2)
    if blocking:
        lines = [f"axe found WCAG 2.2 AA violations on {name!r} ({page.url}):"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines += [
                f"    at {', '.join(map(str, node['target']))}" for node in violation["nodes"]
            ]
        pytest.fail("\n".join(lines))
    sideways = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if sideways > 0:  # WCAG 1.4.10 (reflow): at the journeys' 1280px, never scroll two ways
        pytest.fail(
            f"{name!r} is {sideways}px wider than the window ({page.url}): it scrolls sideways"
        )
    problems = _browser_problems.get(page, [])
    if problems:
        found, problems[:] = list(problems), []
        pytest.fail(f"The browser reported problems on {name!r}:\n- " + "\n- ".join(found))
    return counts


def _inject_axe(page: Page) -> None:
    """Add the vendored axe-core to the page, as inline code or, under a strict CSP, by URL."""
    problems = _browser_problems.setdefault(page, [])
    seen = len(problems)
    try:
        page.add_script_tag(path=str(AXE_SCRIPT))
    except PlaywrightError as error:
        if "Content Security Policy" not in str(error):
            raise
        # The page's own policy refuses injected inline code (as it should); the same vendored
        # file from the app's static folder is 'self'. The refusal we caused is not the page's.
        del problems[seen:]
        page.add_script_tag(url=static("vendor/axe/axe.min.js"))


def _record(name: str, page: Page, results: dict[str, Any], counts: dict[str, int]) -> None:
    _axe_results[name] = {
        "url": urlsplit(page.url).path,
        "title": page.title(),
        "violations_by_impact": counts,
        "violations": [
            {"rule": v["id"], "impact": v["impact"], "help": v["help"], "nodes": len(v["nodes"])}
            for v in results["violations"]
        ],
        "rules_passed": len(results["passes"]),
        "to_check_by_hand": sorted(v["id"] for v in results["incomplete"]),
        "to_check_by_hand_where": {
            v["id"]: [_undecided(node) for node in v["nodes"][:MOST_NODES_RECORDED]]
            for v in results["incomplete"]
        },
    }
    AXE_RESULTS.parent.mkdir(parents=True, exist_ok=True)
    AXE_RESULTS.write_text(json.dumps(_axe_results, indent=2, sort_keys=True) + "\n")


def _undecided(node: dict[str, Any]) -> dict[str, str]:
    """Where axe could not decide, and why in its own words (e.g. colour-contrast: "Element's
    background color could not be determined due to a background gradient")."""
    checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
    why = next((check["message"] for check in checks if check.get("message")), "")
    return {"target": ", ".join(map(str, node["target"])), "why": why}


def watch_browser_problems(page: Page) -> None:
    """Collect what a real browser would show in its console as broken: checked by every scan."""
    problems = _browser_problems.setdefault(page, [])

    def on_console(message: Any) -> None:
        # A page answered 403/404 on purpose logs "Failed to load resource"; assets are checked
        # by on_response instead, so only other console errors count here.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response: Any) -> None:
        if response.request.resource_type != "document" and response.status >= 400:
            problems.append(f"{response.status} for {response.url}")

    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)

    def on_request_failed(request: Any) -> None:
        # Leaving a page cancels what it was still loading (often the favicon): not a fault.
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed ({request.failure}): {request.url}")

    page.on("requestfailed", on_request_failed)


def forget_browser_problems(page: Page) -> None:
    _browser_problems.pop(page, None)


def reset_axe_results() -> None:
    _axe_results.clear()
    AXE_RESULTS.unlink(missing_ok=True)


def focus_style(page: Page) -> dict[str, Any]:
    """How the focused element looks, and whether that differs from how it looks without focus."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const look = () => {
            const s = getComputedStyle(el);
            return {outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
                    boxShadow: s.boxShadow, background: s.backgroundColor, color: s.color};
          };
          const focused = look();
          el.blur();
          const unfocused = look();
          el.focus();
          const rect = el.getBoundingClientRect();
          return {
            element: el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''),
            text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim(),
            focusVisible: el.matches(':focus-visible'),
            refocused: document.activeElement === el,
            size: [rect.width, rect.height],
            focused, unfocused,
          };
        }"""
    )


def assert_focus_visible(page: Page) -> dict[str, Any]:
    """The focused element shows a focus indicator (WCAG 2.4.7) that is not there without focus."""
    style = focus_style(page)
    where = f"{style['element']} {style['text']!r}"
    assert style["refocused"], f"focus could not be put back on {where}"
    width, height = style["size"]
    assert min(width, height) > 1, f"{where} is focused but not visible ({width}x{height})"
    focused, unfocused = style["focused"], style["unfocused"]
    outline = focused["outline"].split(" ", 2)
    has_outline = (
        outline[0] != "none"
        and float(outline[1].rstrip("px") or 0) > 0
        and not (_transparent(outline[2]))
    )
    has_shadow = focused["boxShadow"] != "none"
    assert has_outline or has_shadow, f"{where} has no focus outline or shadow: {focused}"
    assert focused != unfocused, f"{where} looks the same with and without focus: {focused}"
    return style


def _transparent(colour: str) -> bool:
    return colour == "transparent" or bool(re.search(r"rgba\(.*,\s*0\)$", colour))


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
