"""A turn in Swedish or German is answered in that language, with amounts and dates
written the way they are written there; one in a language the assistant does not
read gets the English reply saying which it reads, with a person offered."""

import datetime as dt

import pytest
from asgiref.sync import sync_to_async

from accounts.tests.factories import InstalmentFactory, PurchaseFactory
from assistant import engine
from assistant.defaults import install_defaults
from assistant.llm import EmbeddedChatModel
from assistant.tests.fakes import triage_as
from tickets import services
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def conversation(customer, desk):
    install_defaults()
    purchase = PurchaseFactory(customer=customer, merchant="IKEA", reference="ANN-7")
    InstalmentFactory(purchase=purchase, amount="1234.50", due_on=next_fifth_of_december())
    return services.ticket_open(customer=customer, subject="Chat")


def next_fifth_of_december() -> dt.date:
    today = dt.date.today()  # noqa: DTZ011 (a date in the customer's near future)
    fifth = dt.date(today.year, 12, 5)
    return fifth if fifth > today else dt.date(today.year + 1, 12, 5)


async def say(ticket, text, triage):
    await sync_to_async(services.message_post)(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=ticket.customer, body=text
    )
    return await engine.respond(
        ticket=ticket, text=text, triage_fn=triage, model=EmbeddedChatModel(triage=triage)
    )


async def test_a_swedish_question_is_answered_in_swedish_with_swedish_amounts(conversation):
    result = await say(conversation, "när ska jag betala nästa gång?", triage_as("next_payment"))

    assert result.outcome == "answered"
    assert "Din nästa betalning på 1\u00a0234,50\u00a0€ för IKEA (ANN-7)" in result.answer.body
    assert "5 december" in result.answer.body


async def test_a_german_question_is_answered_in_german_with_german_amounts(conversation):
    result = await say(
        conversation, "wann ist meine nächste Rate fällig?", triage_as("next_payment")
    )

    assert "Ihre nächste Zahlung über 1.234,50\u00a0€ für IKEA (ANN-7)" in result.answer.body
    assert "5. Dezember" in result.answer.body


async def test_a_swedish_how_to_question_is_answered_from_the_swedish_article(conversation):
    result = await say(conversation, "hur betalar jag med banköverföring?", triage_as("how_to_pay"))

    assert "banköverföring" in result.answer.body
    assert "/help/how-to-pay/" in result.answer.body
    assert "Du kan läsa mer i vårt hjälpcenter" in result.answer.body


async def test_a_few_english_words_read_as_another_language_are_answered(conversation):
    # The identifier reads "total i owe?" as Polish (0.50): its words are all ones our
    # customers write in English, so it is English, and the triage's reading stands.
    result = await say(conversation, "total i owe?", triage_as("balance"))

    assert result.outcome == "answered"
    assert "I read English, Swedish and German" not in result.answer.body
    assert "1,234.50" in result.answer.body


async def test_a_spanish_message_gets_the_english_reply_with_a_person_offered(conversation):
    # The triage would read it as a request for a person: unread, it is not one.
    triage = triage_as("human_agent", human_request=True, route="HUMAN")

    result = await say(conversation, "quiero hablar con una persona por favor", triage)

    ticket = await sync_to_async(Ticket.objects.get)(pk=conversation.pk)
    assert result.outcome == "answered"
    assert ticket.handled_by == Ticket.HandledBy.AI
    assert "I read English, Swedish and German" in result.answer.body
    assert result.answer.metadata["choices"] == [
        {"label": "Talk to a person", "text": "I'd like to talk to a person."}
    ]


async def test_a_purchase_is_described_in_the_questions_language(conversation):
    """The tools name a purchase's status in English whatever the turn's language (the
    database threads run in it), so the answer finds the sentence that describes it."""
    german = await say(conversation, "was ist mit meinem Einkauf ANN-7?", triage_as("purchases"))
    swedish = await say(conversation, "hur går det med mitt köp ANN-7?", triage_as("purchases"))

    assert "er läuft, und Sie zahlen in Raten" in german.answer.body
    assert "det är aktivt och du betalar i delbetalningar" in swedish.answer.body
