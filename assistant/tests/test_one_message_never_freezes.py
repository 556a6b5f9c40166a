"""One hostile message never freezes the server: through a real daphne, while the
worst escalation-rule pattern meets a 4,000-character message, another customer's
socket is still answered within a second, and the hostile message's turn ends."""

import asyncio
import json
import time

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from accounts.tests.factories import UserFactory
from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import train_from_intents
from core.tests.live import Daphne, needs_postgres, until
from core.tests.sockets import session_cookie
from tickets.defaults import install_defaults as install_desk
from tickets.models import EscalationRule
from tickets.services import MAX_BODY_CHARS

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]

# Exponential for a backtracking engine on "aaa…a!": Python's `re` takes longer than
# the universe's age on 4,000 characters.
CATASTROPHIC = "(a+)+$"


@sync_to_async
def desk_with_a_catastrophic_rule():
    install_desk()
    install_assistant_defaults()
    train_from_intents()
    EscalationRule.objects.create(name="Hostile", position=1, pattern=CATASTROPHIC, add_tag="x")
    return (
        session_cookie(UserFactory(email="attacker@example.com")),
        session_cookie(UserFactory(email="bystander@example.com")),
    )


async def slowest_pong(socket_, stop: asyncio.Event) -> float:
    slowest = 0.0
    while not stop.is_set():
        sent = time.monotonic()
        await socket_.send(json.dumps({"type": "ping"}))
        await until(socket_, lambda frame: frame["type"] == "pong", seconds=30)
        slowest = max(slowest, time.monotonic() - sent)
        await asyncio.sleep(0.05)
    return slowest


async def test_a_second_socket_is_answered_while_the_worst_rule_meets_a_long_message(tmp_path):
    attacker_cookie, bystander_cookie = await desk_with_a_catastrophic_rule()
    # The bystander pings every 50 ms, above the per-socket rate limit.
    server = Daphne(
        tmp_path, ASSISTANT_TIMEOUT=5, CHAT_FRAMES_PER_SECOND=1000, CHAT_FRAMES_BURST=1000
    ).start()
    try:
        attacker = await server.socket("/ws/chat/", attacker_cookie)
        bystander = await server.socket("/ws/chat/", bystander_cookie)
        for socket_ in (attacker, bystander):
            await until(socket_, lambda frame: frame["type"] == "hello")
        stop = asyncio.Event()
        pongs = asyncio.ensure_future(slowest_pong(bystander, stop))
        await asyncio.sleep(0.2)

        hostile = "a" * (MAX_BODY_CHARS - 1) + "!"
        await attacker.send(json.dumps({"type": "send", "client_msg_id": "h-1", "text": hostile}))
        await until(attacker, lambda frame: frame["type"] == "ack", seconds=30)
        ended = await until(
            attacker, lambda f: f["type"] == "turn" and f["state"] == "done", seconds=30
        )
        stop.set()
        slowest = await asyncio.wait_for(pongs, 30)

        assert slowest < 1.0, f"the other socket waited {slowest:.2f} s for a pong"
        assert ended["outcome"] in {"answered", "handed_off", "failed"}
        await attacker.close()
        await bystander.close()
    finally:
        server.stop()
    assert "Traceback" not in server.output()
    await sync_to_async(connections.close_all)()
