"""One assistant turn end to end: triage, rules, the model, the stored answer,
and every failure ending in exactly one hand-off."""

import pytest
from asgiref.sync import sync_to_async
from langchain_core.messages import AIMessage

from accounts.tests.factories import PurchaseFactory, RefundFactory
from assistant import engine
from assistant.llm import EmbeddedChatModel
from assistant.tests.fakes import ToolCallingFake, tool_call, triage_as, triaged
from assistant.tests.test_embedded_plan import triage_by
from tickets import services
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversation(customer, desk):
    purchase = PurchaseFactory(customer=customer, merchant="Zalando", reference="ANN-1")
    RefundFactory(purchase=purchase, amount="12.50")
    return services.ticket_open(customer=customer, subject="Chat")


def customer_writes(ticket, text):
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body=text
    )


async def say(ticket, text, *, triage, model=None, on_token=None):
    await sync_to_async(customer_writes)(ticket, text)
    return await engine.respond(
        ticket=ticket, text=text, triage_fn=triage, model=model, on_token=on_token
    )


@sync_to_async
def reload(ticket):
    ticket.refresh_from_db()
    return (
        ticket,
        list(ticket.messages.order_by("seq")),
        list(ticket.events.values_list("kind", flat=True)),
    )


async def test_a_routine_question_is_answered_from_the_customers_data(conversation):
    triage = triage_as("refund_status")

    result = await say(conversation, "Where is my refund?", triage=triage,
                       model=EmbeddedChatModel(triage=triage))  # fmt: skip

    ticket, messages, _ = await reload(conversation)
    assert result.outcome == "answered"
    assert ticket.handled_by == Ticket.HandledBy.AI
    assert ticket.ai_turns == 1
    answer = messages[-1]
    assert answer.author_kind == Message.Author.ASSISTANT
    assert "EUR 12.50" in answer.body
    assert answer.metadata["tools"] == ["get_refunds", "get_purchases"]
    assert answer.metadata["intent"] == "refund_status"


async def test_an_explicit_request_goes_to_a_person_without_asking_the_model(conversation):
    never = ToolCallingFake(responses=[], fail_with=AssertionError("the model was asked"))

    result = await say(conversation, "Let me talk to a human", model=never,
                       triage=triage_as("human_agent", human_request=True))  # fmt: skip

    ticket, messages, events = await reload(conversation)
    assert result.outcome == "handed_off"
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    assert events.count(TicketEvent.Kind.HANDED_OFF) == 1
    assert messages[-1].author_kind == Message.Author.SYSTEM


async def test_a_timeout_ends_in_one_hand_off_with_a_kind_message(conversation, settings):
    settings.ASSISTANT_TIMEOUT = 0.3
    slow = ToolCallingFake(responses=[AIMessage("too late")], delay=5)

    result = await say(conversation, "When is my next payment?", model=slow,
                       triage=triage_as("next_payment"))  # fmt: skip
    again = await say(conversation, "Hello??", model=slow, triage=triage_as("greeting"))

    ticket, messages, events = await reload(conversation)
    assert result.outcome == "failed"
    assert again.outcome == "handed_off"
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    assert events.count(TicketEvent.Kind.HANDED_OFF) == 1
    bodies = [m.body for m in messages]
    assert "When is my next payment?" in bodies
    assert "Hello??" in bodies
    assert engine.SORRY in bodies
    assert "too late" not in bodies


async def test_a_provider_error_ends_in_one_hand_off(conversation):
    broken = ToolCallingFake(responses=[AIMessage("x")], fail_with=RuntimeError("HTTP 500"))

    result = await say(conversation, "Refund?", model=broken, triage=triage_as("refund_status"))

    _ticket, messages, events = await reload(conversation)
    assert result.outcome == "failed"
    assert events.count(TicketEvent.Kind.HANDED_OFF) == 1
    assert "HTTP 500" not in " ".join(m.body for m in messages)


class ClaimedDuringTheTurn(ToolCallingFake):
    agent: object = None

    async def _agenerate(self, messages, stop=None, run_manager=None, **kwargs):
        ticket = await sync_to_async(Ticket.objects.get)(customer__isnull=False)
        await sync_to_async(services.ticket_claim)(ticket=ticket, agent=self.agent)
        return await super()._agenerate(messages, stop, run_manager, **kwargs)


async def test_the_assistant_never_speaks_after_a_person_took_over(conversation, agent):
    model = ClaimedDuringTheTurn(responses=[AIMessage("Here is your answer")], agent=agent)

    result = await say(conversation, "Refund?", model=model, triage=triage_as("refund_status"))

    ticket, messages, _ = await reload(conversation)
    assert result.outcome == "silenced"
    assert ticket.handled_by == Ticket.HandledBy.AGENT
    assert "Here is your answer" not in [m.body for m in messages]


async def test_the_models_hand_off_tool_stores_its_words_then_hands_off(conversation):
    model = ToolCallingFake(
        responses=[tool_call("hand_off_to_human", reason="disputed charge"),
                   AIMessage("I'll connect you with a colleague.")]
    )  # fmt: skip

    result = await say(conversation, "This charge is wrong", model=model,
                       triage=triage_as("payment_status"))  # fmt: skip

    ticket, messages, _ = await reload(conversation)
    assert result.outcome == "handed_off"
    assert ticket.handoff_reason == "disputed charge"
    assert [m.author_kind for m in messages[-2:]] == ["assistant", "system"]


async def test_after_several_answers_the_assistant_offers_a_person(conversation):
    triage = triage_as("refund_status")
    for _ in range(4):
        await say(conversation, "Where is my refund?", triage=triage,
                  model=EmbeddedChatModel(triage=triage))  # fmt: skip

    result = await say(conversation, "Still waiting", triage=triage,
                       model=EmbeddedChatModel(triage=triage))  # fmt: skip

    assert str(engine.OFFER_A_PERSON) in result.answer.body


async def test_invisible_characters_never_reach_the_model(conversation):
    model = ToolCallingFake(responses=[AIMessage("ok")])

    await say(conversation, "pay\u200bment \u202eevil\u202c \U000e0041", model=model,
              triage=triage_as("payment_status"))  # fmt: skip

    seen = model.seen[0][-1].content
    assert seen == "payment evil "


async def test_a_turn_with_the_served_model_triages_its_message_once(
    conversation, assistant_ready, monkeypatch
):
    """The turn triages first (for the rules); the embedded model's two steps (a tool
    call, then the answer) reuse that triage rather than computing it again."""
    from assistant import llm, training
    from assistant.triage import TriageModel

    triaged = []
    real_triage = TriageModel.triage

    def counting_triage(self, text):
        triaged.append(text)
        return real_triage(self, text)

    monkeypatch.setattr(TriageModel, "triage", counting_triage)

    result = await say(
        conversation, "when is my next payment?",
        triage=training.served_triage, model=llm.build_model(),
    )  # fmt: skip

    assert result.outcome == "answered"
    assert triaged == ["when is my next payment?"]


async def test_a_reading_the_assistant_sets_aside_is_not_handed_off_by_the_rules(conversation):
    """Not remembering what was paid is not hardship (assistant.embedded.reread): the
    "Risky topic" rule sees the corrected reading, not the triage's."""
    text = "I honestly can't remember what I've paid on which. how much is left altogether?"
    hardship = triaged("hardship", confidence=0.6, route="HUMAN", human_score=0.6)
    triage = triage_by({"how much is left altogether?": triaged("balance")}, default=hardship)

    result = await say(conversation, text, triage=triage, model=EmbeddedChatModel(triage=triage))

    ticket, messages, _ = await reload(conversation)
    assert result.outcome == "answered"
    assert ticket.handled_by == Ticket.HandledBy.AI
    assert messages[-1].metadata["tools"] == ["get_balance", "get_purchases"]


async def test_money_trouble_beside_it_still_goes_to_a_person(conversation):
    text = "I can't remember the last time I could afford my bills. how much is left?"
    hardship = triaged("hardship", confidence=0.6, route="HUMAN", human_score=0.6)
    triage = triage_by({"how much is left?": triaged("balance")}, default=hardship)

    result = await say(conversation, text, triage=triage, model=EmbeddedChatModel(triage=triage))

    assert result.outcome == "handed_off"
