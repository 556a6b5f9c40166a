"""The start of an assistant turn in one statement (PostgreSQL): the same effects as
the general path (triage recorded, the matched rules' event, a pending turn, the recent
conversation), and nothing at all when the ticket changed or the rules would change it."""

import pytest
from django.db import connection

from assistant.engine import HISTORY_MESSAGES, _begin, signals_for
from assistant.llm import EmbeddedChatModel
from assistant.models import AssistantTurn
from assistant.tests.fakes import triage_as, triaged
from assistant.turns import turn_begin_quickly
from tickets import services
from tickets.models import EscalationRule, Message, Priority, Ticket, TicketEvent

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement start is PostgreSQL's"
)


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Chat")
    for author_kind, body in [("customer", "hi"), ("assistant", "Hello!"), ("customer", "fees?")]:
        services.message_post(ticket=ticket, author_kind=author_kind, body=body,
                              author=customer if author_kind == "customer" else None)  # fmt: skip
    services.message_post(ticket=ticket, author_kind=Message.Author.AGENT, body="internal note",
                          is_internal=True)  # fmt: skip
    return Ticket.objects.get(pk=ticket.pk)


def offer_a_person_on(intent: str) -> EscalationRule:
    return EscalationRule.objects.create(name=f"Offer on {intent}", position=1,
                                         intents=[intent], offer_human=True)  # fmt: skip


@on_postgresql
def test_one_statement_records_the_triage_starts_the_turn_and_reads_the_conversation(ticket):
    offer_a_person_on("fees")
    signals = signals_for("fees?", triaged("fees", sentiment=-0.25))

    decision, turn_id, recent = turn_begin_quickly(ticket, signals, recent=HISTORY_MESSAGES)

    assert decision.offer_human
    assert decision.matched == ["Offer on fees"]
    assert recent == [("customer", "hi"), ("assistant", "Hello!"), ("customer", "fees?")]
    assert AssistantTurn.objects.get(pk=turn_id).state == AssistantTurn.State.PENDING
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.intent, stored.sentiment) == ("fees", -0.25)
    assert (ticket.intent, ticket.updated_at) == ("fees", stored.updated_at)
    event = stored.events.get(kind=TicketEvent.Kind.RULE_MATCHED)
    assert event.data == {"rules": ["Offer on fees"]}


@on_postgresql
def test_only_the_most_recent_messages_are_read_oldest_first(ticket):
    _, _, recent = turn_begin_quickly(ticket, signals_for("x", triaged("fees")), recent=2)

    assert recent == [("assistant", "Hello!"), ("customer", "fees?")]


@on_postgresql
def test_nothing_is_done_when_the_ticket_changed_since_it_was_read(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(priority=Priority.HIGH)

    started = turn_begin_quickly(ticket, signals_for("fees?", triaged("fees")), recent=12)

    assert started is None
    assert not AssistantTurn.objects.exists()
    assert Ticket.objects.get(pk=ticket.pk).intent != "fees"


@on_postgresql
def test_nothing_is_done_when_a_rule_would_change_the_ticket(ticket):
    EscalationRule.objects.create(name="Fees to a person", position=1, intents=["fees"],
                                  hand_off=True)  # fmt: skip

    assert turn_begin_quickly(ticket, signals_for("fees?", triaged("fees")), recent=12) is None
    assert not AssistantTurn.objects.exists()


def test_the_general_path_does_the_same_when_the_quick_one_cannot(ticket):
    # A change since the ticket was read (or SQLite): the turn starts all the same.
    Ticket.objects.filter(pk=ticket.pk).update(priority=Priority.HIGH)
    triage = triage_as("fees")

    start = _begin(ticket, "fees?", triage, EmbeddedChatModel(triage=triage))

    assert AssistantTurn.objects.get(pk=start.turn_id).state == AssistantTurn.State.PENDING
    assert start.history[-1] == ("user", "fees?")
    assert Ticket.objects.get(pk=ticket.pk).intent == "fees"
