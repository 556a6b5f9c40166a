"""Tracking assistant turns, and finishing the ones a restart cut short."""

import contextlib
import datetime as dt
import json
import logging

from django.conf import settings
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone
from psycopg.types.json import Jsonb

from assistant.models import AssistantTurn
from core import loop_db
from core.db import fetch_one_prepared
from tickets import notify, services
from tickets.errors import TicketError
from tickets.models import Message, Ticket, TicketEvent
from tickets.rules import Decision, Signals

logger = logging.getLogger(__name__)

GRACE = dt.timedelta(seconds=30)
LAST = 2**31 - 1  # "through the newest message" (a seq no ticket reaches)
# How far back the monitor looks for conversations the assistant never answered: a
# monitor stopped for longer than this leaves older ones to the agents' queue views.
SILENCE_LOOKBACK = dt.timedelta(days=7)


def turn_start(*, ticket_id: int) -> AssistantTurn:
    return AssistantTurn.objects.create(ticket_id=ticket_id)


# The start of a turn in the common case, as one statement (PostgreSQL; every message
# the assistant answers starts one): record the triage as
# services.triage_decision_without_lock allows (the UPDATE applies only if the
# columns the rules looked at are unchanged, and the assistant still owns the ticket),
# with the matched rules' event, start the turn, and read the recent conversation.
_UNCHANGED = " AND ".join(
    f"{column} IS NOT DISTINCT FROM %({column})s" for column in services.TRIAGE_GUARD
)
BEGIN_TURN = f"""
WITH ticket AS (
    UPDATE tickets_ticket
    SET intent = %(intent)s, sentiment = %(sentiment)s, updated_at = %(now)s
    WHERE id = %(ticket_id)s AND handled_by = %(ai)s
      AND {_UNCHANGED}
    RETURNING id
), event AS (
    INSERT INTO tickets_ticketevent (ticket_id, kind, actor_id, data, created_at)
    SELECT id, %(rule_matched)s, NULL, %(event_data)s, %(now)s FROM ticket WHERE %(matched)s
), turn AS (
    INSERT INTO assistant_assistantturn (ticket_id, state, outcome, detail, started_at)
    SELECT id, %(pending)s, '', '', %(now)s FROM ticket
    RETURNING id
)
SELECT turn.id, (
    SELECT coalesce(json_agg(json_build_array(author_kind, body) ORDER BY seq), '[]')::text
    FROM (SELECT seq, author_kind, body FROM tickets_message
          WHERE ticket_id = %(ticket_id)s AND NOT is_internal AND seq <= %(through_seq)s
            AND author_kind IN (%(customer)s, %(assistant)s)
          ORDER BY seq DESC LIMIT %(recent)s) AS recent
) FROM turn
"""  # nosec B608  # noqa: S608 (the only interpolation is our own column names)


def turn_begin_quickly(
    ticket: Ticket, signals: Signals, *, recent: int, through_seq: int = LAST
) -> tuple[Decision, int, list[tuple[str, str]]] | None:
    """Triage recorded, turn started and the last `recent` public messages of the
    customer and the assistant (oldest first, as (author_kind, body)), in one
    statement (those up to `through_seq`, the message the turn answers: one sent after
    it has a turn of its own); None, and nothing done, unless that is all there is to
    do (then the caller takes the general path) or on SQLite."""
    if connection.vendor != "postgresql":
        return None
    now = timezone.now()
    planned = plan_begin(ticket, signals, now, recent=recent, rules=None, through_seq=through_seq)
    if planned is None:
        return None
    decision, params = planned
    return begun(ticket, signals, now, decision, fetch_one_prepared(BEGIN_TURN, params))


async def turn_begin_on_the_loop(
    ticket: Ticket, signals: Signals, *, recent: int, rules, through_seq: int = LAST
) -> tuple[Decision, int, list[tuple[str, str]]] | None:
    """turn_begin_quickly on the event loop (core.loop_db), with `rules` the
    process already holds (tickets.rules.active_rules_if_fresh)."""
    now = timezone.now()
    planned = plan_begin(ticket, signals, now, recent=recent, rules=rules, through_seq=through_seq)
    if planned is None:
        return None
    decision, params = planned
    return begun(ticket, signals, now, decision, await loop_db.fetch_one(BEGIN_TURN, params))


def plan_begin(ticket: Ticket, signals: Signals, now, *, recent: int, rules, through_seq: int):
    """The rules' decision and BEGIN_TURN's parameters, or None when the general path
    must start this turn. `rules`: the active rules, or None to read them."""
    if ticket.handled_by != Ticket.HandledBy.AI:
        return None
    decision = services.triage_decision_without_lock(ticket, signals, now, rules=rules)
    if decision is None:
        return None
    return decision, {
        "intent": signals.intent[:80], "sentiment": signals.sentiment, "now": now,
        "ticket_id": ticket.pk, "ai": Ticket.HandledBy.AI,
        **{column: getattr(ticket, column) for column in services.TRIAGE_GUARD},
        "rule_matched": TicketEvent.Kind.RULE_MATCHED, "matched": bool(decision.matched),
        "event_data": Jsonb({"rules": decision.matched}),
        "pending": AssistantTurn.State.PENDING,
        "customer": Message.Author.CUSTOMER, "assistant": Message.Author.ASSISTANT,
        "recent": recent, "through_seq": through_seq,
    }  # fmt: skip


def begun(ticket: Ticket, signals: Signals, now, decision: Decision, row):
    """What BEGIN_TURN's `row` says: None if the ticket changed meanwhile."""
    if row is None:
        return None
    ticket.intent, ticket.sentiment, ticket.updated_at = signals.intent[:80], signals.sentiment, now
    return decision, row[0], [tuple(pair) for pair in json.loads(row[1])]


FINISH_TURN = """
UPDATE assistant_assistantturn
SET state = %(state)s, outcome = %(outcome)s, detail = %(detail)s, finished_at = %(now)s
WHERE id = %(turn_id)s AND state = %(pending)s
RETURNING id
"""


# The common end of a turn: the answer stored (services.ASSISTANT_ANSWER, unless a
# person took over meanwhile) and the turn finished, as one statement. Data-modifying
# parts of a WITH all run, so the turn is finished whether or not the answer was kept.
ANSWER_AND_FINISH_TURN = f"""
WITH ticket AS ({services.ANSWER_TICKET}),
message AS ({services.ANSWER_MESSAGE}),
turn AS (
    UPDATE assistant_assistantturn
    SET state = %(done)s, detail = '', finished_at = %(now)s,
        outcome = CASE WHEN EXISTS (SELECT FROM message) THEN %(answered)s ELSE %(silenced)s END
    WHERE id = %(turn_id)s AND state = %(pending)s
)
SELECT id, seq FROM message
"""  # nosec B608  # noqa: S608 (the only interpolation is our own SQL)


async def answer_and_finish_on_the_loop(*, ticket_id: int, turn_id: int, body: str,
                                        metadata: dict) -> Message | None:  # fmt: skip
    """Store the answer and finish the turn in one statement on the event loop
    (core.loop_db); the answer, broadcast, or None if a person owns the
    conversation now (the turn then ends "silenced")."""
    body, now = services.clean_body(body), timezone.now()
    row = await loop_db.fetch_one(ANSWER_AND_FINISH_TURN, {
        **services.answer_params(ticket_id, body, metadata, now),
        "turn_id": turn_id, "done": AssistantTurn.State.DONE,
        "answered": AssistantTurn.Outcome.ANSWERED, "silenced": AssistantTurn.Outcome.SILENCED,
        "pending": AssistantTurn.State.PENDING,
    })  # fmt: skip
    if row is None:
        return None
    answer = services.answer_stored(ticket_id, row, body, metadata, now)
    notify.broadcast_on_commit([(notify.ticket_group(ticket_id), notify.message_event(answer))])
    return answer


def turn_finish(*, turn_id: int, outcome: str, detail: str = "") -> bool:
    """Record how a turn ended; False if the sweep already failed it."""
    failed = outcome == AssistantTurn.Outcome.FAILED
    state = AssistantTurn.State.FAILED if failed else AssistantTurn.State.DONE
    detail, now, pending = detail[:200], timezone.now(), AssistantTurn.State.PENDING
    if connection.vendor == "postgresql":  # once a turn: a prepared statement
        finished = fetch_one_prepared(FINISH_TURN, {
            "state": state, "outcome": outcome, "detail": detail, "now": now,
            "turn_id": turn_id, "pending": pending,
        })  # fmt: skip
        return finished is not None
    return bool(
        AssistantTurn.objects.filter(pk=turn_id, state=pending).update(
            state=state, outcome=outcome, detail=detail, finished_at=now
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
            state=AssistantTurn.State.FAILED, outcome=AssistantTurn.Outcome.FAILED,
            detail="interrupted",
            finished_at=now,
        )  # fmt: skip
        if claimed:
            # A ticket closed meanwhile has nobody waiting for an answer.
            with contextlib.suppress(TicketError):
                services.ticket_hand_off(ticket=ticket_id, reason="the assistant was interrupted")
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
            services.ticket_hand_off(ticket=ticket_id, reason="the assistant did not answer")
        logger.warning("assistant_never_answered ticket=%s", ticket_id)
        handled += 1
    return handled
