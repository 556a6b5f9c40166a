"""The tools the assistant's model may call: read-only, and scoped to one customer.

The customer comes from the conversation's session (`ToolContext`), never from the
model: no tool takes a customer id, an email or anything that names a person, so a
model told to "look up bob@example.com" has no way to ask. Each tool's arguments are
a pydantic model, which validates what the model sent and describes the tool to a
provider's model (assistant.llm turns them into LangChain tools). `ALLOWLIST` is the
whole set; a test fails if a tool is added without updating it. The one tool that
leads to a change, `hand_off_to_human`, only records the request: the engine hands
the conversation over through the tickets service after the turn.

Amounts are written as "EUR 1,234.56" and dates as ISO dates; sums are per currency.
Pure Python (no LangChain here).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils import timezone, translation
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from accounts import selectors
from accounts.models import Instalment, Purchase, Refund

MAX_ROWS = 10  # rows of one kind in a tool's result: the answer says how many more


class ToolArgumentError(ValueError):
    """The model called a tool with arguments it does not take; shown to the model."""


@dataclass
class ToolContext:
    """Who the tools act for, and what the turn asked for along the way."""

    customer: Any
    # The language the turn answers in (assistant.language): the help center is searched
    # in it. Passed here, as the tools run on threads that do not see the turn's
    # translation.override.
    language: str = "en"
    hand_off_reason: str | None = None
    hand_off_code: str = ""  # tickets.models.HandOffCode
    articles: list[dict] = field(default_factory=list)
    choices: list[dict] = field(default_factory=list)  # offered with the answer
    # The customer's purchases with their instalments, read by the turn's first tool
    # that needs them (_every_purchase): a turn's tools see one state of the account,
    # and a question about payments costs two queries, not one for each tool.
    purchases: list | None = field(default=None, repr=False)


# --- Arguments ---------------------------------------------------------------------------


class Arguments(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)


class NoArguments(Arguments):
    pass


class PurchaseFilter(Arguments):
    """Narrows a lookup to some of the customer's purchases; both optional."""

    merchant: str | None = Field(
        None, max_length=60, description="Only purchases from this shop, e.g. IKEA (any case)."
    )
    reference: str | None = Field(
        None, max_length=20, pattern=r"^[A-Za-z0-9-]+$",
        description="Only the purchase with this order reference, e.g. DEMO-011.",
    )  # fmt: skip


class HelpQuery(Arguments):
    query: str = Field(..., min_length=1, max_length=300, description="The question, in words.")
    topic: str | None = Field(
        None, max_length=80, pattern=r"^[A-Za-z0-9_-]+$",
        description="The intent the question is about, when known (e.g. fees): the "
        "articles about it come first.",
    )  # fmt: skip


class HandOffReason(Arguments):
    reason: str = Field(
        ..., min_length=1, max_length=200, description="Why a person is needed, for the team."
    )
    kind: Literal["asked", "risky_topic", "act_on_account", "distress", "other"] = Field(
        "other",
        description="asked: the customer asks for a person; risky_topic: fraud, a lost card, "
        "hardship, a dispute, a complaint, a death, a legal matter; act_on_account: the "
        "customer asks us to change something on the account; distress: the customer is "
        "very upset; other: anything else.",
    )


class Choice(Arguments):
    label: str = Field(..., min_length=1, max_length=40, description="The button's words.")
    text: str = Field(
        ..., min_length=1, max_length=200, description="What the customer says by choosing it."
    )


class Choices(Arguments):
    # One option is a person alone: offered with the reply to a message in a language
    # the assistant does not read (assistant.embedded).
    options: list[Choice] = Field(
        ..., min_length=1, max_length=4,
        description="What the customer may have meant (or a person, alone).",
    )  # fmt: skip


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    arguments: type[Arguments]
    run: Callable[[ToolContext, Any], dict]

    def __call__(self, context: ToolContext, arguments: dict | None) -> dict:
        return self.run(context, check_arguments(self, arguments or {}))

    @property
    def parameters(self) -> dict:
        """The arguments' JSON schema, as function-calling models take it."""
        return self.arguments.model_json_schema()


def check_arguments(tool: Tool, arguments: dict) -> Arguments:
    if not isinstance(arguments, dict):
        raise ToolArgumentError(f"{tool.name} takes an object of arguments.")
    try:
        return tool.arguments.model_validate(arguments)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in error.errors()
        )
        raise ToolArgumentError(f"{tool.name}: {problems}.") from None


# --- What the tools return: plain JSON, only the customer's own data ---------------------


def money(amount, currency) -> str:
    return f"{currency} {amount:,.2f}"


def instalment_row(instalment: Instalment) -> dict:
    purchase = instalment.purchase
    row = {
        "merchant": purchase.merchant,
        "reference": purchase.reference,
        "number": instalment.number,
        "amount": money(instalment.amount, purchase.currency),
        "due_on": instalment.due_on.isoformat(),
        "status": instalment.status,
        "paid_on": instalment.paid_on.isoformat() if instalment.paid_on else None,
    }
    if instalment.status == Instalment.Status.FAILED:
        row["failure"] = instalment.failure_reason or None
        row["failure_reason"] = instalment.get_failure_reason_display() or None
    return row


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


def same_merchant(asked: str, merchant: str) -> bool:
    """ "h&m", "H & M" and "H&M" are one shop; so are "ikea" and "IKEA"."""
    return _letters(asked) == _letters(merchant)


def _letters(text: str) -> str:
    return re.sub(r"[^\w]", "", text.casefold())


def _every_purchase(context: ToolContext) -> list[Purchase]:
    """The customer's purchases, newest first, each with its instalments (and each
    instalment's .purchase): read once per turn (ToolContext.purchases)."""
    if context.purchases is None:
        purchases = selectors.purchases_of(context.customer).prefetch_related("instalments")
        context.purchases = list(purchases)
    return context.purchases


def _purchases(context: ToolContext, choice: PurchaseFilter) -> list[Purchase]:
    """The customer's purchases that `choice` names (all of them without a filter):
    being paid off first, then newest first."""
    reference = choice.reference.casefold() if choice.reference else None
    found = [
        p for p in _every_purchase(context)
        if (reference is None or p.reference.casefold() == reference)
        and (not choice.merchant or same_merchant(choice.merchant, p.merchant))
    ]  # fmt: skip
    return sorted(found, key=lambda p: p.status != Purchase.Status.ACTIVE)


def _unpaid(purchase: Purchase) -> list[Instalment]:
    return [i for i in purchase.instalments.all() if i.status != Instalment.Status.PAID]


def _english(label) -> str:
    """A status's name as the tools give it in every language (the database threads run
    in the turn's language): the answers translate it where they show it
    (assistant.answers.STATUS_NAMES, STATES)."""
    with translation.override("en"):
        return str(label)


def purchase_row(purchase: Purchase, today) -> dict:
    unpaid = _unpaid(purchase)
    upcoming = [i for i in unpaid if i.status == Instalment.Status.SCHEDULED and i.due_on >= today]
    left = sum((i.amount for i in unpaid), Decimal(0))
    return {
        "reference": purchase.reference,
        "merchant": purchase.merchant,
        "description": purchase.description,
        "amount": money(purchase.amount, purchase.currency),
        "purchased_on": purchase.purchased_on.isoformat(),
        "status": _english(Purchase.Status(purchase.status).label),
        "left_to_pay": money(left, purchase.currency),
        "payments_left": len(unpaid),
        "overdue_payments": [
            {
                "amount": money(i.amount, purchase.currency),
                "due_on": i.due_on.isoformat(),
                "status": i.status,
            }
            for i in unpaid
            if i not in upcoming
        ],
        "next_payment": (
            {
                "amount": money(upcoming[0].amount, purchase.currency),
                "due_on": upcoming[0].due_on.isoformat(),
            }
            if upcoming
            else None
        ),
    }


# --- The tools -------------------------------------------------------------------------------


def get_payment_schedule(context: ToolContext, choice: PurchaseFilter) -> dict:
    today = timezone.localdate()
    instalments = [i for p in _purchases(context, choice) for i in p.instalments.all()]
    # Still to pay, soonest first (late and failed ones fell due before scheduled
    # ones); paid, latest first.
    open_rows = sorted(
        (i for i in instalments if i.status != Instalment.Status.PAID),
        key=lambda i: (i.due_on, i.pk),
    )
    paid = sorted(
        (i for i in instalments if i.status == Instalment.Status.PAID),
        key=lambda i: (i.due_on, i.pk), reverse=True,
    )  # fmt: skip
    overdue = [i for i in open_rows if i.status != Instalment.Status.SCHEDULED]
    upcoming = [
        i for i in open_rows if i.status == Instalment.Status.SCHEDULED and i.due_on >= today
    ]
    return {
        "today": today.isoformat(),
        "overdue": [instalment_row(i) for i in overdue[:MAX_ROWS]],
        "upcoming": [instalment_row(i) for i in upcoming[:MAX_ROWS]],
        "recently_paid": [instalment_row(i) for i in paid[:5]],
    }


def get_balance(context: ToolContext, choice: PurchaseFilter) -> dict:
    """What is still to pay: in total (per currency) and on each purchase. Paying a
    purchase off early costs what is left on it: there is no interest to take off."""
    today = timezone.localdate()
    purchases = [p for p in _purchases(context, choice) if _unpaid(p)]
    totals: dict[str, Decimal] = {}
    for purchase in purchases:
        left = sum((i.amount for i in _unpaid(purchase)), Decimal(0))
        totals[purchase.currency] = totals.get(purchase.currency, Decimal(0)) + left
    return {
        "today": today.isoformat(),
        "owed": [money(amount, currency) for currency, amount in sorted(totals.items())],
        "purchases": [purchase_row(p, today) for p in purchases[:MAX_ROWS]],
        "more": max(0, len(purchases) - MAX_ROWS),
    }


def get_purchases(context: ToolContext, choice: PurchaseFilter) -> dict:
    today = timezone.localdate()
    purchases = _purchases(context, choice)
    return {
        "today": today.isoformat(),
        "purchases": [purchase_row(p, today) for p in purchases[:MAX_ROWS]],
        "more": max(0, len(purchases) - MAX_ROWS),
    }


def get_refunds(context: ToolContext, choice: PurchaseFilter) -> dict:
    chosen = choice.merchant or choice.reference
    references = {p.reference for p in _purchases(context, choice)} if chosen else None
    refunds = [
        r for r in selectors.refunds_of(context.customer)
        if references is None or r.purchase.reference in references
    ]  # fmt: skip
    return {"refunds": [refund_row(r) for r in refunds[:MAX_ROWS]]}


def get_membership(context: ToolContext, arguments: NoArguments) -> dict:
    """Whether the customer is VIP now, and until when (as the account records it:
    the vip app keeps it up to date from subscriptions and grants)."""
    customer, now = context.customer, timezone.now()
    vip = customer.is_vip_at(now)
    until = timezone.localtime(customer.vip_until).date().isoformat() if vip else None
    return {"today": timezone.localdate().isoformat(), "vip": vip, "vip_until": until}


def search_help(context: ToolContext, arguments: HelpQuery) -> dict:
    from assistant.help import search_articles

    hits = search_articles(
        arguments.query, limit=3, topic=arguments.topic, language=context.language
    )
    articles = [
        {
            "title": hit.title,
            "url": hit.url,
            "summary": hit.summary,
            "excerpt": hit.excerpt,
            "score": hit.score,
            "on_topic": hit.on_topic,
            "words_match": hit.words_match,
        }
        for hit in hits
    ]
    context.articles.extend(a for a in articles if a not in context.articles)
    return {"articles": articles}


def offer_choices(context: ToolContext, arguments: Choices) -> dict:
    context.choices = [option.model_dump() for option in arguments.options]
    return {"offered": True}


def hand_off_to_human(context: ToolContext, arguments: HandOffReason) -> dict:
    context.hand_off_reason, context.hand_off_code = arguments.reason, arguments.kind
    return {"handed_off": True}


TOOLS = [
    Tool(
        "get_payment_schedule",
        "The customer's instalments: overdue or failed ones (with why a payment failed), "
        "upcoming ones with due dates and amounts, and recent payments.",
        PurchaseFilter,
        get_payment_schedule,
    ),
    Tool(
        "get_balance",
        "What the customer still owes: the total per currency, and on each purchase what is "
        "left to pay (also the amount that pays it off early), how many payments are left, "
        "what is overdue and the next payment.",
        PurchaseFilter,
        get_balance,
    ),
    Tool(
        "get_purchases",
        "The customer's purchases (merchant, amount, date, status, what is left to pay), "
        "those still being paid off first.",
        PurchaseFilter,
        get_purchases,
    ),
    Tool(
        "get_refunds",
        "The customer's refunds with status and requested, expected and issued dates.",
        PurchaseFilter,
        get_refunds,
    ),
    Tool(
        "get_membership",
        "Whether the customer is a VIP member now, and until when.",
        NoArguments,
        get_membership,
    ),
    Tool(
        "search_help",
        "Search the help center for how-to answers and policies.",
        HelpQuery,
        search_help,
    ),
    Tool(
        "offer_choices",
        "When the customer's question is unclear: buttons shown under the answer, each "
        "saying one thing they may have meant; the answer itself asks which.",
        Choices,
        offer_choices,
    ),
    Tool(
        "hand_off_to_human",
        "Hand the conversation to a person on the support team, with the reason.",
        HandOffReason,
        hand_off_to_human,
    ),
]

ALLOWLIST = frozenset(
    {"get_payment_schedule", "get_balance", "get_purchases", "get_refunds", "get_membership",
     "search_help", "offer_choices", "hand_off_to_human"}
)  # fmt: skip
TOOLS_BY_NAME = {tool.name: tool for tool in TOOLS}
assert set(TOOLS_BY_NAME) == ALLOWLIST, "update ALLOWLIST (and its test) when tools change"  # noqa: S101
