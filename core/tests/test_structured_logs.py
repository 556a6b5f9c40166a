"""Log lines say which request and ticket they belong to: JSON lines with
LOG_FORMAT=json, a request id echoed in X-Request-ID, a socket frame's ticket."""

import asyncio
import json
import logging

import pytest
from channels.testing import WebsocketCommunicator

from core import log_context
from core.websocket import LoggedInSocket
from supportsite.tests.test_settings import run

logger = logging.getLogger("core.tests.structured_logs")


@pytest.fixture
def lines():
    """The records every logger writes, with the context filter the console has."""
    records = []
    handler = logging.Handler(logging.DEBUG)
    handler.emit = records.append
    handler.addFilter(log_context.ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield records
    root.removeHandler(handler)


def test_with_log_format_json_each_line_of_a_request_is_json_with_its_request_id(tmp_path):
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/no-such-page/', HTTP_X_REQUEST_ID='req-7'); "
        "print(r.status_code, r['X-Request-ID'])"
    )

    result = run(["-c", script], {"LOG_FORMAT": "json"}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["404", "req-7"]
    logged = [json.loads(line) for line in result.stderr.splitlines()]
    [not_found] = [line for line in logged if line["message"] == "Not Found: /no-such-page/"]
    assert not_found["request_id"] == "req-7"
    assert (not_found["level"], not_found["logger"]) == ("WARNING", "django.request")
    assert "timestamp" in not_found


@pytest.mark.django_db
def test_a_request_without_an_id_gets_one_in_the_response(client, lines):
    response = client.get("/no-such-page/")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [not_found] = [each for each in lines if each.getMessage() == "Not Found: /no-such-page/"]
    assert not_found.request_id == request_id


@pytest.mark.django_db
def test_an_insane_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="two words\x1b[31m")

    assert response["X-Request-ID"] != "two words\x1b[31m"
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_lines_of_a_ticket_page_carry_its_ticket_id(customer_client, lines):
    customer_client.get("/tickets/987654/", HTTP_X_REQUEST_ID="req-t")

    [not_found] = [each for each in lines if each.getMessage() == "Not Found: /tickets/987654/"]
    assert (not_found.request_id, not_found.ticket_id) == ("req-t", 987654)


class TicketSocket(LoggedInSocket):
    """A socket following ticket 42 that logs each frame it handles."""

    ticket_id = 42

    async def connect(self):
        await self.accept()

    async def receive(self, text_data=None, bytes_data=None):
        logger.warning("frame handled: %s", text_data)


async def test_the_lines_of_a_socket_frame_carry_its_ticket_and_request_id(lines):
    socket = WebsocketCommunicator(
        TicketSocket.as_asgi(), "/ws/test/", headers=[(b"x-request-id", b"sock-1")]
    )
    connected, _ = await socket.connect()
    assert connected

    await socket.send_to(text_data="hello")
    await socket.disconnect()

    [handled] = [each for each in lines if each.getMessage() == "frame handled: hello"]
    assert (handled.ticket_id, handled.request_id) == (42, "sock-1")
    assert log_context.current_fields() == {}  # nothing leaks out of the frame


async def test_a_process_wide_task_started_during_a_frame_carries_none_of_its_fields():
    async def fields():
        return log_context.current_fields()

    with log_context.bound(request_id="sock-2", ticket_id=7):
        inherited = await asyncio.ensure_future(fields())
        detached = await log_context.detached_task(fields())

    assert inherited == {"request_id": "sock-2", "ticket_id": 7}
    assert detached == {}
