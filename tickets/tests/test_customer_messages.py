"""Customers' chat messages stored in batches (tickets.customer_messages): each item
checked and stored exactly as message_post would, with the socket's login checked
first; one item's failure is that item's result only."""

import asyncio
import datetime as dt
from dataclasses import dataclass
from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from core import loop_db
from core.db import run_db
from core.websocket import LoggedOut, LoginProof, check_login
from tickets import services
from tickets.customer_messages import (
    CustomerMessage,
    Stored,
    store_customer_messages,
    store_customer_messages_on_the_loop,
)
from tickets.errors import TicketError
from tickets.models import Message, SLAPolicy, Ticket, TicketEvent
from tickets.tests.concurrency import run_together
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only (the fast path, NUL rejection); the PostgreSQL CI pass runs it",
)


@dataclass
class Socket:
    """What a customer's chat socket holds: its user, session key and login proof."""

    user: User
    session_key: str
    proof: LoginProof

    def says(self, ticket, text, client_msg_id, origin=None) -> CustomerMessage:
        return CustomerMessage(
            customer=self.user, session_key=self.session_key, proof=self.proof,
            ticket_id=getattr(ticket, "pk", ticket), text=text, client_msg_id=client_msg_id,
            origin=origin,
        )  # fmt: skip


def socket_of(user) -> Socket:
    """A fresh logged-in session of `user` (as core.tests.sockets makes one)
    and the proof of its full login check."""
    client = Client()
    client.force_login(user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    proof = check_login(session_key, user.pk)
    assert proof is not None
    return Socket(user, session_key, proof)


def stored_from_the_loop(requests):
    """store_customer_messages_on_the_loop from sync code, on a loop of its own."""

    async def store():
        try:
            return await store_customer_messages_on_the_loop(requests)
        finally:
            await loop_db.close()

    return async_to_sync(store)()


@pytest.fixture(params=["thread", "loop", "loop off"])
def store(request):
    """Each test runs with each entry point: the sync one (on the chat's database
    thread), the event loop's (its fast path over core.loop_db), and the event
    loop's with DB_ON_THE_LOOP off (everything on the thread again)."""
    if request.param == "thread":
        yield store_customer_messages
    else:
        with override_settings(DB_ON_THE_LOOP=request.param == "loop"):
            yield stored_from_the_loop


def seqs(ticket) -> list[int]:
    return list(Message.objects.filter(ticket=ticket).order_by("seq").values_list("seq", flat=True))


def opened(customer, subject="Help") -> Ticket:
    return services.ticket_open(customer=customer, subject=subject)


# --- Storing ----------------------------------------------------------------------------------


def test_a_batch_stores_each_message_once_in_request_order_with_consecutive_seqs(
    store, customer, other_customer
):
    ann, bob = socket_of(customer), socket_of(other_customer)
    first, second, bobs = opened(customer), opened(customer), opened(other_customer)
    requests = [
        ann.says(first, "one", "a-1"),
        bob.says(bobs, "bob here", "b-1"),
        ann.says(second, "other topic", "a-2"),
        ann.says(first, "two", "a-3"),
    ]

    results = store(requests)

    assert all(isinstance(result, Stored) and result.created for result in results), results
    assert [r.message.client_msg_id for r in results] == ["a-1", "b-1", "a-2", "a-3"]
    assert [(r.message.ticket_id, r.message.seq) for r in results] == [
        (first.pk, 1), (bobs.pk, 1), (second.pk, 1), (first.pk, 2),
    ]  # fmt: skip
    assert Message.objects.count() == 4
    for ticket, expected in [(first, [1, 2]), (second, [1]), (bobs, [1])]:
        ticket.refresh_from_db()
        assert seqs(ticket) == expected
        assert ticket.last_seq == expected[-1]
    stored = Message.objects.get(client_msg_id="a-3")
    assert (stored.pk, stored.body, stored.author_id) == (results[3].message.pk, "two", customer.pk)


@pytest.fixture
def person_owned_with_sla(agent):
    """A ticket an agent owns and has answered, under a 24/7 policy: the customer's
    next message must start the next-response clock."""
    policy = SLAPolicy.objects.create(
        name="24/7", first_response_minutes=30, next_response_minutes=60, resolution_minutes=480
    )

    def make(customer):
        return TicketFactory(
            customer=customer, handled_by=Ticket.HandledBy.AGENT, assignee=agent,
            sla_policy=policy, first_responded_at=timezone.now() - dt.timedelta(hours=1),
        )  # fmt: skip

    return make


def changed_fields(ticket) -> dict:
    """What a message changed on the row: values, and for timestamps whether set."""
    ticket.refresh_from_db()
    state = {}
    for name in services.FIELDS_A_MESSAGE_CHANGES:
        value = getattr(ticket, name)
        state[name] = (value is not None) if isinstance(value, dt.datetime | None) else value
    return state


@pytest.mark.parametrize("owner", ["assistant", "person with an SLA"])
def test_the_ticket_row_after_a_batch_is_what_message_post_leaves(
    store, customer, person_owned_with_sla, owner
):
    make = opened if owner == "assistant" else person_owned_with_sla
    batched, posted = make(customer), make(customer)
    started = timezone.now()

    [result] = store([socket_of(customer).says(batched, "hi", "m-1")])
    services.message_post(
        ticket=posted.pk, author_kind=Message.Author.CUSTOMER, author=customer, body="hi",
        client_msg_id="m-1",
    )  # fmt: skip

    assert isinstance(result, Stored)
    assert changed_fields(batched) == changed_fields(posted)
    for name in ["last_customer_message_at", "customer_last_seen_at", "last_message_at"]:
        assert getattr(batched, name) >= started
    if owner != "assistant":
        assert batched.next_response_due_at >= started + dt.timedelta(minutes=60)
        assert batched.sla_due_at == batched.next_response_due_at


# --- Resends ----------------------------------------------------------------------------------


def test_a_resend_in_a_later_batch_returns_the_stored_message_uncreated(store, customer):
    ann, ticket = socket_of(customer), opened(customer)
    [first] = store([ann.says(ticket, "hello", "same")])

    [again] = store([ann.says(ticket, "hello", "same")])

    assert first.created is True
    assert again.created is False
    assert (again.message.pk, again.message.seq) == (first.message.pk, 1)
    assert Message.objects.filter(client_msg_id="same").count() == 1


def test_a_resend_within_one_batch_is_stored_once(store, customer):
    ann, ticket = socket_of(customer), opened(customer)

    first, again = store([
        ann.says(ticket, "hello", "same"), ann.says(ticket, "hello", "same"),
    ])  # fmt: skip

    assert (first.created, again.created) == (True, False)
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(client_msg_id="same").count() == 1
    ticket.refresh_from_db()
    assert ticket.last_seq == 1


# --- The login --------------------------------------------------------------------------------


def log_out(socket):
    Session.objects.filter(session_key=socket.session_key).delete()


def change_password(socket):
    socket.user.set_password("a brand new passphrase")
    socket.user.save()


def deactivate(socket):
    User.objects.filter(pk=socket.user.pk).update(is_active=False)


@pytest.mark.parametrize("end_login", [log_out, change_password, deactivate])
def test_an_item_whose_login_ended_is_logged_out_while_the_others_are_stored(
    store, customer, other_customer, end_login
):
    ann, bob = socket_of(customer), socket_of(other_customer)
    anns, bobs = opened(customer), opened(other_customer)
    end_login(ann)

    refused, stored = store([
        ann.says(anns, "still me?", "a-1"), bob.says(bobs, "hello", "b-1"),
    ])  # fmt: skip

    assert isinstance(refused, LoggedOut)
    assert isinstance(stored, Stored)
    assert seqs(anns) == []
    assert seqs(bobs) == [1]
    anns.refresh_from_db()
    assert anns.last_seq == 0


def test_a_changed_but_valid_session_is_stored_with_a_new_proof(store, customer):
    ann, ticket = socket_of(customer), opened(customer)
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=ann.session_key)
    session["theme"] = "dark"
    session.save()
    now_stored = Session.objects.get(session_key=ann.session_key).session_data

    [result] = store([ann.says(ticket, "hello", "m-1")])

    assert isinstance(result, Stored)
    assert result.proof.session_data == now_stored != ann.proof.session_data
    assert seqs(ticket) == [1]


# --- The conversation's state -----------------------------------------------------------------


def test_a_message_to_a_closed_conversation_opens_a_new_one(store, customer):
    ann, closed = socket_of(customer), opened(customer)
    Ticket.objects.filter(pk=closed.pk).update(status=Ticket.Status.CLOSED)

    [result] = store([ann.says(closed, "me again", "m-1")])

    new = Ticket.objects.get(pk=result.message.ticket_id)
    assert new.pk != closed.pk
    assert (new.customer_id, new.status, new.handled_by) == (customer.pk, "open", "ai")
    assert (result.message.seq, new.last_seq) == (1, 1)
    assert seqs(closed) == []


@pytest.mark.parametrize("status", [Ticket.Status.PENDING, Ticket.Status.SOLVED])
def test_a_message_reopens_a_pending_or_solved_conversation(store, customer, status):
    ann, ticket = socket_of(customer), opened(customer)
    Ticket.objects.filter(pk=ticket.pk).update(status=status, solved_at=timezone.now())

    [result] = store([ann.says(ticket, "not fixed", "m-1")])

    assert result.message.ticket_id == ticket.pk
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    events = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED)
    assert [event.data for event in events] == [{"to": "open"}]
    if status == Ticket.Status.SOLVED:
        assert ticket.solved_at is None


@pytest.mark.parametrize("text", ["   ", "x" * (services.MAX_BODY_CHARS + 1)])
def test_an_empty_or_over_long_text_is_an_error_for_that_item_only(store, customer, text):
    ann, ticket = socket_of(customer), opened(customer)

    bad, good = store([
        ann.says(ticket, text, "bad"), ann.says(ticket, "fine", "good"),
    ])  # fmt: skip

    assert isinstance(bad, TicketError)
    assert isinstance(good, Stored)
    assert list(Message.objects.values_list("client_msg_id", flat=True)) == ["good"]


@on_postgresql
@pytest.mark.parametrize("path", ["fast", "full"])
def test_a_text_the_database_rejects_fails_alone_without_failing_the_batch(
    store, customer, other_customer, path
):
    ann, bob = socket_of(customer), socket_of(other_customer)
    if path == "full":
        ann.proof = None  # no proof to compare with: the full path takes ann's items
    anns, bobs = opened(customer), opened(other_customer)

    results = store([
        ann.says(anns, "before", "a-1"), ann.says(anns, "nul \x00 inside", "a-2"),
        bob.says(bobs, "after", "b-1"),
    ])  # fmt: skip

    assert isinstance(results[0], Stored)
    assert isinstance(results[1], Exception)
    assert isinstance(results[2], Stored)
    assert sorted(Message.objects.values_list("client_msg_id", flat=True)) == ["a-1", "b-1"]
    assert seqs(anns) == [1]


# --- Broadcasts -------------------------------------------------------------------------------


async def stored_on_a_thread(requests):
    return await run_db(store_customer_messages, requests)


@pytest.mark.parametrize(
    "store_from_async", [stored_on_a_thread, store_customer_messages_on_the_loop]
)
async def test_each_stored_message_is_broadcast_to_its_ticket_with_its_origin(
    customer, other_customer, store_from_async
):
    ann, bob = await run_db(socket_of, customer), await run_db(socket_of, other_customer)
    anns, bobs = await run_db(opened, customer), await run_db(opened, other_customer)
    layer = get_channel_layer()
    listener = await layer.new_channel()
    for ticket in (anns, bobs):
        await layer.group_add(f"ticket.{ticket.pk}", listener)

    results = await store_from_async([
        ann.says(anns, "one", "a-1", origin="ann-tab"), bob.says(bobs, "two", "b-1"),
        ann.says(anns, "three", "a-2", origin="ann-tab"),
    ])  # fmt: skip
    events = [await asyncio.wait_for(layer.receive(listener), 5) for _ in range(3)]

    assert all(isinstance(result, Stored) for result in results)
    assert sorted((e["ticket_id"], e["seq"], e["body"], e["origin"]) for e in events) == sorted([
        (anns.pk, 1, "one", "ann-tab"), (bobs.pk, 1, "two", None),
        (anns.pk, 2, "three", "ann-tab"),
    ])  # fmt: skip
    assert {event["type"] for event in events} == {"ticket.message"}
    await layer.group_discard(f"ticket.{anns.pk}", listener)
    await layer.group_discard(f"ticket.{bobs.pk}", listener)


# --- PostgreSQL's fast path -------------------------------------------------------------------


@on_postgresql
def test_open_assistant_conversations_with_a_fresh_proof_skip_the_full_login_check(
    store, customer, monkeypatch
):
    ann = socket_of(customer)
    tickets = [opened(customer, f"topic {n}") for n in range(20)]
    monkeypatch.setattr(
        "tickets.customer_messages.check_login",
        lambda *args: pytest.fail("the full login check ran: the fast path was not taken"),
    )

    results = store([ann.says(t, "hi", f"m-{t.pk}") for t in tickets])

    assert all(isinstance(r, Stored) and r.created and r.message.seq == 1 for r in results)
    assert [r.message.ticket_id for r in results] == [t.pk for t in tickets]
    assert Message.objects.count() == 20
    assert set(Ticket.objects.values_list("last_seq", flat=True)) == {1}


@on_postgresql
def test_concurrent_batches_on_the_same_tickets_in_opposite_orders_do_not_deadlock(store, customer):
    ann = socket_of(customer)
    tickets = [opened(customer, f"topic {n}") for n in range(5)]
    rounds = 30

    def writer(name, order):
        def run():
            failed = []
            for r in range(rounds):
                batch = [ann.says(t, f"{name} {r}", f"{name}-{r}-{t.pk}") for t in order]
                failed += [x for x in store(batch) if not isinstance(x, Stored)]
            return failed

        return run

    results = run_together([writer("up", tickets), writer("down", tickets[::-1])])

    assert results == [[], []]
    for ticket in tickets:
        ticket.refresh_from_db()
        assert seqs(ticket) == list(range(1, 2 * rounds + 1))
        assert ticket.last_seq == 2 * rounds


@on_postgresql
async def test_on_the_loop_the_fast_path_needs_no_database_thread(customer, monkeypatch):
    ann = await run_db(socket_of, customer)
    tickets = [await run_db(opened, customer, f"topic {n}") for n in range(3)]

    async def no_thread(*args):
        pytest.fail("a database thread was used: the fast path did not run on the loop")

    monkeypatch.setattr("tickets.customer_messages.run_chat_write", no_thread)
    results = await store_customer_messages_on_the_loop(
        [ann.says(t, "hi", f"m-{t.pk}") for t in tickets]
    )

    assert [(r.created, r.message.seq) for r in results] == [(True, 1)] * 3
    assert await run_db(lambda: Message.objects.count()) == 3


@on_postgresql
async def test_when_no_connection_comes_in_time_the_thread_stores_the_messages(
    customer, monkeypatch
):
    ann = await run_db(socket_of, customer)
    ticket = await run_db(opened, customer)

    async def no_connection(*args):
        raise loop_db.NoConnection("the pool is exhausted")

    monkeypatch.setattr(loop_db, "fetch_each", no_connection)
    [result] = await store_customer_messages_on_the_loop([ann.says(ticket, "hi", "m-1")])

    assert (result.created, result.message.seq) == (True, 1)
    assert await run_db(lambda: list(Message.objects.values_list("body", flat=True))) == ["hi"]
