"""A customer who has used everything the product offers, built through the same
services the product calls, and the texts that must be gone after their erasure."""

import dataclasses
from datetime import timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.utils import timezone

from accounts.forms import PasswordResetByTaskForm
from accounts.tests.factories import (
    TEST_PASSWORD,
    InstalmentFactory,
    PurchaseFactory,
    RefundFactory,
    UserFactory,
)
from assistant.models import AssistantTurn
from attachments.services import attachment_upload, attachments_attach, message_metadata
from attachments.tests import samples
from core.tasks import run_ready
from privacy.services import erasure_decline, erasure_request
from tickets import services as tickets
from tickets import staff
from tickets.models import CannedResponse, Message, Ticket
from tickets.sla import monitor_pass
from vip import monitor
from vip import services as vip
from vip.models import ServiceCredit
from vip.tests.conftest import subscribe

EMAIL = "asa.lindqvist@example.se"
NAME = "Åsa Lindqvist-Öberg"


@dataclasses.dataclass
class Footprint:
    customer: object
    stripe_customer_id: str
    texts: list[str]  # the name, the email, and every text they wrote or were written
    files: list[str]  # what they sent, in the attachments' storage

    @property
    def needles(self) -> list[str]:
        return [EMAIL, NAME, *self.texts]


def customer_with_everything(*, client, agent, supervisor, superuser, plan) -> Footprint:
    customer = UserFactory(email=EMAIL, full_name=NAME)
    texts = []

    # Purchases, payments, a refund in their words.
    purchase = PurchaseFactory(customer=customer, description="Corner sofa, grey")
    InstalmentFactory(purchase=purchase, number=1, status="paid")
    RefundFactory(purchase=purchase, reason="The sofa from Storgatan 5 arrived torn")
    texts.append("The sofa from Storgatan 5 arrived torn")

    # Logging in: one failed attempt and one login (django-axes rows, a session).
    client.post("/login/", {"username": EMAIL, "password": "wrong password"})
    client.post("/login/", {"username": EMAIL, "password": TEST_PASSWORD})

    # VIP: a Stripe customer on the fake, a subscription, a grant, a missed guarantee
    # whose credit was applied at Stripe.
    stripe_id = vip.stripe_customer_id_for(user=customer)
    subscribe(customer, plan, stripe_id=stripe_id)
    customer.refresh_from_db()
    vip.grant_create(customer=customer, until=timezone.now() + timedelta(days=30),
                     reason=f"{NAME} was promised VIP on the phone", actor=supervisor)  # fmt: skip
    texts.append(f"{NAME} was promised VIP on the phone")
    waiting = tickets.ticket_request_person(
        customer=customer, subject="My sofa delivery from Storgatan 5",
        body=f"Hello, this is {NAME}; the sofa never reached Storgatan 5 in Uppsala.",
    )  # fmt: skip
    texts += [
        waiting.subject,
        f"Hello, this is {NAME}; the sofa never reached Storgatan 5 in Uppsala.",
    ]
    overdue = waiting.first_response_due_at + timedelta(minutes=1)
    monitor_pass(now=overdue)
    monitor.tick(now=overdue)
    run_ready()
    assert ServiceCredit.objects.get(customer=customer).status == ServiceCredit.Status.APPLIED

    # An agent answers it (emailed: the customer is away), solves it; a rating.
    reply = "Hej Åsa, the courier lost the sofa in Uppsala; a new one leaves on Monday."
    tickets.agent_reply(ticket=waiting, agent=agent, body=reply)
    tickets.agent_reply(ticket=waiting, agent=agent, internal=True,
                        body="Åsa sounded upset; courier reference UPS-4411-SE")  # fmt: skip
    texts += [reply, "Åsa sounded upset; courier reference UPS-4411-SE"]
    tickets.ticket_set_status(ticket=waiting, status=Ticket.Status.SOLVED, actor=agent)
    tickets.csat_record(ticket=waiting, customer=customer, score=2,
                        comment="Slow about the sofa, but kind")  # fmt: skip
    texts.append("Slow about the sofa, but kind")

    # A chat with the assistant: their question, its answer and what it kept beside it.
    chat = tickets.ticket_open(customer=customer, subject="When is my next sofa payment due")
    question = "When is my next payment for the grey corner sofa due?"
    answer = "Your next payment for the grey corner sofa is 25.00 EUR, due on the 5th."
    tickets.message_post(ticket=chat, author_kind=Message.Author.CUSTOMER, author=customer,
                         body=question)  # fmt: skip
    tickets.message_post(ticket=chat, author_kind=Message.Author.ASSISTANT, body=answer,
                         metadata={"tools": [{"said": question}]})  # fmt: skip
    AssistantTurn.objects.create(
        ticket=chat, state="failed", detail=f"model timeout on: {question}"
    )
    texts += [chat.subject, question, answer]

    # A photo of the receipt, sent in the chat under a name that names them (its name is
    # text they wrote; the file itself is theirs too).
    receipt = samples.upload(samples.jpeg_with_exif(), f"{NAME} kvitto.jpg")
    photo = attachment_upload(uploader=customer, upload=receipt)
    with_photo, _ = tickets.message_post(ticket=chat, author_kind=Message.Author.CUSTOMER,
                                      author=customer, body="Here is the receipt",
                                      metadata=message_metadata([photo]))  # fmt: skip
    attachments_attach(message=with_photo, attachments=[photo])
    files = [photo.file.name, photo.thumbnail.name]

    # A request by phone, opened by the agent: its first message is emailed to them,
    # and the email waits in the task queue.
    phoned = staff.ticket_open_for_customer(
        customer=customer, actor=agent, subject="Phoned about the Uppsala delivery address",
        body="As agreed on the phone, Åsa: we deliver to Dragarbrunnsgatan 12 instead.",
    )  # fmt: skip
    texts += [
        phoned.subject,
        "As agreed on the phone, Åsa: we deliver to Dragarbrunnsgatan 12 instead.",
    ]

    # An erasure asked for once before, and declined in words that name them.
    declined = erasure_request(customer=customer)
    erasure_decline(request=declined, by=supervisor, reason=f"{NAME} has an open dispute")
    texts.append(f"{NAME} has an open dispute")

    # A password reset asked for (a queued task naming the account).
    reset = PasswordResetByTaskForm({"email": EMAIL})
    assert reset.is_valid()
    reset.save(domain_override="testserver")

    # The admin's log naming them, and a canned response that once did (history).
    LogEntry.objects.log_actions(
        user_id=superuser.pk, queryset=[customer], action_flag=CHANGE,
        change_message=f"Renamed to {NAME}",
    )  # fmt: skip
    LogEntry.objects.log_actions(user_id=agent.pk, queryset=[phoned], action_flag=CHANGE)
    canned = CannedResponse(title="Sofa courier apology", body=f"Dear {NAME}, sorry.")
    canned.save()
    canned.body = "Dear {first_name}, sorry."
    canned.save()

    theirs = Message.objects.filter(ticket__customer=customer).exclude(
        author_kind=Message.Author.SYSTEM  # the product's own words, said to everyone
    )
    subjects = Ticket.objects.filter(customer=customer).values_list("subject", flat=True)
    texts += [*theirs.values_list("body", flat=True), *subjects]
    return Footprint(
        customer=customer, stripe_customer_id=stripe_id, texts=sorted(set(texts)), files=files
    )
