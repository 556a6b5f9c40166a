"""One frame through the real chat socket, for the fuzz test."""

import json

from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from core.tests.sockets import session_cookie
from supportsite.asgi import application
from tickets.models import Message

_cookie = sync_to_async(session_cookie)


async def exchange(user, raw: str):
    """Send `raw`, then a ping; return the frames answered before the pong and the
    number of messages stored."""
    cookie = await _cookie(user)
    headers = [(b"origin", b"http://localhost:8000"), (b"cookie", cookie.encode())]
    chat = WebsocketCommunicator(application, "/ws/chat/", headers=headers)
    connected, _ = await chat.connect()
    assert connected
    await chat.receive_json_from()  # hello
    await chat.send_to(text_data=raw)
    await chat.send_to(text_data=json.dumps({"type": "ping"}))
    answers = []
    while True:
        frame = await chat.receive_json_from(timeout=5)
        if frame["type"] == "pong":
            break
        answers.append(frame)
    await chat.disconnect()
    stored = await sync_to_async(Message.objects.count)()
    return answers, stored
