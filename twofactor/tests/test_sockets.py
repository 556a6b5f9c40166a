"""The agents' sockets, through the real ASGI application, with the second factor on:
a staff session that passed only the password is refused at the handshake; one that
passed gets in, and its replies stop counting once its device is reset. The customer's
chat socket is as before."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from core.websocket import CloseCode
from supportsite.asgi import application
from supportsite.routing import websocket_urlpatterns
from tickets import services
from tickets.models import Message
from twofactor import devices
from twofactor.tests.helpers import (
    authenticator_for,
    passed_login,
    password_login,
    session_cookie_of,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("second_factor_on")]
ORIGIN = (b"origin", b"http://localhost:8000")


async def socket_with(cookie: str, path: str):
    communicator = WebsocketCommunicator(
        application, path, headers=[ORIGIN, (b"cookie", cookie.encode())]
    )
    connected, _ = await communicator.connect()
    return communicator, connected


@sync_to_async
def waiting_ticket(customer):
    ticket = services.ticket_open(customer=customer, subject="Card question")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Hello?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


@sync_to_async
def cookie_of_password_login(user, with_authenticator=True):
    if with_authenticator:
        authenticator_for(user)
    return session_cookie_of(password_login(user))


@sync_to_async
def cookie_of_passed_login(user):
    device, _ = authenticator_for(user)
    return session_cookie_of(passed_login(user, device))


def agent_socket_paths(ticket) -> list[str]:
    """Every agent socket the project routes (the ticket's for `ticket`)."""
    routes = [str(route.pattern) for route in websocket_urlpatterns]
    return [
        "/" + route.replace("<int:ticket_id>", str(ticket.pk))
        for route in routes
        if route.startswith("ws/agent/")
    ]


@pytest.mark.parametrize("with_authenticator", [True, False])
async def test_every_agent_socket_refuses_a_password_only_session(
    desk, customer, agent, with_authenticator
):
    ticket = await waiting_ticket(customer)
    cookie = await cookie_of_password_login(agent, with_authenticator)

    connected = {path: (await socket_with(cookie, path))[1] for path in agent_socket_paths(ticket)}

    assert len(connected) >= 2
    assert not any(connected.values()), connected


async def test_agent_sockets_let_in_a_session_that_passed(desk, customer, agent):
    ticket = await waiting_ticket(customer)
    cookie = await cookie_of_passed_login(agent)

    ticket_socket, ticket_connected = await socket_with(cookie, f"/ws/agent/tickets/{ticket.pk}/")
    queue_socket, queue_connected = await socket_with(cookie, "/ws/agent/queue/")
    await ticket_socket.send_json_to({"type": "reply", "text": "On it!", "internal": False})
    ack = await ticket_socket.receive_json_from(timeout=5)

    assert ticket_connected
    assert queue_connected
    assert ack["type"] == "ack"
    await ticket_socket.disconnect()
    await queue_socket.disconnect()


async def test_a_reply_after_the_agents_second_factor_was_reset_is_refused(
    desk, customer, agent, supervisor
):
    ticket = await waiting_ticket(customer)
    cookie = await cookie_of_passed_login(agent)
    socket, _ = await socket_with(cookie, f"/ws/agent/tickets/{ticket.pk}/")

    await sync_to_async(devices.second_factor_reset)(user=agent, by=supervisor)
    await socket.send_json_to({"type": "reply", "text": "Still me?", "internal": False})
    error = await socket.receive_json_from(timeout=5)
    closed = await socket.receive_output(timeout=5)

    assert error["code"] == "logged_out"
    assert closed == {"type": "websocket.close", "code": CloseCode.LOGGED_OUT}
    assert not await sync_to_async(Message.objects.filter(body="Still me?").exists)()


async def test_the_customers_chat_socket_is_as_before(customer):
    cookie = await sync_to_async(lambda: session_cookie_of(password_login(customer, "/login/")))()

    chat, connected = await socket_with(cookie, "/ws/chat/")
    hello = await chat.receive_json_from(timeout=5)

    assert connected
    assert hello["type"] == "hello"
    await chat.disconnect()
