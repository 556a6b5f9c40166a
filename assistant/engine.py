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
from dataclasses import dataclass

from assistant import llm, turns
from assistant.prompts import SYSTEM_PROMPT
from assistant.text import for_model
from assistant.tools import ToolContext
from supportsite.db import run_db
from tickets import services
from tickets.models import Message, Ticket
from tickets.rules import Signals

logger = logging.getLogger(__name__)

HISTORY_MESSAGES = 12
SORRY = "I'm sorry, I couldn't answer that just now, so I'm passing you to a person on our team."
OFFER_A_PERSON = "If you'd rather talk to a person, just say so and I'll connect you."


@dataclass(frozen=True)
class TurnResult:
    outcome: str  # "answered", "handed_off", "failed" or "silenced"
    answer: Message | None = None


def history_of(ticket: Ticket) -> list[tuple[str, str]]:
    """The recent public conversation, oldest first, as the model should see it."""
    roles = {Message.Author.CUSTOMER: "user", Message.Author.ASSISTANT: "assistant"}
    recent = (
        ticket.messages.filter(is_internal=False, author_kind__in=list(roles))
        .order_by("-seq")
        .values_list("author_kind", "body")[:HISTORY_MESSAGES]
    )
    return [(roles[kind], for_model(body)) for kind, body in reversed(recent)]


def customer_and_history(ticket: Ticket):
    return ticket.customer, history_of(ticket)


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
    triage_fn: Callable,
    model=None,
    on_token: Callable[[str], Awaitable[None]] | None = None,
) -> TurnResult:
    """Run the assistant for `text`, the customer message just stored on `ticket`."""
    triage = await run_db(triage_fn, for_model(text))
    decision = await run_db(
        services.ticket_apply_triage, ticket=ticket, signals=signals_for(text, triage)
    )
    if ticket.handled_by != Ticket.HandledBy.AI:
        return TurnResult("handed_off")
    turn = await run_db(turns.turn_start, ticket_id=ticket.pk)
    result = await _answer(ticket, text, triage, decision, model, on_token)
    await run_db(turns.turn_finish, turn_id=turn.pk, outcome=result.outcome)
    return result


async def _answer(ticket, text, triage, decision, model, on_token) -> TurnResult:
    try:
        model = model or await run_db(llm.build_model)
        customer, history = await run_db(customer_and_history, ticket)
        context = ToolContext(customer=customer)
        turn = await llm.run_turn(
            model,
            system_prompt=SYSTEM_PROMPT,
            history=history,
            context=context,
            on_token=on_token,
        )
    except llm.TurnFailed as failure:
        logger.warning("assistant_turn_failed ticket=%s reason=%s", ticket.pk, failure)
        return await _fail(ticket, str(failure))
    body = turn.text or SORRY
    if decision.offer_human and not turn.hand_off_reason:
        body = f"{body}\n\n{OFFER_A_PERSON}"
    metadata = {
        "intent": triage.intent,
        "confidence": round(triage.confidence, 3),
        "tools": turn.tools_used,
        "articles": turn.articles,
    }
    answer = await run_db(services.assistant_answer, ticket=ticket.pk, body=body, metadata=metadata)
    if answer is None:
        return TurnResult("silenced")
    if turn.hand_off_reason:
        await run_db(services.ticket_hand_off, ticket=ticket, reason=turn.hand_off_reason)
        return TurnResult("handed_off", answer)
    return TurnResult("answered", answer)


async def _fail(ticket: Ticket, reason: str) -> TurnResult:
    apology = await run_db(
        services.assistant_answer, ticket=ticket.pk, body=SORRY, metadata={"failed": reason}
    )
    await run_db(
        services.ticket_hand_off, ticket=ticket, reason=f"the assistant could not answer ({reason})"
    )
    return TurnResult("failed", apology)
