"""Two daphne processes serve one conversation through Redis: a message sent to one
process reaches a tab connected to the other, and so does an agent's reply.

Needs PostgreSQL and Redis (DATABASE_URL and REDIS_URL): several processes is what
they are for. CI runs the suite against both."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connection, connections

from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.training import train_from_intents
from supportsite.tests.sockets import session_cookie
from tickets import services
from tickets.defaults import install_defaults as install_desk
from tickets.models import Ticket

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL")),
        reason="several processes need PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_of_tests() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def daphne_processes(count, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url_of_tests(),
        "SECRET_KEY": settings.SECRET_KEY,  # sessions are verified with it
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    ports = [free_port() for _ in range(count)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "supportsite.asgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        for port in ports
    ]  # fmt: skip
    try:
        for port in ports:
            wait_for_port(port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"daphne did not listen on {port}")


async def until(socket_, predicate, seconds=10):
    async with asyncio.timeout(seconds):
        while True:
            frame = json.loads(await socket_.recv())
            if predicate(frame):
                return frame


async def test_two_processes_serve_one_conversation(customer, agent, tmp_path):
    await sync_to_async(install_desk)()
    await sync_to_async(install_assistant_defaults)()
    await sync_to_async(train_from_intents)()
    cookie = await sync_to_async(session_cookie)(customer)
    with daphne_processes(2, tmp_path) as (port_a, port_b):
        headers = {"Cookie": cookie}
        a = await websockets.connect(
            f"ws://127.0.0.1:{port_a}/ws/chat/",
            origin="http://127.0.0.1",
            additional_headers=headers,
        )
        await until(a, lambda f: f["type"] == "hello")
        await a.send(json.dumps({"type": "send", "client_msg_id": "x-1", "text": "hello"}))
        ack = await until(a, lambda f: f["type"] == "ack")

        b = await websockets.connect(
            f"ws://127.0.0.1:{port_b}/ws/chat/",
            origin="http://127.0.0.1",
            additional_headers=headers,
        )
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
