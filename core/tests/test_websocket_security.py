"""Every websocket route is wrapped by `secure_websocket`: origin checked against
ALLOWED_HOSTS and a logged-in session required, both before the socket is accepted."""

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.urls import path

from core.tests.sockets import session_cookie
from core.websocket import secure_websocket
from supportsite.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


class WhoAmI(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()
        await self.send_json({"email": self.scope["user"].email})


app = secure_websocket(URLRouter([path("ws/whoami/", WhoAmI.as_asgi())]))


session_cookie_for = sync_to_async(session_cookie)


def headers(origin=None, session=None):
    result = []
    if origin is not None:
        result.append((b"origin", origin.encode()))
    if session is not None:
        result.append((b"cookie", session.encode()))
    return result


async def handshake(headers_, asgi_app=app, path_="/ws/whoami/"):
    communicator = WebsocketCommunicator(asgi_app, path_, headers=headers_)
    connected, _code = await communicator.connect()
    return communicator, connected


async def test_logged_in_customer_with_our_origin_is_accepted(customer):
    session = await session_cookie_for(customer)

    communicator, connected = await handshake(headers("http://localhost:8000", session))

    assert connected
    assert await communicator.receive_json_from() == {"email": customer.email}
    await communicator.disconnect()


@pytest.mark.parametrize(
    "origin",
    [None, "https://evil.example", "null", "http://localhost.evil.example", "http://sub.localhost"],
)
async def test_foreign_or_missing_origin_is_refused(customer, origin):
    session = await session_cookie_for(customer)

    _, connected = await handshake(headers(origin, session))

    assert not connected


async def test_no_session_is_refused(db):
    _, connected = await handshake(headers("http://localhost:8000"))

    assert not connected


async def test_a_forged_session_is_refused(db):
    _, connected = await handshake(
        headers("http://localhost:8000", f"{settings.SESSION_COOKIE_NAME}=not-a-real-session")
    )

    assert not connected


async def test_a_deactivated_user_is_refused(customer):
    session = await session_cookie_for(customer)
    customer.is_active = False
    await database_sync_to_async(customer.save)()

    _, connected = await handshake(headers("http://localhost:8000", session))

    assert not connected


async def test_the_project_application_refuses_a_socket_without_a_session(db):
    _, connected = await handshake(headers("http://localhost:8000"), application, "/ws/chat/")

    assert not connected
