"""The start of an assistant turn (tickets.chat.turn_begin): triage recorded, the
matched rules' event, the recent conversation; decided on the copy the caller holds
when the rules change nothing else, and on the locked row when they do or when the row
moved on. Both ways leave the same result."""

import pytest

from assistant.engine import signals_for
from assistant.tests.fakes import triaged
from tickets import chat, services
from tickets.models import EscalationRule, Message, Priority, Ticket, TicketEvent


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


@pytest.fixture(params=["current", "stale"])
def held(request, ticket):
    """The copy the caller holds: as the row is, or read before another write."""
    if request.param == "stale":
        Ticket.objects.filter(pk=ticket.pk).update(priority=Priority.HIGH)
    return ticket


def test_the_triage_is_recorded_and_the_conversation_read(held):
    offer_a_person_on("fees")
    signals = signals_for("fees?", triaged("fees", sentiment=-0.25))

    begun = chat.turn_begin(held, signals, through_seq=3, recent=12)

    assert begun.decision.offer_human
    assert begun.decision.matched == ["Offer on fees"]
    assert begun.history == [("customer", "hi"), ("assistant", "Hello!"), ("customer", "fees?")]
    stored = Ticket.objects.get(pk=held.pk)
    assert (stored.intent, stored.sentiment) == ("fees", -0.25)
    assert (begun.ticket.intent, begun.ticket.version) == ("fees", stored.version)
    event = stored.events.get(kind=TicketEvent.Kind.RULE_MATCHED)
    assert event.data == {"rules": ["Offer on fees"]}


def test_a_current_copy_is_written_without_a_lock(ticket, monkeypatch):
    locks = []
    real = services._locked
    monkeypatch.setattr(services, "_locked", lambda *a, **k: locks.append(a) or real(*a, **k))

    chat.turn_begin(ticket, signals_for("fees?", triaged("fees")), through_seq=3, recent=12)

    assert locks == []
    assert Ticket.objects.get(pk=ticket.pk).intent == "fees"


def test_only_the_most_recent_messages_up_to_the_turns_own_are_read_oldest_first(ticket):
    begun = chat.turn_begin(ticket, signals_for("x", triaged("fees")), through_seq=2, recent=2)

    assert begun.history == [("customer", "hi"), ("assistant", "Hello!")]


def test_a_rule_that_hands_off_is_carried_out_and_nothing_is_read(held):
    EscalationRule.objects.create(name="Fees to a person", position=1, intents=["fees"],
                                  hand_off=True)  # fmt: skip

    begun = chat.turn_begin(held, signals_for("fees?", triaged("fees")), through_seq=3, recent=12)

    assert begun.history == []
    assert begun.ticket.handled_by == Ticket.HandledBy.QUEUE
    assert Ticket.objects.get(pk=held.pk).handled_by == Ticket.HandledBy.QUEUE
