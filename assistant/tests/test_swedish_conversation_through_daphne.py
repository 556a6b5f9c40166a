"""A conversation in Swedish through a real daphne, over the chat's websocket: the
question is answered in Swedish with the amount written as in Sweden, and a message in
Spanish gets the English reply with a person offered as a button, no hand-off."""

import asyncio
import json

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from accounts.tests.factories import InstalmentFactory, PurchaseFactory, UserFactory
from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import train_from_intents
from core.tests.live import Daphne, needs_postgres, until
from core.tests.sockets import session_cookie
from tickets.defaults import install_defaults as install_desk

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]


@sync_to_async
def a_customer_paying_ikea_in_instalments():
    install_desk()
    install_assistant_defaults()
    train_from_intents()
    customer = UserFactory(email="astrid@example.com")
    purchase = PurchaseFactory(customer=customer, merchant="IKEA", reference="ANN-7")
    InstalmentFactory(purchase=purchase, amount="1234.50")
    return session_cookie(customer)


async def ask(socket_, text: str, client_msg_id: str, seconds: float = 60) -> list[dict]:
    """The frames that follow sending `text`, through the turn's `done` and the
    assistant's answer (which may come on either side of it)."""
    await socket_.send(json.dumps({"type": "send", "client_msg_id": client_msg_id, "text": text}))
    frames: list[dict] = []
    async with asyncio.timeout(seconds):
        while not (done_in(frames) and answer_in(frames)):
            frames.append(json.loads(await socket_.recv()))
    return frames


def done_in(frames: list[dict]) -> bool:
    return any(f["type"] == "turn" and f["state"] == "done" for f in frames)


def answer_in(frames: list[dict]) -> str:
    answers = [
        f["text"] for f in frames if f["type"] == "message" and f["author_kind"] == "assistant"
    ]
    return answers[-1] if answers else ""


def handed_off(frames: list[dict]) -> bool:
    return any(f["type"] == "owner" and f["kind"] != "ai" for f in frames)


async def test_a_swedish_customer_is_answered_in_swedish_over_the_socket(tmp_path):
    cookie = await a_customer_paying_ikea_in_instalments()
    server = Daphne(tmp_path).start()
    try:
        socket_ = await server.socket("/ws/chat/", cookie)
        await until(socket_, lambda frame: frame["type"] == "hello")

        swedish = await ask(socket_, "hur mycket är kvar på ikea-köpet?", "sv-1")
        spanish = await ask(socket_, "quiero saber cuánto me queda por pagar", "es-1")

        assert "kvar att betala" in answer_in(swedish)
        assert "1\u00a0234,50\u00a0€" in answer_in(swedish)
        assert "I read English, Swedish and German" in answer_in(spanish)
        [offered] = [f["options"] for f in spanish if f["type"] == "choices"]
        assert offered == [{"label": "Talk to a person", "text": "I'd like to talk to a person."}]
        assert not handed_off(swedish + spanish)
        await socket_.close()
    finally:
        server.stop()
    assert "Traceback" not in server.output()
    await sync_to_async(connections.close_all)()
