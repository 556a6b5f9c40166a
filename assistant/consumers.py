"""The customer's chat socket, `/ws/chat/` (protocol: docs/chat-protocol.md).

Thin by design: it parses frames (assistant.chat_protocol), stores through
tickets.customer_messages (customer messages, batched) and tickets.services (the
rest), and relays what the ticket's group broadcasts. Every customer
message is stored before it is acknowledged; the broadcast comes after the commit.
While the assistant owns the conversation, each message starts an assistant turn
(assistant.engine) whose tokens stream to this socket. The channel layer may fail
(Redis down): the message is still stored and acknowledged, marked
`"realtime": "degraded"`, and clients catch up with `resume`.
"""

import asyncio
import copy
import datetime as dt
import json
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import get_language, gettext

from assistant import engine
from assistant.models import AssistantTurn
from assistant.training import served_triage
from attachments.errors import AttachmentError
from attachments.services import Carried, attachments_attach, message_carrying
from core import log_context, metrics
from core.batching import batcher_for
from core.channel_layer import layer_call, realtime_note
from core.db import run_chat_write, run_db
from core.websocket import (
    CloseCode,
    LoggedInSocket,
    LoggedOut,
    LoginProof,
    check_login,
    logins_still_good,
    when_logged_in,
)
from tickets import chat, services
from tickets import chat_protocol as protocol
from tickets.errors import InvalidTransition, TicketError
from tickets.models import CSATRating, HandOffCode, Message, Ticket
from tickets.notify import message_event, ticket_group
from tickets.selectors import wait_for_a_person

logger = logging.getLogger(__name__)

ACTIVE = [Ticket.Status.OPEN, Ticket.Status.PENDING]
REPLAY_LIMIT = 500
# A conversation that ended is still shown (with its rating) on a new visit this long.
ENDED_SHOWN_FOR = dt.timedelta(hours=1)


class RateLimit:
    """A token bucket per connection: `rate` frames a second, bursts up to `burst`."""

    def __init__(self, rate: float = 3.0, burst: int = 10):
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = float(burst), time.monotonic()

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


# --- Database work (run on worker threads through run_db) -----------------------------------


def opening_state(customer, session_key) -> tuple[Ticket | None, LoginProof | None]:
    """The customer's conversation to show (active_conversation, or one that just
    ended), seen by them now, and the login's proof for the next message's check
    (store_sent): one trip to a database thread."""
    ticket = active_conversation(customer) or just_ended_conversation(customer)
    if ticket is not None:
        services.ticket_seen_by_customer(ticket=ticket)
    return ticket, check_login(session_key, customer.pk)


def active_conversation(customer) -> Ticket | None:
    ticket = (
        Ticket.objects.filter(customer=customer, status__in=ACTIVE)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    return state_of(ticket) if ticket else None


def just_ended_conversation(customer) -> Ticket | None:
    """The conversation that ended (solved) in the last ENDED_SHOWN_FOR: a reload
    right after "That solved it" still shows it, and its rating."""
    ticket = (
        Ticket.objects.filter(
            customer=customer, status=Ticket.Status.SOLVED,
            solved_at__gte=timezone.now() - ENDED_SHOWN_FOR,
        )
        .order_by("-solved_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )  # fmt: skip
    return state_of(ticket) if ticket else None


def state_of(ticket_id: int) -> Ticket:
    ticket = Ticket.objects.select_related("assignee", "customer", "sla_policy").get(pk=ticket_id)
    ticket.wait = wait_for_a_person(ticket)
    ticket.rated = not ticket.is_active and CSATRating.objects.filter(ticket_id=ticket_id).exists()
    return ticket


def who_reads(ticket_id: int) -> str:
    """Said under a message to a conversation people have: the assistant stays quiet,
    so the customer must know that their message was not sent into the void."""
    ticket = Ticket.objects.select_related("assignee").get(pk=ticket_id)
    if ticket.handled_by == Ticket.HandledBy.AGENT and ticket.assignee:
        name = ticket.assignee.get_short_name() or gettext("Our team")
        return gettext("%(name)s will see this.") % {"name": name}
    return gettext("A person from our team will read this when they join.")


def resolve(customer, ticket_id) -> Ticket:
    """ "That solved it": the conversation the socket follows ends; its state."""
    if ticket_id is None:
        raise InvalidTransition("There is no open conversation to mark as solved.")
    services.conversation_resolve(customer=customer, conversation=ticket_id)
    return state_of(ticket_id)


def rate(customer, ticket_id, score: int, comment: str) -> None:
    if ticket_id is None:
        raise InvalidTransition("You can rate the help once your conversation has ended.")
    services.csat_record(ticket=ticket_id, customer=customer, score=score, comment=comment)


def messages_after(ticket_id: int, after_seq: int) -> tuple[list[dict], int]:
    """The customer's frames for the messages after `after_seq` (at most REPLAY_LIMIT),
    and the seq they reach: internal notes take seqs too, which the customer counts as
    seen without ever receiving them."""
    messages = list(
        Message.objects.filter(ticket_id=ticket_id, seq__gt=after_seq)
        .select_related("author")
        .order_by("seq")[:REPLAY_LIMIT]
    )
    through_seq = messages[-1].seq if messages else after_seq
    public = [each for each in messages if not each.is_internal]
    frames = [protocol.message(message_event(each)) for each in public]
    # The choices offered with the newest answer still stand (a reload shows them
    # again); those of an earlier one were answered by what came after.
    last = public[-1] if public and len(messages) < REPLAY_LIMIT else None
    if last and last.author_kind == Message.Author.ASSISTANT and last.metadata.get("choices"):
        frames.append(protocol.choices(last.seq, last.metadata["choices"]))
    return frames, through_seq


@dataclass(frozen=True)
class Sent:
    """A customer message from a socket, with the login it was sent under."""

    post: chat.CustomerPost
    session_key: str | None
    proof: LoginProof | None  # from the socket's last login check


def store_sent(sent: list[Sent]) -> list[tuple[chat.Posted, LoginProof] | Exception]:
    """Many sockets' messages at once (core.batching): the logins checked together
    (two queries, core.websocket), then the messages of those still logged in posted
    together (tickets.chat.messages_post). One result per message, in order: what was
    posted with the login's new proof, or the error (LoggedOut, a TicketError...)."""
    proofs = logins_still_good([(each.session_key, each.post.customer.pk, each.proof)
                                for each in sent])  # fmt: skip
    logged_in = [n for n, proof in enumerate(proofs) if proof is not None]
    results: list = [LoggedOut() for _ in sent]
    posted = chat.messages_post([sent[n].post for n in logged_in])
    for n, each in zip(logged_in, posted, strict=True):
        results[n] = each if isinstance(each, Exception) else (each, proofs[n])
    return results


def files_carried(customer, frame: protocol.Send) -> Carried:
    """The uploads a `send` frame names, checked as the customer's to send (a resend of
    the same frame names the ones it carries already)."""
    return message_carrying(sender=customer, ids=list(frame.attachments), text=frame.text,
                            client_msg_id=frame.client_msg_id)  # fmt: skip


def ask_for_a_person(customer, ticket_id) -> Ticket:
    """The chat's button: the conversation the socket follows, or a new one, handed
    off; its state (with the wait) for the owner frame."""
    ticket = services.ticket_request_person(
        customer=customer, conversation=ticket_id, subject="Talk to a person"
    )
    return state_of(ticket.pk)


class TokenFrames:
    """The answer's pieces as `token` frames: each piece as soon as the model gives
    it, but pieces given together (the embedded model writes its whole answer at
    once) in one frame, sent when the turn next waits for something."""

    def __init__(self, send):
        self.send, self.pieces, self.sending = send, [], None

    async def add(self, piece: str):
        self.pieces.append(piece)
        if self.sending is None:
            self.sending = asyncio.ensure_future(self._send_soon())

    async def flush(self):
        """Everything given so far sent, in order (before the turn's next frame)."""
        if self.sending is not None:
            await self.sending

    async def _send_soon(self):
        await asyncio.sleep(0)  # let the model hand over what it already has
        while self.pieces:  # pieces given while a frame was being sent go next
            text, self.pieces = "".join(self.pieces), []
            await self.send(protocol.token(text))
        self.sending = None


class CustomerChatConsumer(LoggedInSocket):
    """One customer's live conversation. Staff use the agents' socket instead."""

    async def connect(self):
        self.user = self.scope["user"]
        if self.user.is_staff:
            await self.close(code=CloseCode.REFUSED)  # before accept: HTTP 403
            return
        self.conversation: Ticket | None = None  # as this socket last saw it
        self.group = None
        self.limit = RateLimit(settings.CHAT_FRAMES_PER_SECOND, settings.CHAT_FRAMES_BURST)
        self.turns = asyncio.Lock()  # one assistant turn at a time, in message order
        self.tasks = set()
        self.rating_offered = None  # the ticket a `rate` frame was last sent for
        self.readers = (None, "")  # who_reads's note, and what it was asked for
        ticket, self.proof = await run_db(opening_state, self.user, self.session_key())
        await self.accept()
        await self.watch_login(self.proof)
        if ticket:
            await self.follow(ticket)
        await self.send_json(protocol.hello(ticket))

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await layer_call(self.channel_layer.group_discard(self.group, self.channel_name))

    # --- Receiving ---------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None:
            await self.close(code=CloseCode.TEXT_ONLY)
            return
        try:
            frame = protocol.parse(text_data)
        except protocol.ProtocolError as error:
            await self.send_json(protocol.error(error.code, error.message, error.client_msg_id))
            return
        if not self.limit.allow():
            await self.send_json(protocol.error("rate_limited", "Slow down a little, please.",
                                                getattr(frame, "client_msg_id", None)))  # fmt: skip
            return
        try:
            if isinstance(frame, protocol.Send):
                await self.on_send(frame)
            elif isinstance(frame, protocol.Resume):
                await self.on_resume(frame.after_seq)
            elif isinstance(frame, protocol.Rate):
                await self.on_rate(frame)
            elif frame.type == "human":
                await self.on_human()
            elif frame.type == "resolve":
                await self.on_resolve()
            else:
                await self.on_signal(frame.type)
        except LoggedOut:
            await self.login_ended()

    async def on_signal(self, kind: str):
        if kind == "typing" and self.group:
            await layer_call(self.channel_layer.group_send(
                self.group, {"type": "ticket.typing", "who": "customer"}
            ))  # fmt: skip
        elif kind == "ping":
            await self.send_json(protocol.pong())

    @property
    def ticket_id(self) -> int | None:
        return self.conversation.pk if self.conversation else None

    async def on_send(self, frame: protocol.Send):
        received = time.perf_counter()
        carried = None
        if frame.attachments:
            try:
                carried = await run_db(files_carried, self.user, frame)
            except AttachmentError as error:
                await self.send_json(protocol.error(error.code, error.message, frame.client_msg_id))
                return
        post = chat.CustomerPost(
            customer=self.user, conversation=self.conversation,
            text=carried.text if carried else frame.text, client_msg_id=frame.client_msg_id,
            origin=self.channel_name, metadata=carried.metadata if carried else None,
        )  # fmt: skip
        writer = batcher_for(store_sent, run=run_chat_write)
        try:
            posted, self.proof = await writer.submit(Sent(post, self.session_key(), self.proof))
        except TicketError as error:
            await self.send_json(protocol.error(error.code, str(error), frame.client_msg_id))
            return
        except DatabaseError:
            # Not stored (core.db tried again where it could): the client keeps the
            # message and sends the same frame again, which stores it once.
            logger.warning("chat_message_not_stored ticket=%s", self.ticket_id, exc_info=True)
            await self.send_json(protocol.error(
                "unavailable", gettext("Your message could not be saved just now. "
                                       "It will be sent again in a moment."),
                frame.client_msg_id,
            ))  # fmt: skip
            return
        message, created = posted.message, posted.created
        if carried:
            await run_db(attachments_attach, message=message, attachments=carried.attachments)
        if message.ticket_id != self.ticket_id:
            await self.follow(message.ticket)
            await self.send_json(protocol.owner(await run_db(state_of, message.ticket_id)))
        elif created:
            self.hold(message.ticket)
        people = message.ticket.handled_by != Ticket.HandledBy.AI
        note = await self.who_reads(message.ticket) if people else ""
        await self.send_json(protocol.ack(
            client_msg_id=frame.client_msg_id, seq=message.seq, ticket_id=message.ticket_id,
            duplicate=not created, note=note,
        ) | realtime_note())  # fmt: skip
        metrics.CHAT_ACK_SECONDS.observe(time.perf_counter() - received)
        # A new message's ticket is the row it was stored under (no query); a resend
        # never starts a turn.
        if created and message.ticket.handled_by == Ticket.HandledBy.AI:
            # Kept referenced until done: the loop holds tasks only weakly. A turn
            # also outlives the socket, so its answer is stored even if the customer
            # left; they see it on their next visit.
            task = asyncio.ensure_future(self.assistant_turn(
                message.ticket, frame.text, message.seq, received, attached=bool(carried)
            ))  # fmt: skip
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    async def on_resume(self, after_seq: int):
        through_seq = after_seq
        if self.ticket_id:
            frames, through_seq = await run_db(messages_after, self.ticket_id, after_seq)
            for frame in frames:
                await self.send_json(frame)
            ticket = await run_db(state_of, self.ticket_id)
            self.hold(ticket)
            await self.send_json(protocol.owner(ticket))
            await self.offer_rating(ticket, again=True)
        await self.send_json(protocol.resumed(self.ticket_id, through_seq) | realtime_note())

    async def on_human(self):
        ticket = await self.as_logged_in(ask_for_a_person, self.user, self.ticket_id)
        new = ticket.pk != self.ticket_id
        if new:
            await self.follow(ticket)
        else:
            self.hold(ticket)
        await self.send_json(protocol.owner(ticket))
        if new:
            # A new conversation (the old one had ended): its first messages (the wait)
            # were broadcast before this socket joined its group.
            frames, _ = await run_db(messages_after, ticket.pk, 0)
            for frame in frames:
                await self.send_json(frame)

    async def on_resolve(self):
        try:
            ticket = await self.as_logged_in(resolve, self.user, self.ticket_id)
        except TicketError as error:
            await self.send_json(protocol.error(error.code, str(error)))
            return
        self.hold(ticket)
        await self.send_json(protocol.owner(ticket))
        await self.offer_rating(ticket)

    async def on_rate(self, frame: protocol.Rate):
        args = (self.user, self.ticket_id, frame.score, frame.comment)
        try:
            await self.as_logged_in(rate, *args)
        except TicketError as error:
            await self.send_json(protocol.error(error.code, str(error)))
            return
        await self.send_json(protocol.rated(self.ticket_id, frame.score))

    async def offer_rating(self, ticket: Ticket, *, again: bool = False):
        """A `rate` frame for an ended, unrated conversation: once when it ends (the
        socket's own resolve and the broadcast of the solve both lead here), and
        `again` after a resume."""
        ended = ticket.status == Ticket.Status.SOLVED and not getattr(ticket, "rated", False)
        if ended and (again or self.rating_offered != ticket.pk):
            self.rating_offered = ticket.pk
            await self.send_json(protocol.rate(ticket))

    async def assistant_turn(
        self, ticket: Ticket, text: str, seq: int, received: float, attached: bool = False
    ):
        """Answer one message; tokens go to this socket, the stored answer to all.
        `received`: when the message arrived (time.perf_counter); `attached`: it
        carries files."""
        async with self.turns:
            if ticket.pk == self.ticket_id:
                ticket = self.conversation  # its newest state: earlier turns changed it
            await self.send_json(protocol.turn_started())
            tokens = TokenFrames(self.send_json)
            try:
                result = await engine.respond(
                    ticket=ticket, text=text, through_seq=seq, triage_fn=served_triage,
                    on_token=tokens.add, attached=attached,
                )  # fmt: skip
            except Exception:
                logger.exception("assistant turn crashed ticket=%s", ticket.pk)
                result = await run_db(fail_safe_hand_off, ticket.pk)
            if result.ticket is not None:
                self.hold(result.ticket)
            await tokens.flush()
            offered = result.answer.metadata.get("choices") if result.answer else None
            if offered:
                await self.send_json(protocol.choices(result.answer.seq, offered))
            await self.send_json(protocol.turn_done(result.outcome))
            metrics.ASSISTANT_ANSWER_SECONDS.observe(time.perf_counter() - received)

    # --- Group events (broadcast after commit by tickets.services) -----------------------

    async def ticket_message(self, event):
        if event.get("is_internal"):
            # A note for staff: its seq only, so the customer sees no gap.
            await self.send_json(protocol.skip(event["seq"]))
        # The socket that sent a message has its ack; other tabs get the message.
        elif event.get("origin") != self.channel_name:
            await self.send_json(protocol.message(event))

    async def ticket_update(self, event):
        ticket = await run_db(state_of, event["ticket_id"])
        self.hold(ticket)
        await self.send_json(protocol.owner(ticket))
        await self.offer_rating(ticket)

    async def ticket_typing(self, event):
        if event.get("who") != "customer":
            await self.send_json(protocol.typing(event.get("who")))

    async def who_reads(self, ticket: Ticket) -> str:
        """The note under every message to people (who_reads), asked again only when
        someone else has the conversation: a query for each message had cost a
        conversation with a person two thirds of its messages a second."""
        asked_for = (ticket.pk, ticket.handled_by, ticket.assignee_id, get_language())
        if self.readers[0] != asked_for:
            self.readers = (asked_for, await run_db(who_reads, ticket.pk))
        return self.readers[1]

    # --- Plumbing ------------------------------------------------------------------------

    async def as_logged_in(self, function, *args):
        """`function(*args)` on a database thread, if the socket's login is still good
        (checked in the same call: one trip to a database thread per frame);
        LoggedOut, and nothing done, otherwise."""
        return await run_db(when_logged_in, self.session_key(), self.user.pk, function, *args)

    async def follow(self, ticket: Ticket):
        if self.group:
            await layer_call(self.channel_layer.group_discard(self.group, self.channel_name))
        self.conversation, self.group = self.lean(ticket), ticket_group(ticket.pk)
        log_context.bind(ticket_id=ticket.pk)  # for the rest of this frame's lines
        await layer_call(self.channel_layer.group_add(self.group, self.channel_name))

    def hold(self, ticket: Ticket) -> None:
        """Keep the newest state of the socket's conversation: the chat's operations
        decide on it (tickets.chat), and write without a lock while it is current."""
        if ticket.pk == self.ticket_id and ticket.version >= self.conversation.version:
            self.conversation = self.lean(ticket)

    def lean(self, ticket: Ticket) -> Ticket:
        """A copy of `ticket` to keep for the socket's life, holding no more than the
        chat's operations read: its customer is the socket's own user, and the agent
        and the wait (for the frames that said who has it) are dropped. Ten thousand
        open sockets keep ten thousand of these. A ticket the chat's operations return
        for a message is lean already (a copy of the one held, which they never change
        in place): it is kept as it is, with no copy for every message."""
        customer, assignee = _CUSTOMER.get_cached_value(ticket, None), _ASSIGNEE.is_cached(ticket)
        if customer is self.user and not assignee and "wait" not in vars(ticket):
            return ticket
        held = copy.copy(ticket)
        if held.customer_id == self.user.pk:
            held.customer = self.user
        if assignee:
            _ASSIGNEE.delete_cached_value(held)
        vars(held).pop("wait", None)
        return held

    async def send_json(self, content: dict):
        try:
            await self.send(text_data=json.dumps(content, cls=DjangoJSONEncoder))
        except Exception:
            # The socket closed (a turn can outlive it); the database has everything.
            logger.debug("frame %s dropped on a closed socket", content.get("type"))


_CUSTOMER, _ASSIGNEE = Ticket._meta.get_field("customer"), Ticket._meta.get_field("assignee")


def fail_safe_hand_off(ticket_id: int) -> engine.TurnResult:
    services.ticket_hand_off(
        ticket=ticket_id,
        reason="the assistant failed unexpectedly",
        code=HandOffCode.ASSISTANT_FAILED,
    )
    return engine.TurnResult(AssistantTurn.Outcome.FAILED)
