"""The guarantee's first half: a VIP's request for a person goes straight to the VIP
queue under their plan's SLA policy, to a VIP-skilled agent when one is free, by
every path (the chat's button, the escalation rules, "write to a person", the API)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from assistant.consumers import ask_for_a_person
from tickets import services
from tickets.models import Message, Priority, Ticket, Tier
from tickets.rules import Signals
from vip.tests.conftest import subscribe
from vip.tier import vip_queue


def test_a_vip_asking_for_a_person_reaches_the_vip_queue_with_the_plans_sla(vip_customer, plan):
    ticket = ask_for_a_person(vip_customer, None)

    assert ticket.tier == Tier.VIP
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    assert ticket.queue == vip_queue()
    assert ticket.sla_policy == plan.sla_policy
    assert ticket.first_response_due_at - ticket.handed_off_at == timedelta(minutes=15)
    assert "We will reply by" in ticket.messages.filter(author_kind="system").last().body


def test_a_vip_skilled_agent_gets_the_ticket_before_others(vip_customer, vip_agent):
    other = UserFactory(email="general@example.com", is_staff=True)
    services.agent_set_availability(agent=other, available=True)

    ticket = ask_for_a_person(vip_customer, None)

    assert ticket.assignee == vip_agent
    assert ticket.handled_by == Ticket.HandledBy.AGENT


def test_a_standard_customer_gets_the_default_queue_and_standard_sla(desk, customer):
    ticket = ask_for_a_person(customer, None)

    assert ticket.tier == Tier.STANDARD
    assert ticket.queue.is_default
    assert ticket.sla_policy.name == "Standard"


def test_the_vip_rule_hands_off_to_the_vip_queue_with_the_plans_sla(vip_customer, plan):
    ticket = services.ticket_open(customer=vip_customer, subject="Help")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=vip_customer,
        body="I want to talk to a human",
    )  # fmt: skip

    decision = services.ticket_apply_triage(
        ticket=ticket, signals=Signals(text="a human please", explicit_human_request=True)
    )

    ticket.refresh_from_db()
    assert decision.hand_off
    assert ticket.queue == vip_queue()
    assert ticket.priority == Priority.URGENT
    assert ticket.sla_policy == plan.sla_policy
    assert ticket.first_response_due_at - ticket.handed_off_at == timedelta(minutes=15)


def test_a_customer_who_subscribes_mid_conversation_gets_the_guarantee(customer, plan):
    ticket = services.ticket_open(customer=customer, subject="Question")
    assert ticket.tier == Tier.STANDARD
    subscribe(customer, plan)

    ticket = ask_for_a_person(customer, ticket.pk)

    assert ticket.tier == Tier.VIP
    assert ticket.queue == vip_queue()
    assert ticket.sla_policy == plan.sla_policy


def test_a_rule_that_chose_another_queue_keeps_it_with_the_vip_sla(vip_customer, plan):
    from tickets.models import Queue

    risk = Queue.objects.get(name="Risk")
    ticket = services.ticket_open(customer=vip_customer, subject="Stolen card")

    services.ticket_hand_off(ticket=ticket, reason="lost card", queue=risk)

    ticket.refresh_from_db()
    assert ticket.queue == risk
    assert ticket.sla_policy == plan.sla_policy


def test_a_complimentary_vip_gets_the_desks_vip_policy(desk, customer, supervisor):
    from django.utils import timezone

    from vip import services as vip_services

    vip_services.grant_create(
        customer=customer, until=timezone.now() + timedelta(days=3), reason="Apology",
        actor=supervisor,
    )  # fmt: skip
    customer.refresh_from_db()

    ticket = ask_for_a_person(customer, None)

    assert ticket.queue == vip_queue()
    assert ticket.sla_policy.name == "VIP guarantee"


def test_writing_to_a_person_opens_a_vip_ticket_for_a_vip(client, vip_customer, plan):
    client.force_login(vip_customer)

    client.post(reverse("ticket_new"), {"subject": "Refund", "body": "Where is it?"})

    ticket = Ticket.objects.get(customer=vip_customer)
    assert ticket.tier == Tier.VIP
    assert ticket.queue == vip_queue()
    assert ticket.sla_policy == plan.sla_policy


def test_the_api_opens_a_vip_ticket_for_a_vip(client, vip_customer):
    client.force_login(vip_customer)

    response = client.post(
        "/api/tickets/", {"subject": "Refund", "body": "Where is it?"},
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 201
    assert response.json()["tier"] == "vip"
    assert response.json()["queue"] == "VIP"


def test_plan_policy_follows_the_plans_guarantee(plan):
    from vip import services as vip_services

    plan.guaranteed_minutes = 5
    vip_services.plan_save(plan=plan)

    plan.sla_policy.refresh_from_db()
    assert plan.sla_policy.first_response_minutes == 5
    assert plan.sla_policy.next_response_minutes == 5
    assert plan.sla_policy.tier == Tier.VIP


@pytest.mark.django_db(transaction=True)
async def test_the_chat_sockets_human_button_reaches_the_vip_queue(desk, plan, customer):
    from asgiref.sync import sync_to_async

    from assistant.tests.test_chat_socket import frames_until, open_chat

    await sync_to_async(subscribe)(customer, plan)
    chat, _ = await open_chat(customer)

    await chat.send_json_to({"type": "human"})
    frames = await frames_until(chat, lambda f: f["type"] == "owner")
    await chat.disconnect()

    assert frames[-1]["kind"] == "queue"
    ticket = await sync_to_async(Ticket.objects.select_related("queue", "sla_policy").get)(
        customer=customer
    )
    assert (ticket.tier, ticket.queue.name) == (Tier.VIP, "VIP")
    assert ticket.sla_policy.first_response_minutes == 15
