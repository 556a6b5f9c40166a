"""A turn triages its message once: the engine passes the result to the embedded
model, which needs it at each of its steps (a tool call, then the answer)."""

import pytest
from asgiref.sync import sync_to_async

from accounts.tests.factories import PurchaseFactory
from assistant import engine
from assistant.llm import EmbeddedChatModel
from assistant.tests.fakes import triaged
from tickets import services
from tickets.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


class CountingTriage:
    def __init__(self, intent):
        self.result, self.texts = triaged(intent), []

    def __call__(self, text):
        self.texts.append(text)
        return self.result


@sync_to_async
def a_question(customer, text):
    PurchaseFactory(customer=customer, merchant="IKEA")
    ticket = services.ticket_open(customer=customer, subject="Chat")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=text
    )
    return ticket


async def test_the_message_is_triaged_once_though_the_model_takes_two_steps(customer, desk):
    ticket = await a_question(customer, "What have I bought?")
    triage = CountingTriage("purchases")

    result = await engine.respond(
        ticket=ticket, text="What have I bought?", triage_fn=triage,
        model=EmbeddedChatModel(triage=triage),
    )  # fmt: skip

    assert result.outcome == "answered"
    assert "IKEA" in result.answer.body  # a tool was called, then the answer written
    assert triage.texts == ["What have I bought?"]


def test_a_model_knowing_a_triage_still_triages_other_texts():
    triage = CountingTriage("fees")
    model = EmbeddedChatModel(triage=triage).knowing("known text", triaged("refund_status"))

    assert model.triage("known text").intent == "refund_status"
    assert model.triage("another text").intent == "fees"
    assert triage.texts == ["another text"]
