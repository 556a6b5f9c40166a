"""Erasure in a real browser (Chromium through Playwright) against a real daphne, at a
desktop's and a phone's width: the customer reads what erasure means on their account
page, asks with their password, and sees the request waiting; a supervisor approves it
from the admin's list; the customer's next page is the login page. Nothing wider than
the screen, nothing in the console.

Screenshots go to var/screenshots/ (erasure-*.png), to look at after the run. Needs
PostgreSQL (daphne shares the test database) and Chromium; without them, skipped."""

import re

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async

from accounts.tests.factories import TEST_PASSWORD
from core.tests.browser import (
    Watched,
    browser_test,
    daphne_serving,
    measured,
    page_as,
    screenshot,
    sized,
)
from core.tests.live import needs_postgres
from privacy.models import ErasureRequest

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

DESKTOP, PHONE = (1280, 800), (390, 844)


@pytest_asyncio.fixture(loop_scope="session")
async def server(transactional_db, tmp_path):
    async with daphne_serving(tmp_path, STAFF_TWO_FACTOR=0) as server:
        yield server
    assert "Traceback" not in server.output()


@pytest.fixture
def password_for_daphne(settings, customer):
    """The customer's password hashed as daphne's settings expect (the tests' own
    hasher is a fast one daphne does not know)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    customer.set_password(TEST_PASSWORD)
    customer.save()
    return customer


async def fits(page, width: int, shot) -> None:
    _, scroll_width = await measured(page)
    assert scroll_width <= width + 1, shot


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280", "390"])
async def test_a_customer_asks_and_a_supervisor_approves_in_the_admin(
    browser, server, password_for_daphne, supervisor, size
):
    customer, width = password_for_daphne, size[0]
    async with page_as(browser, customer, f"{server.url}/account/", prepare=sized(*size)) as (
        page, _
    ):  # fmt: skip
        watched = Watched(page)
        await page.get_by_role("link", name="Erase your account and data").click()
        await page.wait_for_url(re.compile(r"/account/erasure/$"))
        shot = await screenshot(page, f"erasure-account-page-{width}")
        await fits(page, width, shot)
        assert await page.get_by_role("heading", name="It cannot be undone").is_visible()
        await page.get_by_label("Your password").fill(TEST_PASSWORD)
        await page.get_by_label("I understand that erasure cannot be undone.").check()
        await page.get_by_role("button", name="Ask to erase my account").click()
        await page.locator("#erasure-status").wait_for()
        shot = await screenshot(page, f"erasure-requested-{width}")
        await fits(page, width, shot)
        assert "waiting for approval" in await page.locator("#erasure-status").inner_text()

        admin = f"{server.url}/admin/privacy/erasurerequest/"
        async with page_as(browser, supervisor, admin, prepare=sized(*size)) as (staff, _):
            staff_watched = Watched(staff)
            request = await sync_to_async(ErasureRequest.objects.get)()
            await staff.locator(f"input[name='_selected_action'][value='{request.pk}']").check()
            await staff.locator("select[name='action']").select_option("approve")
            await staff.locator("button[name='index']").click()
            await staff.locator(".messagelist .success").wait_for()
            shot = await screenshot(staff, f"erasure-approved-admin-{width}")
            assert "Erased: request" in await staff.locator(".messagelist").inner_text(), shot
            assert staff_watched.problems() == [], shot
            # On a laptop every column is in sight, the approver's too (on a phone the
            # admin's list scrolls sideways inside its box, as all its lists do).
            lists, _ = await measured(staff, results="#changelist .results")
            assert [box["scrolls"] for box in lists["results"]] == [width < 1280], shot

        await page.reload()
        await page.wait_for_url(re.compile(r"/login/"))  # logged out for good
        assert watched.problems() == []
    await sync_to_async(request.refresh_from_db)()
    assert (request.status, request.decided_by_id) == ("done", supervisor.pk)
