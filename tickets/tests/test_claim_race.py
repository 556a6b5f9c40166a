"""Agents claiming the same ticket at the same moment: exactly one wins."""

import pytest

from accounts.tests.factories import UserFactory
from tickets import services
from tickets.errors import ClaimConflict
from tickets.models import Message, TicketEvent

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_ticket(customer):
    ticket = services.ticket_open(customer=customer, subject="Card charged twice")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Help"
    )
    return services.ticket_hand_off(ticket=ticket, reason="asked for a person")


@pytest.mark.parametrize(("agent_count", "rounds"), [(2, 50), (8, 10)])
def test_exactly_one_agent_wins_each_claim_race(desk, customer, agent_count, rounds):
    agents = [UserFactory(is_staff=True) for _ in range(agent_count)]
    for _ in range(rounds):
        ticket = waiting_ticket(customer)

        results = run_claims(ticket, agents)

        winners = [agent for agent, result in zip(agents, results, strict=True) if result is None]
        losers = [result for result in results if isinstance(result, ClaimConflict)]
        assert len(winners) == 1, results
        assert len(losers) == agent_count - 1, results
        ticket.refresh_from_db()
        assert ticket.assignee == winners[0]
        assert ticket.events.filter(kind=TicketEvent.Kind.CLAIMED).count() == 1
        assert f"{winners[0].get_full_name()} has already claimed" in str(losers[0])


def run_claims(ticket, agents):
    from tickets.tests.concurrency import run_together

    def claim(agent):
        return lambda: services.ticket_claim(ticket=ticket.pk, agent=agent) and None

    return run_together([claim(agent) for agent in agents])


def test_claiming_your_own_ticket_again_changes_nothing(desk, customer, agent):
    ticket = waiting_ticket(customer)
    services.ticket_claim(ticket=ticket, agent=agent)

    services.ticket_claim(ticket=ticket, agent=agent)

    assert ticket.events.filter(kind=TicketEvent.Kind.CLAIMED).count() == 1
