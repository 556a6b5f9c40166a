"""The end of a conversation over the customer's socket: "That solved it", the rating
offered and stored once, an agent's solve offering it too, and a message after the end
starting a new conversation."""

import asyncio

import pytest

from assistant.tests.test_chat_socket import frames_until, open_chat, send
from core.db import run_db
from tickets import services, staff
from tickets.models import CSATRating, Ending, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def turn_done(frame):
    return frame["type"] == "turn" and frame["state"] == "done"


def is_closing(frame):
    return frame["type"] == "message" and frame["author_kind"] == "system"


async def answered_conversation(customer):
    chat, _ = await open_chat(customer)
    await send(chat, "when is my next payment?", "m-1")
    frames = await frames_until(chat, turn_done)
    ticket_id = next(f["ticket_id"] for f in frames if f["type"] == "ack")
    return chat, ticket_id


async def test_that_solved_it_ends_the_conversation_and_offers_the_rating(
    assistant_ready, customer
):
    chat, ticket_id = await answered_conversation(customer)

    await chat.send_json_to({"type": "resolve"})
    frames = await frames_until(chat, lambda f: f["type"] == "rate")
    # The solve's broadcast (the closing message, the owner again) may come after.
    while not (any(map(is_closing, frames)) and sum(f["type"] == "owner" for f in frames) > 1):
        frames.append(await chat.receive_json_from(timeout=5))

    closing = next(filter(is_closing, frames))
    assert closing["author_kind"] == "system"
    assert "marked this conversation as solved" in closing["text"]
    owner = next(f for f in frames if f["type"] == "owner")
    assert (owner["ticket_id"], owner["status"]) == (ticket_id, "solved")
    assert {"type": "rate", "ticket_id": ticket_id, "ended_by": "customer"} in frames

    await chat.send_json_to({"type": "rate", "score": 5, "comment": " Quick, thanks "})
    frames += await frames_until(chat, lambda f: f["type"] == "rated")
    rated = frames[-1]
    # Offered once, though the socket's own resolve and the solve's broadcast both lead there.
    assert sum(f["type"] == "rate" for f in frames) == 1
    assert rated == {"type": "rated", "ticket_id": ticket_id, "score": 5}
    rating = await run_db(CSATRating.objects.get, ticket_id=ticket_id)
    assert (rating.score, rating.comment) == (5, "Quick, thanks")
    ticket = await run_db(Ticket.objects.get, pk=ticket_id)
    assert ticket.ended_by == Ending.CUSTOMER

    await chat.send_json_to({"type": "rate", "score": 1})
    error = (await frames_until(chat, lambda f: f["type"] == "error"))[-1]
    assert error["code"] == "already_rated"
    assert (await run_db(CSATRating.objects.get, ticket_id=ticket_id)).score == 5
    await chat.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "rate", "score": 0}, "invalid"),
        ({"type": "rate", "score": 6}, "invalid"),
        ({"type": "rate", "score": "5"}, "invalid"),
        ({"type": "rate", "score": True}, "invalid"),
        ({"type": "rate", "score": 3, "comment": 7}, "invalid"),
        ({"type": "rate", "score": 3, "comment": "x" * 2001}, "invalid"),
        ({"type": "rate", "score": 3}, "invalid_transition"),  # not ended
        ({"type": "resolve"}, "invalid_transition"),  # no conversation yet
    ],
)
async def test_a_bad_rating_or_an_early_one_is_refused_and_changes_nothing(
    assistant_ready, customer, frame, code
):
    chat, _ = await open_chat(customer)
    if frame["type"] == "rate":
        await send(chat, "when is my next payment?", "m-1")
        await frames_until(chat, turn_done)

    await chat.send_json_to(frame)
    error = (await frames_until(chat, lambda f: f["type"] == "error"))[-1]

    assert error["code"] == code
    assert not await run_db(CSATRating.objects.exists)
    assert not await run_db(Ticket.objects.filter(status="solved").exists)
    await chat.disconnect()


async def test_an_agents_solve_offers_the_rating_in_the_open_chat(assistant_ready, customer, agent):
    chat, ticket_id = await answered_conversation(customer)
    await run_db(services.ticket_request_person, customer=customer, conversation=ticket_id)
    await run_db(services.ticket_claim, ticket=ticket_id, agent=agent)

    ticket = await run_db(Ticket.objects.get, pk=ticket_id)
    await run_db(services.ticket_solve, ticket=ticket, actor=agent)
    frames = await frames_until(chat, lambda f: f["type"] == "rate")
    assert frames[-1] == {"type": "rate", "ticket_id": ticket_id, "ended_by": "agent"}
    ended = "marked this conversation as solved"
    closing = [f for f in frames if is_closing(f) and ended in f["text"]]
    if not closing:  # the message's broadcast may come after the ticket's
        more = await frames_until(chat, lambda f: is_closing(f) and ended in f["text"])
        closing = more[-1:]
    assert closing[-1]["text"].startswith(agent.get_short_name())
    await chat.disconnect()


async def test_a_message_after_the_end_starts_a_new_conversation(assistant_ready, customer):
    chat, old_id = await answered_conversation(customer)
    await chat.send_json_to({"type": "resolve"})
    await frames_until(chat, lambda f: f["type"] == "rate")

    await send(chat, "and where is my refund?", "m-2")
    frames = await frames_until(chat, turn_done)

    owner = next(f for f in frames if f["type"] == "owner")
    ack = next(f for f in frames if f["type"] == "ack")
    assert frames.index(owner) < frames.index(ack)
    assert owner["ticket_id"] == ack["ticket_id"] != old_id
    assert ack["seq"] == 1
    old = await run_db(Ticket.objects.get, pk=old_id)
    assert old.status == Ticket.Status.SOLVED
    assert old.last_seq == 3
    await chat.disconnect()


async def test_a_reload_after_the_end_shows_the_conversation_and_offers_the_rating_again(
    assistant_ready, customer
):
    chat, ticket_id = await answered_conversation(customer)
    await chat.send_json_to({"type": "resolve"})
    await frames_until(chat, lambda f: f["type"] == "rate")
    await chat.disconnect()

    again, hello = await open_chat(customer)
    assert (hello["ticket_id"], hello["status"]) == (ticket_id, "solved")
    await again.send_json_to({"type": "resume", "after_seq": 0})
    frames = await frames_until(again, lambda f: f["type"] == "resumed")

    assert [f["seq"] for f in frames if f["type"] == "message"] == [1, 2, 3]
    assert {"type": "rate", "ticket_id": ticket_id, "ended_by": "customer"} in frames
    await again.disconnect()


async def test_a_message_to_people_is_acknowledged_with_who_will_read_it(
    assistant_ready, customer, agent, colleague, supervisor
):
    chat, ticket_id = await answered_conversation(customer)
    await chat.send_json_to({"type": "human"})
    await frames_until(chat, lambda f: f["type"] == "owner" and f["kind"] == "queue")

    await send(chat, "it's about my refund too", "m-2")
    ack = (await frames_until(chat, lambda f: f["type"] == "ack"))[-1]
    assert ack["note"] == "A person from our team will read this when they join."

    await run_db(services.ticket_claim, ticket=ticket_id, agent=agent)
    await frames_until(chat, lambda f: f["type"] == "owner" and f["kind"] == "agent")
    await send(chat, "hello?", "m-3")
    ack = (await frames_until(chat, lambda f: f["type"] == "ack"))[-1]
    assert ack["note"] == f"{agent.get_short_name()} will see this."
    await send(chat, "still there?", "m-4")
    ack = (await frames_until(chat, lambda f: f["type"] == "ack"))[-1]
    assert ack["note"] == f"{agent.get_short_name()} will see this."

    # The socket asks again when someone else has it.
    await run_db(staff.ticket_assign, ticket=ticket_id, actor=supervisor, agent=colleague)
    await frames_until(chat, lambda f: f["type"] == "owner")
    await send(chat, "hello again", "m-5")
    ack = (await frames_until(chat, lambda f: f["type"] == "ack"))[-1]
    assert ack["note"] == f"{colleague.get_short_name()} will see this."
    # No assistant turn for messages to people.
    await asyncio.sleep(0.3)
    while not await chat.receive_nothing(timeout=0.2):
        assert (await chat.receive_json_from())["type"] != "turn"
    await chat.disconnect()


async def test_a_message_to_the_assistant_carries_no_note(assistant_ready, customer):
    chat, _ = await open_chat(customer)
    await send(chat, "when is my next payment?", "m-1")
    ack = (await frames_until(chat, lambda f: f["type"] == "ack"))[-1]
    assert "note" not in ack
    await frames_until(chat, turn_done)
    await chat.disconnect()


async def test_a_person_asked_for_after_the_end_comes_with_the_wait(assistant_ready, customer):
    chat, old_id = await answered_conversation(customer)
    await chat.send_json_to({"type": "resolve"})
    await frames_until(chat, lambda f: f["type"] == "rate")

    await chat.send_json_to({"type": "human"})
    frames = await frames_until(chat, lambda f: is_closing(f) and "take over" in f["text"])

    owner = next(f for f in frames if f["type"] == "owner" and f["ticket_id"] != old_id)
    assert owner["kind"] == "queue"
    assert frames[-1]["seq"] == 1
    await chat.disconnect()
