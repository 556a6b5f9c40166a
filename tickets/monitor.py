"""The desk's part of the monitor loop (run_sla_monitor): conversations end.

A conversation the assistant answered and nobody wrote to for CHAT_IDLE_SOLVE_MINUTES
is solved, with a closing message; a solved one is closed once it can no longer be
reopened (services.REOPEN_WITHIN_DAYS). Each is decided again under its row lock
(services), so any number of monitors may run."""

import datetime as dt

from django.conf import settings
from django.db.models import F

from tickets import services
from tickets.models import Ticket

BATCH = 200


def tick(*, now: dt.datetime) -> int:
    return solve_idle(now=now) + close_past_reopening(now=now)


def solve_idle(*, now: dt.datetime) -> int:
    idle_since = now - dt.timedelta(minutes=settings.CHAT_IDLE_SOLVE_MINUTES)
    # The index on the assistant's conversations by last customer message finds them.
    candidates = (
        Ticket.objects.filter(
            handled_by=Ticket.HandledBy.AI,
            status__in=[Ticket.Status.OPEN, Ticket.Status.PENDING],
            last_customer_message_at__lt=idle_since,
            last_message_at__lt=idle_since,
        )
        .filter(
            # answered: the customer did not write last (those are sweep_silent's)
            last_customer_message_at__lt=F("last_message_at"),
        )
        .values_list("pk", flat=True)[:BATCH]
    )
    return sum(
        services.conversation_solve_if_idle(ticket=pk, idle_since=idle_since, now=now)
        for pk in candidates
    )


def close_past_reopening(*, now: dt.datetime) -> int:
    solved_before = now - dt.timedelta(days=services.REOPEN_WITHIN_DAYS)
    candidates = Ticket.objects.filter(
        status=Ticket.Status.SOLVED, solved_at__lt=solved_before
    ).values_list("pk", flat=True)[:BATCH]
    return sum(
        services.conversation_close_if_past_reopening(ticket=pk, now=now) for pk in candidates
    )
