"""Files in a real browser (Chromium through Playwright) against a real daphne: the
customer adds a picture in the chat and sees its thumbnail, the assistant says what it
cannot do, and the agent sees the picture on the ticket page, and a PDF arrive live.
Needs PostgreSQL and Chromium; without them the tests are skipped with the reason."""

import pytest
from asgiref.sync import sync_to_async

from assistant.tests.test_chat_page_browser import chat_server as chat_server  # a fixture
from attachments.models import Attachment
from attachments.tests import samples
from core.tests.browser import browser_test, inside, measured, page_as, screenshot, sized
from core.tests.live import needs_postgres
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

LOADED = "(image) => image.complete && image.naturalWidth > 0"


def picture(name="card.jpg") -> dict:
    return {"name": name, "mimeType": "image/jpeg", "buffer": samples.jpeg_with_exif()}


async def add_files(page, *files):
    await page.locator("#chat-file").set_input_files(list(files))


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
async def test_a_customer_sends_a_picture_and_sees_its_thumbnail(
    browser, chat_server, customer, width, height
):
    url = f"{chat_server.url}/chat/"
    async with page_as(browser, customer, url, prepare=sized(width, height)) as (page, _):
        await add_files(page, {"name": "logo.svg", "mimeType": "image/svg+xml",
                               "buffer": samples.SVG})  # fmt: skip
        refused = page.locator("#chat-ready-files .chat-file-refused")
        await refused.wait_for()
        assert "Only PNG, JPEG or WebP images and PDF files" in await refused.inner_text()
        await add_files(page, picture())
        ready = page.locator("#chat-ready-files img.message-thumbnail")
        await ready.wait_for()
        await page.locator("#chat-text").fill("This is what the page shows me.")
        await page.get_by_role("button", name="Send", exact=True).click()

        log = page.locator("#chat-log")
        mine = log.locator(".message-customer:not(.message-sending) img.message-thumbnail")
        await mine.wait_for(timeout=10000)
        assert await mine.evaluate(LOADED), "the thumbnail did not load"
        assert await mine.get_attribute("alt") == "card.jpg"
        answer = log.locator(".message-assistant", has_text="can't open files or pictures")
        await answer.wait_for(timeout=60000)
        assert await page.locator("#chat-ready-files li").count() == 0  # sent with the message
        boxes, scroll = await measured(page, thumbnail="#chat-log img.message-thumbnail",
                                       files=".chat-files")  # fmt: skip
        for name, [box] in boxes.items():
            assert inside(box, width), (name, box)
        assert scroll <= width, f"the page scrolls sideways at {width} px"
        await screenshot(page, f"chat-attachment-{width}")
    stored = await sync_to_async(Attachment.objects.get)()
    assert stored.message_id is not None


async def test_the_agent_sees_the_picture_and_a_pdf_arrives_live(
    browser, chat_server, customer, agent
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, _):
        await add_files(page, picture())
        await page.locator("#chat-ready-files img.message-thumbnail").wait_for()
        await page.get_by_role("button", name="Send", exact=True).click()
        await page.locator(".message-assistant", has_text="can't open files").wait_for(
            timeout=60000
        )
        ticket = await sync_to_async(Ticket.objects.get)(customer=customer)
        admin_url = f"{chat_server.url}/admin/tickets/ticket/{ticket.pk}/change/"
        async with page_as(browser, agent, admin_url) as (desk, frames):
            shown = desk.locator("#live-transcript img.message-thumbnail")
            await shown.wait_for()
            assert await shown.evaluate(LOADED), "the agent's thumbnail did not load"
            for _ in range(50):  # the ticket's socket opens once the page has loaded
                if frames.connects_since(0):
                    break
                await desk.wait_for_timeout(100)
            await add_files(page, {"name": "statement.pdf", "mimeType": "application/pdf",
                                   "buffer": samples.pdf()})  # fmt: skip
            await page.locator("#chat-ready-files a.message-file").wait_for()
            await page.get_by_role("button", name="Send", exact=True).click()
            link = desk.locator("#live-transcript a.message-file", has_text="statement.pdf")
            await link.wait_for(timeout=10000)
            assert (await link.get_attribute("href")).startswith("/attachments/")
            await screenshot(desk, "admin-ticket-attachments")


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
async def test_a_customer_sends_a_picture_from_the_request_page(
    browser, chat_server, customer, width, height
):
    ticket = await sync_to_async(Ticket.objects.create)(
        customer=customer, subject="My card was charged twice",
        handled_by=Ticket.HandledBy.QUEUE,
    )  # fmt: skip
    url = f"{chat_server.url}/tickets/{ticket.pk}/"
    async with page_as(browser, customer, url, prepare=sized(width, height)) as (page, _):
        await page.locator("#files-file").set_input_files([picture("receipt.jpg")])
        await page.locator("#files-body").fill("The receipt")
        await page.get_by_role("button", name="Send files").click()
        await page.wait_for_url(url)

        sent = page.locator(".transcript .message-customer img.message-thumbnail")
        await sent.wait_for()
        assert await sent.evaluate(LOADED), "the thumbnail did not load"
        assert "Files sent." in await page.locator("body").inner_text()
        assert "The receipt" in await page.locator(".transcript").inner_text()
        boxes, scroll = await measured(page, form=".reply-files", thumbnail=".message-thumbnail")
        for name, [box] in boxes.items():
            assert inside(box, width), (name, box)
        assert scroll <= width, f"the page scrolls sideways at {width} px"
        await screenshot(page, f"request-page-files-{width}")
    stored = await sync_to_async(Attachment.objects.get)()
    assert stored.message_id is not None
    assert stored.ticket_id == ticket.pk
