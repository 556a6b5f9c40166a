"""Through a real daphne and a real browser: an agent sees, on the page they have open,
a ticket given to them by a supervisor, and on a ticket's page the colleague who opened
it too (and when they type). Needs PostgreSQL (the daphne process shares the test
database) and Chromium; without them the tests are skipped with the reason."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.db import connections

from core.tests.browser import browser_test, page_as, screenshot
from core.tests.live import Daphne, needs_postgres
from tickets import services, staff
from tickets.defaults import install_defaults as install_desk
from tickets.models import Message

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]


@pytest_asyncio.fixture(loop_scope="session")
async def agents_server(transactional_db, tmp_path):
    server = Daphne(tmp_path).start()
    yield server
    server.stop()
    await sync_to_async(connections.close_all)()
    assert "Traceback" not in server.output()


def waiting_ticket(customer):
    install_desk()
    ticket = services.ticket_open(customer=customer, subject="Card declined at checkout")
    services.message_post(ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer,
                          body="My card was declined, can someone look?")  # fmt: skip
    return services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")


async def test_a_ticket_given_to_an_agent_is_a_notice_on_the_page_they_have_open(
    browser, agents_server, customer, agent, supervisor
):
    ticket = await sync_to_async(waiting_ticket)(customer)
    url = f"{agents_server.url}/admin/"  # any admin page
    async with page_as(browser, agent, url) as (page, _frames):
        # The notices' socket opens once the page has loaded, and the list says when it
        # is open (a socket merely created may not have joined the agent's group yet).
        await page.locator("#agent-notices[data-live]").wait_for(state="attached", timeout=30000)

        await sync_to_async(staff.ticket_assign)(ticket=ticket, actor=supervisor, agent=agent)
        notice = page.locator("#agent-notices .notice-assigned a")
        await notice.wait_for(timeout=10000)
        await screenshot(page, "agent-notice")

        assert await notice.text_content() == (
            f"Ticket #{ticket.pk} was assigned to you by Sam Supervisor."
        )
        assert await notice.get_attribute("href") == f"/admin/tickets/ticket/{ticket.pk}/change/"
        await page.locator("#agent-notices .notice-close").click()
        assert await page.locator("#agent-notices .notice").count() == 0


async def test_agents_on_one_ticket_page_see_each_other(
    browser, agents_server, customer, agent, supervisor
):
    ticket = await sync_to_async(waiting_ticket)(customer)
    url = f"{agents_server.url}/admin/tickets/ticket/{ticket.pk}/change/"
    async with page_as(browser, agent, url) as (page, _):
        presence = page.locator("#live-presence")
        async with page_as(browser, supervisor, url) as (other, _):
            await presence.wait_for(state="visible", timeout=10000)
            assert await presence.text_content() == "Also on this ticket: Sam Supervisor"
            # The supervisor sees the agent who was there first.
            await other.locator("#live-presence").wait_for(state="visible", timeout=10000)
            assert "Dana Agent" in await other.locator("#live-presence").text_content()

            await other.locator("#reply-body").press_sequentially("Looking", delay=20)
            await page.wait_for_function(
                "() => document.getElementById('live-presence').textContent.includes('typing')"
            )
            await screenshot(page, "agent-presence")
        # The colleague left: the note goes.
        await presence.wait_for(state="hidden", timeout=10000)
