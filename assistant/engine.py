"""One assistant turn for a customer message that is already stored.

    triage -> escalation rules (tickets) -> hand-off, or an answer from the model
    with the customer's own data, streamed, then stored.

A timeout, a provider error or a misbehaving model never loses the customer's
message (it was stored before this runs) and ends in exactly one hand-off with a kind
message. The answer is stored only if the assistant still owns the conversation when
it is done: a person who joined meanwhile is never talked over.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from django.conf import settings

from assistant import llm, turns
from assistant.models import AssistantTurn
from assistant.prompts import SYSTEM_PROMPT
from assistant.text import for_model
from assistant.tools import ToolContext
from assistant.training import served_triage, served_triage_if_fresh
from core import loop_db
from core.db import run_db
from tickets import services
from tickets.models import Message, Ticket
from tickets.rules import Signals, active_rules_if_fresh

logger = logging.getLogger(__name__)

HISTORY_MESSAGES = 12
SORRY = "I'm sorry, I couldn't answer that just now, so I'm passing you to a person on our team."
OFFER_A_PERSON = "If you'd rather talk to a person, just say so and I'll connect you."


@dataclass(frozen=True)
class TurnResult:
    outcome: str  # an AssistantTurn.Outcome
    answer: Message | None = None


Outcome = AssistantTurn.Outcome

ROLES = {Message.Author.CUSTOMER: "user", Message.Author.ASSISTANT: "assistant"}


def history_of(ticket: Ticket, through_seq: int = turns.LAST) -> list[tuple[str, str]]:
    """The recent public conversation up to `through_seq`, oldest first, as the model
    should see it."""
    recent = (
        ticket.messages.filter(is_internal=False, author_kind__in=list(ROLES), seq__lte=through_seq)
        .order_by("-seq")
        .values_list("author_kind", "body")[:HISTORY_MESSAGES]
    )
    return as_history(reversed(recent))


def as_history(messages) -> list[tuple[str, str]]:
    """(author_kind, body) pairs, oldest first, as the model should see them."""
    return [(ROLES[kind], for_model(body)) for kind, body in messages]


def signals_for(text: str, triage) -> Signals:
    return Signals(
        text=text,
        intent=triage.intent,
        intent_confidence=triage.confidence,
        sentiment=triage.sentiment,
        explicit_human_request=triage.human_request,
    )


async def respond(
    *,
    ticket: Ticket,
    text: str,
    triage_fn: Callable = served_triage,
    model=None,
    on_token: Callable[[str], Awaitable[None]] | None = None,
    through_seq: int = turns.LAST,
) -> TurnResult:
    """Run the assistant for `text`, the customer message just stored on `ticket` with
    seq `through_seq`. The model sees the conversation up to that message: turns run
    one after another, and a message sent meanwhile has its own turn (answering it
    here, the next turn would read this answer as the customer's words).

    In the common case with PostgreSQL two statements on the event loop
    (core.loop_db) besides the tools': one starts the turn, one stores the
    answer and ends it. Otherwise two trips to a database thread (each waits its turn
    with every other socket's): triage, rules and what the model needs, then storing
    the outcome. A `triage_fn` other than served_triage may run on the event loop, so
    it must not use the database."""
    start = await _begin_on_the_loop(ticket, text, triage_fn, model, through_seq)
    if start is None:
        start = await run_db(_begin, ticket, text, triage_fn, model, through_seq)
    if start.turn_id is None:
        return TurnResult(Outcome.HANDED_OFF)
    try:
        return await _answer(ticket, text, start, on_token)
    except Exception:
        # Not the model's failure (that is TurnFailed, handled inside): storing went
        # wrong. The turn still ends, failed, in one hand-off.
        logger.exception("assistant turn crashed ticket=%s turn=%s", ticket.pk, start.turn_id)
        return await run_db(_fail, ticket, "an unexpected error", start.turn_id)


@dataclass
class TurnStart:
    triage: object
    decision: object
    turn_id: int | None = None  # None: handed off, no turn to run
    model: object = None
    customer: object = None
    history: list = field(default_factory=list)


def _begin(
    ticket: Ticket, text: str, triage_fn: Callable, model, through_seq: int = turns.LAST
) -> TurnStart:
    """Triage, the escalation rules, and (if the assistant still owns the ticket) the
    start of a tracked turn with what the model needs. The common case is one
    statement (turns.turn_begin_quickly)."""
    triage = triage_fn(for_model(text))
    signals = signals_for(text, triage)
    quick = turns.turn_begin_quickly(
        ticket, signals, recent=HISTORY_MESSAGES, through_seq=through_seq
    )
    if quick is not None:
        decision, turn_id, recent = quick
        return TurnStart(triage, decision, turn_id, model=model or llm.build_model(),
                         customer=ticket.customer, history=as_history(recent))  # fmt: skip
    decision = services.ticket_apply_triage(ticket=ticket, signals=signals)
    if ticket.handled_by != Ticket.HandledBy.AI:
        return TurnStart(triage, decision)
    turn_id = turns.turn_start(ticket_id=ticket.pk).pk
    return TurnStart(triage, decision, turn_id, model=model or llm.build_model(),
                     customer=ticket.customer,
                     history=history_of(ticket, through_seq))  # fmt: skip


async def _begin_on_the_loop(ticket: Ticket, text: str, triage_fn: Callable, model,
                             through_seq: int):  # fmt: skip
    """The turn started on the event loop, when nothing needs the database but the one
    statement (turns.turn_begin_on_the_loop): the triage model and the rules are
    fresh in this process and the turn changes nothing about the ticket. None, and
    nothing done, otherwise."""
    if (not loop_db.enabled() or ticket.handled_by != Ticket.HandledBy.AI
            or not Ticket.customer.is_cached(ticket)):  # fmt: skip
        return None  # (the customer would be a query: the loop must not make one)
    triage_here = served_triage_if_fresh() if triage_fn is served_triage else triage_fn
    rules = active_rules_if_fresh()
    model = model or _embedded_model()
    if triage_here is None or rules is None or model is None:
        return None
    triage = triage_here(for_model(text))
    signals = signals_for(text, triage)
    try:
        quick = await turns.turn_begin_on_the_loop(
            ticket, signals, recent=HISTORY_MESSAGES, rules=rules, through_seq=through_seq
        )
    except loop_db.NoConnection:
        return None
    if quick is None:
        return None
    decision, turn_id, recent = quick
    return TurnStart(triage, decision, turn_id, model=model, customer=ticket.customer,
                     history=as_history(recent))  # fmt: skip


def _embedded_model():
    """The embedded model, or None when another is configured: building a provider's
    client (TLS set-up and all) is work for a thread, not the event loop."""
    return llm.build_model() if settings.ASSISTANT_MODEL.strip() == "embedded" else None


async def _answer(ticket: Ticket, text: str, start: TurnStart, on_token) -> TurnResult:
    triage, decision, turn_id = start.triage, start.decision, start.turn_id
    model = start.model
    if isinstance(model, llm.EmbeddedChatModel):
        model = model.knowing(for_model(text), triage)  # the triage made, passed on
    try:
        turn = await llm.run_turn(
            model,
            system_prompt=SYSTEM_PROMPT,
            history=start.history,
            context=ToolContext(customer=start.customer),
            on_token=on_token,
        )
    except llm.TurnFailed as failure:
        logger.warning("assistant_turn_failed ticket=%s reason=%s", ticket.pk, failure)
        return await run_db(_fail, ticket, str(failure), turn_id)
    body = turn.text or SORRY
    if decision.offer_human and not turn.hand_off_reason:
        body = f"{body}\n\n{OFFER_A_PERSON}"
    metadata = {
        "intent": triage.intent,
        "confidence": round(triage.confidence, 3),
        "tools": turn.tools_used,
        "articles": turn.articles,
    }
    if not turn.hand_off_reason and loop_db.enabled():
        try:
            answer = await turns.answer_and_finish_on_the_loop(
                ticket_id=ticket.pk, turn_id=turn_id, body=body, metadata=metadata
            )
        except loop_db.NoConnection:
            pass  # nothing was sent: the general path stores it
        else:
            return TurnResult(Outcome.ANSWERED, answer) if answer else TurnResult(Outcome.SILENCED)
    return await run_db(_conclude, ticket, body, metadata, turn.hand_off_reason, turn_id)


def _conclude(ticket, body, metadata, hand_off_reason, turn_id) -> TurnResult:
    """Store the answer (unless a person took over meanwhile), hand off if the model
    asked to, and record how the turn ended."""
    answer = services.assistant_answer(ticket=ticket.pk, body=body, metadata=metadata)
    if answer is None:
        result = TurnResult(Outcome.SILENCED)
    elif hand_off_reason:
        services.ticket_hand_off(ticket=ticket, reason=hand_off_reason)
        result = TurnResult(Outcome.HANDED_OFF, answer)
    else:
        result = TurnResult(Outcome.ANSWERED, answer)
    turns.turn_finish(turn_id=turn_id, outcome=result.outcome)
    return result


def _fail(ticket: Ticket, reason: str, turn_id: int) -> TurnResult:
    apology = services.assistant_answer(ticket=ticket.pk, body=SORRY, metadata={"failed": reason})
    services.ticket_hand_off(ticket=ticket, reason=f"the assistant could not answer ({reason})")
    turns.turn_finish(turn_id=turn_id, outcome=Outcome.FAILED)
    return TurnResult(Outcome.FAILED, apology)
