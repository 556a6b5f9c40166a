"""The assistant's answer is stored only while the assistant owns the open
conversation. Given a ticket id on PostgreSQL it is one statement; given a Ticket (and
on SQLite) the locked ORM path: both must leave the same ticket and message."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from django.db import connection

from tickets import services
from tickets.models import Message, Ticket
from tickets.notify import ticket_group
from tickets.tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Your next payment of EUR 110.57 is due on 26 November."


def conversation(customer, subject="Chat"):
    ticket = services.ticket_open(customer=customer, subject=subject)
    services.message_post(
        ticket=ticket.pk, author_kind=Message.Author.CUSTOMER, author=customer, body="When?"
    )
    return Ticket.objects.get(pk=ticket.pk)


def state(ticket_id):
    ticket = Ticket.objects.get(pk=ticket_id)
    message = ticket.messages.get(seq=ticket.last_seq)
    return {
        "last_seq": ticket.last_seq, "ai_turns": ticket.ai_turns, "status": ticket.status,
        "handled_by": ticket.handled_by, "message_at_is_answer": ticket.last_message_at
        == message.created_at, "author": message.author_kind, "body": message.body,
        "metadata": message.metadata, "internal": message.is_internal,
    }  # fmt: skip


@pytest.mark.parametrize("given", ["id", "ticket"])
def test_the_answer_is_stored_with_the_next_seq_and_counted(customer, given):
    ticket = conversation(customer)

    answer = services.assistant_answer(
        ticket=ticket.pk if given == "id" else ticket, body=f"  {ANSWER} ",
        metadata={"intent": "next_payment", "tools": ["get_payment_schedule"]},
    )  # fmt: skip

    assert (answer.seq, answer.body) == (2, ANSWER)
    assert state(ticket.pk) == {
        "last_seq": 2, "ai_turns": 1, "status": Ticket.Status.OPEN,
        "handled_by": Ticket.HandledBy.AI, "message_at_is_answer": True,
        "author": Message.Author.ASSISTANT, "body": ANSWER,
        "metadata": {"intent": "next_payment", "tools": ["get_payment_schedule"]},
        "internal": False,
    }  # fmt: skip


@pytest.mark.parametrize("given", ["id", "ticket"])
def test_no_answer_once_a_person_owns_it_or_it_is_closed(customer, agent, given):
    handed = conversation(customer, "handed")
    services.ticket_hand_off(ticket=handed, reason="asked for a person")
    closed = conversation(customer, "closed")
    services.ticket_set_status(ticket=closed, status=Ticket.Status.CLOSED, actor=agent)

    for ticket in (handed, closed):
        ticket.refresh_from_db()
        before = ticket.last_seq
        answer = services.assistant_answer(
            ticket=ticket.pk if given == "id" else ticket, body=ANSWER
        )
        assert answer is None
        assert Ticket.objects.get(pk=ticket.pk).last_seq == before
        assert not ticket.messages.filter(author_kind=Message.Author.ASSISTANT).exists()


async def test_the_answer_is_broadcast_to_the_conversation(customer):
    from asgiref.sync import sync_to_async

    ticket = await sync_to_async(conversation)(customer)
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(ticket_group(ticket.pk), channel)

    await sync_to_async(services.assistant_answer)(ticket=ticket.pk, body=ANSWER)

    # The customer's message was broadcast from a worker thread without waiting, so
    # it may reach the group after the join: skip it.
    event = await asyncio.wait_for(layer.receive(channel), 5)
    while event["author_kind"] == Message.Author.CUSTOMER:
        event = await asyncio.wait_for(layer.receive(channel), 5)
    assert (event["type"], event["seq"], event["body"]) == ("ticket.message", 2, ANSWER)
    assert event["author_name"] == "Assistant"


def test_answers_racing_customer_messages_keep_seqs_gap_free(customer):
    ticket = conversation(customer)

    def answers():
        return [services.assistant_answer(ticket=ticket.pk, body=f"a{n}").seq for n in range(15)]

    def customer_writes():
        return [
            services.message_post(
                ticket=ticket.pk, author_kind=Message.Author.CUSTOMER, author=customer,
                body=f"c{n}",
            )[0].seq
            for n in range(15)
        ]  # fmt: skip

    results = run_together([answers, customer_writes])

    assert not [r for r in results if isinstance(r, Exception)], results
    seqs = sorted(Message.objects.filter(ticket=ticket).values_list("seq", flat=True))
    assert seqs == list(range(1, 32))
    assert Ticket.objects.get(pk=ticket.pk).ai_turns == 15


def test_on_postgresql_an_answer_by_id_is_one_prepared_statement(
    customer, django_assert_num_queries, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (the one-statement path); the PostgreSQL CI pass runs it")
    ticket = conversation(customer)
    statements = []
    real_fetch = services.fetch_one_prepared
    monkeypatch.setattr(
        services,
        "fetch_one_prepared",
        lambda sql, params: statements.append(sql) or real_fetch(sql, params),
    )

    with django_assert_num_queries(0):  # none through the ORM's cursors
        answer = services.assistant_answer(ticket=ticket.pk, body=ANSWER)

    assert statements == [services.ASSISTANT_ANSWER]
    assert Message.objects.get(pk=answer.pk).seq == answer.seq
