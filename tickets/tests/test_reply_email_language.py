"""A customer away from the chat is emailed an agent's reply in their own language: the
email is written from templates when the task worker sends it, not when it is queued."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from accounts.models import User
from core.tasks import run_ready
from tickets import services
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db(transaction=True)


def replied_to(customer, agent, *, language: str):
    User.objects.filter(pk=customer.pk).update(language=language)
    ticket = TicketFactory(customer=User.objects.get(pk=customer.pk), subject="Wo ist mein Geld?")
    services.agent_reply(ticket=ticket, agent=agent, body="Ich sehe nach.")
    return ticket


@pytest.mark.parametrize(
    ("language", "subject", "opening", "link"),
    [
        ("de", "Neue Antwort auf Ihre Anfrage: Wo ist mein Geld?",
         "Dana vom Support hat auf Ihre Anfrage #{id} geantwortet:",
         "Gespräch ansehen und antworten: "),
        ("sv", "Nytt svar på ditt ärende: Wo ist mein Geld?",
         "Dana på supporten har svarat på ditt ärende #{id}:", "Se konversationen och svara: "),
        ("", "New reply on your request: Wo ist mein Geld?",
         "Dana from support replied to your request #{id}:", "See the conversation and reply: "),
    ],
)  # fmt: skip
def test_a_reply_is_emailed_in_the_customers_language(
    desk, customer, agent, language, subject, opening, link
):
    ticket = replied_to(customer, agent, language=language)

    # The worker runs in whatever language was active: the recipient's wins.
    with translation.override("en" if language else "de"):
        run_ready()

    [email] = mail.outbox
    assert email.subject == subject
    assert email.body.startswith(opening.format(id=ticket.pk))
    assert "Ich sehe nach." in email.body
    assert f"{link}{settings.SITE_URL}/tickets/{ticket.pk}/" in email.body
