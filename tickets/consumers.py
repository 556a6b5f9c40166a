"""The agents' sockets, used by the admin pages (protocol: docs/chat-protocol.md).

`/ws/agent/tickets/<id>/` follows one ticket: every message (internal notes
included), owner and status changes, and the customer typing; the agent can send
typing signals and replies (stored through tickets.services like the form's).
`/ws/agent/queue/` brings new hand-offs and alerts to the queue page, and
`/ws/agent/notices/` an agent's own notices to any admin page. On a ticket's socket
the agents on that page also see each other: who is viewing it, who is typing.

Only active staff with the `tickets.change_ticket` permission get in, and only once
their session has given its second factor where the site asks for one
(twofactor.policy); a refused handshake is closed before it is accepted (HTTP 403). A
reply is stored only if the login is still good, the agent still may work tickets and
the session's second factor still stands (its device not reset); a socket whose login
ended is closed (core.websocket.LoggedInSocket).
"""

import json

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder

from core.channel_layer import layer_call, realtime_note
from core.db import run_db
from core.websocket import (
    CloseCode,
    LoggedInSocket,
    LoggedOut,
    LoginProof,
    check_login,
    when_logged_in,
)
from tickets import chat_protocol as protocol
from tickets import services
from tickets.errors import TicketError
from tickets.models import Ticket
from tickets.notify import STAFF_GROUP, agent_group, ticket_group, ticket_staff_group
from twofactor.policy import session_key_passed_second_factor, session_passed_second_factor


def may_work_tickets(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("tickets.change_ticket"))


def admission(user, session) -> LoginProof | None:
    """The login's proof if this user may use the agents' sockets, else None."""
    if not (may_work_tickets(user) and session_passed_second_factor(user, session)):
        return None
    return check_login(session.session_key, user.pk)


def ticket_exists(ticket_id: int) -> bool:
    return Ticket.objects.filter(pk=ticket_id).exists()


def reply(ticket_id: int, agent_id: int, session_key, text: str, internal: bool) -> int:
    # The agent as they are now: staff rights taken away, or a second factor reset,
    # since the socket opened count.
    agent = get_user_model().objects.get(pk=agent_id)
    if not (may_work_tickets(agent) and session_key_passed_second_factor(agent, session_key)):
        raise LoggedOut
    ticket = Ticket.objects.get(pk=ticket_id)
    return services.agent_reply(ticket=ticket, agent=agent, body=text, internal=internal).seq


class StaffSocket(LoggedInSocket):
    groups = ()

    async def admit(self, *groups: str) -> bool:
        proof = await run_db(admission, self.scope["user"], self.scope["session"])
        if proof is None:
            await self.close(code=CloseCode.REFUSED)
            return False
        self.groups = groups
        # With Redis away the socket still opens; the layer takes the subscription
        # up when Redis is back (core.channel_layer).
        for group in groups:
            await layer_call(self.channel_layer.group_add(group, self.channel_name))
        await self.accept()
        await self.watch_login(proof)
        return True

    async def disconnect(self, code):
        for group in self.groups:
            await layer_call(self.channel_layer.group_discard(group, self.channel_name))

    async def send_json(self, content: dict):
        await self.send(text_data=json.dumps(content, cls=DjangoJSONEncoder))


class AgentTicketConsumer(StaffSocket):
    async def connect(self):
        self.ticket_id = int(self.scope["url_route"]["kwargs"]["ticket_id"])
        if not await run_db(ticket_exists, self.ticket_id):
            await self.close(code=CloseCode.NOT_FOUND)
            return
        self.staff_group = ticket_staff_group(self.ticket_id)
        if await self.admit(ticket_group(self.ticket_id), self.staff_group):
            # Colleagues on the page see this agent arrive, and answer with themselves.
            await self.presence(protocol.Presence.VIEWING, answer_to=self.channel_name)

    async def disconnect(self, code):
        if self.groups:
            await self.presence(protocol.Presence.LEFT)
        await super().disconnect(code)

    async def presence(self, state: str, answer_to: str | None = None):
        event = self.presence_event(state, answer_to)
        await layer_call(self.channel_layer.group_send(self.staff_group, event))

    def presence_event(self, state: str, answer_to: str | None = None) -> dict:
        """`answer_to`: the channel of a socket that just arrived, for the others to
        tell it they are here (a layer address, never sent to a browser)."""
        return {"type": "ticket.presence", "agent_id": self.user.pk, "state": state,
                "name": self.user.get_full_name(), "answer_to": answer_to}  # fmt: skip

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None:
            await self.close(code=CloseCode.TEXT_ONLY)
            return
        try:
            frame = protocol.parse_agent(text_data)
        except protocol.ProtocolError as error:
            await self.send_json(protocol.error(error.code, error.message))
            return
        if isinstance(frame, protocol.Reply):
            await self.on_reply(frame)
        else:  # typing: the customer sees "typing…", colleagues see who
            typing = {"type": "ticket.typing", "who": "agent"}
            await layer_call(self.channel_layer.group_send(ticket_group(self.ticket_id), typing))
            await self.presence(protocol.Presence.TYPING)

    async def on_reply(self, frame: protocol.Reply):
        try:
            seq = await run_db(
                when_logged_in, self.session_key(), self.user.pk,
                reply, self.ticket_id, self.user.pk, self.session_key(), frame.text,
                frame.internal,
            )  # fmt: skip
        except LoggedOut:
            await self.login_ended()
            return
        except TicketError as error:
            await self.send_json(protocol.error(error.code, str(error)))
            return
        await self.send_json(protocol.staff_ack(seq) | realtime_note())

    async def ticket_message(self, event):
        await self.send_json(protocol.staff_message(event))

    async def ticket_update(self, event):
        await self.send_json(protocol.staff_owner(event))

    async def ticket_typing(self, event):
        if event.get("who") != "agent":
            await self.send_json(protocol.typing(event.get("who")))

    async def ticket_presence(self, event):
        if event["agent_id"] == self.user.pk:
            return  # this agent's own (another tab of theirs says nothing new)
        await self.send_json(protocol.staff_presence(event))
        if event.get("answer_to"):
            here = self.presence_event(protocol.Presence.VIEWING)
            await layer_call(self.channel_layer.send(event["answer_to"], here))


class AgentQueueConsumer(StaffSocket):
    async def connect(self):
        await self.admit(STAFF_GROUP)

    async def receive(self, text_data=None, bytes_data=None):
        pass  # the queue socket only listens

    async def staff_alert(self, event):
        await self.send_json(protocol.staff_alert(event))

    async def staff_handoff(self, event):
        await self.send_json(protocol.staff_handoff(event))


class AgentNoticeConsumer(StaffSocket):
    """`/ws/agent/notices/`: the signed-in agent's own notices (assigned to them, a VIP
    waiting in their queue, a breach of their ticket), on any admin page."""

    async def connect(self):
        await self.admit(agent_group(self.scope["user"].pk))

    async def receive(self, text_data=None, bytes_data=None):
        pass  # it only listens

    async def staff_notice(self, event):
        await self.send_json(protocol.staff_notice(event))
