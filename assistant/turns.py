"""Tracking assistant turns, and finishing the ones a restart cut short."""

import contextlib
import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from assistant.models import AssistantTurn
from tickets import services
from tickets.errors import TicketError

logger = logging.getLogger(__name__)

GRACE = dt.timedelta(seconds=30)


def turn_start(*, ticket_id: int) -> AssistantTurn:
    return AssistantTurn.objects.create(ticket_id=ticket_id)


def turn_finish(*, turn_id: int, outcome: str, detail: str = "") -> bool:
    """Record how a turn ended; False if the sweep already failed it."""
    state = AssistantTurn.State.FAILED if outcome == "failed" else AssistantTurn.State.DONE
    return bool(
        AssistantTurn.objects.filter(pk=turn_id, state=AssistantTurn.State.PENDING).update(
            state=state, outcome=outcome, detail=detail[:200], finished_at=timezone.now()
        )
    )


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
            state=AssistantTurn.State.FAILED, outcome="failed", detail="interrupted",
            finished_at=now,
        )  # fmt: skip
        if claimed:
            # A ticket closed meanwhile has nobody waiting for an answer.
            with contextlib.suppress(TicketError):
                services.ticket_hand_off(ticket=ticket_id, reason="the assistant was interrupted")
            logger.warning("assistant_turn_orphaned ticket=%s turn=%s", ticket_id, turn_id)
            handled += 1
    return handled
