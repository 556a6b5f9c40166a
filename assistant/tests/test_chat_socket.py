"""The customer's chat socket through the real ASGI application."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from accounts.tests.factories import UserFactory
from assistant.models import AssistantTurn
from core.db import run_db
from core.tests.sockets import session_cookie
from core.websocket import CloseCode
from supportsite.asgi import application
from tickets import services
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost:8000")


cookie_for = sync_to_async(session_cookie)


async def open_chat(user):
    cookie = await cookie_for(user)
    chat = WebsocketCommunicator(
        application, "/ws/chat/", headers=[ORIGIN, (b"cookie", cookie.encode())]
    )
    connected, _ = await chat.connect()
    assert connected
    hello = await chat.receive_json_from()
    assert hello["type"] == "hello"
    return chat, hello


async def frames_until(chat, predicate, limit=200):
    seen = []
    for _ in range(limit):
        frame = await chat.receive_json_from(timeout=5)
        seen.append(frame)
        if predicate(frame):
            return seen
    raise AssertionError(f"never arrived; saw {seen[-5:]}")


def send(chat, text, client_msg_id):
    return chat.send_json_to({"type": "send", "client_msg_id": client_msg_id, "text": text})


@sync_to_async
def stored(customer):
    return list(
        Message.objects.filter(ticket__customer=customer)
        .order_by("ticket_id", "seq")
        .values_list("seq", "author_kind", "body", "client_msg_id")
    )


async def test_a_new_customer_starts_with_the_assistant(assistant_ready, customer):
    chat, hello = await open_chat(customer)

    assert hello["kind"] == "ai"
    assert hello["ticket_id"] is None
    assert hello["max_text"] == 4000
    await chat.disconnect()


async def test_a_message_is_stored_acked_and_answered_with_streamed_tokens(
    assistant_ready, customer
):
    chat, _ = await open_chat(customer)

    await send(chat, "hello there", "m-1")
    frames = await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")

    ack = next(f for f in frames if f["type"] == "ack")
    assert ack["seq"] == 1
    assert ack["duplicate"] is False
    assert any(f["type"] == "token" for f in frames)
    rows = await stored(customer)
    assert rows[0] == (1, "customer", "hello there", "m-1")
    assert rows[1][1] == "assistant"

    def is_answer(frame):
        return frame["type"] == "message" and frame["seq"] == 2

    # The stored answer's broadcast may come before or after the end of the turn.
    if not any(is_answer(f) for f in frames):
        frames += await frames_until(chat, is_answer)
    assert next(f for f in frames if is_answer(f))["author_name"] == "Assistant"
    await chat.disconnect()


async def test_a_resend_is_acked_with_the_same_seq_and_stored_once(assistant_ready, customer):
    chat, _ = await open_chat(customer)
    await send(chat, "hi", "same-id")
    first = await frames_until(chat, lambda f: f["type"] == "ack")
    await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")

    await send(chat, "hi", "same-id")
    again = await frames_until(chat, lambda f: f["type"] == "ack")

    assert again[-1]["seq"] == first[-1]["seq"]
    assert again[-1]["duplicate"] is True
    assert [r for r in await stored(customer) if r[3] == "same-id"] == [
        (1, "customer", "hi", "same-id")
    ]
    await chat.disconnect()


async def test_resume_replays_exactly_what_was_missed_including_agent_replies(
    assistant_ready, customer, agent
):
    chat, _ = await open_chat(customer)
    await send(chat, "I lost my card", "m-1")
    await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")
    await chat.disconnect()
    ticket = await sync_to_async(Ticket.objects.get)(customer=customer)
    await sync_to_async(services.agent_reply)(ticket=ticket, agent=agent, body="Card blocked.")
    last_seen = 1

    chat, _ = await open_chat(customer)
    await chat.send_json_to({"type": "resume", "after_seq": last_seen})
    frames = await frames_until(chat, lambda f: f["type"] == "resumed")

    replayed = [f for f in frames if f["type"] == "message"]
    expected = [r[0] for r in await stored(customer) if r[0] > last_seen]
    assert [f["seq"] for f in replayed] == expected
    assert replayed[-1]["text"] == "Card blocked."
    owner = next(f for f in frames if f["type"] == "owner")
    assert owner["kind"] == "agent"
    assert owner["name"] == "Dana, support"
    await chat.disconnect()


async def test_asking_for_a_person_hands_off_at_once(assistant_ready, customer):
    chat, _ = await open_chat(customer)

    await chat.send_json_to({"type": "human"})
    frames = await frames_until(chat, lambda f: f["type"] == "owner")

    assert frames[-1]["kind"] == "queue"
    assert frames[-1]["name"] == "Waiting for a person"
    assert frames[-1]["wait"]["ahead"] == 0
    assert frames[-1]["wait"]["minutes"] >= 1
    ticket = await sync_to_async(Ticket.objects.get)(customer=customer)
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    await chat.disconnect()


async def test_an_agent_reply_reaches_the_customer_live(assistant_ready, customer, agent):
    chat, _ = await open_chat(customer)
    await chat.send_json_to({"type": "human"})
    await frames_until(chat, lambda f: f["type"] == "owner")
    ticket = await sync_to_async(Ticket.objects.get)(customer=customer)

    await sync_to_async(services.agent_reply)(ticket=ticket, agent=agent, body="Hi, I'm Dana.")
    frames = await frames_until(
        chat, lambda f: f["type"] == "message" and f["author_kind"] == "agent"
    )

    assert frames[-1]["text"] == "Hi, I'm Dana."
    assert frames[-1]["author_name"] == "Dana, support"
    await chat.disconnect()


async def test_customers_never_see_each_others_conversations(
    assistant_ready, customer, other_customer
):
    ann, _ = await open_chat(customer)
    await send(ann, "hello", "a-1")
    await frames_until(ann, lambda f: f["type"] == "turn" and f["state"] == "done")

    bob, hello = await open_chat(other_customer)
    await bob.send_json_to({"type": "resume", "after_seq": 0})
    frames = await frames_until(bob, lambda f: f["type"] == "resumed")

    assert hello["ticket_id"] is None
    assert [f for f in frames if f["type"] == "message"] == []
    await ann.disconnect()
    await bob.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "bad_json"),
        ("[1, 2]", "bad_json"),
        ('{"type": "teleport"}', "unknown_type"),
        ('{"type": "send", "client_msg_id": "x", "text": 7}', "invalid"),
        ('{"type": "send", "client_msg_id": "has space", "text": "hi"}', "invalid"),
        ('{"type": "send", "client_msg_id": "x", "text": "a\\u0000b"}', "invalid_text"),
        ('{"type": "send", "client_msg_id": "x", "text": "\\ud800"}', "invalid_text"),
        ('{"type": "send", "client_msg_id": "x", "text": "   "}', "empty"),
        (json.dumps({"type": "send", "client_msg_id": "x", "text": "y" * 4001}), "too_long"),
        ('{"type": "resume", "after_seq": -1}', "invalid"),
        ('{"type": "resume", "after_seq": true}', "invalid"),
        ("[" * 5000 + "]" * 5000, "bad_json"),
    ],
)
async def test_a_bad_frame_gets_a_typed_error_and_stores_nothing(
    assistant_ready, customer, frame, code
):
    chat, _ = await open_chat(customer)

    await chat.send_to(text_data=frame)
    error = await chat.receive_json_from(timeout=5)

    assert error["type"] == "error"
    assert error["code"] == code
    assert await stored(customer) == []
    await chat.send_json_to({"type": "ping"})
    assert (await chat.receive_json_from())["type"] == "pong"  # still alive
    await chat.disconnect()


async def test_a_binary_frame_closes_the_socket_as_text_only(assistant_ready, customer):
    chat, _ = await open_chat(customer)

    await chat.send_to(bytes_data=b"\x00\x01")
    closed = await chat.receive_output(timeout=5)

    assert closed == {"type": "websocket.close", "code": CloseCode.TEXT_ONLY}


async def test_too_many_frames_are_rate_limited(assistant_ready, customer):
    chat, _ = await open_chat(customer)

    for _ in range(15):
        await chat.send_json_to({"type": "ping"})
    frames = [await chat.receive_json_from() for _ in range(15)]

    assert any(f.get("code") == "rate_limited" for f in frames)
    await chat.disconnect()


async def test_staff_are_refused_on_the_customer_socket(assistant_ready, agent):
    cookie = await cookie_for(agent)
    chat = WebsocketCommunicator(
        application, "/ws/chat/", headers=[ORIGIN, (b"cookie", cookie.encode())]
    )

    connected, _ = await chat.connect()

    assert not connected


async def test_after_logout_the_next_message_is_refused_and_the_socket_closed(
    assistant_ready, customer
):
    client = await sync_to_async(Client)()
    await sync_to_async(client.force_login)(customer)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    chat = WebsocketCommunicator(
        application, "/ws/chat/", headers=[ORIGIN, (b"cookie", cookie.encode())]
    )
    assert (await chat.connect())[0]
    await chat.receive_json_from()  # hello

    await sync_to_async(client.post)("/logout/")
    await send(chat, "are you there?", "after-logout")

    error = await chat.receive_json_from(timeout=5)
    closed = await chat.receive_output(timeout=5)
    assert error["code"] == "logged_out"
    assert closed == {"type": "websocket.close", "code": CloseCode.LOGGED_OUT}
    assert await stored(customer) == []


async def test_a_password_change_elsewhere_ends_the_socket_too(assistant_ready, customer):
    chat, _ = await open_chat(customer)

    def change_password():
        customer.set_password("a brand new passphrase")
        customer.save()

    await run_db(change_password)
    await send(chat, "hello?", "after-password-change")

    assert (await chat.receive_json_from(timeout=5))["code"] == "logged_out"


def is_a_customer_message(frame):
    return frame["type"] == "message" and frame["author_kind"] == "customer"


async def test_the_sender_gets_an_ack_not_its_own_message_while_its_other_tab_gets_it(
    assistant_ready, customer
):
    tab, _ = await open_chat(customer)
    await tab.send_json_to({"type": "human"})  # a person's conversation: no assistant turns
    await frames_until(tab, lambda f: f["type"] == "owner")
    other_tab, hello = await open_chat(customer)
    assert hello["ticket_id"] is not None

    await send(tab, "from the first tab", "t-1")
    ack = (await frames_until(tab, lambda f: f["type"] == "ack"))[-1]
    relayed = await frames_until(other_tab, is_a_customer_message)
    # The other tab's message, broadcast after the first, closes what the first tab saw.
    await send(other_tab, "from the second tab", "t-2")
    other_ack = (await frames_until(other_tab, lambda f: f["type"] == "ack"))[-1]
    seen = await frames_until(tab, is_a_customer_message)

    assert (relayed[-1]["seq"], relayed[-1]["text"]) == (ack["seq"], "from the first tab")
    assert (seen[-1]["seq"], seen[-1]["text"]) == (other_ack["seq"], "from the second tab")
    await tab.disconnect()
    await other_tab.disconnect()


async def until_acks(chat, count):
    frames = []
    while sum(frame["type"] == "ack" for frame in frames) < count:
        frames.append(await chat.receive_json_from(timeout=10))
    return frames


def customers_waiting_for_a_person(count):
    customers = [UserFactory() for _ in range(count)]
    for customer in customers:  # people's conversations: no assistant turns to wait for
        ticket = services.ticket_open(customer=customer, subject="Busy hour")
        services.ticket_hand_off(ticket=ticket, reason="test")
    return customers


def customer_messages_of(customer):
    return list(
        Message.objects.filter(ticket__customer=customer, author_kind="customer")
        .order_by("seq")
        .values_list("seq", "client_msg_id")
    )


async def test_many_sockets_sending_at_once_are_all_acked_in_order_and_stored_once(
    assistant_ready,
):
    # Through run_db, which hands its connections back (sync_to_async's thread would
    # keep one checked out of PostgreSQL's pool past the end of the tests).
    customers = await run_db(customers_waiting_for_a_person, 20)
    chats = [(await open_chat(customer))[0] for customer in customers]

    for n, chat in enumerate(chats):
        for m in range(5):
            await send(chat, f"customer {n} message {m}", f"c{n}-m{m}")  # no waiting for acks
    acked = await asyncio.gather(*(until_acks(chat, 5) for chat in chats))

    for n, (customer, frames) in enumerate(zip(customers, acked, strict=True)):
        acks = [f for f in frames if f["type"] == "ack"]
        assert [ack["client_msg_id"] for ack in acks] == [f"c{n}-m{m}" for m in range(5)]
        assert not any(ack["duplicate"] for ack in acks)
        seqs = [ack["seq"] for ack in acks]
        assert seqs == sorted(set(seqs))  # strictly increasing
        assert await run_db(customer_messages_of, customer) == [
            (ack["seq"], ack["client_msg_id"]) for ack in acks
        ]
    for chat in chats:
        await chat.disconnect()


async def test_while_the_socket_holds_the_conversation_as_it_is_nothing_locks_its_row(
    assistant_ready, customer, monkeypatch
):
    """Messages, turns and answers decide on the state the socket holds and write
    under the row's version (tickets.chat): from the conversation's first message
    on, none of them needs the general path's row lock."""
    from tickets import services

    locked = []
    real_locked = services._locked
    monkeypatch.setattr(
        services, "_locked", lambda *a, **k: locked.append(a) or real_locked(*a, **k)
    )
    chat, _ = await open_chat(customer)

    outcomes = []
    for n, text in enumerate(["hello there", "what fees do you charge?", "thanks"]):
        await send(chat, text, f"m-{n}")
        frames = await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")
        outcomes.append(frames[-1]["outcome"])

    assert outcomes == ["answered", "answered", "answered"]
    rows = await stored(customer)
    assert [(seq, kind) for seq, kind, _, _ in rows] == [
        (1, "customer"), (2, "assistant"), (3, "customer"), (4, "assistant"),
        (5, "customer"), (6, "assistant"),
    ]  # fmt: skip
    assert len(locked) == 1  # the first message opened the conversation: general path
    turns = await run_db(lambda: list(AssistantTurn.objects.values_list("state", "outcome")))
    assert turns == [("done", "answered")] * 3
    await chat.disconnect()


async def test_an_answer_that_asks_which_is_followed_by_its_choices(
    assistant_ready, customer, monkeypatch
):
    from langchain_core.messages import AIMessage

    from assistant import llm
    from assistant.tests.fakes import ToolCallingFake, tool_call

    options = [{"label": "What I still owe", "text": "How much do I still owe?"},
               {"label": "Talk to a person", "text": "I'd like to talk to a person."}]  # fmt: skip
    model = ToolCallingFake(
        responses=[tool_call("offer_choices", options=options), AIMessage("Which one?")]
    )
    monkeypatch.setattr(llm, "build_model", lambda *args, **kwargs: model)
    chat, _ = await open_chat(customer)

    await send(chat, "what fees do you charge?", "m-1")
    frames = await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")

    [offered] = [f for f in frames if f["type"] == "choices"]
    assert offered == {"type": "choices", "seq": 2, "options": options}
    answer = await run_db(lambda: Message.objects.get(ticket__customer=customer, seq=2))
    assert answer.body == "Which one?"
    assert answer.metadata["choices"] == options
    await chat.disconnect()

    # A reload replays the conversation, and the newest answer's choices with it.
    again, _ = await open_chat(customer)
    await again.send_json_to({"type": "resume", "after_seq": 0})
    frames = await frames_until(again, lambda f: f["type"] == "resumed")
    assert [f["type"] for f in frames if f["type"] in ("message", "choices")] == [
        "message",
        "message",
        "choices",
    ]
    assert frames[2] == offered
    await again.disconnect()


async def test_choices_answered_are_not_replayed(assistant_ready, customer, monkeypatch):
    from langchain_core.messages import AIMessage

    from assistant import llm
    from assistant.tests.fakes import ToolCallingFake, tool_call

    options = [{"label": "My refunds", "text": "Where is my refund?"},
               {"label": "Talk to a person", "text": "I'd like to talk to a person."}]  # fmt: skip
    model = ToolCallingFake(responses=[
        tool_call("offer_choices", options=options), AIMessage("Which one?"),
        AIMessage("You have no refunds."),
    ])  # fmt: skip
    monkeypatch.setattr(llm, "build_model", lambda *args, **kwargs: model)
    chat, _ = await open_chat(customer)
    await send(chat, "hmm refund thing", "m-1")
    await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")
    await send(chat, "Where is my refund?", "m-2")
    await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")

    await chat.send_json_to({"type": "resume", "after_seq": 0})
    frames = await frames_until(chat, lambda f: f["type"] == "resumed")

    assert [f["seq"] for f in frames if f["type"] == "message"] == [1, 2, 3, 4]
    assert not [f for f in frames if f["type"] == "choices"]
    await chat.disconnect()
