"""The chat's websocket frames: what a client may send, checked in one place.

See docs/chat-protocol.md. `parse` turns one text frame into a typed frame or
raises ProtocolError with a stable code; nothing is stored for a frame that does not
parse.
"""

import json
import re
from dataclasses import dataclass

from tickets.services import MAX_BODY_CHARS

MAX_FRAME_CHARS = 4 * MAX_BODY_CHARS + 1000  # JSON escaping can quadruple a text
CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class ProtocolError(Exception):
    def __init__(self, code: str, message: str, client_msg_id: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.client_msg_id = client_msg_id


@dataclass(frozen=True)
class Send:
    client_msg_id: str
    text: str


@dataclass(frozen=True)
class Resume:
    after_seq: int


@dataclass(frozen=True)
class Signal:
    """A frame with no fields: typing, human (ask for a person), ping."""

    type: str


SIGNALS = {"typing", "human", "ping"}


def parse(raw: str | None):
    if raw is None or len(raw) > MAX_FRAME_CHARS:
        raise ProtocolError("too_big", f"A frame can be at most {MAX_FRAME_CHARS} characters.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_json", "Frames are JSON objects.") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_json", "Frames are JSON objects.")
    kind = data.get("type")
    if kind == "send":
        return _send(data)
    if kind == "resume":
        return _resume(data)
    if kind in SIGNALS:
        return Signal(kind)
    raise ProtocolError("unknown_type", "Unknown frame type.")


def _send(data: dict) -> Send:
    client_msg_id = data.get("client_msg_id")
    if not isinstance(client_msg_id, str) or not CLIENT_MSG_ID.match(client_msg_id):
        raise ProtocolError(
            "invalid", "client_msg_id must be 1-64 letters, digits or . _ : -", None
        )
    text = data.get("text")
    if not isinstance(text, str):
        raise ProtocolError("invalid", "text must be a string.", client_msg_id)
    if "\x00" in text or not _encodable(text):
        raise ProtocolError("invalid_text", "The text contains invalid characters.", client_msg_id)
    text = text.strip()
    if not text:
        raise ProtocolError("empty", "A message cannot be empty.", client_msg_id)
    if len(text) > MAX_BODY_CHARS:
        raise ProtocolError(
            "too_long", f"A message can be at most {MAX_BODY_CHARS} characters.", client_msg_id
        )
    return Send(client_msg_id=client_msg_id, text=text)


def _resume(data: dict) -> Resume:
    after = data.get("after_seq")
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ProtocolError("invalid", "after_seq must be a whole number, 0 or more.")
    return Resume(after_seq=after)


def _encodable(text: str) -> bool:
    """False for lone surrogates, which JSON escapes can smuggle in."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
