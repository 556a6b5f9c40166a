"""The agents' queue and ticket page in a real browser (Chromium through Playwright),
served by a real daphne, at a laptop's and a desktop's size: every column of the queue
in sight without scrolling sideways, and the ticket page's conversation, reply box and
customer on the first screen.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; without
them the tests are skipped with the reason."""

import itertools
from datetime import timedelta

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.db import connections
from django.utils import timezone

from accounts.tests.factories import PurchaseFactory, UserFactory
from core.tests.browser import (
    browser_test,
    inside,
    measured,
    overlaps,
    page_as,
    right_edge,
    screenshot,
    sized,
)
from core.tests.live import Daphne, needs_postgres
from tickets import services
from tickets.defaults import install_defaults as install_desk
from tickets.demo import backdate
from tickets.models import HandOffCode, Message, Priority, Queue, Ticket, Tier
from tickets.sla import monitor_pass

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

SIZES = [(1280, 800), (1920, 1080)]
QUEUE_URL = "/admin/tickets/ticket/"

# The longest a row meets in real life: a subject written as a letter, and an address
# as long as a company's naming scheme makes it.
LONG_SUBJECT = (
    "Charged twice for order ZX-2026-0048812 and the refund promised on the phone three "
    "weeks ago has still not arrived, and now a late fee was added to my plan too"
)
LONG_EMAIL = "maximilian.vandenberghe-oosterhuis.accounts-payable@subsidiary.example-group.com"
SUBJECTS = [
    "Card charged twice",
    "Refund not received",
    "Lost my card",
    "Change payment date",
    "Address change",
    "Invoice copy",
    "Wrong amount",
    "Payment plan for a sofa",
    "Why was my payment declined?",
    "Cancel my order",
]


def customer_says(ticket, body):
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body=body
    )


def handed_off(customer, subject, *, tier=Tier.STANDARD, priority=None, queue=None):
    ticket = services.ticket_open(customer=customer, subject=subject, tier=tier)
    customer_says(ticket, f"{subject}. Can a person help me, please?")
    services.ticket_hand_off(
        ticket=ticket,
        reason="customer asked for a person",
        code=HandOffCode.ASKED,
        priority=priority,
        queue=queue,
    )
    return ticket


@pytest.fixture
def busy_desk(agent):
    """30 tickets in the queue, as a desk sees on a busy day: every queue, both tiers,
    all priorities, several breached, one long subject and one long email. Returns the
    long one, handed off with a few messages, for the ticket page."""
    install_desk()
    services.agent_set_availability(agent=agent, available=True)
    queues = itertools.cycle([None, *Queue.objects.exclude(name="VIP")])
    priorities = itertools.cycle([None, Priority.HIGH, None, Priority.URGENT, Priority.LOW])
    for number in range(28):
        customer = UserFactory(full_name=f"Customer {number}")
        ticket = handed_off(
            customer,
            SUBJECTS[number % len(SUBJECTS)],
            tier=Tier.VIP if number % 6 == 0 else Tier.STANDARD,
            priority=next(priorities),
            queue=next(queues),
        )
        if number % 4 == 1:
            services.ticket_claim(ticket=ticket, agent=agent)
            services.agent_reply(ticket=ticket, agent=agent, body="Let me look into it.")
        if number % 7 == 3:
            services.ticket_set_status(ticket=ticket, status=Ticket.Status.PENDING, actor=agent)
        if number % 5 == 2:
            backdate(ticket, timedelta(days=3))

    customer = UserFactory(email=LONG_EMAIL, full_name="Maximilian van den Berghe-Oosterhuis")
    PurchaseFactory.create_batch(3, customer=customer)
    services.ticket_open(customer=customer, subject="An earlier question")
    ticket = handed_off(customer, LONG_SUBJECT, priority=Priority.HIGH)
    services.message_post(
        ticket=ticket,
        author_kind=Message.Author.ASSISTANT,
        body="I'm sorry about the double charge. A person from our team will look at it.",
    )
    customer_says(ticket, "The reference on my statement is ZX-2026-0048812, twice.")
    services.agent_reply(
        ticket=ticket, agent=agent, body="Checked: one charge is a hold.", internal=True
    )
    backdate(ticket, timedelta(days=2))
    monitor_pass(now=timezone.now())
    return ticket


@pytest_asyncio.fixture(loop_scope="session")
async def admin_server(transactional_db, tmp_path):
    server = Daphne(tmp_path).start()
    yield server
    server.stop()
    # The ORM calls made through sync_to_async ran on its thread: close them there, so
    # the test database can be dropped.
    await sync_to_async(connections.close_all)()
    assert "Traceback" not in server.output()


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_every_column_of_the_queue_is_in_sight(
    browser, admin_server, busy_desk, agent, width, height
):
    url = f"{admin_server.url}{QUEUE_URL}"
    async with page_as(browser, agent, url, prepare=sized(width, height)) as (page, _):
        await page.locator("#result_list").wait_for()
        path = await screenshot(page, f"admin-queue-{width}")
        boxes, scroll_width = await measured(
            page,
            columns="#result_list thead th",
            rows="#result_list tbody tr",
            availability=".availability",
            result_list="#result_list",
            # The admin's list scrolls sideways in this box, hiding what overflows it.
            results="#changelist-form .results",
        )

        assert len(boxes["rows"]) == 30, "the seeded tickets are not all listed"
        columns = boxes["columns"]
        assert len(columns) == 12  # the checkbox, then list_display
        edges = ", ".join(f"{column['label']} {right_edge(column):.0f}" for column in columns)
        cut = [column["label"] for column in columns if not inside(column, width)]
        assert not cut, f"{cut} out of sight at {width} px; right edges: {edges} ({path})"
        assert scroll_width <= width, f"{scroll_width} px wide at {width} px ({path})"
        [results] = boxes["results"]
        assert not results["scrolls"], f"the list scrolls sideways: {edges} ({path})"
        assert right_edge(columns[-1]) <= right_edge(results), (edges, results, path)
        # Above the list, not beside it: the list keeps the page's whole width.
        [availability], [result_list] = boxes["availability"], boxes["result_list"]
        assert not overlaps(availability, result_list), (availability, result_list, path)
        assert availability["y"] + availability["height"] <= result_list["y"], path


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_the_ticket_page_shows_conversation_reply_and_customer_on_one_screen(
    browser, admin_server, busy_desk, agent, width, height
):
    url = f"{admin_server.url}/admin/tickets/ticket/{busy_desk.pk}/change/"
    async with page_as(browser, agent, url, prepare=sized(width, height)) as (page, _):
        await page.locator("#live-transcript").wait_for()
        path = await screenshot(page, f"admin-ticket-{width}")
        boxes, scroll_width = await measured(
            page,
            transcript="#live-transcript",
            reply="#reply-body",
            customer="section[aria-labelledby='customer-title']",
            newest="#live-transcript > li:last-child",
        )

        [newest] = boxes.pop("newest")
        for name, found in boxes.items():
            assert len(found) == 1, (name, found)
            [box] = found
            assert box["width"] > 0, (name, box)
            assert inside(box, width), (name, box, path)
            assert box["y"] < height, f"{name} starts at {box['y']:.0f} px, below the screen"
        assert scroll_width <= width, f"{scroll_width} px wide at {width} px ({path})"
        # A long conversation scrolls in its box, which opens at the newest message.
        [transcript] = boxes["transcript"]
        bottom = transcript["y"] + transcript["height"]
        assert transcript["y"] <= newest["y"] < newest["y"] + newest["height"] <= bottom + 1, (
            newest, transcript, path,
        )  # fmt: skip
