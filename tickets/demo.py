"""Demo tickets for `seed_demo`: one conversation in every state, breached ones
included, and the canned responses agents start from. Built through the services,
then moved back in time so that the SLA monitor finds real breaches."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from tickets import services
from tickets.models import CannedResponse, HandOffCode, Message, Queue, Ticket, TicketEvent
from tickets.sla import monitor_pass

Author = Message.Author

# title, queue (None: every queue), body with placeholders (tickets.canned)
CANNED_RESPONSES = [
    ("Greeting", None,
     "Hi {first_name}, I'm {agent_first_name} from the support team, and I'm looking into "
     "your request #{ticket_number} now."),
    ("Need more details", None,
     "Thanks {first_name}. To help you with this, could you tell me which shop it was, "
     "and the order reference if you have it?"),
    ("Refund on its way", "Payments and refunds",
     "Good news, {first_name}: the shop has confirmed your refund. It reaches you within "
     "5 to 10 working days, and it reduces what you still owe. You can follow it on your "
     "Refunds page."),
    ("Failed payment", "Payments and refunds",
     "Hi {first_name}, your last payment did not go through. You can see why on your "
     "Payments page. A late fee (EUR 5, once) is added only if it is still unpaid 7 days "
     "after its due date, so there is time to sort it out."),
    ("Card blocked, next steps", "Risk",
     "Thank you for blocking your card, {first_name}. I have passed request "
     "#{ticket_number} to our fraud team: they will go through the recent payments with "
     "you here."),
    ("Still there?", None,
     "Hi {first_name}, just checking in: is there anything else I can help with on "
     "request #{ticket_number}? If I don't hear back, I'll close it in a few days."),
    ("Closing", None,
     "Glad we could sort this out, {first_name}. If anything else comes up, reply here or "
     "write to {support_email}. Have a good day! {agent_first_name}"),
]  # fmt: skip


def seed(*, customers, staff, stdout):
    canned = seed_canned_responses()
    if canned:
        stdout.write(f"Canned responses: {canned} added.")
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


def seed_canned_responses() -> int:
    """The demo's canned responses, by title: those already there are left as they
    are. Returns how many were added."""
    queues = {queue.name: queue for queue in Queue.objects.all()}
    taken = set(CannedResponse.objects.values_list("title", flat=True))
    added = [
        CannedResponse(title=title, body=body, queue=queues.get(queue) if queue else None)
        for title, queue, body in CANNED_RESPONSES
        if title not in taken
    ]
    bulk_create_with_history(added, CannedResponse)  # bulk_create alone records no history
    return len(added)


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
            "resolution_due_at", "sla_due_at", "sla_next_check_at", "first_responded_at",
            "next_response_due_at", "solved_at", "closed_at",
        ]
    }  # fmt: skip
    Ticket.objects.filter(pk=ticket.pk).update(**shifted)
    Message.objects.filter(ticket=ticket).update(created_at=F("created_at") - delta)
    TicketEvent.objects.filter(ticket=ticket).update(created_at=F("created_at") - delta)
