"""The embedded model's answers, written from the tools' results: sentences that say
only what a lookup returned, narrowed to the purchases the question names (by shop or
order reference), and the help center's passage with its link. assistant.embedded
decides what to look up and which of these writes the answer. Pure Python."""

import datetime as dt
import re
from decimal import Decimal

REFERENCE_IN_TEXT = re.compile(r"\b([A-Z]{2,6}-\d{2,10})\b", re.IGNORECASE)
DONT_KNOW = (
    "I'm sorry, I don't know the answer to that, and I'd rather not guess. I can help with "
    "your payments, purchases and refunds, and with questions our help center answers; for "
    'anything else a person on our team can help: just say "talk to a person" and I\'ll '
    "connect you."
)
# A question in our field that neither the customer's records nor the help center
# answer (a delivery, stock, a credit score): say so, and who can help, rather than
# answer a nearby question.
NOT_OURS = (
    "I'm sorry, I don't know that, and I'd rather not guess: it is not in your payments, "
    "purchases and refunds, nor in our help center. Deliveries, stock and the products "
    "themselves are for the shop you bought from. For anything else, a person on our team "
    'can help: just say "talk to a person".'
)
OFF_TOPIC = (
    "I'm sorry, I don't know about that. I can help with your payments, purchases and "
    "refunds, and with questions our help center answers."
)


def day(iso: str | None, today: dt.date | None = None) -> str:
    if not iso:
        return "an unknown date"
    date = dt.date.fromisoformat(iso)
    today = today or dt.date.today()  # noqa: DTZ011 (only the year is compared)
    return f"{date.day} {date:%B}" + ("" if date.year == today.year else f" {date.year}")


def number(count: int) -> str:
    words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[count] if count < len(words) else str(count)


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.casefold().replace("&", "")).strip() + " "


def asked_about(data: dict, text: str) -> set[str] | None:
    """The references of the customer's purchases (get_purchases) that the question
    names, by shop ("the ikea one", "H&M") or order reference; None when it names none."""
    asked = _words(text)
    purchases = (data.get("get_purchases") or {}).get("purchases", [])
    chosen = {
        p["reference"] for p in purchases
        if _words(p["merchant"]) in asked or _words(p["reference"]) in asked
    }  # fmt: skip
    return chosen or None


def only(rows: list[dict], references: set[str] | None) -> list[dict]:
    return rows if references is None else [row for row in rows if row["reference"] in references]


def shop_of(data: dict, references: set[str]) -> str:
    purchases = data["get_purchases"]["purchases"]
    shops = dict.fromkeys(p["merchant"] for p in purchases if p["reference"] in references)
    return " and ".join(shops) or "that"


def _orders_named(text: str, data: dict) -> list[str]:
    """What an order the question names by its reference is (its status first: "is
    DEMO-012 ok?")."""
    references = {match.upper() for match in REFERENCE_IN_TEXT.findall(text)}
    purchases = data["get_purchases"]["purchases"]
    return [_purchase_sentence(p) for p in purchases if p["reference"] in references]


def _amount_for(row: dict) -> str:
    return f"{row['amount']} for {row['merchant']} ({row['reference']})"


def _overdue_sentence(row: dict, today: dt.date) -> str:
    state = "failed" if row["status"] == "failed" else "is late"
    sentence = f"Your payment of {_amount_for(row)}, due on {day(row['due_on'], today)}, {state}"
    reason = row.get("failure_reason")
    return f"{sentence}: {reason[0].lower()}{reason[1:]}." if reason else f"{sentence}."


# What to do about an overdue payment, by why it failed (accounts.Instalment's
# failure reasons; None: late, or failed for a reason not recorded). From the articles
# on late and failed payments and on how to pay.
WHAT_TO_DO = {
    "card_expired": "As the card on file has expired, the next try would fail too: a person "
    "on our team can send you a secure link to add a new card, just ask.",
    "insufficient_funds": "We try a failed payment again three days later, so make sure "
    "there is enough money on the card by then.",
    "bank_declined": "Your bank can tell you why it declined the payment; we try again "
    "three days later.",
}
PAY_OVERDUE = (
    "You can pay a late or failed payment at any time, by card or by bank transfer; if you "
    "need help with it, I can connect you with a person."
)
UP_TO_DATE = "Nothing is overdue: your payments are up to date."


def _what_to_do(overdue: list[dict]) -> list[str]:
    reasons = dict.fromkeys(row.get("failure") for row in overdue if row.get("failure"))
    return [WHAT_TO_DO[reason] for reason in reasons if reason in WHAT_TO_DO]


def payments_answer(text: str, data: dict) -> str:
    """The next payment (for the shops named), and what is overdue."""
    schedule, references = data["get_payment_schedule"], asked_about(data, text)
    today = dt.date.fromisoformat(schedule["today"])
    overdue, upcoming = (
        only(schedule["overdue"], references),
        only(schedule["upcoming"], references),
    )
    sentences = _orders_named(text, data)
    sentences += [_overdue_sentence(row, today) for row in overdue[:3]]
    if upcoming:
        row = upcoming[0]
        sentences.append(
            f"Your next payment of {_amount_for(row)} is due on {day(row['due_on'], today)}."
        )
        later = upcoming[1:NEXT_FEW] if NEXT_FEW_ASKED.search(text) else []
        if later:
            each = "; ".join(f"{_amount_for(r)} on {day(r['due_on'], today)}" for r in later)
            sentences.append(f"After that: {each}.")
        elif NEXT_FEW_ASKED.search(text):
            sentences.append("There are no more payments after that one.")
    elif not overdue:
        shop = f" on your {shop_of(data, references)} purchase" if references else ""
        sentences.append(f"You have no payments coming up{shop}: nothing left to pay.")
    if overdue:
        sentences += [*_what_to_do(overdue[:3]), PAY_OVERDUE]
    return " ".join(sentences)


# "and the one after that?", "my next few payments": the payments after the next too.
NEXT_FEW_ASKED = re.compile(
    r"\b(after (that|this|it)|one after|the following|next (two|three|four|few|couple)|"
    r"upcoming payments|future payments|payment schedule|(all|rest of) (my )?payments)\b",
    re.IGNORECASE,
)
NEXT_FEW = 4  # the next payment and up to three after it


def status_answer(text: str, data: dict) -> str:
    """Is anything overdue, did a payment go through, why did one fail."""
    schedule, references = data["get_payment_schedule"], asked_about(data, text)
    today = dt.date.fromisoformat(schedule["today"])
    overdue, named_orders = only(schedule["overdue"], references), _orders_named(text, data)
    if overdue:
        sentences = [_overdue_sentence(row, today) for row in overdue[:3]]
        return " ".join(named_orders + sentences + _what_to_do(overdue[:3]) + [PAY_OVERDUE])
    sentence = " ".join([*named_orders, UP_TO_DATE])
    paid = only(schedule["recently_paid"], references)
    if paid:
        row = paid[0]
        sentence += (
            f" Your last payment, {_amount_for(row)}, was paid on "
            f"{day(row['paid_on'] or row['due_on'], today)}."
        )
    return sentence


def balance_answer(text: str, data: dict) -> str:
    balance, references = data["get_balance"], asked_about(data, text)
    if references is not None:
        owing = {p["reference"]: p for p in only(balance["purchases"], references)}
        sentences = [
            _left_on(owing[p["reference"]]) if p["reference"] in owing
            else _purchase_sentence(p) + " Nothing is left to pay on it."
            for p in only(data["get_purchases"]["purchases"], references)
        ]  # fmt: skip
        if len(owing) > 1:
            sentences.append(_together(list(owing.values())))
        if EARLY.search(text):
            sentences += [PAY_OFF_EARLY, read_more(data.get("search_help"))]
        return " ".join(sentence for sentence in sentences if sentence)
    purchases = balance["purchases"]
    if not purchases:
        return "You have nothing left to pay: everything is paid in full."
    owed = " and ".join(balance["owed"])
    each = "; ".join(f"{p['left_to_pay']} on {p['merchant']} ({p['reference']})" for p in purchases)
    more = f", and {balance['more']} more purchases" if balance["more"] else ""
    sentences = [f"You have {owed} left to pay in total: {each}{more}."]
    if EARLY.search(text):
        sentences += [PAY_OFF_EARLY, read_more(data.get("search_help"))]
    return " ".join(sentence for sentence in sentences if sentence)


def _together(purchases: list[dict]) -> str:
    """ "Together: EUR 564.90." for what is left on the purchases named, per currency."""
    totals: dict[str, Decimal] = {}
    for purchase in purchases:
        currency, amount = purchase["left_to_pay"].split(" ", 1)
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(amount.replace(",", ""))
    each = " and ".join(f"{currency} {amount:,.2f}" for currency, amount in sorted(totals.items()))
    return f"Together, that is {each} left to pay."


EARLY = re.compile(r"\b(early|off|settle|clear|whole|at once|in one go|all now)\b", re.IGNORECASE)
PAY_OFF_EARLY = (
    "Paying off early costs exactly what is left, as there is no interest to take off, and "
    "is free: ask a person on our team and we take the payment straight away, or pay by "
    "bank transfer with your order reference."
)


def _left_on(purchase: dict) -> str:
    count = purchase["payments_left"]
    payments = "one payment" if count == 1 else f"{number(count)} payments"
    sentence = (
        f"On your {purchase['merchant']} purchase ({purchase['reference']}) you have "
        f"{purchase['left_to_pay']} left to pay, in {payments}"
    )
    late = purchase.get("overdue_payments") or []
    if late:
        each = ", ".join(
            f"{row['amount']} due on {day(row['due_on'])} ({row['status']})" for row in late
        )
        sentence += f". Overdue: {each}"
    return sentence + "."


STATES = {
    "Paying in instalments": "it is active, and you are paying in instalments",
    "Paid in full": "it is paid in full",
    "Refunded": "it was refunded",
    "Cancelled": "it was cancelled",
}


def purchases_answer(text: str, data: dict) -> str:
    listing, references = data["get_purchases"], asked_about(data, text)
    purchases = listing["purchases"]
    if not purchases:
        if REFERENCE_IN_TEXT.search(text):
            return "I can't find that order on your account."
        return "I can't find any purchases on your account."
    if references is not None:
        return " ".join(_purchase_sentence(p) for p in only(purchases, references))
    paying = sum(p["status"] == "Paying in instalments" for p in purchases)
    listed = "; ".join(
        f"{p['merchant']}, {p['amount']} on {day(p['purchased_on'])} ({p['reference']}, "
        f"{p['status'].lower()})"
        for p in purchases
    )
    total = len(purchases) + listing["more"]
    noun = "purchase" if total == 1 else "purchases"
    more = f" And {listing['more']} more on your Purchases page." if listing["more"] else ""
    paying_words = number(paying) if paying else "none"
    return f"You have {number(total)} {noun}, {paying_words} still being paid off: {listed}.{more}"


def _purchase_sentence(p: dict) -> str:
    state = STATES.get(p["status"], p["status"].lower())
    sentence = (
        f"Your {p['merchant']} purchase {p['reference']} of {p['amount']} "
        f"({day(p['purchased_on'])}): {state}"
    )
    if p["payments_left"]:
        sentence += f", with {p['left_to_pay']} left to pay"
        if p["next_payment"]:
            payment = p["next_payment"]
            sentence += f" (next payment {payment['amount']} on {day(payment['due_on'])})"
    return sentence + "."


def returns_answer(text: str, data: dict) -> str:
    references = asked_about(data, text)
    about = []
    if references is not None:
        about = [
            _purchase_sentence(p) for p in only(data["get_purchases"]["purchases"], references)
        ]
        about += [_refund_sentence(r) for r in only(data["get_refunds"]["refunds"], references)]
    return "\n\n".join(part for part in [" ".join(about), help_answer(data.get("search_help"))]
                       if part)  # fmt: skip


REFUND_STATES = {
    "requested": "has been requested",
    "processing": "is being processed",
    "declined": "was declined",
}
MAX_REFUNDS = 5


def refunds_answer(text: str, data: dict) -> str:
    references = asked_about(data, text)
    refunds = only(data["get_refunds"]["refunds"], references)
    if not refunds:
        shop = f" for your {shop_of(data, references)} purchase" if references else ""
        return f"I can't see any refund{shop} on your account."
    sentences = [_refund_sentence(row) for row in refunds[:MAX_REFUNDS]]
    if len(refunds) > MAX_REFUNDS:
        sentences.append(f"You have {len(refunds) - MAX_REFUNDS} more on your Refunds page.")
    if references is not None:
        # A refund asked about by shop: what it left to pay is the next thing they ask.
        sentences += [
            _purchase_sentence(p) for p in only(data["get_purchases"]["purchases"], references)
            if p["payments_left"]
        ]  # fmt: skip
    return " ".join(sentences)


def _refund_sentence(row: dict) -> str:
    start = f"Your refund of {row['amount']} from {row['merchant']} ({row['reference']})"
    if row["status"] == "issued":
        return f"{start} was paid out on {day(row['issued_on'])}."
    if row["status"] in ("requested", "processing"):
        expected = (
            f"; it should reach you by {day(row['expected_on'])}" if row["expected_on"] else ""
        )
        return f"{start} {REFUND_STATES[row['status']]}{expected}."
    return f"{start} {REFUND_STATES.get(row['status'], row['status'])}."


def help_answer(data: dict | None, *, off_topic: bool = False) -> str:
    articles = (data or {}).get("articles") or []
    if not articles:
        return OFF_TOPIC if off_topic else DONT_KNOW
    best = articles[0]
    text = best["excerpt"] or best["summary"]
    return f"{text}\n\n{read_more(data)}"


def read_more(data: dict | None) -> str:
    """Where the help center says more: the best article's link, or nothing."""
    articles = (data or {}).get("articles") or []
    if not articles:
        return ""
    return f"You can read more in our help center: {articles[0]['title']} ({articles[0]['url']})."


def membership_answer(text: str, data: dict) -> str:
    """Whether the customer is VIP, then what the help center says about VIP."""
    membership = data["get_membership"]
    today = dt.date.fromisoformat(membership["today"])
    if membership["vip"]:
        status = f"Yes: you are a VIP member until {day(membership['vip_until'], today)}."
    else:
        status = "You are not a VIP member at the moment: you are a standard customer."
    passage = help_answer(data.get("search_help")) if data.get("search_help") else ""
    return "\n\n".join(part for part in [status, passage] if part and part != DONT_KNOW)


WRITERS = {
    "next_payment": payments_answer,
    "payment_status": status_answer,
    "balance": balance_answer,
    "purchases": purchases_answer,
    "refund_status": refunds_answer,
    "returns": returns_answer,
    "vip": membership_answer,
}
