"""Customers' chat messages posted in batches (tickets.chat.messages_post): each
stored exactly as message_post would; one post's failure is that post's result only.

Each test runs twice: with the conversations as the sockets hold them current (the
batch writes under the rows' versions, without a lock) and stale (a write came
between: the same rules run again on the locked rows)."""

import asyncio
import datetime as dt

import pytest
from channels.layers import get_channel_layer
from django.db import connection
from django.utils import timezone

from core.db import run_db
from tickets import services
from tickets.chat import CustomerPost, Posted, messages_post
from tickets.errors import TicketError
from tickets.models import Message, SLAPolicy, Ticket, TicketEvent
from tickets.tests.concurrency import run_together
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL only (it rejects NUL in text); the PostgreSQL CI pass runs it",
)


def says(customer, ticket, text, client_msg_id, origin=None) -> CustomerPost:
    return CustomerPost(customer, ticket, text, client_msg_id, origin)


@pytest.fixture(params=["current", "stale"])
def post(request):
    """messages_post, with the conversations the posts name read afresh (current) or
    read and then written by someone else (stale)."""

    def run(posts):
        held = {}
        for each in posts:
            if each.conversation is not None and each.conversation.pk not in held:
                held[each.conversation.pk] = Ticket.objects.get(pk=each.conversation.pk)
        if request.param == "stale":
            Ticket.objects.filter(pk__in=held).update(intent="moved on")
        return messages_post([
            CustomerPost(p.customer, held.get(getattr(p.conversation, "pk", None)), p.text,
                         p.client_msg_id, p.origin)
            for p in posts
        ])  # fmt: skip

    return run


def seqs(ticket) -> list[int]:
    return list(Message.objects.filter(ticket=ticket).order_by("seq").values_list("seq", flat=True))


def opened(customer, subject="Help") -> Ticket:
    return services.ticket_open(customer=customer, subject=subject)


def test_a_batch_stores_each_message_once_in_order_with_consecutive_seqs(
    post, customer, other_customer
):
    first, second, bobs = opened(customer), opened(customer), opened(other_customer)
    posts = [
        says(customer, first, "one", "a-1"),
        says(other_customer, bobs, "bob here", "b-1"),
        says(customer, second, "other topic", "a-2"),
        says(customer, first, "two", "a-3"),
    ]

    results = post(posts)

    assert all(isinstance(result, Posted) and result.created for result in results), results
    assert [r.message.client_msg_id for r in results] == ["a-1", "b-1", "a-2", "a-3"]
    assert [(r.message.ticket_id, r.message.seq) for r in results] == [
        (first.pk, 1), (bobs.pk, 1), (second.pk, 1), (first.pk, 2),
    ]  # fmt: skip
    for ticket, expected in [(first, [1, 2]), (second, [1]), (bobs, [1])]:
        ticket.refresh_from_db()
        assert seqs(ticket) == expected
        assert ticket.last_seq == expected[-1]
    stored = Message.objects.get(client_msg_id="a-3")
    assert (stored.pk, stored.body, stored.author_id) == (results[3].message.pk, "two", customer.pk)
    # What each result says the conversation is now is what the row is.
    row = Ticket.objects.get(pk=first.pk)
    assert (results[3].message.ticket.version, results[3].message.ticket.last_seq) == (
        row.version, row.last_seq,
    )  # fmt: skip


def test_the_next_batch_on_the_returned_state_writes_without_a_lock(customer, monkeypatch):
    ticket = Ticket.objects.get(pk=opened(customer).pk)
    [first] = messages_post([says(customer, ticket, "one", "m-1")])
    locks = []
    real = services._locked
    monkeypatch.setattr(services, "_locked", lambda *a, **k: locks.append(a) or real(*a, **k))

    [second] = messages_post([says(customer, first.message.ticket, "two", "m-2")])

    assert (second.created, second.message.seq, locks) == (True, 2, [])


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
    post, customer, person_owned_with_sla, owner
):
    make = opened if owner == "assistant" else person_owned_with_sla
    batched, posted = make(customer), make(customer)
    started = timezone.now()

    [result] = post([says(customer, batched, "hi", "m-1")])
    services.message_post(
        ticket=posted.pk, author_kind=Message.Author.CUSTOMER, author=customer, body="hi",
        client_msg_id="m-1",
    )  # fmt: skip

    assert isinstance(result, Posted)
    assert changed_fields(batched) == changed_fields(posted)
    for name in ["last_customer_message_at", "customer_last_seen_at", "last_message_at"]:
        assert getattr(batched, name) >= started
    if owner != "assistant":
        assert batched.next_response_due_at >= started + dt.timedelta(minutes=60)
        assert batched.sla_due_at == batched.next_response_due_at


def test_a_resend_in_a_later_batch_returns_the_stored_message_uncreated(post, customer):
    ticket = opened(customer)
    [first] = post([says(customer, ticket, "hello", "same")])

    [again] = post([says(customer, ticket, "hello", "same")])

    assert first.created is True
    assert again.created is False
    assert (again.message.pk, again.message.seq) == (first.message.pk, 1)
    assert Message.objects.filter(client_msg_id="same").count() == 1


def test_a_resend_within_one_batch_is_stored_once(post, customer, other_customer):
    ticket, bobs = opened(customer), opened(other_customer)

    first, again, bob = post([
        says(customer, ticket, "hello", "same"), says(customer, ticket, "hello", "same"),
        says(other_customer, bobs, "me too", "b-1"),
    ])  # fmt: skip

    assert (first.created, again.created, bob.created) == (True, False, True)
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(client_msg_id="same").count() == 1
    ticket.refresh_from_db()
    assert ticket.last_seq == 1
    assert seqs(bobs) == [1]


def test_a_conversation_of_another_customer_is_never_written(post, customer, other_customer):
    bobs = opened(other_customer)

    [result] = post([says(customer, bobs, "let me in", "m-1")])

    assert result.message.ticket_id != bobs.pk
    assert result.message.ticket.customer_id == customer.pk
    assert seqs(bobs) == []


@pytest.mark.parametrize("status", [Ticket.Status.CLOSED, Ticket.Status.SOLVED])
def test_a_message_after_a_conversation_ended_opens_a_new_one(post, customer, status):
    closed = opened(customer)
    Ticket.objects.filter(pk=closed.pk).update(status=status)

    [result] = post([says(customer, closed, "me again", "m-1")])

    new = Ticket.objects.get(pk=result.message.ticket_id)
    assert new.pk != closed.pk
    assert (new.customer_id, new.status, new.handled_by) == (customer.pk, "open", "ai")
    assert (result.message.seq, new.last_seq) == (1, 1)
    assert seqs(closed) == []


def test_a_first_message_opens_a_conversation(post, customer):
    [result] = post([says(customer, None, "hello, I need help", "m-1")])

    ticket = Ticket.objects.get(pk=result.message.ticket_id)
    assert (ticket.customer_id, ticket.subject, ticket.last_seq) == (
        customer.pk, "hello, I need help", 1,
    )  # fmt: skip


def test_a_message_reopens_a_conversation_waiting_on_the_customer(post, customer):
    ticket = opened(customer)
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.PENDING)

    [result] = post([says(customer, ticket, "not fixed", "m-1")])

    assert result.message.ticket_id == ticket.pk
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    events = TicketEvent.objects.filter(ticket=ticket, kind=TicketEvent.Kind.STATUS_CHANGED)
    assert [(event.data, event.actor_id) for event in events] == [
        ({"from": "pending", "to": "open"}, customer.pk)
    ]


def test_a_message_on_the_tickets_page_reopens_a_solved_one(customer):
    ticket = opened(customer)
    Ticket.objects.filter(pk=ticket.pk).update(
        status=Ticket.Status.SOLVED, solved_at=timezone.now()
    )

    message, created = services.message_post(
        ticket=ticket.pk, author_kind="customer", author=customer, body="not fixed"
    )

    ticket.refresh_from_db()
    assert (message.ticket_id, created, ticket.status, ticket.solved_at) == (
        ticket.pk,
        True,
        Ticket.Status.OPEN,
        None,
    )


@pytest.mark.parametrize("text", ["   ", "x" * (services.MAX_BODY_CHARS + 1)])
def test_an_empty_or_over_long_text_is_an_error_for_that_post_only(post, customer, text):
    ticket = opened(customer)

    bad, good = post([says(customer, ticket, text, "bad"), says(customer, ticket, "fine", "good")])

    assert isinstance(bad, TicketError)
    assert isinstance(good, Posted)
    assert list(Message.objects.values_list("client_msg_id", flat=True)) == ["good"]


@on_postgresql
def test_a_text_the_database_rejects_fails_alone_without_failing_the_batch(
    post, customer, other_customer
):
    anns, bobs = opened(customer), opened(other_customer)

    results = post([
        says(customer, anns, "before", "a-1"), says(customer, anns, "nul \x00 inside", "a-2"),
        says(other_customer, bobs, "after", "b-1"),
    ])  # fmt: skip

    assert isinstance(results[0], Posted)
    assert isinstance(results[1], Exception)
    assert isinstance(results[2], Posted)
    assert sorted(Message.objects.values_list("client_msg_id", flat=True)) == ["a-1", "b-1"]
    assert seqs(anns) == [1]


async def test_each_stored_message_is_broadcast_to_its_ticket_with_its_origin(
    customer, other_customer
):
    anns, bobs = await run_db(opened, customer), await run_db(opened, other_customer)
    layer = get_channel_layer()
    listener = await layer.new_channel()
    for ticket in (anns, bobs):
        await layer.group_add(f"ticket.{ticket.pk}", listener)

    results = await run_db(messages_post, [
        says(customer, anns, "one", "a-1", origin="ann-tab"),
        says(other_customer, bobs, "two", "b-1"),
        says(customer, anns, "three", "a-2", origin="ann-tab"),
    ])  # fmt: skip
    events = [await asyncio.wait_for(layer.receive(listener), 5) for _ in range(3)]

    assert all(isinstance(result, Posted) for result in results)
    assert sorted((e["ticket_id"], e["seq"], e["body"], e["origin"]) for e in events) == sorted([
        (anns.pk, 1, "one", "ann-tab"), (bobs.pk, 1, "two", None),
        (anns.pk, 2, "three", "ann-tab"),
    ])  # fmt: skip
    assert {event["type"] for event in events} == {"ticket.message"}
    await layer.group_discard(f"ticket.{anns.pk}", listener)
    await layer.group_discard(f"ticket.{bobs.pk}", listener)


def test_concurrent_batches_on_the_same_tickets_in_opposite_orders_lose_nothing(customer):
    tickets = [opened(customer, f"topic {n}") for n in range(5)]
    rounds = 30

    def writer(name, order):
        def run():
            held = {t.pk: Ticket.objects.get(pk=t.pk) for t in order}
            failed = []
            for r in range(rounds):
                batch = [says(customer, held[t.pk], f"{name} {r}", f"{name}-{r}-{t.pk}")
                         for t in order]  # fmt: skip
                for result in messages_post(batch):
                    if isinstance(result, Posted):
                        held[result.message.ticket_id] = result.message.ticket
                    else:
                        failed.append(result)
            return failed

        return run

    results = run_together([writer("up", tickets), writer("down", tickets[::-1])])

    assert results == [[], []]
    for ticket in tickets:
        ticket.refresh_from_db()
        assert seqs(ticket) == list(range(1, 2 * rounds + 1))
        assert ticket.last_seq == 2 * rounds


def test_a_stale_conversation_in_a_batch_leaves_the_others_on_the_lock_free_path(
    customer, other_customer, monkeypatch
):
    current = Ticket.objects.get(pk=opened(customer).pk)
    stale = Ticket.objects.get(pk=opened(other_customer).pk)
    Ticket.objects.filter(pk=stale.pk).update(intent="moved on")
    locked = []
    real = services._locked
    monkeypatch.setattr(
        services, "_locked", lambda ticket, *a, **k: locked.append(ticket) or real(ticket, *a, **k)
    )

    results = messages_post(
        [says(customer, current, "one", "a-1"), says(other_customer, stale, "two", "b-1")]
    )

    assert [(r.created, r.message.seq) for r in results] == [(True, 1), (True, 1)]
    assert (seqs(current), seqs(stale)) == ([1], [1])
    assert [getattr(each, "pk", each) for each in locked] == [stale.pk]
    assert results[0].message.ticket.version == Ticket.objects.get(pk=current.pk).version
