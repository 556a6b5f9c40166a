"""Triage through the service on real tickets with the default desk: what each
default rule does to a ticket, supervisor alerts after commit, the events left
behind, and a repeated request that hands off once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from core.tasks import run_ready
from tickets import services
from tickets.models import EscalationRule, Message, Priority, Ticket, TicketEvent, Tier
from tickets.rules import Signals

HandledBy, Kind = Ticket.HandledBy, TicketEvent.Kind


def open_ticket(customer, *, tier=Tier.STANDARD, text="I have a question about my plan"):
    ticket = services.ticket_open(customer=customer, subject="My plan", tier=tier)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=text
    )
    return ticket


def triage(ticket, text="I have a question about my plan", **signals):
    return services.ticket_apply_triage(ticket=ticket, signals=Signals(text=text, **signals))


def kinds(ticket):
    return list(ticket.events.values_list("kind", flat=True))


def tag_names(ticket):
    return sorted(ticket.tags.values_list("name", flat=True))


def system_messages(ticket):
    return ticket.messages.filter(author_kind=Message.Author.SYSTEM)


@pytest.fixture
def ticket(customer, desk):
    return open_ticket(customer)


@pytest.fixture
def vip_ticket(customer, desk):
    return open_ticket(customer, tier=Tier.VIP)


def test_a_customer_who_asks_for_a_person_is_handed_to_the_general_queue_with_sla(ticket):
    decision = triage(ticket, "Can I talk to a human please", explicit_human_request=True)

    assert decision.hand_off
    assert decision.matched == ["Customer asks for a person"]
    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.QUEUE
    assert ticket.queue.name == "General"
    assert ticket.priority == Priority.NORMAL
    assert ticket.handoff_reason == "Customer asks for a person"
    assert ticket.handed_off_at is not None
    assert ticket.sla_policy.name == "Standard"
    assert ticket.first_response_due_at > ticket.handed_off_at
    assert ticket.resolution_due_at > ticket.first_response_due_at
    assert ticket.sla_due_at == ticket.first_response_due_at
    [system] = system_messages(ticket)
    assert system.body.startswith("A person from our team will take over")
    assert system.seq == ticket.last_seq == 2


def test_a_vip_who_asks_for_a_person_gets_urgent_priority_the_vip_queue_and_the_vip_tag(
    vip_ticket,
):
    decision = triage(vip_ticket, "Get me a person now", explicit_human_request=True)

    assert decision.matched == ["VIP asks for a person"]  # stop_here: the generic rule is skipped
    vip_ticket.refresh_from_db()
    assert vip_ticket.handled_by == HandledBy.QUEUE
    assert vip_ticket.priority == Priority.URGENT
    assert vip_ticket.queue.name == "VIP"
    assert tag_names(vip_ticket) == ["vip"]
    assert vip_ticket.sla_policy.name == "VIP guarantee"
    assert vip_ticket.first_response_due_at == vip_ticket.handed_off_at + timedelta(minutes=15)


def test_a_risky_intent_goes_to_a_person_in_the_risk_queue_with_high_priority(ticket):
    decision = triage(ticket, "I lost my job and cannot pay", intent="hardship", sentiment=-0.3)

    assert decision.matched == ["Risky topic"]
    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.QUEUE
    assert ticket.queue.name == "Risk"
    assert ticket.priority == Priority.HIGH
    assert tag_names(ticket) == ["risk"]
    assert ticket.handoff_reason == "Risky topic"


def test_a_card_used_by_someone_else_is_urgent(ticket):
    decision = triage(ticket, "Someone used my card", intent="fraud", sentiment=-0.3)

    assert decision.matched == ["Risky topic", "Card lost, stolen or misused"]
    ticket.refresh_from_db()
    assert (ticket.handled_by, ticket.queue.name) == (HandledBy.QUEUE, "Risk")
    assert ticket.priority == Priority.URGENT  # the later rule's priority wins
    assert tag_names(ticket) == ["card", "risk"]
    assert ticket.handoff_reason == "Risky topic; Card lost, stolen or misused"


def test_strong_negative_sentiment_hands_off_tagged_upset(ticket):
    decision = triage(ticket, "This is useless and I am furious", sentiment=-0.8)

    assert decision.matched == ["Strong negative sentiment"]
    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.QUEUE
    assert ticket.queue.name == "General"
    assert tag_names(ticket) == ["upset"]


def test_mild_negative_sentiment_stays_with_the_assistant(ticket):
    decision = triage(ticket, "That is a bit annoying", sentiment=-0.2)

    assert decision.matched == []
    assert not decision.hand_off
    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.AI
    assert ticket.queue is None
    assert ticket.handed_off_at is None
    assert ticket.first_response_due_at is None
    assert tag_names(ticket) == []
    assert not system_messages(ticket).exists()
    assert kinds(ticket) == [Kind.CREATED]


def assistant_answers(ticket, times):
    for n in range(times):
        services.message_post(
            ticket=ticket, author_kind=Message.Author.ASSISTANT, body=f"Answer {n}"
        )


def test_after_four_assistant_answers_a_person_is_offered_but_the_assistant_keeps_it(ticket):
    assistant_answers(ticket, 4)

    decision = triage(ticket, "That still does not help")

    assert decision.matched == ["Assistant is going in circles"]
    assert decision.offer_human
    assert not decision.hand_off
    ticket.refresh_from_db()
    assert ticket.ai_turns == 4
    assert ticket.handled_by == HandledBy.AI
    assert Kind.HANDED_OFF not in kinds(ticket)


def test_after_three_assistant_answers_no_person_is_offered_yet(ticket):
    assistant_answers(ticket, 3)

    decision = triage(ticket, "That still does not help")

    assert not decision.offer_human
    assert decision.matched == []


def test_a_rule_that_notifies_supervisors_emails_them_once_committed(ticket, supervisor, agent):
    EscalationRule.objects.create(
        name="Chargeback threat", position=5, pattern=r"charge ?back", notify_supervisors=True
    )
    with transaction.atomic():
        triage(ticket, "I will file a CHARGEBACK with my bank")
        transaction.set_rollback(True)
    run_ready()
    assert mail.outbox == []  # the email was stored with the change, and went with it

    decision = triage(ticket, "I will file a CHARGEBACK with my bank")
    run_ready()

    assert decision.notify_supervisors
    assert decision.matched == ["Chargeback threat"]
    [email] = mail.outbox
    assert email.to == [supervisor.email]
    assert f"#{ticket.pk}" in email.subject
    assert "Chargeback threat" in email.subject


def test_a_triage_without_a_notify_rule_emails_nobody(ticket, supervisor):
    triage(ticket, "Put me through to a person", explicit_human_request=True)
    run_ready()

    assert mail.outbox == []


def test_triage_records_the_intent_and_sentiment_on_the_ticket(ticket):
    triage(ticket, "When is my next payment?", intent="next_payment", sentiment=0.3)

    ticket.refresh_from_db()
    assert ticket.intent == "next_payment"
    assert ticket.sentiment == pytest.approx(0.3)
    assert ticket.handled_by == HandledBy.AI


def test_triage_leaves_a_rule_matched_event_with_the_rule_names_and_a_handed_off_event(ticket):
    triage(ticket, "I want a human, this is awful", explicit_human_request=True, sentiment=-0.9)

    rule_event = ticket.events.get(kind=Kind.RULE_MATCHED)
    assert rule_event.data == {"rules": ["Customer asks for a person", "Strong negative sentiment"]}
    handed_off = ticket.events.get(kind=Kind.HANDED_OFF)
    assert handed_off.data["reason"] == "Customer asks for a person; Strong negative sentiment"
    assert kinds(ticket).index(Kind.RULE_MATCHED) < kinds(ticket).index(Kind.HANDED_OFF)


def test_asking_for_a_person_twice_hands_off_once(ticket):
    triage(ticket, "A person please", explicit_human_request=True)
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body="Hello?"
    )
    decision = triage(ticket, "Hello? A person please", explicit_human_request=True)

    assert decision.hand_off
    assert kinds(ticket).count(Kind.HANDED_OFF) == 1
    assert system_messages(ticket).count() == 1
    ticket.refresh_from_db()
    assert ticket.handled_by == HandledBy.QUEUE


# --- The cheap path: rules that change nothing need no row lock ------------------------


def test_a_message_no_rule_acts_on_records_intent_and_sentiment_in_one_update(
    ticket, django_assert_num_queries
):
    # One query for the rules, one UPDATE: no transaction, no row lock.
    with django_assert_num_queries(2):
        decision = triage(ticket, intent="next_payment", sentiment=0.2)

    assert not decision.matched
    assert not decision.hand_off
    row = Ticket.objects.get(pk=ticket.pk)
    assert (row.intent, row.sentiment) == ("next_payment", 0.2)
    assert (ticket.intent, ticket.sentiment) == ("next_payment", 0.2)
    assert Kind.RULE_MATCHED not in kinds(ticket)


def test_a_rule_that_only_offers_a_person_is_recorded_without_a_lock(ticket):
    Ticket.objects.filter(pk=ticket.pk).update(ai_turns=4)
    ticket.refresh_from_db()

    decision = triage(ticket)

    assert decision.offer_human
    assert not decision.hand_off
    assert decision.matched == ["Assistant is going in circles"]
    assert kinds(ticket).count(Kind.RULE_MATCHED) == 1
    assert Ticket.objects.get(pk=ticket.pk).handled_by == HandledBy.AI


def test_a_stale_copy_of_the_ticket_is_decided_again_on_the_row(ticket):
    # The caller's copy says 1 assistant turn, the row says 4 (another tab's turns):
    # the rules must see the row, so "going in circles" matches.
    ticket.ai_turns = 1
    Ticket.objects.filter(pk=ticket.pk).update(ai_turns=4)

    decision = triage(ticket)

    assert decision.matched == ["Assistant is going in circles"]
    assert ticket.ai_turns == 4  # the caller's copy is brought up to date


def test_a_copy_that_missed_a_hand_off_does_not_undo_it(ticket):
    services.ticket_hand_off(ticket=ticket.pk, reason="asked elsewhere")  # not on this copy
    assert ticket.handled_by == HandledBy.AI

    triage(ticket, intent="next_payment")

    assert ticket.handled_by == HandledBy.QUEUE
    assert Ticket.objects.get(pk=ticket.pk).handled_by == HandledBy.QUEUE


# --- The process' copy of the rules -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_rules_are_read_once_and_a_saved_rule_counts_at_once(
    customer, desk, django_assert_num_queries
):
    from tickets.rules import active_rules

    first = active_rules()
    with django_assert_num_queries(0):
        assert active_rules() == first

    rule = EscalationRule.objects.create(
        name="Refunds to the refunds desk", position=0, intents=["refund_status"], add_tag="refund"
    )
    assert active_rules()[0] == rule

    rule.delete()
    assert rule not in active_rules()


@pytest.mark.django_db(transaction=True)
def test_a_message_is_triaged_with_a_rule_saved_a_moment_before(customer, desk):
    ticket = open_ticket(customer)
    triage(ticket, intent="refund_status")  # the rules are now kept by this process
    EscalationRule.objects.create(
        name="Refunds to the refunds desk", position=0, intents=["refund_status"], add_tag="refund"
    )

    decision = triage(ticket, intent="refund_status")

    assert "Refunds to the refunds desk" in decision.matched
    assert tag_names(ticket) == ["refund"]
