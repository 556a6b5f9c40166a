"""The chat's frames written by the server (who has the conversation, who wrote each
message, a refusal) are in the language of the page that opened the socket: its
language cookie, else its Accept-Language."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from core.tests.sockets import session_cookie
from supportsite.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def chat_of(customer, *headers: tuple[bytes, bytes]):
    cookie = await sync_to_async(session_cookie)(customer)
    chat = WebsocketCommunicator(application, "/ws/chat/", headers=[
        (b"origin", b"http://localhost:8000"), (b"cookie", cookie.encode()), *headers])  # fmt: skip
    connected, _ = await chat.connect()
    assert connected
    return chat


async def frame_of(chat, kind: str) -> dict:
    frame = await chat.receive_json_from(timeout=5)
    while frame["type"] != kind:
        frame = await chat.receive_json_from(timeout=5)
    return frame


@pytest.mark.parametrize(
    ("headers", "assistant", "empty"),
    [
        ([(b"accept-language", b"de-DE,de;q=0.9")], "Assistent",
         "Eine Nachricht darf nicht leer sein."),
        ([(b"accept-language", b"de"), (b"cookie", b"django_language=sv")], "Assistenten",
         "Ett meddelande kan inte vara tomt."),
        ([], "Assistant", "A message cannot be empty."),
    ],
)  # fmt: skip
async def test_the_chat_speaks_the_pages_language(desk, customer, headers, assistant, empty):
    chat = await chat_of(customer, *headers)

    hello = await frame_of(chat, "hello")
    await chat.send_json_to({"type": "send", "client_msg_id": "m1", "text": "   "})
    refusal = await frame_of(chat, "error")
    await chat.disconnect()

    assert hello["name"] == assistant
    assert refusal["message"] == empty


async def test_who_reads_a_message_to_people_is_said_in_the_pages_language(desk, customer):
    chat = await chat_of(customer, (b"accept-language", b"sv"))
    await frame_of(chat, "hello")
    await chat.send_json_to({"type": "human"})
    await frame_of(chat, "owner")

    await chat.send_json_to({"type": "send", "client_msg_id": "m1", "text": "hallå?"})
    ack = await frame_of(chat, "ack")
    await chat.disconnect()

    assert ack["note"] == "En person från vårt team läser det här när de ansluter."
