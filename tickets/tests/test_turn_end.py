"""The assistant's answer (tickets.chat.turn_end) is stored only while the assistant
owns the open conversation. Decided on the copy the caller holds and written under
the row's version, or, when the row moved on since the copy was read, decided again on
the locked row: both must leave the same ticket and message."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from tickets import chat, services
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


def held(ticket: Ticket, copy: str) -> Ticket:
    """The copy a caller holds: as the row is, or read before another write."""
    if copy == "stale":
        Ticket.objects.filter(pk=ticket.pk).update(intent="greeting")  # the row moves on
    return ticket


def state(ticket_id):
    ticket = Ticket.objects.get(pk=ticket_id)
    message = ticket.messages.get(seq=ticket.last_seq)
    return {
        "last_seq": ticket.last_seq, "ai_turns": ticket.ai_turns, "status": ticket.status,
        "handled_by": ticket.handled_by, "message_at_is_answer": ticket.last_message_at
        == message.created_at, "author": message.author_kind, "body": message.body,
        "metadata": message.metadata, "internal": message.is_internal,
    }  # fmt: skip


@pytest.mark.parametrize("copy", ["current", "stale"])
def test_the_answer_is_stored_with_the_next_seq_and_counted(customer, copy):
    ticket = conversation(customer)

    answer = chat.turn_end(
        held(ticket, copy), body=f"  {ANSWER} ",
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
    row = Ticket.objects.get(pk=ticket.pk)
    assert (answer.ticket.version, answer.ticket.last_seq) == (row.version, row.last_seq)
    assert row.intent == ("greeting" if copy == "stale" else "")  # nothing overwritten


def test_a_copy_read_before_a_hand_off_never_answers(customer):
    ticket = conversation(customer)
    read_before = Ticket.objects.get(pk=ticket.pk)
    services.ticket_hand_off(ticket=ticket.pk, reason="asked for a person")

    assert chat.turn_end(read_before, body=ANSWER) is None

    assert not Message.objects.filter(author_kind=Message.Author.ASSISTANT).exists()
    assert Ticket.objects.get(pk=ticket.pk).ai_turns == 0


def test_no_answer_once_a_person_owns_it_or_it_is_closed(customer, agent):
    handed = conversation(customer, "handed")
    services.ticket_hand_off(ticket=handed, reason="asked for a person")
    closed = conversation(customer, "closed")
    services.ticket_set_status(ticket=closed, status=Ticket.Status.CLOSED, actor=agent)

    for ticket in (handed, closed):
        ticket.refresh_from_db()
        before = ticket.last_seq
        assert chat.turn_end(ticket, body=ANSWER) is None
        assert Ticket.objects.get(pk=ticket.pk).last_seq == before
        assert not ticket.messages.filter(author_kind=Message.Author.ASSISTANT).exists()


async def test_the_answer_is_broadcast_to_the_conversation(customer):
    ticket = await sync_to_async(conversation)(customer)
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(ticket_group(ticket.pk), channel)

    await sync_to_async(chat.turn_end)(ticket, body=ANSWER)

    # The customer's message was broadcast from a worker thread without waiting, so
    # it may reach the group after the join: skip it.
    event = await asyncio.wait_for(layer.receive(channel), 5)
    while event["author_kind"] == Message.Author.CUSTOMER:
        event = await asyncio.wait_for(layer.receive(channel), 5)
    assert (event["type"], event["seq"], event["body"]) == ("ticket.message", 2, ANSWER)
    assert event["author_name"] == "Assistant"


def test_answers_racing_customer_messages_keep_seqs_gap_free(customer):
    """Each side holds a copy that the other's writes keep making stale."""
    ticket = conversation(customer)

    def answers():
        mine = Ticket.objects.get(pk=ticket.pk)
        return [chat.turn_end(mine, body=f"a{n}").seq for n in range(15)]

    def customer_writes():
        mine = Ticket.objects.get(pk=ticket.pk)
        seqs = []
        for n in range(15):
            post = chat.CustomerPost(customer, mine, f"c{n}", f"c-{n}")
            [posted] = chat.messages_post([post])
            seqs.append(posted.message.seq)
            mine = posted.message.ticket
        return seqs

    results = run_together([answers, customer_writes])

    assert not [r for r in results if isinstance(r, Exception)], results
    seqs = sorted(Message.objects.filter(ticket=ticket).values_list("seq", flat=True))
    assert seqs == list(range(1, 32))
    assert Ticket.objects.get(pk=ticket.pk).ai_turns == 15
