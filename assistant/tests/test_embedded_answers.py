"""The embedded assistant on the demo data: each routine question answered in
sentences from the customer's own records, risky ones handed to a person, unknown
ones answered honestly. Real triage, trained on the default intents."""

import pytest
from django.core.management import call_command

from accounts.models import User
from assistant.defaults import install_defaults as install_default_content
from assistant.llm import EmbeddedChatModel
from assistant.tests.fakes import respond_from_sync_code
from assistant.training import forget_served_model, served_triage, train_from_intents
from tickets import services
from tickets.models import Message, Ticket


@pytest.fixture
def alice(transactional_db, settings):
    # Transactional: the engine's database work runs on the database threads, which
    # see only committed rows.
    settings.DEBUG = True
    install_default_content()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    forget_served_model()
    train_from_intents()
    return User.objects.get(email="alice@example.com")


def ask(customer, text):
    ticket = services.ticket_open(customer=customer, subject="Chat")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=text
    )
    result = respond_from_sync_code(
        ticket=ticket, text=text, triage_fn=served_triage,
        model=EmbeddedChatModel(triage=served_triage),
    )  # fmt: skip
    ticket.refresh_from_db()
    return result, ticket


def answer_to(customer, text):
    result, _ = ask(customer, text)
    assert result.outcome == "answered", result
    return result.answer.body


def test_next_payment_names_amount_merchant_and_date(alice):
    from accounts.selectors import next_instalment_of

    due = next_instalment_of(alice)
    body = answer_to(alice, "When is my next payment due?")

    assert f"Your next payment of EUR {due.amount:,.2f} for {due.purchase.merchant}" in body
    assert f"{due.due_on.day} {due.due_on:%B}" in body


def test_payment_status_mentions_the_late_and_failed_payments(alice):
    body = answer_to(alice, "Did my last payment go through?")

    assert "is late" in body or "failed" in body


def test_refund_status_reports_each_refund_with_its_state(alice):
    from accounts.selectors import refunds_of

    body = answer_to(alice, "Where is my refund?")

    latest = refunds_of(alice).first()
    assert f"EUR {latest.amount:,.2f}" in body
    assert latest.purchase.merchant in body


def test_a_refund_asked_about_by_shop_says_what_is_left_to_pay_on_that_purchase(alice):
    from accounts.models import Purchase
    from accounts.selectors import refunds_of

    paying = [
        refund for refund in refunds_of(alice)
        if refund.purchase.status == Purchase.Status.ACTIVE
    ]  # fmt: skip
    assert paying, "the demo data gives alice a refund on a purchase still being paid"
    purchase = paying[0].purchase

    body = answer_to(alice, f"has the {purchase.merchant} refund come through?")

    assert f"EUR {paying[0].amount:,.2f}" in body
    assert "left to pay" in body
    assert purchase.reference in body


def test_a_list_of_purchases_none_of_them_still_being_paid_says_so():
    from assistant.answers import purchases_answer

    paid = {"merchant": "IKEA", "amount": "EUR 10.00", "purchased_on": "2026-01-02",
            "reference": "DEMO-001", "status": "Paid in full"}  # fmt: skip
    body = purchases_answer(
        "any plans still running?", {"get_purchases": {"purchases": [paid], "more": 0}}
    )

    assert "none still being paid off" in body


def test_purchases_lists_the_most_recent_ones(alice):
    from accounts.selectors import purchases_of

    body = answer_to(alice, "Show me my purchases")

    assert purchases_of(alice).first().reference in body


def test_how_to_questions_are_answered_from_the_help_center_with_a_link(alice):
    body = answer_to(alice, "How can I pay my instalments? Can I use Apple Pay?")

    assert "/help/" in body


def test_small_talk_needs_no_lookup(alice):
    result, _ = ask(alice, "hello!")

    assert result.answer.metadata["tools"] == []
    assert "Hello" in result.answer.body


@pytest.mark.parametrize(
    "text", ["Someone used my card without permission", "I lost my card", "Let me talk to a human"]
)
def test_risky_topics_and_requests_go_to_a_person(alice, text):
    result, ticket = ask(alice, text)

    assert result.outcome == "handed_off"
    assert ticket.handled_by == Ticket.HandledBy.QUEUE


def test_an_answer_never_contains_another_customers_data(alice):
    bruno = User.objects.get(email="bruno@example.com")
    their_references = list(bruno.purchases.values_list("reference", flat=True))

    for question in ["Show me my purchases", "Where is my refund?", "When is my next payment?"]:
        body = answer_to(alice, question)
        assert not any(reference in body for reference in their_references)


def test_a_purchase_with_a_missed_payment_is_not_called_on_time(alice):
    from accounts.models import Instalment

    body = answer_to(alice, "When is my next payment due?")

    troubled = Instalment.objects.filter(
        purchase__customer=alice, status__in=["late", "failed"]
    ).values_list("purchase__merchant", flat=True)
    for merchant in troubled:
        sentence = next((s for s in body.split(". ") if "next payment" in s and merchant in s), "")
        assert "on time" not in sentence
