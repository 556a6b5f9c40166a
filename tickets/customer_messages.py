"""Customers' chat messages, stored many at a time (the chat's hot path).

The customer socket submits each message to a batcher (core.batching);
`store_customer_messages_on_the_loop` gets the batch. Each message is
checked and stored exactly as `services.message_post` would, with the socket's login
checked first, but the common case costs one SQL statement, and the whole batch one
round trip and one commit:

- the fast path, on PostgreSQL: one statement per message, sent together
  (psycopg's pipeline) in one transaction, on the event loop (core.loop_db;
  on the chat's database thread when that is off). It stores the message only when nothing
  but storing is to be done: the login unchanged since the socket last checked it
  fully (core.websocket.LoginProof), the conversation the customer's own and
  open, no SLA clock to start, and the `client_msg_id` new. Its UPDATE takes the
  ticket's row lock and hands out the next `seq`, as message_post does;
- everything else (and everything on SQLite, and a batch whose transaction failed)
  takes the full path, one message at a time: the full login check, then
  message_post, which handles resends, closed or solved conversations and SLA clocks.

Broadcasts go out after the commit, as everywhere else.
"""

from dataclasses import dataclass

import psycopg
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core import loop_db
from core.db import run_chat_write
from core.websocket import LoggedOut, LoginProof, check_login
from tickets import notify, services
from tickets.errors import TicketClosed, TicketError
from tickets.models import Message, Ticket


@dataclass(frozen=True)
class CustomerMessage:
    customer: object  # the socket's User
    session_key: str | None
    proof: LoginProof | None  # from the socket's last full login check
    ticket_id: int | None  # the socket's conversation, never a value the client sent
    text: str
    client_msg_id: str
    origin: str | None = None  # the sending socket's channel, which gets an ack instead


@dataclass(frozen=True)
class Stored:
    message: Message  # .ticket is the conversation as the message left it
    created: bool  # False: a resend of a message already stored
    proof: LoginProof  # the login as checked now


def store_customer_messages(requests: list[CustomerMessage]) -> list[Stored | Exception]:
    """One result per request, in order: Stored, or the error for that request alone
    (LoggedOut, a TicketError, or whatever else failed for it)."""
    results: list[Stored | Exception | None] = [None] * len(requests)
    fast = [n for n, request in enumerate(requests) if _may_take_fast_path(request)]
    if fast:
        for n, stored in zip(fast, _fast_path([requests[n] for n in fast]), strict=True):
            results[n] = stored
    return _store_the_rest(requests, results)


async def store_customer_messages_on_the_loop(
    requests: list[CustomerMessage],
) -> list[Stored | Exception]:
    """store_customer_messages, called on the event loop: its fast path runs there
    (core.loop_db), the rest on the chat's database thread."""
    if not loop_db.enabled():
        return await run_chat_write(store_customer_messages, requests)
    results: list[Stored | Exception | None] = [None] * len(requests)
    fast = [n for n, request in enumerate(requests) if _may_take_fast_path(request)]
    if fast:
        taken = [requests[n] for n in fast]
        now = timezone.now()
        order, params = _fast_params(taken, now)
        try:
            rows = await loop_db.fetch_each(FAST_POST, params) if params else []
        except (psycopg.Error, loop_db.NoConnection):
            rows = None  # nothing of the batch was kept (see _fast_path): the full path
        if rows:
            stored = _fast_results(taken, order, params, rows, now)
            notify.broadcast_on_commit(_broadcasts(taken, stored))
            for n, each in zip(fast, stored, strict=True):
                results[n] = each
    if all(result is not None for result in results):
        return results
    return await run_chat_write(_store_the_rest, requests, results)


def _store_the_rest(requests, results) -> list[Stored | Exception]:
    """Each request without a result yet, through the full path."""
    for n, request in enumerate(requests):
        if results[n] is None:
            try:
                results[n] = store_one(request)
            except Exception as error:  # that item's alone, whatever it is: the batch goes on
                results[n] = error
    return results


def store_one(request: CustomerMessage) -> Stored:
    """The full path: check the login, then store through message_post, on a new
    conversation when the customer has none yet or theirs was closed."""
    proof = check_login(request.session_key, request.customer.pk)
    if proof is None:
        raise LoggedOut

    def post(ticket):
        message, created = services.message_post(
            ticket=ticket, author_kind=Message.Author.CUSTOMER, author=request.customer,
            body=request.text, client_msg_id=request.client_msg_id, origin=request.origin,
        )  # fmt: skip
        if message.ticket.customer_id == request.customer.pk:
            message.ticket.customer = request.customer  # the turn needs it: no query then
        return message, created

    if request.ticket_id:
        try:
            return Stored(*post(request.ticket_id), proof)
        except (Ticket.DoesNotExist, TicketClosed):
            pass
    ticket = services.ticket_open(customer=request.customer, subject=request.text[:80])
    return Stored(*post(ticket.pk), proof)


def _may_take_fast_path(request: CustomerMessage) -> bool:
    return bool(
        connection.vendor == "postgresql"
        and request.ticket_id
        and request.proof is not None
        and request.proof.session_data is not None
    )


TICKET_FIELDS = Ticket._meta.concrete_fields

# One customer message, stored only if nothing else is to be done (see the module's
# docstring). The conditions mirror message_post: the status must be open (pending or
# solved would change it), and sla_customer_wrote must have nothing to do: the
# assistant owns the ticket, or it has no SLA policy, or no first response yet, or a
# next-response clock already running. (Sessions in another table than Django's
# django_session never match here: they always take the full path, correct but slower.)
FAST_POST = f"""
WITH ticket AS (
    UPDATE tickets_ticket
    SET last_seq = last_seq + 1, last_message_at = %(now)s, updated_at = %(now)s,
        last_customer_message_at = %(now)s, customer_last_seen_at = %(now)s
    WHERE id = %(ticket_id)s AND customer_id = %(customer_id)s AND status = %(open)s
      AND (handled_by = %(ai)s OR sla_policy_id IS NULL OR first_responded_at IS NULL
           OR next_response_due_at IS NOT NULL)
      AND EXISTS (SELECT FROM django_session WHERE session_key = %(session_key)s
                  AND session_data = %(session_data)s AND expire_date > %(now)s)
      AND EXISTS (SELECT FROM accounts_user WHERE id = %(customer_id)s AND is_active
                  AND password = %(password)s)
      AND NOT EXISTS (SELECT FROM tickets_message WHERE ticket_id = %(ticket_id)s
                      AND client_msg_id = %(client_msg_id)s)
    RETURNING {", ".join(f'"{field.column}"' for field in TICKET_FIELDS)}
), message AS (
    INSERT INTO tickets_message
        (ticket_id, seq, author_kind, author_id, body, is_internal, client_msg_id,
         metadata, created_at)
    SELECT id, last_seq, %(customer)s, %(customer_id)s, %(body)s, false, %(client_msg_id)s,
           '{{}}', %(now)s
    FROM ticket
    RETURNING id
)
SELECT message.id, ticket.* FROM message, ticket
"""  # nosec B608  # noqa: S608 (the only interpolation is the model's own column names)


def _fast_path(requests: list[CustomerMessage]) -> list[Stored | None]:
    """Stored for each message the fast path took, None for the rest (and for all of
    them if the batch's transaction failed: the full path then takes each alone)."""
    now = timezone.now()
    order, params = _fast_params(requests, now)
    if not params:
        return [None] * len(requests)
    try:
        with transaction.atomic():
            results = _fast_results(requests, order, params, _execute_many(params), now)
            notify.broadcast_on_commit(_broadcasts(requests, results))
    except DatabaseError:
        # A racing resend hit the unique constraint, or a deadlock with another
        # writer: nothing of the batch was kept; each message takes the full path.
        return [None] * len(requests)
    return results


def _fast_params(requests: list[CustomerMessage], now) -> tuple[list[int], list[dict]]:
    """FAST_POST's parameters for each request it may take, and which requests those
    are (their positions), in ticket order: row locks are taken in that order, so two
    batches never wait on each other in a circle."""
    params, order = [], []
    for n in sorted(range(len(requests)), key=lambda n: requests[n].ticket_id):
        request = requests[n]
        try:
            body = services.clean_body(request.text)
        except TicketError:
            continue  # the full path reports it
        order.append(n)
        params.append({
            "now": now, "ticket_id": request.ticket_id, "customer_id": request.customer.pk,
            "session_key": request.session_key, "session_data": request.proof.session_data,
            "password": request.proof.password, "client_msg_id": request.client_msg_id,
            "body": body, "open": Ticket.Status.OPEN, "ai": Ticket.HandledBy.AI,
            "customer": Message.Author.CUSTOMER,
        })  # fmt: skip
    return order, params


def _fast_results(requests, order, params, rows, now) -> list[Stored | None]:
    """Stored for each request whose FAST_POST returned a row, None for the rest."""
    results: list[Stored | None] = [None] * len(requests)
    for n, param, row in zip(order, params, rows, strict=True):
        if row is not None:
            results[n] = _stored(requests[n], row, body=param["body"], now=now)
    return results


def _broadcasts(requests, results) -> list[tuple[str, dict]]:
    return [
        (notify.ticket_group(stored.message.ticket_id),
         notify.message_event(stored.message, origin=requests[n].origin))
        for n, stored in enumerate(results) if stored is not None
    ]  # fmt: skip


def _execute_many(params: list[dict]) -> list[tuple | None]:
    """FAST_POST for each parameter set, sent together; the row each returned."""
    # psycopg's own cursor, with its errors turned into Django's as the ORM's are: its
    # executemany can return rows, and with server-side binding (not the client-side
    # binding Django's cursors use) PostgreSQL prepares the statement once per
    # connection and then only executes it, rather than parsing and planning it for
    # every message.
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as raw:
        raw.executemany(FAST_POST, params, returning=True)
        rows = []
        while True:
            rows.append(raw.fetchone())
            if not raw.nextset():
                break
    return rows


def _stored(request: CustomerMessage, row: tuple, *, body: str, now) -> Stored:
    ticket = Ticket.from_db(connection.alias, [field.attname for field in TICKET_FIELDS], row[1:])
    ticket.customer = request.customer
    message = Message(
        id=row[0], ticket=ticket, seq=ticket.last_seq, author_kind=Message.Author.CUSTOMER,
        author=request.customer, body=body, is_internal=False,
        client_msg_id=request.client_msg_id, metadata={}, created_at=now,
    )  # fmt: skip
    return Stored(message, True, request.proof)
