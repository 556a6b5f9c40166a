"""Turns run one after another, so a customer who writes twice quickly has the second
message stored before the first one's turn begins. Each turn answers its own message:
the model sees the conversation up to it, never a later one (which has its own turn;
answered here, the next turn would take this answer for the customer's words)."""

import pytest
from asgiref.sync import sync_to_async
from langchain_core.messages import AIMessage

from assistant import engine
from assistant.tests.fakes import ToolCallingFake, triage_as
from tickets import services
from tickets.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


@sync_to_async
def two_quick_messages(customer):
    ticket = services.ticket_open(customer=customer, subject="Chat")
    first, _ = services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Fees?"
    )
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Purchases?"
    )
    return ticket, first


def what_the_model_read(model) -> list[str]:
    return [message.content for message in model.seen[-1] if message.type == "human"]


async def test_the_first_messages_turn_does_not_see_the_second(customer, desk):
    ticket, first = await two_quick_messages(customer)
    model = ToolCallingFake(responses=[AIMessage(content="No fees.")])
    model.seen = []

    result = await engine.respond(
        ticket=ticket, text=first.body, through_seq=first.seq, triage_fn=triage_as(),
        model=model,
    )  # fmt: skip

    assert result.outcome == "answered"
    assert what_the_model_read(model) == ["Fees?"]


async def test_without_a_bound_the_turn_sees_the_whole_conversation(customer, desk):
    ticket, _ = await two_quick_messages(customer)
    model = ToolCallingFake(responses=[AIMessage(content="Here they are.")])
    model.seen = []

    await engine.respond(ticket=ticket, text="Purchases?", triage_fn=triage_as(), model=model)

    assert what_the_model_read(model) == ["Fees?", "Purchases?"]
