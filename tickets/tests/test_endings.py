"""How a conversation ends and why it went to a person, each recorded once: the
customer's "That solved it", an agent's solve, the monitor's idle solve and its close
after the reopen window; the hand-off's code; a rating stored once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets import monitor, services
from tickets.errors import AlreadyRated, InvalidTransition
from tickets.models import Ending, HandOffCode, Message, Ticket, TicketEvent
from tickets.rules import Signals

Status, HandledBy, Kind = Ticket.Status, Ticket.HandledBy, TicketEvent.Kind


def says(ticket, author_kind, text, author=None):
    services.message_post(ticket=ticket, author_kind=author_kind, author=author, body=text)


@pytest.fixture
def answered(customer, desk):
    """A conversation the assistant answered."""
    ticket = services.ticket_open(customer=customer, subject="Next payment")
    says(ticket, Message.Author.CUSTOMER, "when is my next payment?", customer)
    says(ticket, Message.Author.ASSISTANT, "On 10 December, EUR 50.")
    ticket.refresh_from_db()
    return ticket


def ending_of(ticket):
    ticket.refresh_from_db()
    event = ticket.events.filter(kind=Kind.STATUS_CHANGED).last()
    closing = ticket.messages.order_by("seq").last()
    return ticket.status, ticket.ended_by, event.data.get("ended_by"), closing


def test_the_customer_ends_their_conversation(answered, customer):
    services.conversation_resolve(customer=customer, conversation=answered.pk)

    status, ended_by, on_timeline, closing = ending_of(answered)
    assert (status, ended_by, on_timeline) == (Status.SOLVED, Ending.CUSTOMER, Ending.CUSTOMER)
    assert closing.author_kind == Message.Author.SYSTEM
    assert not closing.is_internal
    assert "marked this conversation as solved" in closing.body


def test_a_customer_cannot_end_another_customers_conversation(answered, other_customer):
    with pytest.raises(InvalidTransition):
        services.conversation_resolve(customer=other_customer, conversation=answered.pk)
    answered.refresh_from_db()
    assert answered.status == Status.OPEN


def test_an_ended_conversation_cannot_be_ended_again(answered, customer):
    services.conversation_resolve(customer=customer, conversation=answered.pk)
    with pytest.raises(InvalidTransition):
        services.conversation_resolve(customer=customer, conversation=answered.pk)
    assert answered.messages.filter(author_kind=Message.Author.SYSTEM).count() == 1


def test_an_agents_solve_says_who_solved_it(answered, agent):
    services.ticket_hand_off(ticket=answered, reason="asked", code=HandOffCode.ASKED)
    services.ticket_claim(ticket=answered, agent=agent)

    services.ticket_solve(ticket=answered, actor=agent)

    status, ended_by, on_timeline, closing = ending_of(answered)
    assert (status, ended_by, on_timeline) == (Status.SOLVED, Ending.AGENT, Ending.AGENT)
    assert closing.body.startswith(f"{agent.get_short_name()} marked this conversation")


def test_the_monitor_solves_an_answered_conversation_left_idle(answered, settings):
    settings.CHAT_IDLE_SOLVE_MINUTES = 60
    soon, later = timezone.now() + timedelta(minutes=30), timezone.now() + timedelta(minutes=61)

    assert monitor.tick(now=soon) == 0
    assert monitor.tick(now=later) == 1
    assert monitor.tick(now=later) == 0  # once

    status, ended_by, on_timeline, closing = ending_of(answered)
    assert (status, ended_by, on_timeline) == (Status.SOLVED, Ending.IDLE, Ending.IDLE)
    assert "a new message starts a new conversation" in closing.body


def test_the_monitor_leaves_a_conversation_waiting_for_an_answer_or_a_person(
    answered, customer, desk
):
    unanswered = services.ticket_open(customer=customer, subject="Refund")
    says(unanswered, Message.Author.CUSTOMER, "where is my refund?", customer)
    with_people = services.ticket_open(customer=customer, subject="Fraud")
    says(with_people, Message.Author.CUSTOMER, "someone used my card", customer)
    services.ticket_hand_off(ticket=with_people, reason="fraud", code=HandOffCode.RISKY_TOPIC)
    later = timezone.now() + timedelta(days=1)

    assert monitor.solve_idle(now=later) == 1  # the answered one only

    for ticket in (unanswered, with_people):
        ticket.refresh_from_db()
        assert ticket.status == Status.OPEN


def test_a_solved_conversation_is_closed_once_it_can_no_longer_be_reopened(answered, customer):
    services.conversation_resolve(customer=customer, conversation=answered.pk)

    assert monitor.close_past_reopening(now=timezone.now() + timedelta(days=6)) == 0
    assert monitor.close_past_reopening(now=timezone.now() + timedelta(days=8)) == 1

    answered.refresh_from_db()
    assert answered.status == Status.CLOSED


def test_a_rating_is_stored_once(answered, customer):
    services.conversation_resolve(customer=customer, conversation=answered.pk)
    services.csat_record(ticket=answered, customer=customer, score=4, comment="fine")

    with pytest.raises(AlreadyRated):
        services.csat_record(ticket=answered, customer=customer, score=1)

    answered.refresh_from_db()
    assert (answered.rating.score, answered.rating.comment) == (4, "fine")
    assert answered.events.filter(kind=Kind.RATED).count() == 1


def test_every_hand_off_records_its_code(answered, customer, desk):
    asked = services.ticket_request_person(customer=customer, conversation=answered.pk)
    assert asked.handoff_code == HandOffCode.ASKED
    event = asked.events.filter(kind=Kind.HANDED_OFF).get()
    assert event.data == {"reason": "customer asked for a person", "code": "asked"}

    risky = services.ticket_open(customer=customer, subject="Card")
    decision = services.ticket_apply_triage(
        ticket=risky, signals=Signals(text="someone used my card", intent="fraud",
                                      intent_confidence=0.95),
    )  # fmt: skip
    risky.refresh_from_db()
    assert decision.hand_off
    assert risky.handoff_code == HandOffCode.RISKY_TOPIC


def test_a_request_for_a_person_by_rule_is_coded_asked(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Help")
    services.ticket_apply_triage(
        ticket=ticket, signals=Signals(text="agent please", explicit_human_request=True)
    )
    ticket.refresh_from_db()
    assert ticket.handoff_code == HandOffCode.ASKED


def test_a_card_report_is_urgent_and_tells_the_customer_to_block_the_card(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Card")
    says(ticket, Message.Author.CUSTOMER, "i lost my wallet with my card in it", customer)

    services.ticket_apply_triage(
        ticket=ticket, signals=Signals(text="i lost my wallet", intent="lost_card",
                                       intent_confidence=0.97),
    )  # fmt: skip

    ticket.refresh_from_db()
    assert (ticket.handled_by, ticket.priority, ticket.queue.name) == (HandledBy.QUEUE, 4, "Risk")
    [told] = ticket.messages.filter(author_kind=Message.Author.SYSTEM)
    assert told.body.startswith("A person from our team will take over")
    assert "block your card now" in told.body
    assert "/help/lost-or-stolen-card/" in told.body
    assert ticket.tags.filter(name="card").exists()


def test_a_hand_off_for_another_topic_says_only_when(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Job")
    services.ticket_apply_triage(
        ticket=ticket, signals=Signals(text="i lost my job", intent="hardship",
                                       intent_confidence=0.97),
    )  # fmt: skip
    [told] = Ticket.objects.get(pk=ticket.pk).messages.filter(author_kind=Message.Author.SYSTEM)
    assert "block your card" not in told.body
    assert Ticket.objects.get(pk=ticket.pk).priority == 3


def test_an_assistant_failure_after_the_customer_ended_reopens_nothing(answered, customer):
    services.conversation_resolve(customer=customer, conversation=answered.pk)

    services.ticket_hand_off(
        ticket=answered.pk, reason="the assistant failed", code=HandOffCode.ASSISTANT_FAILED
    )

    answered.refresh_from_db()
    assert (answered.status, answered.handled_by) == (Status.SOLVED, HandledBy.AI)


def test_the_tickets_page_shows_a_rating_given_and_no_form_to_rate_again(
    answered, customer, client
):
    services.conversation_resolve(customer=customer, conversation=answered.pk)
    client.force_login(customer)
    page = client.get(f"/tickets/{answered.pk}/").content.decode()
    assert "Send rating" in page

    services.csat_record(ticket=answered, customer=customer, score=4)

    page = client.get(f"/tickets/{answered.pk}/").content.decode()
    assert "You rated this 4 out of 5" in page
    assert "Send rating" not in page
