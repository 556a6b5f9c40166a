"""One assistant turn for a customer message that is already stored.

    triage -> escalation rules (tickets) -> hand-off, or an answer from the model
    with the customer's own data, streamed, then stored.

A timeout, a provider error or a misbehaving model never loses the customer's
message (it was stored before this runs) and ends in exactly one hand-off with a kind
message. The answer is stored only if the assistant still owns the conversation when
it is done: a person who joined meanwhile is never talked over.
"""

import dataclasses
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy

from assistant import llm, turns
from assistant.embedded import OFFER_A_PERSON, reread
from assistant.language import ENGLISH, OTHER, answered_language, language_of
from assistant.models import AssistantTurn
from assistant.prompts import SYSTEM_PROMPT
from assistant.text import for_model
from assistant.tools import ToolContext
from assistant.training import served_triage
from core.db import run_db, run_db_repeatable
from tickets import chat, services
from tickets.models import HandOffCode, Message, Ticket
from tickets.rules import Signals

logger = logging.getLogger(__name__)

HISTORY_MESSAGES = 12
SORRY = gettext_lazy(
    "I'm sorry, I couldn't answer that just now, so I'm passing you to a person on our team."
)
# Said to a message that carries files (attachments/): the assistant reads only text.
FILES_UNREAD = gettext_lazy(
    "I can't open files or pictures, so I haven't seen what you sent. If it matters for "
    "your question, a person from our team can look at it: just ask for a person."
)


@dataclass(frozen=True)
class TurnResult:
    outcome: str  # an AssistantTurn.Outcome
    answer: Message | None = None
    ticket: Ticket | None = None  # the conversation as the turn left it


Outcome = AssistantTurn.Outcome

ROLES = {Message.Author.CUSTOMER: "user", Message.Author.ASSISTANT: "assistant"}


def as_history(messages) -> list[tuple[str, str]]:
    """(author_kind, body) pairs, oldest first, as the model should see them."""
    return [(ROLES[kind], for_model(body)) for kind, body in messages]


def signals_for(text: str, triage) -> Signals:
    return Signals(
        text=text,
        intent=triage.intent,
        intent_confidence=triage.confidence,
        intent_sure=triage.sure,
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
    attached: bool = False,
) -> TurnResult:
    """Run the assistant for `text`, the customer message just stored on `ticket` (the
    conversation as the caller holds it) with seq `through_seq`. The model sees the
    conversation up to that message: turns run one after another, and a message sent
    meanwhile has its own turn (answering it here, the next turn would read this
    answer as the customer's words).

    Two trips to a database thread besides the tools': one begins the turn (triage,
    the rules, what the model needs: tickets.chat.turn_begin), one stores the outcome
    (tickets.chat.turn_end). `attached`: the message carries files, which the answer
    says it cannot read (with no text, that is the whole answer), offering a person.

    The turn's fixed texts are in the message's language (English for one the
    assistant does not read; the page's for one too short to tell)."""
    language = language_of(text, default=answered_language(get_language()))
    with translation.override(ENGLISH if language == OTHER else language):
        return await _respond(ticket, text, triage_fn, model, on_token, through_seq, attached)


async def _respond(ticket, text, triage_fn, model, on_token, through_seq, attached) -> TurnResult:
    start = await run_db(_begin, ticket, text, triage_fn, model, through_seq)
    if start.turn_id is None:
        return TurnResult(Outcome.HANDED_OFF, ticket=start.ticket)
    try:
        if attached and not text:
            metadata = {"intent": start.triage.intent, "files_unread": True}
            return await _conclude(start.ticket, str(FILES_UNREAD), metadata, None, start.turn_id)
        return await _answer(text, start, on_token, attached)
    except Exception:
        # Not the model's failure (that is TurnFailed, handled inside): storing went
        # wrong. The turn still ends, failed, in one hand-off.
        logger.exception("assistant turn crashed ticket=%s turn=%s", ticket.pk, start.turn_id)
        return await run_db(_fail, start.ticket, "an unexpected error", start.turn_id, str(SORRY))


@dataclass
class TurnStart:
    triage: object
    decision: object
    ticket: Ticket  # as the triage left it
    turn_id: int | None = None  # None: handed off, no turn to run
    model: object = None
    customer: object = None  # read here, on the database thread: the model's tools need it
    history: list = field(default_factory=list)


def _begin(
    ticket: Ticket, text: str, triage_fn: Callable, model, through_seq: int = turns.LAST
) -> TurnStart:
    """Triage, the escalation rules, and (if the assistant still owns the ticket) the
    start of a tracked turn with what the model needs."""
    asked = for_model(text)
    triage = reread(asked, unread_if_unsupported(text, triage_fn(asked)))
    begun = chat.turn_begin(
        ticket, signals_for(text, triage), through_seq=through_seq, recent=HISTORY_MESSAGES
    )
    if begun.ticket.handled_by != Ticket.HandledBy.AI:
        return TurnStart(triage, begun.decision, begun.ticket)
    turn_id = turns.turn_start(ticket_id=ticket.pk).pk
    return TurnStart(triage, begun.decision, begun.ticket, turn_id,
                     model=model or llm.build_model(), customer=begun.ticket.customer,
                     history=as_history(begun.history))  # fmt: skip


def unread_if_unsupported(text: str, triage):
    """A message in a language the assistant does not read has no reading: neither a
    request for a person nor a risky topic (the words the triage knows in it are
    chance), so the rules see it as out of scope and the reply says which languages it
    reads, with a person offered (assistant.embedded). Read as respond read it: the
    language active here is the one it chose (the page's, for a message too short to
    tell)."""
    language = language_of(text, default=answered_language(get_language()))
    if language != OTHER or not dataclasses.is_dataclass(triage):
        return triage
    return dataclasses.replace(
        triage, intent="oos", confidence=1.0, out_of_scope=True, route="ROUTINE",
        human_request=False, human_score=0.0, intent_route="ROUTINE", alternatives=(),
    )  # fmt: skip


async def _answer(text: str, start: TurnStart, on_token, attached: bool = False) -> TurnResult:
    triage, decision, turn_id, ticket = start.triage, start.decision, start.turn_id, start.ticket
    model = start.model
    if isinstance(model, llm.EmbeddedChatModel):
        model = model.knowing(for_model(text), triage)  # the triage made, passed on
    try:
        turn = await llm.run_turn(
            model,
            system_prompt=SYSTEM_PROMPT,
            history=start.history,
            context=ToolContext(
                customer=start.customer, language=answered_language(get_language())
            ),
            on_token=on_token,
        )
    except llm.TurnFailed as failure:
        logger.warning("assistant_turn_failed ticket=%s reason=%s", ticket.pk, failure)
        return await run_db(_fail, ticket, str(failure), turn_id, str(SORRY))
    body = turn.text or str(SORRY)
    offer = str(OFFER_A_PERSON)
    if attached and not turn.hand_off_reason:  # FILES_UNREAD offers a person: once is enough
        body = f"{body.replace(offer, '').rstrip()}\n\n{FILES_UNREAD}"
    elif decision.offer_human and not turn.hand_off_reason and offer not in body:
        body = f"{body}\n\n{OFFER_A_PERSON}"
    metadata = {
        "intent": triage.intent,
        "confidence": round(triage.confidence, 3),
        "tools": turn.tools_used,
        "articles": turn.articles,
    }
    if turn.choices and not turn.hand_off_reason:
        metadata["choices"] = turn.choices
    hand_off = (turn.hand_off_reason, turn.hand_off_code) if turn.hand_off_reason else None
    return await _conclude(ticket, body, metadata, hand_off, turn_id)


async def _conclude(ticket, body, metadata, hand_off, turn_id) -> TurnResult:
    """Store the answer (unless a person took over meanwhile), hand off if the model
    asked to, and record how the turn ended: each its own trip to a database thread, so
    a connection the server ends under one step is met by that step alone (core.db runs
    a step again when nothing of it was written), never by an answer already stored."""
    answer = await run_db(chat.turn_end, ticket, body=body, metadata=metadata)
    if answer is None:
        result = TurnResult(Outcome.SILENCED, ticket=ticket)
    elif hand_off:
        reason, code = hand_off
        await run_db(services.ticket_hand_off, ticket=ticket, reason=reason,
                     code=code or HandOffCode.OTHER)  # fmt: skip
        result = TurnResult(Outcome.HANDED_OFF, answer, ticket)
    else:
        result = TurnResult(Outcome.ANSWERED, answer, ticket)
    await run_db_repeatable(turns.turn_finish, turn_id=turn_id, outcome=result.outcome)
    return result


def _fail(ticket: Ticket, reason: str, turn_id: int, apology_text: str) -> TurnResult:
    """`apology_text`: SORRY in the turn's language (this thread does not see it)."""
    apology = chat.turn_end(ticket, body=apology_text, metadata={"failed": reason})
    services.ticket_hand_off(
        ticket=ticket,
        reason=f"the assistant could not answer ({reason})",
        code=HandOffCode.ASSISTANT_FAILED,
    )
    turns.turn_finish(turn_id=turn_id, outcome=Outcome.FAILED)
    return TurnResult(Outcome.FAILED, apology, ticket)
