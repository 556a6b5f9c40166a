"""The customer's chat page in a real browser (Chromium through Playwright), served by a
real daphne: what the customer sees, and what the page sends on its socket.

Needs PostgreSQL (the daphne process shares the test database) and Chromium; the agent's
reply, written by this process, reaches daphne only through Redis. Without them the
tests are skipped with the reason."""

import asyncio
import json
import re
import time

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from django.db import connections

from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import train_from_intents
from core.tests.browser import browser_test, inside, measured, overlaps, page_as, screenshot
from core.tests.live import Daphne, needs_postgres, needs_postgres_and_redis
from tickets import services
from tickets.defaults import install_defaults as install_desk
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres, browser_test]

QUESTION = "When is my next payment?"  # routine: the assistant answers it
QUIET_SECONDS = 3  # a quiet minute, shortened: a page resuming in a loop does it every 0.3 s


@sync_to_async
def trained_desk():
    install_desk()
    install_assistant_defaults()
    train_from_intents()


@pytest_asyncio.fixture(loop_scope="session")
async def chat_server(transactional_db, tmp_path):
    """A daphne serving the site on the test database, with the desk installed and the
    assistant trained before it starts."""
    await trained_desk()
    server = Daphne(tmp_path).start()
    yield server
    server.stop()
    # The ORM calls made through sync_to_async ran on its thread: close them there, so
    # the test database can be dropped.
    await sync_to_async(connections.close_all)()
    assert "Traceback" not in server.output()


async def received(frames, predicate, seconds: float = 20) -> dict:
    """The first frame the page received that `predicate` accepts, within `seconds`."""
    async with asyncio.timeout(seconds):
        while True:
            for frame in frames.received:
                if predicate(frame.data):
                    return frame.data
            await asyncio.sleep(0.05)


def is_answer(frame: dict) -> bool:
    return frame.get("type") == "message" and frame.get("author_kind") == "assistant"


async def ask(page, frames, text: str = QUESTION) -> dict:
    """Type `text`, press Send, and wait for the assistant's stored answer."""
    await page.get_by_label("Your message").fill(text)
    await page.get_by_role("button", name="Send").click()
    return await received(frames, is_answer)


async def asked_then_handed_off(page, frames, customer) -> Ticket:
    """A routine question answered, then "Talk to a person now": the conversation, now
    waiting for a person."""
    await ask(page, frames)
    await page.get_by_role("button", name="Talk to a person now").click()
    await received(frames, lambda f: f.get("type") == "owner" and f.get("kind") == "queue")
    return await sync_to_async(Ticket.objects.get)(customer=customer)


async def test_a_customer_sees_their_question_and_the_assistants_answer(
    browser, chat_server, customer
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        answer = await ask(page, frames)
        turn = await received(frames, lambda f: f.get("type") == "turn" and "outcome" in f)
        assert turn["outcome"] == "answered", turn

        log = page.locator("#chat-log")
        mine = log.locator(".message-customer", has_text=QUESTION)
        await mine.wait_for()
        await log.locator(".message-customer:not(.message-sending)").wait_for()
        first_line = answer["text"].strip().splitlines()[0]
        shown = log.locator(".message-assistant .message-body", has_text=first_line)
        await shown.wait_for()
        # The streamed draft gave way to the stored answer: shown once.
        assert await log.locator(".message-assistant").count() == 1
        assert await page.locator("#chat-status").inner_text() == ""
        await screenshot(page, "chat-page-answered")


async def test_a_quiet_page_does_not_resume_in_a_loop(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await ask(page, frames)
        quiet_from = time.monotonic()
        await asyncio.sleep(QUIET_SECONDS)

        resumes = frames.sent_of_type("resume", since=quiet_from)
        assert len(resumes) <= frames.connects_since(quiet_from), resumes
        # The protocol asks for one resume per (re)connect, and none otherwise.
        assert len(frames.sent_of_type("resume")) <= len(frames.opened)


@needs_postgres_and_redis
async def test_an_internal_note_does_not_make_the_page_resume_after_every_reply(
    browser, chat_server, customer, agent
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        ticket = await asked_then_handed_off(page, frames, customer)
        await sync_to_async(services.agent_reply)(
            ticket=ticket, agent=agent, body="Note: customer asked twice.", internal=True
        )
        await sync_to_async(services.agent_reply)(
            ticket=ticket, agent=agent, body="Dana here, I can help with that."
        )
        await page.locator(
            "#chat-log .message-agent", has_text="Dana here, I can help with that."
        ).wait_for()
        replied_at = time.monotonic()
        await asyncio.sleep(QUIET_SECONDS)

        resumes = frames.sent_of_type("resume", since=replied_at)
        assert len(resumes) <= 1, f"{len(resumes)} resumes in {QUIET_SECONDS} s: {resumes}"
        assert "customer asked twice" not in await page.locator("#chat-log").inner_text()


async def test_a_page_whose_login_ended_in_another_tab_says_so_and_stops_reconnecting(
    browser, chat_server, customer
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await ask(page, frames)
        other_tab = await page.context.new_page()
        await other_tab.goto(f"{chat_server.url}/chat/")
        await other_tab.get_by_role("button", name="Log out").click()
        await other_tab.wait_for_load_state()

        status = page.locator("#chat-status")
        await status.get_by_role("link", name="Log in again").wait_for(timeout=5000)
        assert "You have been logged out" in await status.inner_text()
        closed_at = time.monotonic()
        await asyncio.sleep(QUIET_SECONDS)

        assert frames.connects_since(closed_at) == 0  # no reconnecting in a loop
        assert await page.get_by_role("button", name="Send").is_disabled()
        await screenshot(page, "chat-page-logged-out")


CHOICES = [{"label": "What I still owe", "text": "How much do I still owe?"},
           {"label": "Talk to a person", "text": "I'd like to talk to a person."}]  # fmt: skip


class ServerThatAsksWhich:
    """The page's socket answered here, not by daphne: every message gets an answer that
    asks which, its `choices` frame coming before the answer's `message` (as it may; the
    consumer's side of the frame is tested in test_chat_socket). Keeps what was sent."""

    def __init__(self):
        self.sent: list[str] = []

    async def route(self, page):
        await page.route_web_socket("**/ws/chat/", self.accept)

    def accept(self, socket_):
        socket_.on_message(lambda message: self.answer(socket_, json.loads(message)))
        hello = {"type": "hello", "ticket_id": None, "kind": "ai", "name": "Assistant",
                 "status": None, "max_text": 4000}  # fmt: skip
        socket_.send(json.dumps(hello))

    def answer(self, socket_, frame):
        if frame["type"] != "send":
            return
        self.sent.append(frame["text"])
        seq = 2 * len(self.sent)
        ack = {"type": "ack", "client_msg_id": frame["client_msg_id"], "seq": seq - 1,
               "ticket_id": 1, "duplicate": False}  # fmt: skip
        answer = {"type": "message", "seq": seq, "author_kind": "assistant",
                  "author_name": "Assistant", "text": "I'm not sure I understood. Did you mean "
                  "one of these?", "created_at": "2026-12-06T10:00:00Z"}  # fmt: skip
        for each in (ack, {"type": "choices", "seq": seq, "options": CHOICES}, answer):
            socket_.send(json.dumps(each))


async def test_choices_under_an_answer_send_what_the_customer_chose(browser, chat_server, customer):
    server = ServerThatAsksWhich()
    url = f"{chat_server.url}/chat/"
    async with page_as(browser, customer, url, prepare=server.route) as (page, _):
        await page.get_by_label("Your message").fill("the money thing")
        await page.get_by_role("button", name="Send").click()
        choices = page.locator("#chat-log .chat-choices")
        choice = choices.get_by_role("button", name="What I still owe")
        await choice.wait_for()
        await screenshot(page, "chat-page-choices")

        await choice.click()

        mine = page.locator("#chat-log .message-customer", has_text="How much do I still owe?")
        await mine.wait_for()
        assert server.sent == ["the money thing", "How much do I still owe?"]
        await page.locator("#chat-log .message-assistant").nth(1).wait_for()
        # Only the second answer's choices are left: the first went when one was used.
        assert await choices.count() == 1
        second = page.locator("#chat-log .message-assistant").nth(1)
        assert await second.locator(".chat-choices").count() == 1


async def test_that_solved_it_then_a_rating_then_a_new_conversation(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await ask(page, frames)
        await page.get_by_role("button", name="That solved it").click()

        rating = page.locator("#chat-log .chat-rating")
        await rating.wait_for()
        owner = page.locator("#chat-owner")
        assert await owner.inner_text() == "This conversation has ended. Write to start a new one."
        assert not await page.get_by_role("button", name="That solved it").is_visible()
        await rating.get_by_role("button", name="4 — good").click()
        await rating.get_by_label("Anything to add? (optional)").fill("Quick answer")
        await rating.get_by_role("button", name="Send rating").click()
        await page.locator("#chat-log", has_text="Thank you for your rating!").wait_for()
        await screenshot(page, "chat-page-rated")

        stored = await sync_to_async(Ticket.objects.select_related("rating").get)(customer=customer)
        assert (stored.status, stored.rating.score, stored.rating.comment) == (
            "solved",
            4,
            "Quick answer",
        )

        # Enter sends; the message after the end starts a new conversation, shown below.
        box = page.get_by_label("Your message")
        await box.fill("Where is my refund?")
        await box.press("Enter")
        await received(frames, lambda f: is_answer(f) and f["seq"] == 2)
        log = page.locator("#chat-log")
        await log.locator(".chat-divider", has_text="New conversation").wait_for()
        await log.locator(".message-customer:not(.message-sending)", has_text="refund").wait_for()
        answers = log.locator(".chat-divider ~ .message-assistant")
        await answers.first.wait_for()
        assert await answers.count() == 1
        assert await page.get_by_role("button", name="That solved it").is_visible()
        tickets = await sync_to_async(Ticket.objects.filter(customer=customer).count)()
        assert tickets == 2


async def test_shift_enter_makes_a_new_line_and_sends_nothing(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        box = page.get_by_label("Your message")
        await box.fill("first line")
        await box.press("Shift+Enter")
        await box.type("second line")

        assert await box.input_value() == "first line\nsecond line"
        await asyncio.sleep(0.3)
        assert not frames.sent_of_type("send")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800), (1920, 1080)])
async def test_the_chat_fits_and_nothing_covers_the_transcript(
    browser, chat_server, customer, width, height
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await page.set_viewport_size({"width": width, "height": height})
        await ask(page, frames, "how do i return something?")
        await page.get_by_role("button", name="Talk to a person now").click()
        await page.get_by_role("button", name="You're in the queue").wait_for()

        boxes, scroll = await measured(
            page, log="#chat-log", human="#chat-human", owner="#chat-owner",
            solved="#chat-solved", form="#chat-form",
        )  # fmt: skip
        [log] = boxes.pop("log")
        for name, [box] in boxes.items():
            assert box["width"] > 0, name
            assert not overlaps(box, log), (name, box, log)
            assert inside(box, width), (name, box)
        assert scroll <= width, f"the page scrolls sideways at {width} px ({scroll} px wide)"
        await screenshot(page, f"chat-page-waiting-{width}")


async def test_a_hand_off_says_when_and_a_follow_up_is_acknowledged(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await ask(page, frames)
        await page.get_by_role("button", name="Talk to a person now").click()
        owner = page.locator("#chat-owner")
        await page.get_by_role("button", name="You're in the queue").wait_for()
        waiting = await owner.inner_text()
        assert waiting.startswith("Waiting for a person — "), waiting
        # A person's words: "about 5 minutes" or "by Monday 09:00", never "2820 min".
        assert re.search(r"about \d{1,3} minutes?|by ", waiting), waiting
        assert not re.search(r"\d{3,} min", waiting), waiting

        box = page.get_by_label("Your message")
        await box.fill("also, my refund is late")
        await box.press("Enter")
        mine = page.locator("#chat-log .message-customer", has_text="my refund is late")
        await mine.locator(".message-note").wait_for()
        assert await mine.locator(".message-note").inner_text() == (
            "A person from our team will read this when they join."
        )
        await asyncio.sleep(0.5)
        assert not [f for f in frames.received if f.data.get("type") == "turn"
                    and f.data.get("state") == "started"][1:]  # fmt: skip


async def test_help_links_in_an_answer_open_the_help_page(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        answer = await ask(page, frames, "how long does a refund take?")
        assert "/help/" in answer["text"], answer["text"]

        link = page.locator("#chat-log .message-assistant a[href^='/help/']").first
        await link.wait_for()
        href = await link.get_attribute("href")
        await link.click()
        await page.wait_for_url(f"**{href}")
        # Every request of the help page answered before the browser goes: one it drops
        # just as its answer ends can meet a race in Django's ASGI handler (a
        # RequestAborted raised while it cancels the disconnect listener) that logs a
        # traceback.
        await page.wait_for_load_state("networkidle")
        assert await page.locator("h1").count() == 1


async def test_a_reload_mid_conversation_loses_and_doubles_nothing(browser, chat_server, customer):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        await ask(page, frames)
        await ask(page, frames, "and where is my refund?")  # (`ask` finds the first answer)
        await received(frames, lambda f: is_answer(f) and f["seq"] == 4)
        log = page.locator("#chat-log .message")
        await log.nth(3).wait_for()  # both questions and both answers shown
        before = await log.all_inner_texts()
        assert len(before) == 4, before

        await page.reload()
        await log.nth(len(before) - 1).wait_for()
        await asyncio.sleep(0.5)
        assert await log.all_inner_texts() == before


@needs_postgres_and_redis
async def test_an_agents_solve_shows_who_solved_it_and_the_rating(
    browser, chat_server, customer, agent
):
    async with page_as(browser, customer, f"{chat_server.url}/chat/") as (page, frames):
        ticket = await asked_then_handed_off(page, frames, customer)
        await sync_to_async(services.ticket_claim)(ticket=ticket, agent=agent)
        await page.locator("#chat-owner", has_text=agent.get_short_name()).wait_for()
        assert not await page.locator("#chat-human").is_visible()  # a person is here

        await sync_to_async(services.ticket_solve)(ticket=ticket, actor=agent)

        log = page.locator("#chat-log")
        await log.locator(
            ".message-system", has_text=f"{agent.get_short_name()} marked this conversation"
        ).wait_for()
        rating = log.locator(".chat-rating")
        await rating.wait_for()
        await rating.get_by_role("button", name="5 — very good").click()
        await rating.get_by_role("button", name="Send rating").click()
        await log.get_by_text("Thank you for your rating!").wait_for()
        await screenshot(page, "chat-page-agent-solved")
        stored = await sync_to_async(Ticket.objects.select_related("rating").get)(pk=ticket.pk)
        assert (stored.ended_by, stored.rating.score) == ("agent", 5)
