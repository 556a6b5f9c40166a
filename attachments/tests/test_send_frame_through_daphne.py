"""A file in the chat, across a real daphne: uploaded over HTTP (with the CSRF
token), named by id in a `send` frame, live on the agent's socket with its summary,
answered by the assistant with what it cannot do, stored once on a resend, and served
to the agent but to no other customer."""

import json

import httpx
import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from assistant.engine import FILES_UNREAD
from assistant.tests.test_chat_page_browser import trained_desk
from attachments.models import Attachment
from attachments.tests import samples
from core.tests.live import Daphne, needs_postgres, until
from core.tests.test_sockets_through_daphne import Login
from tickets import services
from tickets.models import Message

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    daphne = Daphne(tmp_path_factory.mktemp("daphne"))
    yield daphne.start()
    daphne.stop()


@pytest.fixture(autouse=True)
async def close_test_connections():
    yield
    from django.db import connections

    await sync_to_async(connections.close_all)()


def http_client(server, login) -> httpx.Client:
    name = settings.SESSION_COOKIE_NAME
    client = httpx.Client(base_url=server.url, timeout=10)
    client.cookies.set(name, login.cookie.split("=", 1)[1])
    return client


def upload(server, login, data: bytes, name: str) -> httpx.Response:
    """As the chat page does: the page sets the CSRF cookie, the upload carries it."""
    with http_client(server, login) as client:
        page = client.get("/chat/")
        assert page.status_code == 200
        token = client.cookies["csrftoken"]
        return client.post("/chat/attachments/", files={"file": (name, data)},
                           headers={"X-CSRFToken": token})  # fmt: skip


def conversation(customer):
    ticket = services.ticket_open(customer=customer, subject="My card")
    services.message_post(ticket=ticket, author_kind="customer", author=customer, body="hi")
    return ticket


async def test_a_picture_sent_in_the_chat_reaches_the_agent_and_is_stored_once(
    server, customer, other_customer, agent
):
    await trained_desk()  # the turn's triage then loads a model, never trains one
    ticket = await sync_to_async(conversation)(customer)
    ann, bob, dana = [
        await sync_to_async(Login)(user) for user in (customer, other_customer, agent)
    ]
    refused = await sync_to_async(upload)(server, ann, samples.SVG, "logo.svg")
    assert (refused.status_code, refused.json()["code"]) == (400, "unsupported_type")
    uploaded = await sync_to_async(upload)(server, ann, samples.jpeg_with_exif(), "card.jpg")
    assert uploaded.status_code == 201
    file_id = uploaded.json()["id"]

    chat = await server.socket("/ws/chat/", ann.cookie)
    await until(chat, lambda frame: frame["type"] == "hello", seconds=30)
    desk_socket = await server.socket(f"/ws/agent/tickets/{ticket.pk}/", dana.cookie)
    frame = {"type": "send", "client_msg_id": "c-file-1", "text": "", "attachments": [file_id]}
    await chat.send(json.dumps(frame))
    ack = await until(chat, lambda f: f["type"] == "ack", seconds=30)
    assert ack["duplicate"] is False

    seen_by_agent = await until(desk_socket, lambda f: f["type"] == "message", seconds=30)
    (summary,) = seen_by_agent["attachments"]
    assert (summary["id"], summary["name"], summary["kind"]) == (file_id, "card.jpg", "image")
    assert summary["thumbnail_url"] == f"/attachments/{file_id}/thumbnail/"
    assert seen_by_agent["body"] == "Sent a file: card.jpg"
    # The first turn of a fresh process loads the assistant's models: give it time.
    answer = await until(
        chat, lambda f: f["type"] == "message" and f["author_kind"] == "assistant", seconds=60
    )
    assert answer["text"] == str(FILES_UNREAD)

    await chat.send(json.dumps(frame))  # the resend after a lost ack
    again = await until(chat, lambda f: f["type"] == "ack", seconds=30)
    assert (again["duplicate"], again["seq"]) == (True, ack["seq"])
    stored = await sync_to_async(Attachment.objects.get)(pk=file_id)
    message = await sync_to_async(Message.objects.get)(ticket=ticket, client_msg_id="c-file-1")
    assert (stored.message_id, stored.ticket_id) == (message.pk, ticket.pk)
    count = sync_to_async(Message.objects.filter(ticket=ticket, client_msg_id="c-file-1").count)
    assert await count() == 1

    with http_client(server, dana) as client:
        picture = client.get(f"/attachments/{file_id}/")
    with http_client(server, bob) as client:
        theirs, missing = client.get(f"/attachments/{file_id}/"), client.get("/attachments/999999/")
    assert (picture.status_code, picture.headers["content-type"]) == (200, "image/jpeg")
    assert picture.headers["x-content-type-options"] == "nosniff"
    assert b"SpyCam" not in picture.content
    assert theirs.status_code == missing.status_code == 404

    # Bob cannot send Ann's file, not even knowing its id.
    bob_chat = await server.socket("/ws/chat/", bob.cookie)
    await until(bob_chat, lambda f: f["type"] == "hello", seconds=30)
    await bob_chat.send(json.dumps({**frame, "client_msg_id": "c-bob"}))
    error = await until(bob_chat, lambda f: f["type"] == "error", seconds=30)
    assert (error["code"], error["client_msg_id"]) == ("unknown_attachment", "c-bob")
    for socket_ in (chat, desk_socket, bob_chat):
        await socket_.close()
