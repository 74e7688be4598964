"""Browser journeys: Debian's Chromium, driven by Playwright's sync API, against live_server.

pytest-playwright's plugin is switched off (`-p no:playwright` in pyproject.toml): it would
parametrise every browser test by browser name, launch Playwright's own browser builds (which
cannot be downloaded here) and empty a test-results folder at every run. These few fixtures launch
Debian's Chromium exactly as CI has it instead. One browser serves the whole e2e package; every
test gets a fresh context (its own cookies and storage), so tests never share a session.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from accounts.demo import DEMO_PASSWORD, seed_partnerships
from accounts.models import User
from tests.conftest import IN_CI
from tests.signin import verified_device

from .helpers import (
    SCREENSHOTS,
    forget_browser_problems,
    reset_axe_results,
    screenshot,
    watch_browser_problems,
)

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails fast.
ACTION_TIMEOUT_MS = 10_000


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium for the e2e package, with a fresh temporary profile.

    Playwright gives a non-persistent launch its own new --user-data-dir under /tmp and deletes
    it on close. The sync API runs an event loop on this thread, so Django's ORM would refuse
    to run in the test body; DJANGO_ALLOW_ASYNC_UNSAFE lifts that only while the browser runs.
    """
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
        if IN_CI:
            pytest.fail(f"{message}; CI=true: browser journeys must run, not skip")
        pytest.skip(message)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package", autouse=True)
def _fresh_artifacts() -> None:
    """The folder shows this run only: no screenshot or axe result left from an earlier one."""
    reset_axe_results()
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        timezone_id="Europe/London",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    watch_browser_problems(page)
    yield page
    forget_browser_problems(page)
    context.close()


@pytest.fixture
def demo_logins(transactional_db: None) -> dict[tuple[str, str], str]:
    """The demo partnerships and their users: (role slug, partnership code) -> email address.

    Role slugs are those of accounts.demo (commissioner, coordinator, board, admin); everyone's
    password is DEMO_PASSWORD, and everyone has set up an authenticator app already (sign_in
    types its current code).
    """
    logins = {}
    for email, _role, code in seed_partnerships(financial_years=range(2025, 2027)):
        logins[(email.split(".", 1)[0], code)] = email
        verified_device(User.objects.get(email=email))
    return logins


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """When a journey fails, keep a screenshot of what the browser showed at that moment."""
    report = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if page is not None and not page.is_closed():
            name = f"failed {item.name}"
            try:
                path = screenshot(page, name)
            except Exception as error:  # the test's own failure matters more
                report.sections.append(("screenshot", f"could not save a screenshot: {error}"))
            else:
                report.sections.append(("screenshot", f"saved {path}"))
    return report
