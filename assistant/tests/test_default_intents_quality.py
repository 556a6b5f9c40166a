"""The default intents teach the triage to tell routine questions from those a person
must handle, on messages written the way customers write and not among the examples:
typos, no capitals, shop names, order references, and near misses between a routine
intent and a HUMAN one."""

import pytest

from assistant.default_intents import INTENTS
from assistant.tests.conftest import is_a_default_example

ROUTES = {name: route for name, route, _, _ in INTENTS}

# (message, intent): none of these is an example.
ROUTINE_MESSAGES = [
    ("hiya when do u take my next instalment", "next_payment"),
    ("how much is coming out next for the ikea kitchen", "next_payment"),
    ("did the paymnt on monday go thru or not", "payment_status"),
    ("am i all caught up or do i owe anything late", "payment_status"),
    ("how much is left on my decathlon thing", "balance"),
    ("what would it cost to pay off DEMO-019 completely today", "balance"),
    ("whats the status of DEMO-012", "purchases"),
    ("can u list all my orders", "purchases"),
    ("wheres my refnd", "refund_status"),
    ("is someone checking my refund", "refund_status"),
    ("I sent back the jeans on monday, do I still pay the instalment due thursday?", "returns"),
    ("returned it, do the paymnts stop now", "returns"),
    ("the jacket was faulty, the shop took it back and refunded me, how much", "refund_status"),
    ("once i get refunded do the instalments stop automatically", "returns"),
    ("can i just pay the whole lot off now myself", "how_to_pay"),
    ("do u take bank transfer", "how_to_pay"),
    ("what happens if im late paying", "fees"),
    ("is it possible to push my payment to next month?", "change_payment_date"),
    ("how do i change my emial", "account_details"),
    ("how much is vip a month", "vip"),
    ("hey there!", "greeting"),
    ("thanks so much", "thanks"),
    ("what's the weather like in madrid", "oos"),
    ("what time do you close on fridays", "contact_us"),
    ("what day will my parcel come", "not_ours"),
    ("does buying with you lower my credit score", "not_ours"),
]
HUMAN_MESSAGES = [
    ("theres a purchase from apple i never made", "fraud"),
    ("lost my card on the bus", "lost_card"),
    ("i got fired and cant pay this month", "hardship"),
    ("the h&m parcel never turned up and they dont reply", "dispute"),
    ("you took the payment twice this month", "dispute"),
    ("the shoes arrived damaged and the shop refuses to refund me", "dispute"),
    ("this is completely unacceptable service", "complaint"),
    ("my father died last week and had payments with you", "bereavement"),
    ("got a letter from a debt collection agency", "legal"),
    ("pls cancel the rest of my payments", "account_action"),
    ("my card expired how do i put in my new one", "account_action"),
    ("remove the late fee from my account", "account_action"),
    ("can i talk to a real person", "human_agent"),
]


@pytest.fixture
def model(default_triage):
    return default_triage


def test_every_intent_has_a_route_and_oos_is_routine():
    assert set(ROUTES.values()) <= {"ROUTINE", "HUMAN"}
    assert ROUTES["oos"] == "ROUTINE"


def test_no_message_here_is_an_example():
    for text, _ in ROUTINE_MESSAGES + HUMAN_MESSAGES:
        assert not is_a_default_example(text), text


def test_held_out_figures_are_good(model):
    held_out = model.info["held_out"]

    assert held_out["intent_accuracy"] >= 0.75
    assert held_out["human_recall"] >= 0.99
    assert held_out["routine_kept"] >= 0.75


@pytest.mark.parametrize(("text", "intent"), ROUTINE_MESSAGES)
def test_routine_questions_are_recognised_and_not_handed_off(model, text, intent):
    result = model.triage(text)

    assert result.intent == intent
    assert result.route == "ROUTINE"


@pytest.mark.parametrize(("text", "intent"), HUMAN_MESSAGES)
def test_what_a_person_must_handle_goes_to_a_person(model, text, intent):
    result = model.triage(text)

    assert result.intent == intent
    assert result.route == "HUMAN"
