"""Two daphne processes serve one conversation through Redis: a message sent to one
process reaches a tab connected to the other, and so does an agent's reply.

Needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL): several processes is what
they are for. CI runs the suite against both."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import train_from_intents
from core.tests.live import daphne_processes, needs_postgres_and_redis, until
from core.tests.sockets import session_cookie
from tickets import services
from tickets.defaults import install_defaults as install_desk
from tickets.models import Ticket

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres_and_redis]


async def test_two_processes_serve_one_conversation(customer, agent, tmp_path):
    await sync_to_async(install_desk)()
    await sync_to_async(install_assistant_defaults)()
    await sync_to_async(train_from_intents)()
    cookie = await sync_to_async(session_cookie)(customer)
    with daphne_processes(2, tmp_path) as (server_a, server_b):
        a = await server_a.socket("/ws/chat/", cookie)
        await until(a, lambda f: f["type"] == "hello")
        await a.send(json.dumps({"type": "send", "client_msg_id": "x-1", "text": "hello"}))
        ack = await until(a, lambda f: f["type"] == "ack")

        b = await server_b.socket("/ws/chat/", cookie)
        hello_b = await until(b, lambda f: f["type"] == "hello")
        assert hello_b["ticket_id"] == ack["ticket_id"]

        await a.send(json.dumps({"type": "send", "client_msg_id": "x-2", "text": "still there?"}))
        relayed = await until(
            b, lambda f: f["type"] == "message" and f["author_kind"] == "customer"
        )
        assert relayed["text"] == "still there?"

        ticket = await sync_to_async(Ticket.objects.get)(pk=ack["ticket_id"])
        await sync_to_async(services.agent_reply)(ticket=ticket, agent=agent, body="Dana here.")
        for tab in (a, b):
            reply = await until(
                tab, lambda f: f["type"] == "message" and f["author_kind"] == "agent"
            )
            assert reply["text"] == "Dana here."
        await a.close()
        await b.close()
    # This test's own ORM calls ran on Django's async-to-sync thread: close them there
    # so the test database can be dropped.
    await sync_to_async(connections.close_all)()
