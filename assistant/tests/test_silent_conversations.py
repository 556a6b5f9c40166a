"""A customer message the assistant never began to answer (the process died between
the ack and the turn's first write) is found by the monitor and handed to a person,
once; conversations that were answered or are being answered are left alone."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from assistant.models import AssistantTurn
from assistant.turns import sweep_silent
from tickets import chat, services
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def unanswered(customer, desk, settings):
    """A conversation whose last message is the customer's, with no turn begun."""
    settings.ASSISTANT_TIMEOUT = 20
    ticket = services.ticket_open(customer=customer, subject="Chat")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="hi?"
    )
    return ticket


def in_seconds(seconds: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(seconds=seconds)


def hand_offs(ticket) -> int:
    return ticket.events.filter(kind=TicketEvent.Kind.HANDED_OFF).count()


def test_an_unanswered_message_is_handed_to_a_person_once_past_the_turns_bound(unanswered):
    assert sweep_silent(now=in_seconds(49)) == 0  # a turn may still be on its way
    assert sweep_silent(now=in_seconds(51)) == 1
    assert sweep_silent(now=in_seconds(52)) == 0

    unanswered.refresh_from_db()
    assert unanswered.handled_by == Ticket.HandledBy.QUEUE
    assert unanswered.handoff_reason == "the assistant did not answer"
    assert hand_offs(unanswered) == 1


def test_the_monitor_command_finds_unanswered_conversations(unanswered):
    Ticket.objects.filter(pk=unanswered.pk).update(
        last_customer_message_at=timezone.now() - dt.timedelta(minutes=5)
    )

    call_command("run_sla_monitor", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    unanswered.refresh_from_db()
    assert unanswered.handled_by == Ticket.HandledBy.QUEUE


def test_a_conversation_the_assistant_answered_is_left_alone(unanswered):
    chat.turn_end(unanswered, body="Hello! How can I help?")

    assert sweep_silent(now=in_seconds(120)) == 0


def test_a_conversation_whose_turn_began_is_left_to_the_turn_sweep(unanswered):
    AssistantTurn.objects.create(ticket=unanswered)

    assert sweep_silent(now=in_seconds(120)) == 0


def test_a_new_customer_message_after_an_answer_counts_again(unanswered, customer):
    chat.turn_end(unanswered, body="Hello! How can I help?")
    services.message_post(
        ticket=unanswered, author_kind=Message.Author.CUSTOMER, author=customer, body="and?"
    )

    assert sweep_silent(now=in_seconds(51)) == 1


def test_an_internal_note_is_not_an_answer(unanswered, agent):
    services.message_post(
        ticket=unanswered, author_kind=Message.Author.AGENT, author=agent, body="odd one",
        is_internal=True,
    )  # fmt: skip

    assert sweep_silent(now=in_seconds(51)) == 1
