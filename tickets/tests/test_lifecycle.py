"""A ticket's life: opened by the assistant's conversation, handed to a person,
claimed, answered, waiting on the customer, solved, rated, reopened, closed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core.tasks import run_ready
from tickets import services
from tickets.errors import InvalidTransition, NotAllowed, TicketClosed
from tickets.models import Message, Ticket, TicketEvent

Status, HandledBy, Kind = Ticket.Status, Ticket.HandledBy, TicketEvent.Kind


def kinds(ticket):
    return list(ticket.events.values_list("kind", flat=True))


def customer_says(ticket, text, client_msg_id=None):
    message, _ = services.message_post(
        ticket=ticket,
        author_kind=Message.Author.CUSTOMER,
        author=ticket.customer,
        body=text,
        client_msg_id=client_msg_id,
    )
    return message


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Refund question")
    customer_says(ticket, "Where is my refund?")
    return ticket


def test_a_new_conversation_starts_with_the_assistant(ticket):
    assert ticket.status == Status.OPEN
    assert ticket.handled_by == HandledBy.AI
    assert ticket.last_seq == 1
    assert kinds(ticket) == [Kind.CREATED]


def test_hand_off_puts_the_ticket_in_the_default_queue_with_sla_and_a_system_message(ticket):
    services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")

    assert ticket.handled_by == HandledBy.QUEUE
    assert ticket.queue.name == "General"
    assert ticket.sla_policy.name == "Standard"
    assert ticket.first_response_due_at is not None
    assert ticket.sla_due_at == ticket.first_response_due_at
    system = ticket.messages.get(seq=2)
    assert system.author_kind == Message.Author.SYSTEM
    assert "A person from our team" in system.body
    assert Kind.HANDED_OFF in kinds(ticket)


def test_hand_off_twice_hands_off_once(ticket):
    services.ticket_hand_off(ticket=ticket, reason="first")
    services.ticket_hand_off(ticket=ticket, reason="again")

    assert kinds(ticket).count(Kind.HANDED_OFF) == 1
    assert ticket.handoff_reason == "first"
    assert ticket.messages.filter(author_kind=Message.Author.SYSTEM).count() == 1


def test_claim_then_first_reply_stamps_the_first_response(ticket, agent):
    services.ticket_hand_off(ticket=ticket, reason="asked")
    services.ticket_claim(ticket=ticket, agent=agent)

    assert ticket.assignee == agent
    assert ticket.handled_by == HandledBy.AGENT
    services.agent_reply(ticket=ticket, agent=agent, body="Hi Ann, it is on its way.")

    ticket.refresh_from_db()
    assert ticket.first_responded_at is not None
    assert ticket.sla_due_at == ticket.resolution_due_at
    assert kinds(ticket)[-1] == Kind.CLAIMED


def test_an_internal_note_is_no_response_and_never_emailed(ticket, agent):
    services.ticket_hand_off(ticket=ticket, reason="asked")
    services.ticket_claim(ticket=ticket, agent=agent)

    note = services.agent_reply(ticket=ticket, agent=agent, body="Checked the PSP", internal=True)

    ticket.refresh_from_db()
    assert note.is_internal
    assert ticket.first_responded_at is None
    run_ready()
    assert mail.outbox == []


def test_agent_reply_to_an_away_customer_is_emailed(
    ticket, agent, django_capture_on_commit_callbacks
):
    Ticket.objects.filter(pk=ticket.pk).update(
        customer_last_seen_at=timezone.now() - timedelta(minutes=10)
    )
    services.ticket_hand_off(ticket=ticket, reason="asked")

    with django_capture_on_commit_callbacks(execute=True):
        services.agent_reply(ticket=ticket, agent=agent, body="Your refund left today.")

    run_ready()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ticket.customer.email]
    assert "Your refund left today." in mail.outbox[0].body


def test_agent_reply_to_a_customer_who_is_here_is_not_emailed(
    ticket, agent, django_capture_on_commit_callbacks
):
    services.ticket_seen_by_customer(ticket=ticket)

    with django_capture_on_commit_callbacks(execute=True):
        services.agent_reply(ticket=ticket, agent=agent, body="Hello!")

    run_ready()
    assert mail.outbox == []


def test_replying_takes_the_conversation_from_the_assistant(ticket, agent):
    services.agent_reply(ticket=ticket, agent=agent, body="I'll take this one.")

    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.AGENT
    assert ticket.assignee == agent


def test_pending_ticket_reopens_when_the_customer_writes(ticket, agent):
    services.ticket_hand_off(ticket=ticket, reason="asked")
    services.ticket_claim(ticket=ticket, agent=agent)
    services.agent_reply(ticket=ticket, agent=agent, body="Can you send the order number?")
    services.ticket_set_status(ticket=ticket, status=Status.PENDING, actor=agent)

    customer_says(ticket, "It is DEMO-011")

    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.next_response_due_at is not None


def test_solve_rate_and_reopen_within_the_window(ticket, agent, customer):
    services.ticket_solve(ticket=ticket, actor=agent)
    services.csat_record(ticket=ticket, customer=customer, score=5, comment="Quick!")

    assert ticket.rating.score == 5
    services.ticket_reopen(ticket=ticket, customer=customer)
    assert ticket.status == Status.OPEN
    assert ticket.solved_at is None


def test_reopen_after_the_window_is_refused(ticket, agent, customer):
    services.ticket_solve(ticket=ticket, actor=agent)
    Ticket.objects.filter(pk=ticket.pk).update(solved_at=timezone.now() - timedelta(days=30))
    ticket.refresh_from_db()

    with pytest.raises(InvalidTransition, match="more than 7 days"):
        services.ticket_reopen(ticket=ticket, customer=customer)


def test_only_the_owner_rates_and_only_once_solved(ticket, customer, other_customer, agent):
    with pytest.raises(InvalidTransition):
        services.csat_record(ticket=ticket, customer=customer, score=4)
    services.ticket_solve(ticket=ticket, actor=agent)
    with pytest.raises(NotAllowed):
        services.csat_record(ticket=ticket, customer=other_customer, score=1)
    with pytest.raises(InvalidTransition):
        services.csat_record(ticket=ticket, customer=customer, score=9)


def test_a_closed_ticket_takes_no_more_messages_or_changes(ticket, agent):
    services.ticket_set_status(ticket=ticket, status=Status.CLOSED, actor=agent)

    with pytest.raises(TicketClosed):
        customer_says(ticket, "Hello?")
    with pytest.raises(InvalidTransition):
        services.ticket_set_status(ticket=ticket, status=Status.OPEN, actor=agent)
    assert ticket.last_seq == 1


def test_hand_back_returns_the_conversation_to_the_assistant(ticket, agent):
    services.ticket_hand_off(ticket=ticket, reason="asked")
    services.ticket_claim(ticket=ticket, agent=agent)

    services.ticket_hand_back(ticket=ticket, actor=agent)

    assert ticket.handled_by == HandledBy.AI
    assert ticket.assignee is None
    assert ticket.sla_due_at is None
    assert kinds(ticket)[-1] == Kind.HANDED_BACK


def test_customers_cannot_act_as_staff(ticket, customer):
    with pytest.raises(NotAllowed):
        services.ticket_claim(ticket=ticket, agent=customer)
    with pytest.raises(NotAllowed):
        services.agent_reply(ticket=ticket, agent=customer, body="I am staff, honest")


def test_empty_and_oversized_messages_are_refused_and_change_nothing(ticket):
    for body in ["", "   ", "x" * (services.MAX_BODY_CHARS + 1)]:
        with pytest.raises(InvalidTransition):
            customer_says(ticket, body)

    ticket.refresh_from_db()
    assert ticket.last_seq == 1
    assert ticket.messages.count() == 1


def test_a_resend_with_the_same_client_id_is_stored_once(ticket):
    first = customer_says(ticket, "Are you there?", client_msg_id="c-1")
    again = customer_says(ticket, "Are you there?", client_msg_id="c-1")

    assert first.pk == again.pk
    assert ticket.messages.count() == 2
    ticket.refresh_from_db()
    assert ticket.last_seq == 2
