"""What staff do to tickets besides talking (tickets.staff): assign and reassign, take
over, change priority, queue and tags, merge, open a ticket for a customer, and all of
it in bulk. Who may do what is decided by role in these functions."""

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from core.tasks import run_ready
from tickets import services, staff
from tickets.errors import (
    InvalidTransition,
    InvalidValue,
    NotAllowed,
    OwnedByColleague,
    TicketClosed,
)
from tickets.models import Message, Priority, Queue, Ticket, TicketEvent

Status, HandledBy, Kind = Ticket.Status, Ticket.HandledBy, TicketEvent.Kind


@pytest.fixture
def waiting(customer, desk):
    """A conversation handed to people, in the queue, nobody's yet."""
    ticket = services.ticket_open(customer=customer, subject="Refund question")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Where is it?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")


def events(ticket, kind):
    return list(ticket.events.filter(kind=kind).order_by("id"))


def last_message(ticket):
    return ticket.messages.order_by("-seq").first()


# --- Assigning ------------------------------------------------------------------------------


def test_an_agent_assigns_a_waiting_ticket_to_themselves(waiting, agent):
    staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)

    waiting.refresh_from_db()
    assert (waiting.assignee, waiting.handled_by) == (agent, HandledBy.AGENT)
    (event,) = events(waiting, Kind.ASSIGNED)
    assert (event.actor, event.data["agent"]) == (agent, agent.pk)
    assert last_message(waiting).body == "Dana from our team has joined."


def test_an_agent_cannot_give_a_ticket_to_a_colleague_and_nothing_changes(
    waiting, agent, colleague
):
    with pytest.raises(NotAllowed, match="Only a supervisor"):
        staff.ticket_assign(ticket=waiting, actor=agent, agent=colleague)

    waiting.refresh_from_db()
    assert waiting.assignee is None
    assert not events(waiting, Kind.ASSIGNED)


def test_an_agent_cannot_take_a_colleagues_ticket_by_assigning(waiting, agent, colleague):
    staff.ticket_assign(ticket=waiting, actor=colleague, agent=colleague)

    with pytest.raises(NotAllowed, match="Lee Colleague has ticket"):
        staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)
    with pytest.raises(NotAllowed):
        staff.ticket_assign(ticket=waiting, actor=agent, queue=Queue.objects.first())
    waiting.refresh_from_db()
    assert waiting.assignee == colleague


def test_a_supervisor_reassigns_from_one_agent_to_another(waiting, supervisor, agent, colleague):
    staff.ticket_assign(ticket=waiting, actor=supervisor, agent=agent)
    staff.ticket_assign(ticket=waiting, actor=supervisor, agent=colleague)

    waiting.refresh_from_db()
    assert waiting.assignee == colleague
    assigned = events(waiting, Kind.ASSIGNED)
    assert [e.data["agent"] for e in assigned] == [agent.pk, colleague.pk]
    assert {e.actor for e in assigned} == {supervisor}
    assert last_message(waiting).body == "Lee from our team has joined."


def test_assigning_to_a_queue_lets_the_owner_go_and_moves_the_ticket(waiting, agent):
    staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)
    vip = Queue.objects.get(name="VIP")

    staff.ticket_assign(ticket=waiting, actor=agent, queue=vip)

    waiting.refresh_from_db()
    assert (waiting.assignee, waiting.handled_by, waiting.queue) == (None, HandledBy.QUEUE, vip)
    (let_go,) = events(waiting, Kind.UNASSIGNED)
    assert let_go.data == {"agent": agent.pk}
    assert events(waiting, Kind.QUEUE_CHANGED)[0].data == {"to": vip.pk}
    assert "passed on to a colleague" in last_message(waiting).body


def test_assigning_the_assistants_conversation_hands_it_to_people(customer, desk, supervisor):
    ticket = services.ticket_open(customer=customer, subject="Question")

    payments = Queue.objects.get(name="Payments and refunds")

    staff.ticket_assign(ticket=ticket, actor=supervisor, queue=payments)

    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.QUEUE
    assert ticket.queue.name == "Payments and refunds"
    assert ticket.handed_off_at is not None
    assert ticket.first_response_due_at is not None
    assert "by Sam Supervisor" in ticket.handoff_reason


def test_giving_the_assistants_conversation_to_a_person_starts_its_clocks(customer, desk, agent):
    ticket = services.ticket_open(customer=customer, subject="Question")

    staff.ticket_assign(ticket=ticket, actor=agent, agent=agent)

    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.AGENT
    assert ticket.handed_off_at is not None
    assert ticket.first_response_due_at is not None


def test_assign_refuses_what_makes_no_sense(waiting, agent, customer):
    with pytest.raises(InvalidValue, match="Choose a person or a queue"):
        staff.ticket_assign(ticket=waiting, actor=agent)
    with pytest.raises(InvalidValue, match="cannot work tickets"):
        staff.ticket_assign(ticket=waiting, actor=agent, agent=customer)
    with pytest.raises(NotAllowed):
        staff.ticket_assign(ticket=waiting, actor=customer, agent=agent)
    services.ticket_solve(ticket=waiting, actor=agent)
    with pytest.raises(InvalidTransition, match="solved"):
        staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)


# --- One voice: taking over -----------------------------------------------------------------


def test_a_colleagues_public_reply_is_refused_but_a_note_is_not(waiting, agent, colleague):
    staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)
    seq = Ticket.objects.get(pk=waiting.pk).last_seq

    with pytest.raises(OwnedByColleague, match="Dana Agent has this conversation"):
        services.agent_reply(ticket=waiting, agent=colleague, body="I can help!")
    note = services.agent_reply(ticket=waiting, agent=colleague, body="FYI", internal=True)

    assert note.is_internal
    assert Ticket.objects.get(pk=waiting.pk).last_seq == seq + 1


def test_taking_over_is_explicit_recorded_and_then_the_reply_goes_out(waiting, agent, colleague):
    staff.ticket_assign(ticket=waiting, actor=agent, agent=agent)

    staff.ticket_take_over(ticket=waiting, actor=colleague)
    reply = services.agent_reply(ticket=waiting, agent=colleague, body="I can help!")

    waiting.refresh_from_db()
    assert waiting.assignee == colleague
    (taken,) = events(waiting, Kind.TAKEN_OVER)
    assert (taken.actor, taken.data) == (colleague, {"agent": agent.pk})
    assert not reply.is_internal
    with pytest.raises(OwnedByColleague):
        services.agent_reply(ticket=waiting, agent=agent, body="Me again")


def test_taking_over_nobodys_ticket_is_a_claim(waiting, agent):
    with pytest.raises(InvalidTransition, match="claim it"):
        staff.ticket_take_over(ticket=waiting, actor=agent)


# --- Priority, queue and tags ------------------------------------------------------------------


def test_change_sets_priority_queue_and_the_whole_set_of_tags(waiting, agent):
    staff.ticket_change(ticket=waiting, actor=agent, tags=["refund", "late"])
    payments = Queue.objects.get(name="Payments and refunds")

    staff.ticket_change(
        ticket=waiting, actor=agent, priority=Priority.URGENT, queue=payments, tags="late, vip"
    )

    waiting.refresh_from_db()
    assert (waiting.priority, waiting.queue) == (Priority.URGENT, payments)
    assert sorted(waiting.tags.values_list("name", flat=True)) == ["late", "vip"]
    assert [e.data["tag"] for e in events(waiting, Kind.TAGGED)] == ["refund", "late", "vip"]
    assert [e.data["tag"] for e in events(waiting, Kind.UNTAGGED)] == ["refund"]
    (priority,) = events(waiting, Kind.PRIORITY_CHANGED)
    assert (priority.actor, priority.data["to"]) == (agent, Priority.URGENT)


def test_a_change_that_changes_nothing_writes_nothing(waiting, agent):
    before = waiting.events.count()

    staff.ticket_change(ticket=waiting, actor=agent, priority=waiting.priority, tags=[])

    assert waiting.events.count() == before


def test_a_bad_tag_is_refused_and_nothing_changes(waiting, agent):
    with pytest.raises(InvalidValue, match='"no way!" is not a tag'):
        staff.ticket_change(ticket=waiting, actor=agent, priority=Priority.HIGH, tags=["no way!"])
    with pytest.raises(InvalidValue, match="Unknown priority"):
        staff.ticket_change(ticket=waiting, actor=agent, priority=99)

    waiting.refresh_from_db()
    assert waiting.priority == Priority.NORMAL
    assert not waiting.tags.exists()


def test_a_closed_ticket_is_not_changed(waiting, agent):
    services.ticket_set_status(ticket=waiting, status=Status.CLOSED, actor=agent)

    with pytest.raises(TicketClosed):
        staff.ticket_change(ticket=waiting, actor=agent, priority=Priority.HIGH)


# --- Merging -------------------------------------------------------------------------------------


def test_merge_closes_the_source_with_a_pointer_and_keeps_every_message(waiting, customer, agent):
    duplicate = services.ticket_open(customer=customer, subject="Refund again")
    services.message_post(
        ticket=duplicate, author_kind=Message.Author.CUSTOMER, author=customer, body="Hello??"
    )
    staff.ticket_change(ticket=duplicate, actor=agent, tags=["angry"])
    seqs = list(duplicate.messages.values_list("seq", "body"))

    target = staff.ticket_merge(source=duplicate, target=waiting, actor=agent)

    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.CLOSED, target)
    assert list(duplicate.messages.values_list("seq", "body"))[: len(seqs)] == seqs
    assert f"merged into request #{waiting.pk}" in last_message(duplicate).body
    assert not last_message(duplicate).is_internal
    assert events(duplicate, Kind.MERGED)[0].data == {"into": waiting.pk}
    assert events(target, Kind.MERGED)[0].data == {"from": duplicate.pk}
    note = last_message(target)
    assert note.is_internal
    assert f"#{duplicate.pk} was merged" in note.body
    assert list(target.tags.values_list("name", flat=True)) == ["angry"]
    assert list(target.merged_tickets.all()) == [duplicate]


def test_merge_refuses_another_customers_ticket_itself_and_closed_ones(
    waiting, customer, other_customer, agent
):
    theirs = services.ticket_open(customer=other_customer, subject="Mine")
    with pytest.raises(InvalidValue, match="same customer"):
        staff.ticket_merge(source=theirs, target=waiting, actor=agent)
    with pytest.raises(InvalidValue, match="into itself"):
        staff.ticket_merge(source=waiting, target=waiting, actor=agent)
    closed = services.ticket_open(customer=customer, subject="Old")
    services.ticket_set_status(ticket=closed, status=Status.CLOSED, actor=agent)
    with pytest.raises(TicketClosed):
        staff.ticket_merge(source=waiting, target=closed, actor=agent)

    waiting.refresh_from_db()
    assert waiting.status == Status.OPEN
    assert waiting.merged_into is None


# --- A ticket for a customer who phoned ------------------------------------------------------


def test_open_for_a_customer_gives_it_to_the_agent_and_writes_to_the_customer(
    customer, desk, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = staff.ticket_open_for_customer(
            customer=customer, actor=agent, subject="Phone: card declined",
            body="As we discussed on the phone, I am looking into it.", priority=Priority.HIGH,
        )  # fmt: skip

    ticket.refresh_from_db()
    assert (ticket.customer, ticket.assignee, ticket.handled_by) == (customer, agent, "agent")
    assert ticket.priority == Priority.HIGH
    assert ticket.first_responded_at is not None
    (created,) = events(ticket, Kind.CREATED)
    assert created.actor == agent
    message = last_message(ticket)
    assert (message.author, message.is_internal) == (agent, False)
    run_ready()
    assert mail.outbox
    assert mail.outbox[0].to == [customer.email]


def test_open_for_a_customer_with_a_note_starts_the_first_response_clock(customer, desk, agent):
    ticket = staff.ticket_open_for_customer(
        customer=customer, actor=agent, subject="Phone call", body="Called about fees",
        internal=True,
    )  # fmt: skip

    ticket.refresh_from_db()
    assert last_message(ticket).is_internal
    assert ticket.first_responded_at is None
    assert ticket.first_response_due_at is not None
    run_ready()
    assert not mail.outbox


def test_open_for_a_customer_refuses_staff_and_a_blank_subject(customer, agent, colleague, desk):
    with pytest.raises(InvalidValue, match="customer accounts"):
        staff.ticket_open_for_customer(customer=colleague, actor=agent, subject="x", body="y")
    with pytest.raises(InvalidValue, match="subject"):
        staff.ticket_open_for_customer(customer=customer, actor=agent, subject=" ", body="y")
    assert not Ticket.objects.exists()


# --- In bulk ------------------------------------------------------------------------------------


def test_bulk_does_what_it_may_and_says_why_not_for_the_rest(customer, desk, agent, colleague):
    mine, free, theirs = (
        services.ticket_hand_off(
            ticket=services.ticket_open(customer=customer, subject=f"T{n}"), reason="asked"
        )
        for n in range(3)
    )
    staff.ticket_assign(ticket=theirs, actor=colleague, agent=colleague)
    staff.ticket_assign(ticket=mine, actor=agent, agent=agent)

    result = staff.tickets_bulk_change(
        tickets=[mine.pk, free.pk, theirs.pk, 999999], actor=agent, agent=agent,
        priority=Priority.HIGH, add_tags=["batch"],
    )  # fmt: skip

    assert result.done == [mine.pk, free.pk]
    assert set(result.refused) == {theirs.pk, 999999}
    assert "only a supervisor" in result.refused[theirs.pk]
    assert Ticket.objects.get(pk=free.pk).assignee == agent
    assert Ticket.objects.get(pk=theirs.pk).priority == Priority.NORMAL
    assert list(Ticket.objects.get(pk=mine.pk).tags.values_list("name", flat=True)) == ["batch"]


def test_bulk_refuses_an_empty_or_oversized_request(waiting, agent):
    with pytest.raises(InvalidValue, match="Choose what to change"):
        staff.tickets_bulk_change(tickets=[waiting.pk], actor=agent)
    with pytest.raises(InvalidValue, match="at least one"):
        staff.tickets_bulk_change(tickets=[], actor=agent, priority=Priority.HIGH)
    with pytest.raises(InvalidValue, match="At most"):
        staff.tickets_bulk_change(
            tickets=range(1, staff.BULK_LIMIT + 2), actor=agent, priority=Priority.HIGH
        )


def test_the_people_tickets_can_be_given_to(agent, supervisor, superuser, customer):
    UserFactory(email="intern@example.com", is_staff=True)  # staff, but no role

    assert set(staff.staff_who_work()) == {agent, supervisor, superuser}
