"""Tracking assistant turns, and finishing the ones a restart cut short."""

import contextlib
import datetime as dt
import logging

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone

from assistant.models import AssistantTurn
from core import metrics
from core.db import insert_rows, once_more_if_ended, update_row
from tickets import services
from tickets.errors import TicketError
from tickets.models import HandOffCode, Message, Ticket

logger = logging.getLogger(__name__)

GRACE = dt.timedelta(seconds=30)
LAST = 2**31 - 1  # "through the newest message" (a seq no ticket reaches)
# How far back the monitor looks for conversations the assistant never answered: a
# monitor stopped for longer than this leaves older ones to the agents' queue views.
SILENCE_LOOKBACK = dt.timedelta(days=7)


def turn_start(*, ticket_id: int) -> AssistantTurn:
    turn = AssistantTurn(ticket_id=ticket_id)
    # One a message: as the chat's own rows. It follows the turn's triage, already
    # written: on a connection ended between the two it is made again on a fresh one
    # (fault drill (c) saw a turn fail there).
    once_more_if_ended(insert_rows, [turn])
    return turn


def turn_finish(*, turn_id: int, outcome: str, detail: str = "") -> bool:
    """Record how a turn ended; False if the sweep already failed it."""
    failed = outcome == AssistantTurn.Outcome.FAILED
    recorded = update_row(
        AssistantTurn, turn_id,
        {"state": AssistantTurn.State.FAILED if failed else AssistantTurn.State.DONE,
         "outcome": outcome, "detail": detail[:200], "finished_at": timezone.now()},
        state=AssistantTurn.State.PENDING,
    )  # fmt: skip
    if recorded:
        metrics.ASSISTANT_TURNS.labels(outcome).inc()
    return recorded


def sweep_orphans(*, now: dt.datetime | None = None) -> int:
    """Fail turns pending past the model's time limit (plus a grace period) and hand
    their conversations to a person. Safe with several sweepers: a turn is claimed by
    the conditional update, so each is handled once."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.ASSISTANT_TIMEOUT) - GRACE
    handled = 0
    pending = AssistantTurn.objects.filter(state=AssistantTurn.State.PENDING)
    stale = pending.filter(started_at__lt=cutoff).values_list("pk", "ticket_id")[:200]
    for turn_id, ticket_id in stale:
        claimed = pending.filter(pk=turn_id).update(
            state=AssistantTurn.State.FAILED, outcome=AssistantTurn.Outcome.FAILED,
            detail="interrupted",
            finished_at=now,
        )  # fmt: skip
        if claimed:
            metrics.ASSISTANT_TURNS.labels(AssistantTurn.Outcome.FAILED).inc()
            # A ticket closed meanwhile has nobody waiting for an answer.
            with contextlib.suppress(TicketError):
                services.ticket_hand_off(
                    ticket=ticket_id,
                    reason="the assistant was interrupted",
                    code=HandOffCode.ASSISTANT_FAILED,
                )
            logger.warning("assistant_turn_orphaned ticket=%s turn=%s", ticket_id, turn_id)
            handled += 1
    return handled


def sweep_silent(*, now: dt.datetime | None = None) -> int:
    """Hand to a person every conversation the assistant owns where the customer
    wrote last, longer ago than a turn may take (plus the grace period), and no turn
    began since: the process died between storing the message and starting its turn.
    Safe with several sweepers: a hand-off happens once (services.ticket_hand_off)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.ASSISTANT_TIMEOUT) - GRACE
    since_last_customer_message = {
        "ticket": OuterRef("pk"), "created_at__gte": OuterRef("last_customer_message_at"),
    }  # fmt: skip
    answered = Message.objects.filter(**since_last_customer_message, is_internal=False).exclude(
        author_kind=Message.Author.CUSTOMER
    )
    turn_began = AssistantTurn.objects.filter(
        ticket=OuterRef("pk"), started_at__gte=OuterRef("last_customer_message_at")
    )
    silent = (
        Ticket.objects.filter(
            handled_by=Ticket.HandledBy.AI,
            status__in=[Ticket.Status.OPEN, Ticket.Status.PENDING],
            last_customer_message_at__lt=cutoff,
            last_customer_message_at__gte=now - SILENCE_LOOKBACK,
        )
        .exclude(Exists(answered))
        .exclude(Exists(turn_began))
        .values_list("pk", flat=True)[:200]
    )
    handled = 0
    for ticket_id in silent:
        with contextlib.suppress(TicketError):
            services.ticket_hand_off(
                ticket=ticket_id,
                reason="the assistant did not answer",
                code=HandOffCode.ASSISTANT_FAILED,
            )
        logger.warning("assistant_never_answered ticket=%s", ticket_id)
        handled += 1
    return handled
