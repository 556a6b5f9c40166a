"""What crosses the wire, through a real daphne: the close codes a client sees, and
sockets that end with the login behind them — logout, password change, deactivation —
whether or not they send anything."""

import asyncio
import json
import time

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections
from django.test import Client

from core.tests.live import Daphne, closed_with, needs_postgres, until
from core.websocket import CloseCode
from tickets import services
from tickets.models import Message

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    daphne = Daphne(tmp_path_factory.mktemp("daphne"), WEBSOCKET_LOGIN_CHECK_SECONDS=1)
    yield daphne.start()
    daphne.stop()


@pytest.fixture(scope="module")
def slow_watch_server(django_db_setup, tmp_path_factory):
    """A login watch too slow to matter: what is refused is refused by the frame's check."""
    daphne = Daphne(tmp_path_factory.mktemp("daphne"), WEBSOCKET_LOGIN_CHECK_SECONDS=120)
    yield daphne.start()
    daphne.stop()


@pytest.fixture(autouse=True)
async def close_test_connections():
    """This test's own ORM calls ran on asgiref's thread: close them there, so the
    test database can be dropped at the end."""
    yield
    await sync_to_async(connections.close_all)()


class Login:
    """A real login (a session row), to log out of over HTTP later."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)
        session = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.cookie = f"{settings.SESSION_COOKIE_NAME}={session}"

    def log_out(self):
        response = self.client.post("/logout/")
        assert response.status_code in (200, 302)


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Card question")
    services.message_post(ticket=ticket, author_kind="customer", author=customer, body="hi")
    return ticket


async def opened(server, path, login, first="hello"):
    socket_ = await server.socket(path, login.cookie)
    if first:
        await until(socket_, lambda frame: frame["type"] == first)
    return socket_


async def closed_within(socket_, seconds):
    started = time.monotonic()
    code = await closed_with(socket_, seconds=seconds)
    return code, time.monotonic() - started


# --- Close codes -----------------------------------------------------------------------


async def test_a_binary_frame_reaches_the_client_as_text_only_without_a_traceback(server, customer):
    login = await sync_to_async(Login)(customer)
    chat = await opened(server, "/ws/chat/", login)

    await chat.send(b"\x00\x01")

    assert await closed_with(chat) == CloseCode.TEXT_ONLY
    assert "Traceback" not in server.output()


async def test_a_message_after_logout_is_refused_with_the_logged_out_code(
    slow_watch_server, customer
):
    login = await sync_to_async(Login)(customer)
    chat = await opened(slow_watch_server, "/ws/chat/", login)

    await sync_to_async(login.log_out)()
    await chat.send(json.dumps({"type": "send", "client_msg_id": "late", "text": "still here?"}))

    error = await until(chat, lambda frame: frame["type"] == "error")
    assert error["code"] == "logged_out"
    assert await closed_with(chat) == CloseCode.LOGGED_OUT
    assert not await sync_to_async(Message.objects.filter(client_msg_id="late").exists)()
    assert "Traceback" not in slow_watch_server.output()


# --- Sockets end with the login ----------------------------------------------------------


async def test_a_silent_customer_socket_is_closed_within_5_s_of_logout(server, customer):
    login = await sync_to_async(Login)(customer)
    chat = await opened(server, "/ws/chat/", login)

    await sync_to_async(login.log_out)()

    code, waited = await closed_within(chat, 5)
    assert code == CloseCode.LOGGED_OUT
    assert waited < 5


async def test_every_agent_socket_is_closed_within_5_s_of_logout(server, agent, ticket):
    login = await sync_to_async(Login)(agent)
    ticket_socket = await opened(server, f"/ws/agent/tickets/{ticket.pk}/", login, first=None)
    queue_socket = await opened(server, "/ws/agent/queue/", login, first=None)
    await asyncio.sleep(0.2)

    await sync_to_async(login.log_out)()

    for socket_ in (ticket_socket, queue_socket):
        code, waited = await closed_within(socket_, 5)
        assert code == CloseCode.LOGGED_OUT
        assert waited < 5


async def test_an_agent_reply_after_logout_is_refused_and_not_stored(
    slow_watch_server, agent, ticket
):
    login = await sync_to_async(Login)(agent)
    socket_ = await opened(slow_watch_server, f"/ws/agent/tickets/{ticket.pk}/", login, None)

    await sync_to_async(login.log_out)()
    await socket_.send(json.dumps({"type": "reply", "text": "Hello from a ghost"}))

    error = await until(socket_, lambda frame: frame["type"] == "error")
    assert error["code"] == "logged_out"
    assert await closed_with(socket_) == CloseCode.LOGGED_OUT
    assert not await sync_to_async(Message.objects.filter(body="Hello from a ghost").exists)()


async def test_an_agent_whose_staff_rights_were_taken_cannot_reply(
    slow_watch_server, agent, ticket
):
    login = await sync_to_async(Login)(agent)
    socket_ = await opened(slow_watch_server, f"/ws/agent/tickets/{ticket.pk}/", login, None)

    agent.is_staff = False
    await sync_to_async(agent.save)()
    await socket_.send(json.dumps({"type": "reply", "text": "Not staff any more"}))

    assert await closed_with(socket_) == CloseCode.LOGGED_OUT
    assert not await sync_to_async(Message.objects.filter(body="Not staff any more").exists)()


async def test_a_password_change_closes_the_other_sessions_sockets(server, customer):
    login = await sync_to_async(Login)(customer)
    chat = await opened(server, "/ws/chat/", login)

    def change_password():
        customer.set_password("a brand new passphrase")
        customer.save()

    await sync_to_async(change_password)()

    assert await closed_with(chat, seconds=5) == CloseCode.LOGGED_OUT


async def test_a_deactivated_account_loses_its_sockets(server, customer):
    login = await sync_to_async(Login)(customer)
    chat = await opened(server, "/ws/chat/", login)

    customer.is_active = False
    await sync_to_async(customer.save)()

    assert await closed_with(chat, seconds=5) == CloseCode.LOGGED_OUT


async def test_sockets_of_a_login_that_is_still_good_stay_open(server, customer, other_customer):
    staying = await sync_to_async(Login)(customer)
    leaving = await sync_to_async(Login)(other_customer)
    chat = await opened(server, "/ws/chat/", staying)
    other = await opened(server, "/ws/chat/", leaving)

    await sync_to_async(leaving.log_out)()
    assert await closed_with(other, seconds=5) == CloseCode.LOGGED_OUT
    await asyncio.sleep(1.5)  # another round of checks

    await chat.send(json.dumps({"type": "ping"}))
    assert (await until(chat, lambda frame: frame["type"] == "pong"))["type"] == "pong"
    await chat.close()
