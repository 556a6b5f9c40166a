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


async def test_a_message_of_several_questions_is_planned_once_in_a_turn(customer, desk):
    # Each part of the message is triaged while planning: in the answer's step too, had
    # the plan not been kept from the lookups' step.
    text = "What have I bought? And when is my next payment?"
    ticket = await a_question(customer, text)
    triage = CountingTriage("purchases")

    result = await engine.respond(
        ticket=ticket, text=text, triage_fn=triage, model=EmbeddedChatModel(triage=triage),
    )  # fmt: skip

    assert result.outcome == "answered"
    assert "IKEA" in result.answer.body
    assert sorted(triage.texts) == sorted(set(triage.texts))  # no text triaged twice
    assert "What have I bought?" in triage.texts


def test_the_langchain_tools_are_made_once_a_process():
    from assistant.llm import langchain_tools
    from assistant.tools import TOOLS

    assert langchain_tools() is langchain_tools()
    assert [tool.name for tool in langchain_tools()] == [tool.name for tool in TOOLS]
    # They describe the tools to a model; run outside a turn, they refuse.
    with pytest.raises(RuntimeError, match="turn"):
        langchain_tools()[0].func()
