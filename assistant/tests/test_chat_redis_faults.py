"""Chat with Redis killed or frozen (RELIABILITY cases 5 and 6), through the real
ASGI app and the real Redis pub/sub channel layer, with a fault-injecting proxy in
front of Redis: messages are still stored and acked within seconds (marked
`realtime: degraded`), sockets stay open and new ones still open, and once Redis is
back live delivery resumes without a restart while `resume` replays what was missed.

Needs Redis (REDIS_URL): the fault is in the real client library's behaviour."""

import asyncio
import logging
import os
import time

import pytest
from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator

from assistant.tests.test_chat_socket import ORIGIN, cookie_for, frames_until, send
from core.tests.redis_fault import FROZEN, REFUSED, UP, RedisFault
from supportsite.asgi import application
from tickets import services
from tickets.models import Message, Ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"),
]
SOCKET_TIMEOUT = 1.0
# "Nothing blocks longer than a few seconds": the bound every step below is held to.
BOUND_SECONDS = 3.0


@pytest.fixture
def redis_fault(settings, caplog):
    """The channel layer, through a proxy the test can break. Afterwards: not one
    error logged (a traceback a second is what an outage used to print)."""
    fault = RedisFault(os.environ["REDIS_URL"]).start()
    options = {"socket_timeout": SOCKET_TIMEOUT, "socket_connect_timeout": SOCKET_TIMEOUT}
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.channel_layer.ResilientPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": fault.url, **options}],
                "call_timeout": SOCKET_TIMEOUT,
            },
        }
    }
    yield fault
    fault.set(UP)
    fault.stop()
    channel_layers.backends.clear()
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []


async def open_chat(user):
    cookie = await cookie_for(user)
    chat = WebsocketCommunicator(
        application, "/ws/chat/", headers=[ORIGIN, (b"cookie", cookie.encode())]
    )
    started = time.monotonic()
    connected, _ = await chat.connect(timeout=BOUND_SECONDS + 2)
    assert connected
    hello = await chat.receive_json_from(timeout=BOUND_SECONDS + 2)
    assert hello["type"] == "hello"
    assert time.monotonic() - started < BOUND_SECONDS
    return chat


async def with_a_person(customer):
    chat = await open_chat(customer)
    await chat.send_json_to({"type": "human"})
    await frames_until(chat, lambda f: f["type"] == "owner")
    return chat


async def timed_ack(chat, text, client_msg_id):
    started = time.monotonic()
    await send(chat, text, client_msg_id)
    frames = await frames_until(
        chat, lambda f: f["type"] == "ack" and f["client_msg_id"] == client_msg_id
    )
    return frames[-1], time.monotonic() - started


async def next_frame(chat, predicate, *, within: float):
    """The first frame matching `predicate` that arrives within `within` seconds, or
    None. (Unlike receive_json_from's timeout, waiting here does not stop the app.)"""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if await chat.receive_nothing(timeout=0.05, interval=0.01):
            continue
        frame = await chat.receive_json_from()
        if predicate(frame):
            return frame
    return None


@sync_to_async
def customer_messages(customer):
    return list(
        Message.objects.filter(ticket__customer=customer, author_kind="customer").values_list(
            "body", flat=True
        )
    )


@sync_to_async
def agent_replies(customer, agent, body):
    ticket = Ticket.objects.get(customer=customer)
    return services.agent_reply(ticket=ticket, agent=agent, body=body).seq


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
async def test_messages_are_stored_and_acked_while_redis_is_down(
    assistant_ready, customer, other_customer, redis_fault, fault
):
    chat = await with_a_person(customer)
    other = await with_a_person(other_customer)

    redis_fault.set(fault)
    # Every message is acked within the bound; once the outage is noticed (at the
    # latest when a broadcast times out) the acks say realtime is degraded.
    acks, sent = [], []
    while len(acks) < 12 and not any(ack.get("realtime") == "degraded" for ack in acks):
        sent.append(f"still there? ({len(sent)})")
        ack, seconds = await timed_ack(chat, sent[-1], f"m-{len(sent)}")
        assert seconds < BOUND_SECONDS
        acks.append(ack)
        await asyncio.sleep(0.25)

    assert acks[-1]["realtime"] == "degraded"
    assert [ack["seq"] for ack in acks] == sorted({ack["seq"] for ack in acks})
    assert await customer_messages(customer) == sent
    # The other socket is still open and served.
    ack, seconds = await timed_ack(other, "me too", "o-1")
    assert ack["seq"] > 0
    assert seconds < BOUND_SECONDS
    await chat.disconnect()
    await other.disconnect()


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
async def test_a_new_socket_opens_and_acks_while_redis_is_down(
    assistant_ready, customer, redis_fault, fault
):
    redis_fault.set(fault)

    chat = await open_chat(customer)
    ack, seconds = await timed_ack(chat, "hello?", "m-1")

    assert seconds < BOUND_SECONDS
    assert ack["realtime"] == "degraded"
    assert await customer_messages(customer) == ["hello?"]
    await chat.disconnect()


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
async def test_live_delivery_comes_back_with_redis_and_resume_fills_the_gap(
    assistant_ready, customer, agent, redis_fault, fault
):
    chat = await with_a_person(customer)
    redis_fault.set(fault)
    missed = await agent_replies(customer, agent, "sent while Redis was away")
    # During the outage the client catches up from the database, and (once the
    # outage is noticed: a hung Redis only when a call times out) is told to keep
    # doing so.
    for _ in range(10):
        await chat.send_json_to({"type": "resume", "after_seq": missed - 1})
        frames = await frames_until(chat, lambda f: f["type"] == "resumed")
        assert "sent while Redis was away" in [f.get("text") for f in frames]
        if frames[-1].get("realtime") == "degraded":
            break
        await asyncio.sleep(0.5)
    assert frames[-1].get("realtime") == "degraded"

    redis_fault.set(UP)
    # Live delivery resumes on the same socket, without a restart, within 10 s.
    deadline, live = time.monotonic() + 10, None
    while live is None and time.monotonic() < deadline:
        seq = await agent_replies(customer, agent, "are you there?")
        live = await next_frame(chat, lambda f, seq=seq: f.get("seq") == seq, within=1.0)
    assert live is not None, "live delivery did not come back within 10 s"

    await chat.send_json_to({"type": "resume", "after_seq": missed - 1})
    frames = await frames_until(chat, lambda f: f["type"] == "resumed")
    assert "sent while Redis was away" in [f.get("text") for f in frames]
    await chat.disconnect()


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
async def test_an_agent_socket_opens_types_and_replies_while_redis_is_down(
    assistant_ready, customer, agent, redis_fault, fault
):
    from tickets.tests.test_agent_sockets import can_work, waiting_ticket

    await can_work(agent)
    ticket = await sync_to_async(waiting_ticket)(customer)
    redis_fault.set(fault)

    started = time.monotonic()
    cookie = await cookie_for(agent)
    path = f"/ws/agent/tickets/{ticket.pk}/"
    headers = [ORIGIN, (b"cookie", cookie.encode())]
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=BOUND_SECONDS)
    await socket.send_json_to({"type": "typing"})
    await socket.send_json_to({"type": "reply", "text": "On it!", "internal": False})
    ack = await socket.receive_json_from(timeout=BOUND_SECONDS * 2)

    assert connected
    assert ack["type"] == "ack"
    assert time.monotonic() - started < 2 * BOUND_SECONDS
    stored = await sync_to_async(lambda: ticket.messages.get(seq=ack["seq"]).body)()
    assert stored == "On it!"
    await socket.disconnect()
