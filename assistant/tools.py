"""The tools the assistant's model may call: read-only, and scoped to one customer.

The customer comes from the conversation's session (`ToolContext`), never from the
model: no tool takes a customer id, an email or anything that names a person, so a
model told to "look up bob@example.com" has no way to ask. `ALLOWLIST` is the whole
set; a test fails if a tool is added without updating it. The one tool that leads to
a change, `hand_off_to_human`, only records the request: the engine hands the
conversation over through the tickets service after the turn.

Pure Python (no LangChain here): assistant.llm turns these into LangChain tools.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from accounts import selectors
from accounts.models import Instalment, Purchase, Refund

REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,20}$")
MAX_ROWS = 10


class ToolArgumentError(ValueError):
    """The model called a tool with arguments it does not take; shown to the model."""


@dataclass
class ToolContext:
    """Who the tools act for, and what the turn asked for along the way."""

    customer: Any
    hand_off_reason: str | None = None
    articles: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict  # JSON schema of what the model may fill in
    run: Callable[[ToolContext, dict], dict]

    def __call__(self, context: ToolContext, arguments: dict | None) -> dict:
        return self.run(context, check_arguments(self, arguments or {}))


def check_arguments(tool: Tool, arguments: dict) -> dict:
    if not isinstance(arguments, dict):
        raise ToolArgumentError(f"{tool.name} takes an object of arguments.")
    allowed = tool.parameters.get("properties", {})
    unknown = set(arguments) - set(allowed)
    if unknown:
        raise ToolArgumentError(f"{tool.name} does not take: {', '.join(sorted(unknown))}.")
    for name in tool.parameters.get("required", []):
        if name not in arguments:
            raise ToolArgumentError(f"{tool.name} needs {name}.")
    for name, value in arguments.items():
        if value is not None and not isinstance(value, str):
            raise ToolArgumentError(f"{tool.name}: {name} must be text.")
        if value and len(value) > allowed[name].get("maxLength", 500):
            raise ToolArgumentError(f"{tool.name}: {name} is too long.")
    return arguments


# --- What the tools return: plain JSON, only the customer's own data ---------------------


def money(amount, currency) -> str:
    return f"{currency} {amount:,.2f}"


def instalment_row(instalment: Instalment) -> dict:
    purchase = instalment.purchase
    return {
        "merchant": purchase.merchant,
        "reference": purchase.reference,
        "number": instalment.number,
        "amount": money(instalment.amount, purchase.currency),
        "due_on": instalment.due_on.isoformat(),
        "status": instalment.status,
        "paid_on": instalment.paid_on.isoformat() if instalment.paid_on else None,
    }


def purchase_row(purchase: Purchase) -> dict:
    return {
        "reference": purchase.reference,
        "merchant": purchase.merchant,
        "description": purchase.description,
        "amount": money(purchase.amount, purchase.currency),
        "purchased_on": purchase.purchased_on.isoformat(),
        "status": purchase.get_status_display(),
    }


def refund_row(refund: Refund) -> dict:
    purchase = refund.purchase
    return {
        "reference": purchase.reference,
        "merchant": purchase.merchant,
        "amount": money(refund.amount, purchase.currency),
        "status": refund.status,
        "requested_on": refund.requested_on.isoformat(),
        "expected_on": refund.expected_on.isoformat() if refund.expected_on else None,
        "issued_on": refund.issued_on.isoformat() if refund.issued_on else None,
        "reason": refund.reason,
    }


def _reference(arguments: dict) -> str | None:
    reference = (arguments.get("reference") or "").strip().upper()
    if reference and not REFERENCE.match(reference):
        raise ToolArgumentError("reference looks like DEMO-011: letters, digits and dashes.")
    return reference or None


# --- The tools -------------------------------------------------------------------------------


def get_payment_schedule(context: ToolContext, arguments: dict) -> dict:
    customer = context.customer
    today = timezone.localdate()
    open_rows = list(selectors.open_instalments_of(customer)[:MAX_ROWS])
    return {
        "today": today.isoformat(),
        "overdue": [
            instalment_row(i) for i in open_rows if i.status != Instalment.Status.SCHEDULED
        ],
        "upcoming": [
            instalment_row(i)
            for i in open_rows
            if i.status == Instalment.Status.SCHEDULED and i.due_on >= today
        ],
        "recently_paid": [instalment_row(i) for i in selectors.past_instalments_of(customer)[:5]],
    }


def get_purchases(context: ToolContext, arguments: dict) -> dict:
    purchases = selectors.purchases_of(context.customer)
    reference = _reference(arguments)
    if reference:
        purchases = purchases.filter(reference=reference)
    return {"purchases": [purchase_row(p) for p in purchases[:MAX_ROWS]]}


def get_refunds(context: ToolContext, arguments: dict) -> dict:
    refunds = selectors.refunds_of(context.customer)
    reference = _reference(arguments)
    if reference:
        refunds = refunds.filter(purchase__reference=reference)
    return {"refunds": [refund_row(r) for r in refunds[:MAX_ROWS]]}


def search_help(context: ToolContext, arguments: dict) -> dict:
    from assistant.help import search_articles

    hits = search_articles(arguments.get("query", ""), limit=3)
    articles = [
        {"title": hit.title, "url": hit.url, "summary": hit.summary, "excerpt": hit.excerpt}
        for hit in hits
    ]
    context.articles.extend(a for a in articles if a not in context.articles)
    return {"articles": articles}


def hand_off_to_human(context: ToolContext, arguments: dict) -> dict:
    context.hand_off_reason = (arguments.get("reason") or "the assistant asked for a person")[:200]
    return {"handed_off": True}


REFERENCE_ARGUMENT = {
    "type": "object",
    "properties": {
        "reference": {
            "type": "string",
            "maxLength": 20,
            "description": "Optional order reference, e.g. DEMO-011, to narrow the answer.",
        }
    },
}

TOOLS = [
    Tool(
        "get_payment_schedule",
        "The customer's instalments: overdue or failed ones, upcoming ones with due dates "
        "and amounts, and recent payments.",
        {"type": "object", "properties": {}},
        get_payment_schedule,
    ),
    Tool(
        "get_purchases",
        "The customer's purchases (merchant, amount, date, status), newest first.",
        REFERENCE_ARGUMENT,
        get_purchases,
    ),
    Tool(
        "get_refunds",
        "The customer's refunds with status and requested, expected and issued dates.",
        REFERENCE_ARGUMENT,
        get_refunds,
    ),
    Tool(
        "search_help",
        "Search the help center for how-to answers and policies.",
        {
            "type": "object",
            "properties": {"query": {"type": "string", "maxLength": 300}},
            "required": ["query"],
        },
        search_help,
    ),
    Tool(
        "hand_off_to_human",
        "Hand the conversation to a person on the support team, with the reason.",
        {
            "type": "object",
            "properties": {"reason": {"type": "string", "maxLength": 200}},
            "required": ["reason"],
        },
        hand_off_to_human,
    ),
]

ALLOWLIST = frozenset(
    {"get_payment_schedule", "get_purchases", "get_refunds", "search_help", "hand_off_to_human"}
)
TOOLS_BY_NAME = {tool.name: tool for tool in TOOLS}
assert set(TOOLS_BY_NAME) == ALLOWLIST, "update ALLOWLIST (and its test) when tools change"  # noqa: S101
