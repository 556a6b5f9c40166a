"""Demo tickets for `seed_demo`: one conversation in every state, breached ones
included. Built through the services, then moved back in time so that the SLA
monitor finds real breaches."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from tickets import services
from tickets.models import HandOffCode, Message, Queue, Ticket, TicketEvent
from tickets.sla import monitor_pass

Author = Message.Author


def seed(*, customers, staff, stdout):
    agent = next(user for user in staff if user.email.startswith("agent"))
    for queue in Queue.objects.all():
        queue.members.add(agent)
    services.agent_set_availability(agent=agent, available=True)
    if Ticket.objects.filter(customer__in=customers).exists():
        return
    alice, bruno, chloe, dev, elif_, femi, greta, hiro = customers[:8]

    with_assistant(
        alice,
        "Hello!",
        "Hello! I can tell you about your payments, purchases and "
        "refunds, or find an answer in our help center. What would you like to know?",
    )
    waiting(bruno, "Card charged twice", "I was charged twice for my IKEA order!", hours_ago=0)
    waiting(chloe, "Refund not received", "My refund was due last week.", hours_ago=30)
    waiting(dev, "Lost my card", "I think my card was stolen.", hours_ago=72)
    claimed = waiting(elif_, "Change payment date", "Can I move my payment date?", hours_ago=1)
    services.ticket_claim(ticket=claimed, agent=agent)
    services.agent_reply(ticket=claimed, agent=agent, body="Sure, which date suits you?")
    pending = waiting(femi, "Address change", "I moved house.", hours_ago=2)
    services.agent_reply(ticket=pending, agent=agent, body="Could you send the new address?")
    services.ticket_set_status(ticket=pending, status=Ticket.Status.PENDING, actor=agent)
    solved = waiting(greta, "Invoice copy", "Please send me an invoice copy.", hours_ago=5)
    services.agent_reply(ticket=solved, agent=agent, body="Sent to your email just now.")
    services.ticket_solve(ticket=solved, actor=agent)
    services.csat_record(ticket=solved, customer=greta, score=5, comment="Fast, thank you!")
    closed = waiting(hiro, "Wrong amount", "The amount looks wrong.", hours_ago=50)
    services.agent_reply(ticket=closed, agent=agent, body="Corrected, sorry about that.")
    services.ticket_set_status(ticket=closed, status=Ticket.Status.CLOSED, actor=agent)

    breaches = monitor_pass(now=timezone.now())
    stdout.write(f"Demo tickets: {Ticket.objects.count()} ({breaches} SLA breach(es)).")


def conversation(customer, subject, text):
    ticket = services.ticket_open(customer=customer, subject=subject)
    services.message_post(ticket=ticket, author_kind=Author.CUSTOMER, author=customer, body=text)
    return ticket


def with_assistant(customer, subject, answer):
    ticket = conversation(customer, subject, subject)
    services.message_post(ticket=ticket, author_kind=Author.ASSISTANT, body=answer)
    return ticket


def waiting(customer, subject, text, *, hours_ago):
    ticket = conversation(customer, subject, text)
    services.ticket_hand_off(
        ticket=ticket, reason="customer asked for a person", code=HandOffCode.ASKED
    )
    if hours_ago:
        backdate(ticket, timedelta(hours=hours_ago))
    ticket.refresh_from_db()
    return ticket


def backdate(ticket, delta):
    """Shift a demo ticket's whole history into the past (demo data only)."""
    shifted = {
        name: F(name) - delta
        for name in [
            "created_at", "updated_at", "handed_off_at", "last_message_at",
            "last_customer_message_at", "customer_last_seen_at", "first_response_due_at",
            "resolution_due_at", "sla_due_at", "sla_next_check_at",
        ]
    }  # fmt: skip
    Ticket.objects.filter(pk=ticket.pk).update(**shifted)
    Message.objects.filter(ticket=ticket).update(created_at=F("created_at") - delta)
    TicketEvent.objects.filter(ticket=ticket).update(created_at=F("created_at") - delta)
