"""Through a real daphne with the second factor on (what production runs): a staff
session that passed only the password sees the handshake of an agent socket refused
with HTTP 403, is sent to the code from the admin and refused by the API; once it has
passed, the same socket opens. (PostgreSQL only: daphne shares the test database.)"""

import asyncio
import http.client

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.db import connections

from core.tests.live import Daphne, needs_postgres
from twofactor.tests.helpers import (
    authenticator_for,
    passed_login,
    password_login,
    session_cookie_of,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    needs_postgres,
    pytest.mark.usefixtures("second_factor_on"),
]


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    daphne = Daphne(tmp_path_factory.mktemp("daphne"), STAFF_TWO_FACTOR=1)
    yield daphne.start()
    daphne.stop()


@pytest.fixture(autouse=True)
async def close_test_connections():
    """This test's own ORM calls ran on asgiref's thread: close them there, so the
    test database can be dropped at the end."""
    yield
    await sync_to_async(connections.close_all)()


@sync_to_async
def logins_of(agent):
    """A session that passed only the password, and one that passed the code too."""
    device, _ = authenticator_for(agent)
    return session_cookie_of(password_login(agent)), session_cookie_of(passed_login(agent, device))


def get(server, path, cookie) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    return connection.getresponse()


async def test_a_password_only_session_is_refused_by_every_staff_surface(server, agent):
    password_only, _ = await logins_of(agent)

    with pytest.raises(websockets.InvalidStatus) as refused:
        await server.socket("/ws/agent/queue/", password_only)
    admin_page = await sync_to_async(get)(server, "/admin/tickets/ticket/", password_only)
    api = await sync_to_async(get)(server, "/api/tickets/", password_only)

    assert refused.value.response.status_code == 403
    assert admin_page.status == 302
    assert admin_page.getheader("Location").startswith("/admin/second-factor/verify/")
    assert api.status == 403
    assert b"second_factor_required" in api.read()
    assert "Traceback" not in server.output()


async def test_a_session_that_passed_opens_the_agent_socket(server, agent):
    _, passed = await logins_of(agent)

    socket_ = await server.socket("/ws/agent/queue/", passed)
    admin_page = await sync_to_async(get)(server, "/admin/tickets/ticket/", passed)

    pong = await socket_.ping()
    await asyncio.wait_for(pong, timeout=5)  # open, and answering
    assert admin_page.status == 200
    await socket_.close()
