"""The chat's three operations, each written once: customers' messages posted (many
at a time), an assistant turn begun, and ended with its answer.

Every message of the chat goes through them, so they are made cheap without a rule
of their own: each applies the rules of tickets.services to the ticket as the caller
holds it (the state its last operation returned) and writes only if the row is still
at that version (Ticket.version, services.save_if_unchanged). That takes no row lock
and no read of the ticket, and a batch of customer messages costs a few statements
and one commit whatever its size. When the row moved on (an agent replied, a rule
fired, another tab wrote), the same rules run again on the locked row, read fresh.
SQLite and PostgreSQL run the same code.
"""

import copy
from dataclasses import dataclass
from functools import cache

from django.db import DatabaseError, transaction
from django.utils import timezone

from core.db import column, ended_by_the_server, fetch_all, table
from tickets import services
from tickets.errors import TicketClosed, TicketError
from tickets.models import Message, Ticket
from tickets.rules import Decision, Signals

Author = Message.Author
# A conversation that ended: a message after it starts a new one. (Within the reopen
# window the ticket's page can still reopen a solved one.)
OVER = (Ticket.Status.SOLVED, Ticket.Status.CLOSED)


@dataclass(frozen=True)
class CustomerPost:
    customer: object  # the socket's User
    conversation: Ticket | None  # as the socket last saw it; None: it has none yet
    text: str
    client_msg_id: str
    origin: str | None = None  # the sending socket's channel, which gets an ack instead
    metadata: dict | None = None  # the files it carries (attachments.services)


@dataclass(frozen=True)
class Posted:
    message: Message  # .ticket: the conversation as the message left it
    created: bool  # False: a resend of a message already stored


def messages_post(posts: list[CustomerPost]) -> list[Posted | Exception]:
    """Customers' chat messages, each stored once with its ticket's next seq (a resend
    of a stored `client_msg_id` returns the stored one), on the conversation the socket
    holds or, when it has none or that one ended, a new one. One result per post,
    in order: Posted, or the error for that post alone."""
    results: list = [None] * len(posts)
    moved_on: set[int] = set()
    for _ in range(2):  # once more without the conversations whose rows moved on
        try:
            with transaction.atomic():
                _post_on_held_copies(posts, results, moved_on)
            break
        except services.RowMovedOn as moved:
            results, moved_on = [None] * len(posts), moved_on | moved.ticket_ids
        except DatabaseError as error:
            if ended_by_the_server(error):
                raise  # nothing was kept, and each post would meet the same: core.db retries
            # A resend (the unique client_msg_id), a seq another writer took, or a
            # deadlock: nothing of the batch was kept, and each post is made on its own.
            results = [None] * len(posts)
            break
    for n, post in enumerate(posts):
        if results[n] is None:
            try:
                results[n] = _post_on_the_row(post)
            except Exception as error:  # that post's alone, whatever it is: the batch goes on
                results[n] = error
    return results


def _post_on_held_copies(posts: list[CustomerPost], results: list, moved_on: set[int]) -> None:
    """The batch in one transaction: each post applied to its conversation's copy (the
    rules of services.add_message), then the tickets and messages written together,
    each ticket only if its row is unchanged (services.write_changes; in ticket order,
    so two batches never wait on each other in a circle). Posts left without a result,
    and those on the conversations `moved_on`, take the general path."""
    now = timezone.now()
    held: dict[int, Ticket] = {}
    changes: dict[int, services.Change] = {}
    for n in sorted(
        (n for n, post in enumerate(posts) if _on_its_own_conversation(post)),
        key=lambda n: posts[n].conversation.pk,
    ):
        post = posts[n]
        if post.conversation.pk in moved_on:
            continue
        ticket = held.setdefault(post.conversation.pk, copy.copy(post.conversation))
        try:
            body = services.clean_body(post.text)
        except TicketError as error:
            results[n] = error
            continue
        if ticket.status in OVER:
            continue  # a new conversation: the general path
        changes[n] = services.add_message(
            ticket, author_kind=Author.CUSTOMER, author=post.customer, body=body,
            client_msg_id=post.client_msg_id, metadata=post.metadata, now=now,
        )  # fmt: skip
    changed = {change.message.ticket_id for change in changes.values()}
    services.write_changes(
        [ticket for pk, ticket in held.items() if pk in changed],
        services.FIELDS_A_MESSAGE_CHANGES,
        list(changes.values()),
    )
    sent = [(change.message, posts[n].origin) for n, change in changes.items()]
    services.broadcast_messages(sent)
    for n, change in changes.items():
        results[n] = Posted(change.message, True)


def _on_its_own_conversation(post: CustomerPost) -> bool:
    return post.conversation is not None and post.conversation.customer_id == post.customer.pk


def _post_on_the_row(post: CustomerPost) -> Posted:
    """The general path: message_post under the row lock (resends, ended
    conversations); on a new conversation when the socket has none or its ended."""
    if _on_its_own_conversation(post):
        try:
            return _posted(post, post.conversation.pk)
        except (Ticket.DoesNotExist, TicketClosed):
            pass
    ticket = services.ticket_open(customer=post.customer, subject=post.text[:80])
    return _posted(post, ticket.pk)


def _posted(post: CustomerPost, ticket_id: int) -> Posted:
    message, created = services.message_post(
        ticket=ticket_id, author_kind=Author.CUSTOMER, author=post.customer, body=post.text,
        client_msg_id=post.client_msg_id, origin=post.origin, solved_is_over=True,
        metadata=post.metadata,
    )  # fmt: skip
    if message.ticket.customer_id == post.customer.pk:
        message.ticket.customer = post.customer  # the turn needs it: no query then
    return Posted(message, created)


@dataclass(frozen=True)
class TurnBegun:
    ticket: Ticket  # as the triage left it
    decision: Decision
    # The assistant's and the customer's recent public messages, oldest first, as
    # (author_kind, body); empty when the assistant no longer owns the conversation.
    history: list[tuple[str, str]]


def turn_begin(
    ticket: Ticket, signals: Signals, *, through_seq: int, recent: int, rules=None
) -> TurnBegun:
    """The start of the assistant's turn on the customer message `through_seq`: its
    triage recorded and the escalation rules carried out (services.ticket_apply_triage,
    `rules` the active ones if the caller has them), then, if the assistant still owns
    the conversation, its last `recent` messages up to that one (a message sent after
    it has a turn of its own)."""
    ticket = copy.copy(ticket)
    decision = services.ticket_apply_triage(ticket=ticket, signals=signals, rules=rules)
    if ticket.handled_by != Ticket.HandledBy.AI:
        return TurnBegun(ticket, decision, [])
    recent_messages = fetch_all(
        _recent_messages_sql(), [ticket.pk, through_seq, Author.CUSTOMER, Author.ASSISTANT, recent]
    )
    return TurnBegun(ticket, decision, [tuple(row) for row in reversed(recent_messages)])


@cache
def _recent_messages_sql() -> str:
    """turn_begin's read, made for every message the assistant answers, as one
    statement prepared once per connection (core.db.fetch_all)."""
    ticket, author_kind, body, is_internal, seq = (
        column(Message, name) for name in ["ticket", "author_kind", "body", "is_internal", "seq"]
    )
    where = f"{ticket} = %s AND NOT {is_internal} AND {seq} <= %s AND {author_kind} IN (%s, %s)"
    return (
        f"SELECT {author_kind}, {body} FROM {table(Message)} "  # noqa: S608  # nosec B608
        f"WHERE {where} ORDER BY {seq} DESC LIMIT %s"
    )


def turn_end(ticket: Ticket, *, body: str, metadata: dict | None = None) -> Message | None:
    """The assistant's answer stored, but only while the assistant still owns the
    conversation: once a person has taken over (or it was handed off or closed during
    the turn) the assistant never speaks again. The answer (its .ticket the
    conversation as it left it), or None."""
    body, now = services.clean_body(body), timezone.now()

    def answer(ticket: Ticket) -> services.Change | None:
        if ticket.handled_by != Ticket.HandledBy.AI or ticket.status in OVER:
            return None
        return services.add_message(
            ticket, author_kind=Author.ASSISTANT, body=body, metadata=metadata, now=now
        )

    change = services.change_on_held_copy(ticket, answer, services.FIELDS_A_MESSAGE_CHANGES)
    if change is None:
        return None
    services.broadcast_messages([(change.message, None)])
    return change.message
