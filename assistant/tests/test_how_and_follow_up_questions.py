"""Kinds of question the seventh unseen set found misread (docs/assistant-quality.md),
through the real triage and the engine: how something a person does is done, losing a
job told calmly, totals with shops named, and a short question pointing back."""

import re

import pytest

from accounts.models import Instalment, User
from assistant.tests.test_embedded_answers import alice as alice  # a fixture
from assistant.tests.test_embedded_answers import answer_to, ask
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


HOW_QUESTIONS = [
    ("how do i change the card my payments come from?",
     ["/help/update-your-details/", "/help/how-to-pay/"]),
    ("How do I make a complaint about your service? Not urgent, just want to know the process",
     ["/help/complaints/"]),
    # Whether the customer may do something: how it is done.
    ("can i use my paypal instead of the card for the payments", ["/help/how-to-pay/"]),
    # How long something takes: the help center's passage with the customer's records.
    ("how long does a refund take?", ["/help/refunds/"]),
    ("hur lång tid tar en återbetalning?", ["/help/refunds/"]),
    ("wie lange dauert eine Rückerstattung?", ["/help/refunds/"]),
]  # fmt: skip
FOR_A_PERSON = [
    "please change the card my payments come from to my new one",
    "I want to make a complaint, the agent I spoke to yesterday was rude to me",
    "I was let go from my job last week. The payments are going to be difficult for "
    "the next few months. What are my options?",
]
# (One test for each list: every test trains the triage, which takes a while.)


def test_how_a_thing_is_done_is_answered_from_the_help_center(alice):
    for text, articles in HOW_QUESTIONS:
        result, ticket = ask(alice, text)

        assert result.outcome == "answered", (text, result)
        assert ticket.handled_by == Ticket.HandledBy.AI
        assert any(link in result.answer.body for link in articles), result.answer.body
    offered = ask(alice, HOW_QUESTIONS[0][0])[0].answer.body
    assert "talk to a person" in offered


def test_asking_that_it_be_done_or_a_hardship_still_goes_to_a_person(alice):
    for text in FOR_A_PERSON:
        result, ticket = ask(alice, text)

        assert result.outcome == "handed_off", (text, result)
        assert ticket.handled_by == Ticket.HandledBy.QUEUE


def unpaid_total(customer) -> str:
    unpaid = Instalment.objects.filter(purchase__customer=customer).exclude(
        status=Instalment.Status.PAID
    )
    return f"{sum(each.amount for each in unpaid):,.2f}"


def test_totals_and_a_question_pointing_back(alice):
    # A total across everything is the whole account, even with shops named.
    shops = list(alice.purchases.values_list("merchant", flat=True).distinct()[:2])
    body = answer_to(alice, f"whats the total i have left across everything, {shops[0]} and "
                            f"{shops[1]} together")  # fmt: skip
    assert unpaid_total(alice) in body

    # A short question pointing back is about the purchase named before: a demo customer
    # whose next payment is for one shop and a later one for another.
    for customer in User.objects.filter(purchases__isnull=False).distinct().order_by("pk"):
        owing = list(
            Instalment.objects.filter(
                purchase__customer=customer, status=Instalment.Status.SCHEDULED
            )
            .order_by("due_on")
            .select_related("purchase")
        )
        later = [each for each in owing if each.purchase.merchant != owing[0].purchase.merchant]
        if later:
            break
    shop, first_shop = later[0].purchase.merchant, owing[0].purchase.merchant

    body = answer_to(customer, f"how much is left on the {shop} one and when is the next one")

    next_sentences = [line for line in re.split(r"(?<=\.)\s", body) if "next payment" in line]
    assert next_sentences, body
    assert all(shop in line for line in next_sentences), body
    assert first_shop not in " ".join(next_sentences), body
