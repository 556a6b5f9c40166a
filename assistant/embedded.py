"""The embedded model: answers with no network, no key and no downloads.

It plays the part of a chat model in the same agent loop as a real one: given the
conversation, it either asks for one tool (the lookup the customer's question needs)
or, once the tool's result is there, writes the answer from it. Every fact in an
answer comes from a tool result; when it has none, it says it does not know and
offers a person. It decides what to look up from the triage of the customer's last
message. Pure Python: assistant.llm wraps it as a LangChain chat model.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Protocol

REFERENCE_IN_TEXT = re.compile(r"\b([A-Z]{2,6}-\d{2,10})\b", re.IGNORECASE)

LOOKUPS = {
    "payment_status": "get_payment_schedule",
    "next_payment": "get_payment_schedule",
    "refund_status": "get_refunds",
    "purchases": "get_purchases",
}
SMALL_TALK = {
    "greeting": "Hello! I can tell you about your payments, purchases and refunds, or find "
    "an answer in our help center. What would you like to know?",
    "thanks": "You're welcome! Is there anything else I can help with?",
    "goodbye": "Goodbye, and thank you for getting in touch.",
}
DONT_KNOW = (
    "I'm sorry, I don't know the answer to that, and I'd rather not guess. A person on our "
    'team can help: just say "talk to a person" and I\'ll connect you.'
)
MIN_CONFIDENCE = 0.35


class Triage(Protocol):
    intent: str
    confidence: float
    out_of_scope: bool
    route: str
    human_request: bool


@dataclass(frozen=True)
class ToolCall:
    name: str
    arguments: dict


@dataclass(frozen=True)
class Reply:
    text: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """One message of the conversation, as the embedded model sees it."""

    role: str  # "system", "user", "assistant" or "tool"
    content: str
    tool_name: str = ""


def respond(conversation: list[Turn], triage) -> Reply:
    """The next step: a tool call for a fresh question, an answer after a tool."""
    last = conversation[-1] if conversation else Turn("user", "")
    if last.role == "tool":
        question = next((t.content for t in reversed(conversation) if t.role == "user"), "")
        return Reply(text=answer_from(last.tool_name, last.content, triage(question)))
    return plan(last.content, triage(last.content))


def plan(text: str, result: Triage) -> Reply:
    if result.human_request or result.route == "HUMAN":
        reason = (
            "asked for a person" if result.human_request else f"needs a person: {result.intent}"
        )
        return call("hand_off_to_human", reason=reason)
    if not result.out_of_scope and result.confidence >= MIN_CONFIDENCE:
        if result.intent in SMALL_TALK:
            return Reply(text=SMALL_TALK[result.intent])
        if result.intent in LOOKUPS:
            reference = REFERENCE_IN_TEXT.search(text)
            arguments = {"reference": reference.group(1).upper()} if reference else {}
            return call(LOOKUPS[result.intent], **arguments)
    return call("search_help", query=text[:300])


def call(name: str, **arguments) -> Reply:
    return Reply(tool_calls=[ToolCall(name, arguments)])


# --- Writing answers from tool results ---------------------------------------------------


def answer_from(tool_name: str, content: str, result: Triage) -> str:
    try:
        data = json.loads(content)
    except (TypeError, ValueError):
        data = None
    if not isinstance(data, dict) or "error" in data:
        return DONT_KNOW
    writer = WRITERS.get(tool_name)
    return writer(data, result) if writer else DONT_KNOW


def day(iso: str | None, today: dt.date | None = None) -> str:
    if not iso:
        return "an unknown date"
    date = dt.date.fromisoformat(iso)
    today = today or dt.date.today()  # noqa: DTZ011 (only the year is compared)
    return f"{date.day} {date:%B}" + ("" if date.year == today.year else f" {date.year}")


def number(count: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[count] if count < len(words) else str(count)


def payments_answer(data: dict, result: Triage) -> str:
    today = dt.date.fromisoformat(data["today"])
    upcoming, overdue, paid = data["upcoming"], data["overdue"], data["recently_paid"]
    sentences = []
    for row in overdue[:2]:
        state = "failed" if row["status"] == "failed" else "is late"
        sentences.append(
            f"Your payment of {row['amount']} for {row['merchant']} ({row['reference']}), "
            f"due on {day(row['due_on'], today)}, {state}."
        )
    if upcoming:
        row = upcoming[0]
        sentence = (
            f"Your next payment of {row['amount']} for {row['merchant']} is due on "
            f"{day(row['due_on'], today)}"
        )
        same_purchase = [p for p in paid if p["reference"] == row["reference"]]
        troubled = any(o["reference"] == row["reference"] for o in overdue)
        if same_purchase and not troubled:
            count = len(same_purchase)
            before = (
                "the one before it was" if count == 1 else f"the {number(count)} before it were"
            )
            sentence += f"; {before} paid on time"
        sentences.append(sentence + ".")
    elif not overdue:
        sentences.append("You have no payments coming up.")
    if overdue:
        sentences.append("If you need help with a missed payment, I can connect you with a person.")
    return " ".join(sentences)


REFUND_STATES = {
    "requested": "has been requested",
    "processing": "is being processed",
    "declined": "was declined",
}


def refunds_answer(data: dict, result: Triage) -> str:
    refunds = data["refunds"]
    if not refunds:
        return "I can't see any refunds on your account."
    sentences = []
    for row in refunds[:3]:
        start = f"Your refund of {row['amount']} from {row['merchant']} ({row['reference']})"
        if row["status"] == "issued":
            sentences.append(f"{start} was issued on {day(row['issued_on'])}.")
        elif row["status"] in ("requested", "processing"):
            expected = (
                f"; it should reach you by {day(row['expected_on'])}" if row["expected_on"] else ""
            )
            sentences.append(f"{start} {REFUND_STATES[row['status']]}{expected}.")
        else:
            sentences.append(f"{start} {REFUND_STATES.get(row['status'], row['status'])}.")
    if len(refunds) > 3:
        sentences.append(f"You have {len(refunds) - 3} more on your Refunds page.")
    return " ".join(sentences)


def purchases_answer(data: dict, result: Triage) -> str:
    purchases = data["purchases"]
    if not purchases:
        return "I can't find any purchases on your account."
    listed = "; ".join(
        f"{p['merchant']}, {p['amount']} on {day(p['purchased_on'])} ({p['status'].lower()}, "
        f"{p['reference']})"
        for p in purchases[:3]
    )
    noun = "purchase is" if len(purchases) == 1 else "purchases are"
    return f"Your most recent {noun}: {listed}."


def help_answer(data: dict, result: Triage) -> str:
    articles = data["articles"]
    if not articles:
        return DONT_KNOW
    best = articles[0]
    text = best["excerpt"] or best["summary"]
    return f"{text}\n\nYou can read more in our help center: {best['title']} ({best['url']})."


def hand_off_answer(data: dict, result: Triage) -> str:
    return "I'll connect you with a person on our team who can help with this."


WRITERS = {
    "get_payment_schedule": payments_answer,
    "get_refunds": refunds_answer,
    "get_purchases": purchases_answer,
    "search_help": help_answer,
    "hand_off_to_human": hand_off_answer,
}
