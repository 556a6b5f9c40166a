"""A hand-built desk where every figure is known (the numbers are worked out in
EXPECTED's comments). Rows are written directly, with exact times: what the services
would have written, at times a test cannot wait for.

Days (UTC): D1 2026-03-02 and D2 2026-03-03 have conversations, D3 2026-03-04 none.

    A1  assistant only, "That solved it" after 2 min, rated 5
    A2  assistant only, idled out after 4 min, closed, not rated
    A3  assistant only, solved, reopened, solved again (13:00), rated 2: a missed hand-off
    A4  the assistant answered; still open
    P1  standard, answered, then asked for a person: first reply 10 min after the
        hand-off (met), solved by the agent 30 min after it, rated 4: a missed hand-off
    P2  standard, risky topic: first reply 60 min after (breached), solved 120 min after
        by the colleague, marked "the assistant could have handled this", rated 1
    P3  VIP, asked for a person first thing: reply in 10 min (met), solved in 40, rated 5
    P4  VIP, distress after two answers: nobody replied, breached, credited 9.00 EUR
    M1  merged into P1: counts nowhere;  X1  started the day before D1: out of range
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from tickets.models import CSATRating, HandOffCode, SLABreach, TicketEvent
from tickets.tests.factories import TicketFactory
from vip.models import ServiceCredit

D1, D2, D3 = dt.date(2026, 3, 2), dt.date(2026, 3, 3), dt.date(2026, 3, 4)
Status, Kind, Target = TicketFactory._meta.model.Status, TicketEvent.Kind, SLABreach.Target


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=dt.UTC)


def minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)


def build(*, customer, vip_customer, agent, colleague) -> dict:
    t = {}

    def ticket(name, start, **fields):
        fields.setdefault("customer", customer)
        t[name] = TicketFactory(subject=name, created_at=start, updated_at=start, **fields)
        return t[name]

    def solved(start, after, by="customer"):
        return {"status": Status.SOLVED, "solved_at": start + minutes(after), "ended_by": by}

    def handed(start, after, code, due_in, first_reply=None, solve=None, **more):
        handed_at = start + minutes(after)
        fields = {
            "handed_off_at": handed_at,
            "handoff_code": code,
            "handled_by": "agent" if first_reply is not None else "queue",
            "first_response_due_at": handed_at + minutes(due_in),
            "resolution_due_at": handed_at + minutes(8 * 60),
            **more,
        }
        if first_reply is not None:
            fields["first_responded_at"] = handed_at + minutes(first_reply)
        if solve is not None:
            fields.update(solved(handed_at, solve, by="agent"))
        return fields

    a1 = ticket("A1", at(D1, 10), ai_turns=1, **solved(at(D1, 10), 2))
    ticket("A2", at(D1, 11), ai_turns=2, **{**solved(at(D1, 11), 4, by="idle"),
                                            "status": Status.CLOSED})  # fmt: skip
    a3 = ticket("A3", at(D1, 12), ai_turns=1, **solved(at(D1, 12), 60))
    TicketEvent.objects.create(ticket=a3, kind=Kind.STATUS_CHANGED, actor=customer,
                               data={"from": "solved", "to": "open"},
                               created_at=at(D1, 12, 30))  # fmt: skip
    ticket("A4", at(D2, 9), ai_turns=1)
    p1 = ticket(
        "P1",
        at(D1, 14),
        ai_turns=1,
        assignee=agent,
        **handed(at(D1, 14), 5, HandOffCode.ASKED, 4 * 60, first_reply=10, solve=30),
    )
    p2 = ticket(
        "P2",
        at(D2, 10),
        ai_turns=1,
        assignee=colleague,
        assistant_could_have_handled=True,
        **handed(at(D2, 10), 1, HandOffCode.RISKY_TOPIC, 30, first_reply=60, solve=120),
    )
    p3 = ticket(
        "P3",
        at(D2, 15),
        ai_turns=0,
        tier="vip",
        customer=vip_customer,
        assignee=agent,
        **handed(at(D2, 15), 0, HandOffCode.ASKED, 15, first_reply=10, solve=40),
    )
    p4 = ticket("P4", at(D2, 16), ai_turns=2, tier="vip", customer=vip_customer,
                **handed(at(D2, 16), 2, HandOffCode.DISTRESS, 15))  # fmt: skip
    ticket("M1", at(D1, 9), merged_into=p1, status=Status.CLOSED, ai_turns=1)
    ticket("X1", at(D1, 0) - minutes(1), ai_turns=1, **solved(at(D1, 0) - minutes(1), 1))

    for rated, score in [(a1, 5), (a3, 2), (p1, 4), (p2, 1), (p3, 5)]:
        CSATRating.objects.create(ticket=rated, score=score, created_at=timezone.now())
    SLABreach.objects.create(ticket=p2, target=Target.FIRST_RESPONSE,
                             due_at=p2.first_response_due_at)  # fmt: skip
    breach = SLABreach.objects.create(ticket=p4, target=Target.FIRST_RESPONSE,
                                      due_at=p4.first_response_due_at)  # fmt: skip
    ServiceCredit.objects.create(breach=breach, ticket=p4, customer=vip_customer,
                                 amount=Decimal("9.00"), currency="EUR")  # fmt: skip
    return t
