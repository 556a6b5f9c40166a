"""The agent's one-click mark with a solve: "the assistant could have handled this"
(a needless hand-off in the reports). Through the one service that solves, from the
ticket page and the API; kept on the ticket and on its timeline."""

import pytest
from rest_framework.test import APIClient

from tickets import services
from tickets.admin_display import buttons, event_summary
from tickets.errors import InvalidTransition, NotAllowed
from tickets.models import Message, Ticket, TicketEvent

Status, Kind = Ticket.Status, TicketEvent.Kind


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Next payment")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="When?"
    )
    return services.ticket_hand_off(ticket=ticket, reason="customer asked for a person")


def solve_event(ticket):
    return TicketEvent.objects.filter(ticket=ticket, kind=Kind.STATUS_CHANGED).last()


def test_the_ticket_page_offers_the_mark_beside_solve(ticket, agent):
    offered = [action for action, _ in buttons(ticket, agent)]

    assert offered[offered.index("solve") + 1] == "solve_assistant_could_have"


def test_one_click_on_the_ticket_page_solves_and_marks(client, agent, ticket):
    client.force_login(agent)

    response = client.post(
        f"/admin/tickets/ticket/{ticket.pk}/work/",
        {"action": "solve_assistant_could_have"},
        follow=True,
    )

    ticket.refresh_from_db()
    assert (ticket.status, ticket.ended_by) == (Status.SOLVED, "agent")
    assert ticket.assistant_could_have_handled is True
    assert solve_event(ticket).data == {
        "from": "open", "to": "solved", "ended_by": "agent", "assistant_could_have_handled": True,
    }  # fmt: skip
    page = response.content.decode()
    assert "marked: the assistant could have handled it" in page
    assert "Solved (the assistant could have handled it)" in page  # the timeline


def test_a_plain_solve_does_not_mark(client, agent, ticket):
    client.force_login(agent)

    client.post(f"/admin/tickets/ticket/{ticket.pk}/work/", {"action": "solve"})

    ticket.refresh_from_db()
    assert (ticket.status, ticket.assistant_could_have_handled) == (Status.SOLVED, False)
    assert "assistant_could_have_handled" not in solve_event(ticket).data


def test_the_api_solves_with_the_mark(agent, ticket):
    api = APIClient()
    api.force_authenticate(agent)

    response = api.post(
        f"/api/tickets/{ticket.pk}/status/",
        {"status": "solved", "assistant_could_have_handled": True},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["assistant_could_have_handled"] is True
    ticket.refresh_from_db()
    assert ticket.assistant_could_have_handled is True


def test_the_api_refuses_the_mark_without_a_solve(agent, ticket):
    api = APIClient()
    api.force_authenticate(agent)

    response = api.post(
        f"/api/tickets/{ticket.pk}/status/",
        {"status": "pending", "assistant_could_have_handled": True},
        format="json",
    )

    assert response.status_code == 409
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assistant_could_have_handled) == (Status.OPEN, False)


def test_only_staff_mark_and_only_with_a_solve(ticket, customer, agent):
    with pytest.raises(NotAllowed):
        services.ticket_solve(ticket=ticket, actor=customer, assistant_could_have_handled=True)
    with pytest.raises(InvalidTransition):
        services.ticket_set_status(
            ticket=ticket, status=Status.CLOSED, actor=agent, assistant_could_have_handled=True
        )


def test_a_later_solve_without_the_mark_takes_it_back(ticket, agent, customer):
    services.ticket_solve(ticket=ticket, actor=agent, assistant_could_have_handled=True)
    services.ticket_reopen(ticket=ticket, customer=customer)

    services.ticket_solve(ticket=ticket, actor=agent)

    ticket.refresh_from_db()
    assert ticket.assistant_could_have_handled is False


def test_the_timeline_says_so(ticket, agent):
    services.ticket_solve(ticket=ticket, actor=agent, assistant_could_have_handled=True)

    summary = event_summary(solve_event(ticket), users={}, queues={})

    assert summary == "Open → Solved (the assistant could have handled it)"
