"""The hand-off packet and the customer panel on the ticket page: what the agent
learns at a glance when the assistant hands a conversation over."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Instalment
from accounts.tests.factories import PurchaseFactory
from tickets import services
from tickets.handoff_packet import packet, sentiment_words, tool_words
from tickets.models import CSATRating, HandOffCode, Message, Ticket

Author = Message.Author


def say(ticket, author_kind, body, **metadata):
    author = ticket.customer if author_kind == Author.CUSTOMER else None
    services.message_post(
        ticket=ticket, author_kind=author_kind, author=author, body=body, metadata=metadata
    )


@pytest.fixture
def handed_off(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Payment")
    say(ticket, Author.CUSTOMER, "hi when is my next payment")
    say(ticket, Author.ASSISTANT, "Your next payment is 49.00 EUR on 1 Jan.",
        intent="next_payment", tools=["get_payment_schedule"], articles=[])  # fmt: skip
    say(ticket, Author.CUSTOMER, "someone used my card, I never bought that")
    say(ticket, Author.ASSISTANT, "I am sorry. Here is what to do.",
        tools=["search_help", "hand_off_to_human"],
        articles=[{"title": "If your card is lost", "url": "/help/lost-card/"}])  # fmt: skip
    Ticket.objects.filter(pk=ticket.pk).update(intent="fraud", sentiment=-0.7)
    services.ticket_hand_off(
        ticket=Ticket.objects.get(pk=ticket.pk), reason="fraud reported",
        code=HandOffCode.RISKY_TOPIC,
    )  # fmt: skip
    return Ticket.objects.get(pk=ticket.pk)


def test_the_packet_says_why_what_was_asked_and_what_the_assistant_did(handed_off):
    found = packet(handed_off, list(handed_off.messages.order_by("seq")))

    assert found.code == "A topic a person must handle"
    assert found.reason == "fraud reported"
    assert [m.body for m in found.question] == [
        "hi when is my next payment",
        "someone used my card, I never bought that",
    ]
    assert (found.intent, found.sentiment) == ("fraud", "very negative (-0.7)")
    assert found.looked_up == ["payment schedule", "search help"]
    assert found.articles == [{"title": "If your card is lost", "url": "/help/lost-card/"}]
    assert found.answered.body == "I am sorry. Here is what to do."


def test_messages_after_the_hand_off_are_not_the_question(handed_off):
    say(handed_off, Author.CUSTOMER, "hello? anyone?")

    found = packet(handed_off, list(handed_off.messages.order_by("seq")))

    assert "hello? anyone?" not in [m.body for m in found.question]


def test_a_conversation_never_handed_off_has_no_packet(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Hi")

    assert packet(ticket, []) is None


@pytest.mark.parametrize(
    ("value", "words"),
    [(None, "not measured"), (-0.8, "very negative (-0.8)"), (-0.3, "negative (-0.3)"),
     (0.0, "neutral (+0.0)"), (0.5, "positive (+0.5)")],
)  # fmt: skip
def test_sentiment_in_words(value, words):
    assert sentiment_words(value) == words


def test_tool_names_as_staff_read_them():
    assert tool_words("get_balance") == "balance"
    assert tool_words("search_help") == "search help"


def test_the_ticket_page_shows_the_packet_and_the_customers_account(
    client, superuser, handed_off, customer
):
    purchase = PurchaseFactory(customer=customer, merchant="IKEA", reference="DEMO-9")
    today = timezone.localdate()
    Instalment.objects.create(purchase=purchase, number=2, due_on=today, amount=25,
                              status=Instalment.Status.FAILED,
                              failure_reason=Instalment.FailureReason.CARD_EXPIRED)  # fmt: skip
    Instalment.objects.create(purchase=purchase, number=3, due_on=today + dt.timedelta(days=30),
                              amount=25)  # fmt: skip
    earlier = services.ticket_open(customer=customer, subject="Earlier")
    services.ticket_set_status(ticket=earlier, status="solved", actor=superuser)
    CSATRating.objects.create(ticket=earlier, score=2, comment="slow")
    client.force_login(superuser)

    html = client.get(f"/admin/tickets/ticket/{handed_off.pk}/change/").content.decode()

    box = html[html.index('class="handoff packet"') : html.index('id="customer-title"')]
    assert "someone used my card, I never bought that" in box
    assert "<dt>Sentiment</dt><dd>very negative (-0.7)</dd>" in box
    assert "payment schedule, search help" in box
    assert (
        '<a href="/help/lost-card/" target="_blank" rel="noopener">If your card is lost</a>' in box
    )
    panel = html[html.index('id="customer-title"') :]
    assert "<h3>Payments</h3>" in panel
    failed = panel.index("IKEA, payment 2 · Failed (The card on file has expired)")
    assert failed < panel.index("IKEA, payment 3 · Scheduled")
    assert "<h3>Refunds</h3>" in panel
    assert "★★☆☆☆ 2/5" in panel
    assert "<h3>VIP</h3>" in panel
    assert "Not VIP" in panel
