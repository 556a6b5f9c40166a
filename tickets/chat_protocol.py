"""The chat's websocket frames, for both sockets (docs/chat-protocol.md): the
customer's `/ws/chat/` (assistant.consumers) and the agents' `/ws/agent/...`
(tickets.consumers).

What a client may send is parsed here into typed frames (`parse` for the customer,
`parse_agent` for an agent), or refused with ProtocolError and a stable code: nothing
is stored for a frame that does not parse. What the server sends is built here, one
function per frame, from the ticket or from the event the ticket's group broadcast
(tickets.notify); no frame carries a server-internal name (a socket's channel, say).
"""

import json
import re
from dataclasses import dataclass

from django.utils.translation import get_language, gettext

from tickets.models import Ticket
from tickets.services import MAX_BODY_CHARS

MAX_FRAME_CHARS = 4 * MAX_BODY_CHARS + 1000  # JSON escaping can quadruple a text
CLIENT_MSG_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class ProtocolError(Exception):
    def __init__(self, code: str, message: str, client_msg_id: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.client_msg_id = client_msg_id


# --- What clients send ------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """A customer's message; `attachments`: ids of files uploaded for it over HTTPS
    (attachments.views), whose owner the attachments app checks."""

    client_msg_id: str
    text: str
    attachments: tuple[int, ...] = ()


@dataclass(frozen=True)
class Resume:
    after_seq: int


@dataclass(frozen=True)
class Rate:
    """The customer's rating of the conversation that ended."""

    score: int
    comment: str


@dataclass(frozen=True)
class Reply:
    """An agent's reply, or an internal note."""

    text: str
    internal: bool


@dataclass(frozen=True)
class Signal:
    """A frame with no fields: typing, human (ask for a person), ping, resolve (that
    solved it)."""

    type: str


CUSTOMER_SIGNALS = {"typing", "human", "ping", "resolve"}
MAX_COMMENT_CHARS = 2000
# The frame's shape only: how many a message may carry is attachments.services' rule.
MAX_ATTACHMENT_IDS = 20


def parse(raw: str | None) -> Send | Resume | Rate | Signal:
    """A customer's frame."""
    data = _json_object(raw)
    kind = data.get("type")
    if kind == "send":
        return _send(data)
    if kind == "resume":
        return _resume(data)
    if kind == "rate":
        return _rate(data)
    if kind in CUSTOMER_SIGNALS:
        return Signal(kind)
    raise ProtocolError("unknown_type", "Unknown frame type.")


def parse_agent(raw: str | None) -> Reply | Signal:
    """An agent's frame on a ticket's socket."""
    data = _json_object(raw)
    kind = data.get("type")
    if kind == "reply":
        return _reply(data)
    if kind == "typing":
        return Signal(kind)
    raise ProtocolError("unknown_type", "Unknown frame type.")


def _json_object(raw: str | None) -> dict:
    if raw is None or len(raw) > MAX_FRAME_CHARS:
        raise ProtocolError("too_big", f"A frame can be at most {MAX_FRAME_CHARS} characters.")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise ProtocolError("bad_json", "Frames are JSON objects.") from None
    if not isinstance(data, dict):
        raise ProtocolError("bad_json", "Frames are JSON objects.")
    return data


def _send(data: dict) -> Send:
    client_msg_id = data.get("client_msg_id")
    if not isinstance(client_msg_id, str) or not CLIENT_MSG_ID.match(client_msg_id):
        raise ProtocolError(
            "invalid", "client_msg_id must be 1-64 letters, digits or . _ : -", None
        )
    attachments = _attachment_ids(data.get("attachments", []), client_msg_id)
    text = data.get("text", "" if attachments else None)
    if not isinstance(text, str):
        raise ProtocolError("invalid", "text must be a string.", client_msg_id)
    if "\x00" in text or not _encodable(text):
        raise ProtocolError(
            "invalid_text", gettext("The text contains invalid characters."), client_msg_id
        )
    text = text.strip()
    if not text and not attachments:
        raise ProtocolError("empty", gettext("A message cannot be empty."), client_msg_id)
    if len(text) > MAX_BODY_CHARS:
        raise ProtocolError(
            "too_long",
            gettext("A message can be at most %(count)s characters.") % {"count": MAX_BODY_CHARS},
            client_msg_id,
        )
    return Send(client_msg_id=client_msg_id, text=text, attachments=attachments)


def _attachment_ids(ids, client_msg_id: str) -> tuple[int, ...]:
    if (
        not isinstance(ids, list)
        or len(ids) > MAX_ATTACHMENT_IDS
        or any(isinstance(each, bool) or not isinstance(each, int) or each < 1 for each in ids)
        or len(set(ids)) != len(ids)
    ):
        raise ProtocolError(
            "invalid", "attachments must be a list of distinct attachment ids.", client_msg_id
        )
    return tuple(ids)


def _resume(data: dict) -> Resume:
    after = data.get("after_seq")
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise ProtocolError("invalid", "after_seq must be a whole number, 0 or more.")
    return Resume(after_seq=after)


def _rate(data: dict) -> Rate:
    score = data.get("score")
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise ProtocolError("invalid", "score must be a whole number from 1 to 5.")
    comment = data.get("comment") or ""
    if not isinstance(comment, str) or len(comment) > MAX_COMMENT_CHARS:
        raise ProtocolError(
            "invalid", f"comment must be text of at most {MAX_COMMENT_CHARS} characters."
        )
    if "\x00" in comment or not _encodable(comment):
        raise ProtocolError("invalid_text", gettext("The comment contains invalid characters."))
    return Rate(score=score, comment=comment.strip())


def _reply(data: dict) -> Reply:
    text = data.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_BODY_CHARS:
        raise ProtocolError("invalid", f"A reply is 1 to {MAX_BODY_CHARS} characters.")
    if "\x00" in text or not _encodable(text):
        raise ProtocolError("invalid_text", "The text contains invalid characters.")
    return Reply(text=text, internal=data.get("internal") is True)


def _encodable(text: str) -> bool:
    """False for lone surrogates, which JSON escapes can smuggle in."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- What the server sends: both sockets ------------------------------------------------


def error(code: str, message: str, client_msg_id: str | None = None) -> dict:
    frame = {"type": "error", "code": code, "message": message}
    if client_msg_id:
        frame["client_msg_id"] = client_msg_id
    return frame


def typing(who: str) -> dict:
    return {"type": "typing", "who": who}


# --- ... to the customer ----------------------------------------------------------------


def hello(ticket: Ticket | None) -> dict:
    return {**owner(ticket), "type": "hello", "max_text": MAX_BODY_CHARS}


def owner(ticket: Ticket | None) -> dict:
    """Who has the conversation now; `ticket.wait` (tickets.selectors) if it is waiting.
    Its name is in the socket's language (accounts.language.SocketLanguage)."""
    if ticket is None:
        return {"type": "owner", "ticket_id": None, "kind": "ai",
                "name": gettext("Assistant"), "status": None}  # fmt: skip
    name = {"ai": gettext("Assistant"), "queue": gettext("Waiting for a person")}.get(
        ticket.handled_by
    )
    if ticket.handled_by == Ticket.HandledBy.AGENT:
        name = support_name(ticket.assignee.get_short_name() if ticket.assignee else "")
    return {
        "type": "owner",
        "ticket_id": ticket.pk,
        "kind": ticket.handled_by,
        "name": name,
        "status": ticket.status,
        "last_seq": ticket.last_seq,
        "wait": getattr(ticket, "wait", None),
    }


def ack(*, client_msg_id: str, seq: int, ticket_id: int, duplicate: bool, note: str = "") -> dict:
    """The message is stored; `note`, when a person has the conversation, says who will
    read it (the assistant does not answer then)."""
    frame = {"type": "ack", "client_msg_id": client_msg_id, "seq": seq, "ticket_id": ticket_id,
             "duplicate": duplicate}  # fmt: skip
    if note:
        frame["note"] = note
    return frame


def message(event: dict) -> dict:
    """A public message, from its event (tickets.notify.message_event), its author named
    in the socket's language."""
    return {
        "type": "message", "seq": event["seq"], "author_kind": event["author_kind"],
        "author_name": customer_author_name(event), "text": event["body"],
        "created_at": event["created_at"], "attachments": event["attachments"],
    }  # fmt: skip


def support_name(first_name: str) -> str:
    """An agent as customers see them: first name, never an email."""
    if not first_name:
        return gettext("Support")
    return gettext("%(name)s, support") % {"name": first_name}


def customer_author_name(event: dict) -> str:
    kind = event["author_kind"]
    if kind == "agent":
        return support_name(event.get("agent_name", ""))
    return {"assistant": gettext("Assistant"), "system": "supportsite"}.get(kind, gettext("You"))


def skip(seq: int) -> dict:
    """A seq that is a note for staff: seen, never shown."""
    return {"type": "skip", "seq": seq}


def resumed(ticket_id: int | None, through_seq: int) -> dict:
    return {"type": "resumed", "ticket_id": ticket_id, "through_seq": through_seq}


def turn_started() -> dict:
    return {"type": "turn", "state": "started"}


def turn_done(outcome: str) -> dict:
    return {"type": "turn", "state": "done", "outcome": outcome}


def token(text: str) -> dict:
    return {"type": "token", "text": text}


def choices(seq: int, options: list[dict]) -> dict:
    """Buttons for the answer `seq`: each a label, and the text choosing it sends."""
    return {"type": "choices", "seq": seq,
            "options": [{"label": o["label"], "text": o["text"]} for o in options]}  # fmt: skip


def rate(ticket: Ticket) -> dict:
    """The conversation ended and is not rated: offer the rating."""
    return {"type": "rate", "ticket_id": ticket.pk, "ended_by": ticket.ended_by or "agent"}


def rated(ticket_id: int, score: int) -> dict:
    return {"type": "rated", "ticket_id": ticket_id, "score": score}


def pong() -> dict:
    return {"type": "pong"}


# --- ... to agents ----------------------------------------------------------------------

STAFF_MESSAGE_FIELDS = ["ticket_id", "seq", "author_kind", "author_name", "body",
                        "is_internal", "created_at", "attachments"]  # fmt: skip
TICKET_FIELDS = ["ticket_id", "status", "handled_by", "assignee_name", "priority", "last_seq"]
HANDOFF_FIELDS = ["ticket_id", "subject", "tier", "priority", "reason"]


def staff_message(event: dict) -> dict:
    """Any message, internal notes included, from its event."""
    return {"type": "message", **{key: event[key] for key in STAFF_MESSAGE_FIELDS}}


def staff_owner(event: dict) -> dict:
    """The ticket's state, from its event (tickets.notify.ticket_event)."""
    return {"type": "owner", **{key: event[key] for key in TICKET_FIELDS}}


def staff_ack(seq: int) -> dict:
    return {"type": "ack", "seq": seq}


def staff_handoff(event: dict) -> dict:
    return {"type": "handoff", **{key: event[key] for key in HANDOFF_FIELDS}}


def in_socket_language(texts: dict, fallback: str) -> str:
    """Of a text written in each language (core.i18n.in_each_language), the one of
    the socket's language."""
    return texts.get(get_language(), fallback) if isinstance(texts, dict) else fallback


def staff_alert(event: dict) -> dict:
    reason = in_socket_language(event.get("reasons"), event["reason"])
    return {"type": "alert", "ticket_id": event["ticket_id"], "reason": reason}


class Presence:
    """An agent on a ticket's page, as their colleagues there see them."""

    VIEWING = "viewing"
    TYPING = "typing"
    LEFT = "left"


def staff_presence(event: dict) -> dict:
    return {"type": "presence", "agent_id": event["agent_id"], "name": event["name"],
            "state": event["state"]}  # fmt: skip


NOTICE_FIELDS = ["kind", "ticket_id", "text", "url"]


def staff_notice(event: dict) -> dict:
    """An agent's own notice, in the socket's language."""
    notice = {"type": "notice", **{key: event[key] for key in NOTICE_FIELDS}}
    notice["text"] = in_socket_language(event.get("texts"), event["text"])
    return notice
