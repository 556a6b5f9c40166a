"""A new staff member's first sign-in in a real browser (Chromium through Playwright),
served by a real daphne with the second factor on: the password, the set-up page (its QR
code drawn, its key typed into an "app" — here django-otp's TOTP — whose code confirms
it), the recovery codes, then the admin and their own second-factor page; and the next
sign-in, which asks for the app's code. Nothing on the way breaks the site's CSP.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; without
them the test is skipped with the reason."""

from base64 import b32decode

import pytest
import pytest_asyncio
from django_otp.oath import TOTP

from accounts.tests.factories import TEST_PASSWORD
from core.tests.browser import browser_test, daphne_serving, screenshot
from core.tests.live import needs_postgres

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]


@pytest_asyncio.fixture(loop_scope="session")
async def server(transactional_db, tmp_path):
    async with daphne_serving(tmp_path, STAFF_TWO_FACTOR=1) as server:
        yield server
    assert "Traceback" not in server.output()


@pytest.fixture
def newcomer(agent, settings):
    """The agent, with their password hashed as daphne's settings expect (the tests'
    own fast hasher is not among them)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    agent.set_password(TEST_PASSWORD)
    agent.save()
    return agent


def code_from(key_as_shown: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for the key as the page writes it (or will show
    `steps_ahead` 30-second steps on: a code is accepted once, the next step's still is)."""
    key = b32decode(key_as_shown.replace(" ", ""))
    return f"{TOTP(key, step=30, t0=0, digits=6, drift=steps_ahead).token():06d}"


async def log_in(page, server, user):
    await page.goto(f"{server.url}/admin/")
    await page.locator("#id_username").fill(user.email)
    await page.locator("#id_password").fill(TEST_PASSWORD)
    await page.get_by_role("button", name="Log in").click()


async def test_a_new_staff_member_sets_up_the_second_factor_then_reaches_the_admin(
    browser, server, newcomer
):
    context = await browser.new_context()
    try:
        page = await context.new_page()
        errors, missing = [], []
        page.on("console", lambda message: message.type == "error" and errors.append(message))
        page.on(
            "response", lambda response: response.status >= 400 and missing.append(response.url)
        )

        await log_in(page, server, newcomer)
        await page.wait_for_url(f"{server.url}/admin/second-factor/set-up/?next=%2Fadmin%2F")
        key = await page.locator("#authenticator-key").inner_text()
        qr_width = await page.locator("img.second-factor-qr").evaluate("img => img.naturalWidth")
        await screenshot(page, "second-factor-set-up")
        await page.get_by_label("6-digit code from the app").fill(code_from(key))
        await page.get_by_role("button", name="Confirm").click()

        await page.wait_for_url(
            f"{server.url}/admin/second-factor/recovery-codes/?next=%2Fadmin%2F"
        )
        codes = await page.locator("#recovery-codes code").all_inner_texts()
        await screenshot(page, "second-factor-recovery-codes")
        await page.get_by_role("link", name="I have saved them: continue").click()

        await page.wait_for_url(f"{server.url}/admin/")
        await page.get_by_role("link", name="Second factor").click()
        await page.get_by_text("10 recovery codes left").wait_for()
        await screenshot(page, "second-factor-own-page")

        # The next sign-in asks for a code after the password.
        await page.get_by_role("button", name="Log out").click()
        await log_in(page, server, newcomer)
        await page.wait_for_url(f"{server.url}/admin/second-factor/verify/?next=%2Fadmin%2F")
        await screenshot(page, "second-factor-verify")
        await page.get_by_label("Code").fill(code_from(key, steps_ahead=1))
        await page.get_by_role("button", name="Continue").click()
        await page.wait_for_url(f"{server.url}/admin/")
    finally:
        await context.close()

    assert qr_width > 0, "the QR code did not draw"
    assert len(set(codes)) == 10
    assert missing == []
    # A CSP violation, say: Chromium logs them as errors. (Not the /favicon.ico it asks
    # for by itself: Django's admin names no icon, and the site has none at that address.)
    assert [e.text for e in errors if not e.location["url"].endswith("/favicon.ico")] == []
