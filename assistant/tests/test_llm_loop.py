"""The agent loop in the LangChain seam, driven by LangChain's fake chat models."""

import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from langchain_core.messages import AIMessage, AIMessageChunk, ToolMessage
from langchain_core.utils.function_calling import convert_to_openai_tool

from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory
from assistant.llm import EmbeddedChatModel, TurnFailed, build_model, run_turn
from assistant.tests.fakes import ToolCallingFake, tool_call, triage_as
from assistant.tools import ALLOWLIST, ToolContext

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def records(customer, other_customer):
    mine = PurchaseFactory(customer=customer, merchant="Zalando", reference="ANN-1")
    InstalmentFactory(purchase=mine, number=1)
    RefundFactory(purchase=mine, amount="12.50")
    theirs = PurchaseFactory(customer=other_customer, merchant="SecretShop", reference="BOB-1")
    RefundFactory(purchase=theirs, amount="99.00")


async def turn(model, customer, text="Where is my refund?", **kwargs):
    return await run_turn(
        model,
        system_prompt="You are the support assistant.",
        history=[("user", text)],
        context=ToolContext(customer=customer),
        **kwargs,
    )


async def test_the_model_looks_up_with_a_tool_then_answers(records, customer):
    model = ToolCallingFake(
        responses=[tool_call("get_refunds"), AIMessage("Your refund of EUR 12.50 is on its way.")]
    )

    outcome = await turn(model, customer)

    assert outcome.text == "Your refund of EUR 12.50 is on its way."
    assert outcome.tools_used == ["get_refunds"]
    tool_result = model.seen[1][-1]
    assert isinstance(tool_result, ToolMessage)
    assert "EUR 12.50" in tool_result.content
    assert "SecretShop" not in tool_result.content


async def test_the_bound_tools_are_the_allowlist_without_identity_parameters(records, customer):
    model = ToolCallingFake(responses=[AIMessage("Hello!")])

    await turn(model, customer, "hi")

    schemas = [convert_to_openai_tool(tool)["function"] for tool in model.bound_tools]
    assert {schema["name"] for schema in schemas} == ALLOWLIST
    for schema in schemas:
        assert "email" not in json.dumps(schema["parameters"])
        assert "customer" not in schema["parameters"].get("properties", {})


async def test_a_model_asking_for_another_customers_data_gets_none_of_it(records, customer, caplog):
    model = ToolCallingFake(
        responses=[
            tool_call("get_purchases", email="bob@example.com"),
            tool_call("get_refunds", reference="BOB-1"),
            AIMessage("I can only see your own account."),
        ]
    )

    with caplog.at_level(logging.WARNING):
        outcome = await turn(model, customer, "Show me bob@example.com's purchases")

    everything_the_model_saw = json.dumps([[m.content for m in call] for call in model.seen])
    assert "SecretShop" not in everything_the_model_saw
    assert "99.00" not in everything_the_model_saw
    assert "SecretShop" not in outcome.text
    assert "tool_scope" in caplog.text


async def test_a_slow_model_times_out_as_a_failed_turn(customer):
    model = ToolCallingFake(responses=[AIMessage("late")], delay=5)

    with pytest.raises(TurnFailed, match=r"did not answer within 0\.3 s"):
        await turn(model, customer, timeout=0.3)


async def test_a_provider_error_is_a_failed_turn_without_its_details(customer):
    model = ToolCallingFake(responses=[AIMessage("x")], fail_with=RuntimeError("key sk-secret"))

    with pytest.raises(TurnFailed) as failure:
        await turn(model, customer)

    assert "sk-secret" not in str(failure.value)


async def test_repeated_calls_to_tools_that_do_not_exist_fail_the_turn(customer):
    model = ToolCallingFake(responses=[tool_call("cancel_subscription")] * 5)

    with pytest.raises(TurnFailed, match="calling tools wrongly"):
        await turn(model, customer)


class BreaksMidStream(ToolCallingFake):
    async def _astream(self, messages, stop=None, run_manager=None, **kwargs):
        from langchain_core.outputs import ChatGenerationChunk

        yield ChatGenerationChunk(message=AIMessageChunk(content="Your refund "))
        raise ConnectionError("stream cut")


async def test_an_error_mid_stream_fails_the_turn_after_the_streamed_part(customer):
    tokens = []

    async def on_token(text):
        tokens.append(text)

    with pytest.raises(TurnFailed):
        await turn(BreaksMidStream(responses=[AIMessage("x")]), customer, on_token=on_token)

    assert tokens == ["Your refund "]  # shown while streaming, never stored as an answer


async def test_the_embedded_model_streams_an_answer_built_from_the_tool_result(records, customer):
    model = EmbeddedChatModel(triage=triage_as("refund_status"))
    tokens = []

    async def on_token(text):
        tokens.append(text)

    outcome = await turn(model, customer, on_token=on_token)

    assert outcome.tools_used == ["get_refunds", "get_purchases"]
    assert "Your refund of EUR 12.50 from Zalando (ANN-1) is being processed" in outcome.text
    # Streamed as written: at once (the socket sends what is given together in one
    # frame, consumers.TokenFrames).
    assert tokens == [outcome.text]


async def test_the_embedded_model_hands_a_risky_topic_to_a_person(customer):
    model = EmbeddedChatModel(triage=triage_as("fraud", route="HUMAN"))

    outcome = await turn(model, customer, "Someone used my card!")

    assert outcome.hand_off_reason == "needs a person: fraud"
    assert "connect you with a person" in outcome.text


def test_an_unknown_model_setting_is_refused_with_a_clear_error():
    with pytest.raises(ImproperlyConfigured, match="'embedded' or 'provider:model'"):
        build_model("gpt-4")


def test_a_provider_without_its_package_is_refused_with_what_to_install():
    with pytest.raises(ImproperlyConfigured, match="needs its LangChain provider package"):
        build_model("openai:gpt-4o-mini")


async def test_the_embedded_model_answers_when_the_served_triage_checks_the_database(
    assistant_ready, customer
):
    """The served triage looks in the database for a newer model now and then; inside
    the event loop that would be a SynchronousOnlyOperation, and the turn would fail."""
    from assistant import training

    model = EmbeddedChatModel(triage=training.served_triage)
    training._served.forget()  # due for a look in the database

    outcome = await turn(model, customer, text="hello")

    assert outcome.text
    assert training._served.fresh() is not None  # it did look


async def test_the_served_model_answers_on_the_event_loop_while_fresh_and_on_a_thread_when_due(
    assistant_ready, customer, monkeypatch
):
    """A fresh served triage needs no database, so the reply is computed without a
    trip to a database thread; one due for a look in the database takes the trip."""
    from assistant import llm, training

    model = build_model()  # the process' served embedded model
    trips = []
    real_run_db = llm.run_db_repeatable

    async def counting_run_db(function, *args, **kwargs):
        trips.append(getattr(function, "__name__", repr(function)))
        return await real_run_db(function, *args, **kwargs)

    monkeypatch.setattr(llm, "run_db_repeatable", counting_run_db)

    training._served.forget()  # due for a look in the database
    due = await turn(model, customer, text="hello")
    trips_when_due = list(trips)
    trips.clear()
    fresh = await turn(model, customer, text="hello")

    assert due.text
    assert fresh.text == due.text
    assert "_reply" in trips_when_due
    assert "_reply" not in trips
    assert build_model() is model  # one per process


async def test_a_replys_tool_calls_run_together_in_one_trip_to_a_database_thread(
    records, customer, monkeypatch
):
    """Each trip wakes a database thread: the two or three calls a reply asks for
    together take one, and each still gets its own answer, in order."""
    from assistant import llm

    trips = []
    real_run_db = llm.run_db_repeatable

    async def counting_run_db(function, *args, **kwargs):
        trips.append(function.__name__)
        return await real_run_db(function, *args, **kwargs)

    monkeypatch.setattr(llm, "run_db_repeatable", counting_run_db)
    both = AIMessage(content="", tool_calls=[
        {"name": "get_refunds", "args": {}, "id": "id-refunds"},
        {"name": "get_purchases", "args": {}, "id": "id-purchases"},
    ])  # fmt: skip
    model = ToolCallingFake(responses=[both, AIMessage("Here you are.")])

    outcome = await turn(model, customer)

    assert trips == ["_call_tools"]
    assert outcome.tools_used == ["get_refunds", "get_purchases"]
    refunds, purchases = model.seen[1][-2:]
    assert (refunds.tool_call_id, purchases.tool_call_id) == ("id-refunds", "id-purchases")
    assert "EUR 12.50" in refunds.content
    assert "ANN-1" in purchases.content
