"""The desk's part of the monitor loop (run_sla_monitor): conversations end.

A conversation the assistant answered and nobody wrote to for CHAT_IDLE_SOLVE_MINUTES
is solved, with a closing message; a solved one is closed once it can no longer be
reopened (services.REOPEN_WITHIN_DAYS). Each is decided again under its row lock
(services), so any number of monitors may run."""

import datetime as dt

from django.conf import settings

from tickets import services
from tickets.models import Ticket

BATCH = 200


def tick(*, now: dt.datetime) -> int:
    return solve_idle(now=now) + close_past_reopening(now=now)


def solve_idle(*, now: dt.datetime) -> int:
    idle = services.idle_since(now - dt.timedelta(minutes=settings.CHAT_IDLE_SOLVE_MINUTES))
    candidates = Ticket.objects.filter(idle).values_list("pk", flat=True)[:BATCH]
    return sum(
        services.conversation_solve_if_idle(ticket=pk, idle=idle, now=now) for pk in candidates
    )


def close_past_reopening(*, now: dt.datetime) -> int:
    past = services.past_reopening(now)
    candidates = Ticket.objects.filter(past).values_list("pk", flat=True)[:BATCH]
    return sum(
        services.conversation_close_if_past_reopening(ticket=pk, now=now) for pk in candidates
    )
