"""Internal notes take a seq the customer never receives; the customer's socket still
sees no gap: live, a `skip` frame stands for the note, and a resume says which seq it
reached, notes included (docs/chat-protocol.md)."""

import pytest
from asgiref.sync import sync_to_async

from assistant.tests.test_chat_socket import frames_until, open_chat
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def conversation_with_a_person(customer, agent):
    ticket = services.ticket_open(customer=customer, subject="Card")
    services.message_post(ticket=ticket, author_kind="customer", author=customer, body="hi")
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")
    return Ticket.objects.get(pk=ticket.pk)


@sync_to_async
def agent_writes(ticket, agent, body, internal=False):
    return services.agent_reply(ticket=ticket, agent=agent, body=body, internal=internal).seq


async def test_a_note_reaches_the_customer_as_a_skip_of_its_seq_only(desk, customer, agent):
    ticket = await conversation_with_a_person(customer, agent)
    chat, _ = await open_chat(customer)

    note_seq = await agent_writes(ticket, agent, "Customer sounds upset", internal=True)
    reply_seq = await agent_writes(ticket, agent, "Hello, Dana here.")

    frames = await frames_until(chat, lambda f: f["type"] == "message" and f["seq"] == reply_seq)
    skips = [f for f in frames if f["type"] == "skip"]
    assert skips == [{"type": "skip", "seq": note_seq}]
    assert not any("upset" in str(frame) for frame in frames)
    await chat.disconnect()


async def test_a_resume_reaches_past_the_notes_it_does_not_send(desk, customer, agent):
    ticket = await conversation_with_a_person(customer, agent)
    reply_seq = await agent_writes(ticket, agent, "Hello, Dana here.")
    note_seq = await agent_writes(ticket, agent, "Refund approved by Sam", internal=True)
    chat, _ = await open_chat(customer)

    await chat.send_json_to({"type": "resume", "after_seq": 0})
    frames = await frames_until(chat, lambda f: f["type"] == "resumed")

    assert [f["seq"] for f in frames if f["type"] == "message"][-1] == reply_seq
    assert frames[-1]["through_seq"] == note_seq
    assert not any("Refund approved" in str(frame) for frame in frames)
    await chat.disconnect()


async def test_a_resume_with_nothing_new_reaches_where_it_started(desk, customer, agent):
    ticket = await conversation_with_a_person(customer, agent)
    chat, hello = await open_chat(customer)

    await chat.send_json_to({"type": "resume", "after_seq": hello["last_seq"]})
    frames = await frames_until(chat, lambda f: f["type"] == "resumed")

    assert frames[-1]["through_seq"] == hello["last_seq"] == ticket.last_seq
    await chat.disconnect()
