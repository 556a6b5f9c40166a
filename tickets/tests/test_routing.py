"""Auto-assignment gives a hand-off to the least-loaded available agent of the
ticket's queue, within the queue's capacity; otherwise it waits to be claimed."""

import pytest

from accounts.tests.factories import UserFactory
from tickets import services
from tickets.models import AgentStatus, Message, Queue, Tier
from tickets.routing import least_loaded_agent


@pytest.fixture
def vip_queue(desk):
    return Queue.objects.get(name="VIP")


def staff_member(queue, *, available=True, **fields):
    agent = UserFactory(is_staff=True, **fields)
    queue.members.add(agent)
    services.agent_set_availability(agent=agent, available=available)
    return agent


def vip_hand_off(customer, queue):
    ticket = services.ticket_open(customer=customer, subject="VIP help", tier=Tier.VIP)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Now please"
    )
    return services.ticket_hand_off(ticket=ticket, reason="VIP asked", queue=queue)


def test_the_least_loaded_available_member_gets_the_ticket(customer, vip_queue):
    busy = staff_member(vip_queue)
    free = staff_member(vip_queue)
    vip_hand_off(customer, vip_queue)  # goes to one of them (no load yet)
    first_owner = vip_queue.tickets.get().assignee

    second = vip_hand_off(customer, vip_queue)

    assert {first_owner, second.assignee} == {busy, free}


def test_agents_who_are_away_or_not_members_get_nothing(customer, vip_queue):
    staff_member(vip_queue, available=False)
    outsider = UserFactory(is_staff=True)
    services.agent_set_availability(agent=outsider, available=True)

    ticket = vip_hand_off(customer, vip_queue)

    assert ticket.assignee is None
    assert ticket.handled_by == ticket.HandledBy.QUEUE


def test_no_agent_gets_more_than_the_queue_capacity(customer, vip_queue):
    vip_queue.capacity_per_agent = 1
    vip_queue.save()
    agent = staff_member(vip_queue)

    first = vip_hand_off(customer, vip_queue)
    second = vip_hand_off(customer, vip_queue)

    assert first.assignee == agent
    assert second.assignee is None


def test_queues_without_auto_assign_wait_for_a_claim(customer, desk):
    general = Queue.objects.get(name="General")
    staff_member(general)

    ticket = services.ticket_hand_off(
        ticket=services.ticket_open(customer=customer, subject="Hi"), reason="asked"
    )

    assert ticket.queue == general
    assert ticket.assignee is None


def test_agents_switch_themselves_available_and_away(agent):
    services.agent_set_availability(agent=agent, available=True)
    services.agent_set_availability(agent=agent, available=False)

    assert AgentStatus.objects.get(agent=agent).is_available is False


def test_ties_go_to_the_agent_available_longest(desk):
    queue = Queue.objects.get(name="VIP")
    early = staff_member(queue)
    staff_member(queue)

    assert least_loaded_agent(queue) == early


def test_a_waiting_customer_learns_their_place_and_the_expected_wait(
    customer, other_customer, desk
):
    from tickets.selectors import wait_for_a_person

    first = services.ticket_hand_off(
        ticket=services.ticket_open(customer=other_customer, subject="First"), reason="asked"
    )
    second = services.ticket_hand_off(
        ticket=services.ticket_open(customer=customer, subject="Second"), reason="asked"
    )

    assert wait_for_a_person(first)["ahead"] == 0
    wait = wait_for_a_person(second)
    assert wait["ahead"] == 1
    assert wait["minutes"] >= 1
    services.ticket_claim(ticket=first, agent=UserFactory(is_staff=True))
    assert wait_for_a_person(second)["ahead"] == 0


@pytest.mark.parametrize(
    ("intent", "queue"),
    [
        ("refund_status", "Payments and refunds"),
        ("payment_status", "Payments and refunds"),
        ("hardship", "Risk"),
        ("vip", "General"),  # no queue names it
        ("", "General"),
    ],
)
def test_a_hand_off_waits_in_the_queue_whose_topics_name_its_intent(customer, desk, intent, queue):
    from tickets.rules import Signals

    ticket = services.ticket_open(customer=customer, subject="Help")
    services.ticket_apply_triage(ticket=ticket, signals=Signals(text="x", intent=intent))

    handed = services.ticket_request_person(customer=customer, conversation=ticket.pk)

    assert handed.queue.name == queue


def test_a_vip_waits_in_the_vip_queue_whatever_the_topic(customer, desk):
    from tickets.rules import Signals

    ticket = services.ticket_open(customer=customer, subject="Refund", tier=Tier.VIP)
    services.ticket_apply_triage(ticket=ticket, signals=Signals(text="x", intent="refund_status"))

    handed = services.ticket_request_person(customer=customer, conversation=ticket.pk)

    assert (handed.queue.name, handed.sla_policy.name) == ("VIP", "VIP guarantee")
