"""Four weeks of desk history for `seed_demo`, so that every panel of the reports has
something to show: conversations the assistant resolved (by "That solved it" and by
idling out), hand-offs of several reasons, agents' replies and solves (some marked
"the assistant could have handled this"), a reopening, ratings on every path, VIP
conversations answered within the promise and a standard one left waiting past its
target (the VIP breach and its credit come from vip.demo).

Built through the tickets services, one step at a time, each step then moved back
in time (tickets.demo.backdate), so the times between the steps are realistic.
Idempotent: the history is made once, found again by its subjects."""

import random
from datetime import timedelta

from django.utils import timezone

from tickets import services
from tickets.demo import backdate, conversation
from tickets.models import HandOffCode, Message, Ticket
from tickets.sla import monitor_pass

Author = Message.Author
VIP_CUSTOMER = "maya@example.com"
DAYS = 28

ROUTINE = [
    ("When is my next payment?", "Your next payment of EUR 42.50 is due on the 14th."),
    ("Where is my refund?", "Your refund of EUR 19.99 was issued on Monday; it reaches you "
     "within 5 to 10 working days."),
    ("How do I pay early?", "You can pay any instalment early from the Payments page."),
    ("Why was my payment late?", "It was collected two days late because the card was declined."),
    ("Can I change my card?", "Yes: Profile, then Payment method, then Change card."),
]  # fmt: skip
PERSON = [
    # subject, first words, code, the assistant answered first?
    ("Dispute with a shop", "The shop won't take the sofa back.", HandOffCode.RISKY_TOPIC, False),
    ("Please close my account", "Close my account please.", HandOffCode.ACT_ON_ACCOUNT, True),
    ("I am really upset", "This is the third time I write!", HandOffCode.DISTRESS, True),
    ("Wrong instalment amount", "The amount is wrong.", HandOffCode.ASKED, True),
    ("Fee I don't understand", "Why was I charged a fee?", HandOffCode.ASKED, True),
]
SUBJECTS = (
    [subject for subject, _ in ROUTINE]
    + [subject for subject, *_ in PERSON]
    + [
        "VIP: payment question",
        "Waiting for an answer",
    ]
)


def seed(*, customers, staff, stdout):
    people = [user for user in customers[8:] if user.email != VIP_CUSTOMER]
    vip = next((user for user in customers if user.email == VIP_CUSTOMER), None)
    if not people or Ticket.objects.filter(customer__in=customers, subject__in=SUBJECTS).exists():
        return
    agents = [user for user in staff if not user.is_superuser]
    rng = random.Random(18)  # noqa: S311  (repeatable demo data, not secrets)
    made = 0
    for days_ago in range(DAYS, 0, -1):
        for _ in range(rng.randint(2, 4)):
            customer = rng.choice(people)
            roll = rng.random()
            if roll < 0.55:
                ticket = _routine(customer, rng)
            elif roll < 0.9:
                ticket = _with_a_person(customer, rng.choice(agents), rng)
            elif vip is not None:
                ticket = _vip(vip, rng.choice(agents), rng)
            else:
                continue
            _moved(ticket, timedelta(days=days_ago, minutes=rng.randint(0, 8 * 60)))
            made += 1
    waiting = conversation(people[0], "Waiting for an answer", "Is anyone there?")
    services.ticket_hand_off(ticket=waiting, reason="customer asked for a person",
                             code=HandOffCode.ASKED)  # fmt: skip
    _moved(waiting, timedelta(days=3))
    breaches = monitor_pass(now=timezone.now())
    stdout.write(f"Reports: {made + 1} conversations of history ({breaches} SLA breach(es)).")


def _moved(ticket: Ticket, delta: timedelta) -> Ticket:
    """What happened so far on `ticket` moved `delta` back: the next step is later."""
    backdate(ticket, delta)
    ticket.refresh_from_db()
    return ticket


def _minutes(rng, low, high) -> timedelta:
    return timedelta(minutes=rng.uniform(low, high))


def _routine(customer, rng) -> Ticket:
    """The assistant answers; the customer says it solved it, or goes quiet, or (now
    and then) comes back to it, or rates it low."""
    subject, answer = rng.choice(ROUTINE)
    ticket = conversation(customer, subject, subject)
    services.message_post(ticket=ticket, author_kind=Author.ASSISTANT, body=answer)
    _moved(ticket, _minutes(rng, 1, 4))
    roll = rng.random()
    if roll < 0.25:
        services.conversation_solve_if_idle(
            ticket=ticket, idle=services.idle_since(timezone.now()), now=timezone.now()
        )
        return ticket
    services.conversation_resolve(customer=customer, conversation=ticket)
    if roll < 0.35:  # back to it: the answer was not enough
        _moved(ticket, _minutes(rng, 30, 120))
        services.ticket_reopen(ticket=ticket, customer=customer)
        services.message_post(ticket=ticket, author_kind=Author.ASSISTANT, body=answer)
        _moved(ticket, _minutes(rng, 1, 3))
        services.conversation_resolve(customer=customer, conversation=ticket)
        services.csat_record(ticket=ticket, customer=customer, score=2)
    elif roll < 0.8:
        score = 1 if roll < 0.4 else rng.choice([4, 5, 5])
        services.csat_record(ticket=ticket, customer=customer, score=score)
    return ticket


def _with_a_person(customer, agent, rng) -> Ticket:
    """Handed to people (with or without the assistant first), replied, solved; the
    agent marks now and then that the assistant could have handled it."""
    subject, words, code, answered = rng.choice(PERSON)
    ticket = conversation(customer, subject, words)
    if answered:
        services.message_post(ticket=ticket, author_kind=Author.ASSISTANT,
                              body="Let me look into that for you.")  # fmt: skip
        _moved(ticket, _minutes(rng, 1, 3))
    if code == HandOffCode.ASKED:
        services.ticket_request_person(customer=customer, conversation=ticket,
                                       body="I'd like to talk to a person.")  # fmt: skip
    else:
        services.ticket_hand_off(ticket=ticket, reason=subject.lower(), code=code)
    _moved(ticket, _minutes(rng, 4, 90))
    services.agent_reply(ticket=ticket, agent=agent, body="I'm on it, one moment please.")
    _moved(ticket, _minutes(rng, 5, 40))
    needless = code == HandOffCode.ASKED and rng.random() < 0.4
    services.ticket_solve(ticket=ticket, actor=agent, assistant_could_have_handled=needless)
    if rng.random() < 0.7:
        services.csat_record(ticket=ticket, customer=customer, score=rng.choice([3, 4, 5, 5]))
    return ticket


def _vip(vip, agent, rng) -> Ticket:
    """A VIP asks for a person: answered within the promise (by whoever the VIP queue
    gave it to), solved soon after."""
    ticket = conversation(vip, "VIP: payment question", "Can someone check my payment?")
    services.ticket_request_person(customer=vip, conversation=ticket)
    _moved(ticket, _minutes(rng, 2, 10))
    agent = ticket.assignee or agent
    services.agent_reply(ticket=ticket, agent=agent, body="Hello, I'm checking it now.")
    _moved(ticket, _minutes(rng, 8, 25))
    services.ticket_solve(ticket=ticket, actor=agent)
    services.csat_record(ticket=ticket, customer=vip, score=5)
    return ticket
