"""The embedded model's answers, written from the tools' results: sentences that say
only what a lookup returned, narrowed to the purchases the question names (by shop or
order reference), and the help center's passage with its link. assistant.embedded
decides what to look up and which of these writes the answer. The words are in the
active language (the caller's translation.override: assistant.language), amounts and
dates too (assistant.local_formats)."""

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.utils.translation import gettext as _

from assistant.local_formats import day, money, number

REFERENCE_IN_TEXT = re.compile(r"\b([A-Z]{2,6}-\d{2,10})\b", re.IGNORECASE)
DONT_KNOW = gettext_lazy(
    "I'm sorry, I don't know the answer to that, and I'd rather not guess. I can help with "
    "your payments, purchases and refunds, and with questions our help center answers; for "
    'anything else a person on our team can help: just say "talk to a person" and I\'ll '
    "connect you."
)
# A question in our field that neither the customer's records nor the help center
# answer (a delivery, stock, a credit score): say so, and who can help, rather than
# answer a nearby question.
NOT_OURS = gettext_lazy(
    "I'm sorry, I don't know that, and I'd rather not guess: it is not in your payments, "
    "purchases and refunds, nor in our help center. Deliveries, stock and the products "
    "themselves are for the shop you bought from. For anything else, a person on our team "
    'can help: just say "talk to a person".'
)
OFF_TOPIC = gettext_lazy(
    "I'm sorry, I don't know about that. I can help with your payments, purchases and "
    "refunds, and with questions our help center answers."
)


def _words(text: str) -> str:
    return " " + re.sub(r"[^\w]+", " ", text.casefold().replace("&", "")).strip() + " "


def asked_about(data: dict, text: str) -> set[str] | None:
    """The references of the customer's purchases (get_purchases) that the question
    names, by shop ("the ikea one", "H&M") or order reference, else by what was bought
    ("the sofa", "my headphones"); None when it names none."""
    asked = _words(text)
    purchases = (data.get("get_purchases") or {}).get("purchases", [])
    chosen = {
        p["reference"] for p in purchases
        if _names_shop(p["merchant"], asked) or _words(p["reference"]) in asked
    }  # fmt: skip
    things = {_singular(word) for word in asked.split()}
    if chosen:
        # ... and what was bought added to a shop ("the adidas stuff and the coat").
        things = {_singular(word) for word in ADDED_THING.findall(asked)}
    chosen |= {p["reference"] for p in purchases if _things(p.get("description") or "") & things}
    return chosen or None


# A thing named after "and" or "plus", up to two words on: another purchase, beside a shop.
ADDED_THING = re.compile(r"(?<= )(?:and|plus|as well as) (?:(?:the|my|that|those|these) )?"
                         r"(?:\w+ )?(\w+)(?= )")  # fmt: skip


# A shop's name this long or longer is read with one letter wrong, missing, extra or two
# swapped ("decathalon", "addidas", "zalano"); shorter ones are too often another word.
TYPO_MIN_LETTERS = 6


def _names_shop(merchant: str, asked: str) -> bool:
    """Whether the question (`_words` of it) names the shop, however spaced, spelled out
    or mistyped: "H&M", "h and m", "hm"; "MediaMarkt", "media markt"; "Booking.com",
    "booking com"; "Decathlon", "decathalon"."""
    if _words(merchant) in asked:
        return True
    names = {_words(merchant).replace(" ", ""), _words(merchant.replace("&", " and "))}
    names = {name.replace(" ", "") for name in names}
    words = asked.split()
    said = {
        "".join(words[start : start + size])
        for size in (1, 2, 3)
        for start in range(len(words) - size + 1)
    }
    if names & said:
        return True
    long_names = [name for name in names if len(name) >= TYPO_MIN_LETTERS]
    return any(_one_letter_apart(name, word) for name in long_names for word in said)


def _one_letter_apart(name: str, word: str) -> bool:
    if abs(len(name) - len(word)) > 1 or not word.isalpha():
        return False
    name_out = {name[:i] + name[i + 1 :] for i in range(len(name))}
    word_out = {word[:i] + word[i + 1 :] for i in range(len(word))}
    return word in name_out or name in word_out or bool(name_out & word_out)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# Words of a description that name no thing bought, or too many ("Clothing order",
# "Hotel stay", "Running shoes": clothing, hotel, shoes).
NOT_A_THING = frozenset((
    "order", "orders", "purchase", "purchases", "item", "items", "stuff", "thing", "things",
    "stay", "running", "with", "from", "for", "and", "the", "set", "plan", "payment",
))  # fmt: skip


def _things(description: str) -> set[str]:
    """What a purchase's description names, in the singular: its words of four letters
    or more but those of NOT_A_THING ("Sofa and shelves": sofa, shelve)."""
    words = re.findall(r"\w+", description.casefold())
    return {_singular(word) for word in words if len(word) >= 4 and word not in NOT_A_THING}


def only(rows: list[dict], references: set[str] | None) -> list[dict]:
    return rows if references is None else [row for row in rows if row["reference"] in references]


def shop_of(data: dict, references: set[str]) -> str:
    purchases = data["get_purchases"]["purchases"]
    shops = dict.fromkeys(p["merchant"] for p in purchases if p["reference"] in references)
    return _(" and ").join(shops) or _("that")


def _orders_named(text: str, data: dict) -> list[str]:
    """What an order the question names by its reference is (its status first: "is
    DEMO-012 ok?")."""
    references = {match.upper() for match in REFERENCE_IN_TEXT.findall(text)}
    purchases = data["get_purchases"]["purchases"]
    return [_purchase_sentence(p) for p in purchases if p["reference"] in references]


def _amount_for(row: dict) -> str:
    return _("%(amount)s for %(merchant)s (%(reference)s)") % {
        "amount": money(row["amount"]), "merchant": row["merchant"], "reference": row["reference"]
    }  # fmt: skip


def _overdue_sentence(row: dict, today: dt.date) -> str:
    values = {"payment": _amount_for(row), "date": day(row["due_on"], today)}
    if row["status"] == "failed":
        sentence = _("Your payment of %(payment)s, due on %(date)s, failed") % values
    else:
        sentence = _("Your payment of %(payment)s, due on %(date)s, is late") % values
    reason = row.get("failure_reason")
    if not reason:
        return f"{sentence}."
    # Mid-sentence, the reason starts in lower case, but German nouns keep their capital.
    return f"{sentence}: {reason if get_language() == 'de' else reason[0].lower() + reason[1:]}."


# What to do about an overdue payment, by why it failed (accounts.Instalment's
# failure reasons; None: late, or failed for a reason not recorded). From the articles
# on late and failed payments and on how to pay.
WHAT_TO_DO = {
    "card_expired": gettext_lazy(
        "As the card on file has expired, the next try would fail too: a person "
        "on our team can send you a secure link to add a new card, just ask."
    ),
    "insufficient_funds": gettext_lazy(
        "We try a failed payment again three days later, so make sure "
        "there is enough money on the card by then."
    ),
    "bank_declined": gettext_lazy(
        "Your bank can tell you why it declined the payment; we try again three days later."
    ),
}
PAY_OVERDUE = gettext_lazy(
    "You can pay a late or failed payment at any time, by card or by bank transfer; if you "
    "need help with it, I can connect you with a person."
)
UP_TO_DATE = gettext_lazy("Nothing is overdue: your payments are up to date.")


def _what_to_do(overdue: list[dict]) -> list[str]:
    reasons = dict.fromkeys(row.get("failure") for row in overdue if row.get("failure"))
    return [str(WHAT_TO_DO[reason]) for reason in reasons if reason in WHAT_TO_DO]


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
            _("Your next payment of %(payment)s is due on %(date)s.")
            % {"payment": _amount_for(row), "date": day(row["due_on"], today)}
        )
        later = upcoming[1:NEXT_FEW] if NEXT_FEW_ASKED.search(text) else []
        if later:
            each = "; ".join(
                _("%(payment)s on %(date)s")
                % {"payment": _amount_for(r), "date": day(r["due_on"], today)}
                for r in later
            )
            sentences.append(_("After that: %(payments)s.") % {"payments": each})
        elif NEXT_FEW_ASKED.search(text):
            sentences.append(_("There are no more payments after that one."))
    elif not overdue and references:
        sentences.append(
            _("You have no payments coming up on your %(shop)s purchase: nothing left to pay.")
            % {"shop": shop_of(data, references)}
        )
    elif not overdue:
        sentences.append(_("You have no payments coming up: nothing left to pay."))
    if overdue:
        sentences += [*_what_to_do(overdue[:3]), str(PAY_OVERDUE)]
    return " ".join(sentences)


def payments_named(text: str, data: dict) -> str:
    """What is overdue on the purchases the question names, else what they are (with
    their references): said after a help-center answer about paying them ("can I pay the
    zalando one by bank transfer?"). Empty when it names none."""
    references = asked_about(data, text)
    if references is None:
        return ""
    schedule = data.get("get_payment_schedule") or {}
    overdue = only(schedule.get("overdue", []), references)
    if overdue:
        today = dt.date.fromisoformat(schedule["today"])
        return " ".join(_overdue_sentence(row, today) for row in overdue[:3])
    purchases = only(data["get_purchases"]["purchases"], references)
    return " ".join(_purchase_sentence(p) for p in purchases)


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
        return " ".join(named_orders + sentences + _what_to_do(overdue[:3]) + [str(PAY_OVERDUE)])
    sentence = " ".join([*named_orders, str(UP_TO_DATE)])
    paid = only(schedule["recently_paid"], references)
    if paid:
        row = paid[0]
        sentence += " " + _("Your last payment, %(payment)s, was paid on %(date)s.") % {
            "payment": _amount_for(row), "date": day(row["paid_on"] or row["due_on"], today)
        }  # fmt: skip
    return sentence


# What is left on the whole account, even when shops are named ("the total across
# everything, booking and ikea together", "in total on my account, including the flight").
WHOLE_ACCOUNT = re.compile(
    r"\b(?:across|for|on) (?:everything|all of it|all my (?:purchases|orders))|"
    r"\b(?:on|in) my (?:whole |entire )?account\b|\bincluding\b|\baltogether\b|\boverall\b|"
    r"\binsgesamt\b|\btotalt\b|\bsammanlagt\b",
    re.IGNORECASE,
)


def balance_answer(text: str, data: dict) -> str:
    balance, references = data["get_balance"], asked_about(data, text)
    if WHOLE_ACCOUNT.search(text):
        references = None
    if references is not None:
        owing = {p["reference"]: p for p in only(balance["purchases"], references)}
        sentences = [
            _left_on(owing[p["reference"]]) if p["reference"] in owing
            else _purchase_sentence(p) + " " + _("Nothing is left to pay on it.")
            for p in only(data["get_purchases"]["purchases"], references)
        ]  # fmt: skip
        if len(owing) > 1:
            sentences.append(_together(list(owing.values())))
        if EARLY.search(text):
            sentences += [str(PAY_OFF_EARLY), read_more(data.get("search_help"), on_topic=True)]
        return " ".join(sentence for sentence in sentences if sentence)
    purchases = balance["purchases"]
    if not purchases:
        return _("You have nothing left to pay: everything is paid in full.")
    owed = _(" and ").join(money(total) for total in balance["owed"])
    each = "; ".join(
        _("%(amount)s on %(merchant)s (%(reference)s)")
        % {
            "amount": money(p["left_to_pay"]),
            "merchant": p["merchant"],
            "reference": p["reference"],
        }
        for p in purchases
    )
    if balance["more"]:
        each += _(", and %(count)s more purchases") % {"count": balance["more"]}
    sentences = [
        _("You have %(owed)s left to pay in total: %(each)s.") % {"owed": owed, "each": each}
    ]
    if len(purchases) == 1 and not balance["more"]:
        # One purchase left: how it is paid off, and when ("only one payment left? how much
        # and when?").
        sentences.append(_left_on(purchases[0]))
    if EARLY.search(text):
        sentences += [str(PAY_OFF_EARLY), read_more(data.get("search_help"), on_topic=True)]
    return " ".join(sentence for sentence in sentences if sentence)


def _together(purchases: list[dict]) -> str:
    """ "Together: EUR 564.90." for what is left on the purchases named, per currency."""
    totals: dict[str, Decimal] = {}
    for purchase in purchases:
        currency, amount = purchase["left_to_pay"].split(" ", 1)
        totals[currency] = totals.get(currency, Decimal(0)) + Decimal(amount.replace(",", ""))
    each = _(" and ").join(
        money(f"{currency} {amount:,.2f}") for currency, amount in sorted(totals.items())
    )
    return _("Together, that is %(amount)s left to pay.") % {"amount": each}


EARLY = re.compile(
    r"\b(early|off|settle|settled|clear|cleared|whole|at once|in one go|all now|på en gång|"
    r"allt nu|lösa|auf einmal|alles jetzt|ablösen|vorzeitig)\b",
    re.IGNORECASE,
)
PAY_OFF_EARLY = gettext_lazy(
    "Paying off early costs exactly what is left, as there is no interest to take off, and "
    "is free: ask a person on our team and we take the payment straight away, or pay by "
    "bank transfer with your order reference."
)


def _left_on(purchase: dict) -> str:
    count = purchase["payments_left"]
    values = {
        "merchant": purchase["merchant"], "reference": purchase["reference"],
        "amount": money(purchase["left_to_pay"]), "count": number(count),
    }  # fmt: skip
    if count == 1:
        sentence = (
            _(
                "Your %(merchant)s purchase (%(reference)s) is still being paid off: you have "
                "%(amount)s left to pay, in one payment"
            )
            % values
        )
    else:
        sentence = (
            _(
                "Your %(merchant)s purchase (%(reference)s) is still being paid off: you have "
                "%(amount)s left to pay, in %(count)s payments"
            )
            % values
        )
    # When, asked or not: "when is the last payment on my H&M coat and how much".
    sentence += _next_payment_note(purchase)
    late = purchase.get("overdue_payments") or []
    if late:
        each = ", ".join(
            _("%(amount)s due on %(date)s (%(status)s)")
            % {
                "amount": money(row["amount"]),
                "date": day(row["due_on"]),
                "status": _(row["status"]),
            }
            for row in late
        )
        sentence += ". " + _("Overdue: %(payments)s") % {"payments": each}
    return sentence + "."


# The statuses the tools give (accounts' names), to be translated where they are shown.
STATUS_NAMES = [
    gettext_noop("Paying in instalments"), gettext_noop("Paid in full"), gettext_noop("Refunded"),
    gettext_noop("Cancelled"), gettext_noop("late"), gettext_noop("failed"),
]  # fmt: skip
STATES = {
    "Paying in instalments": gettext_lazy("it is active, and you are paying in instalments"),
    "Paid in full": gettext_lazy("it is paid in full"),
    "Refunded": gettext_lazy("it was refunded"),
    "Cancelled": gettext_lazy("it was cancelled"),
}


def purchases_answer(text: str, data: dict) -> str:
    listing, references = data["get_purchases"], asked_about(data, text)
    purchases = listing["purchases"]
    if not purchases:
        if REFERENCE_IN_TEXT.search(text):
            return _("I can't find that order on your account.")
        return _("I can't find any purchases on your account.")
    if references is not None:
        return " ".join(_purchase_sentence(p) for p in only(purchases, references))
    paying = sum(p["status"] == "Paying in instalments" for p in purchases)
    listed = "; ".join(
        _("%(merchant)s, %(amount)s on %(date)s (%(reference)s, %(status)s)")
        % {
            "merchant": p["merchant"],
            "amount": money(p["amount"]),
            "date": day(p["purchased_on"]),
            "reference": p["reference"],
            "status": _(p["status"]).lower(),
        }
        for p in purchases
    )
    total = len(purchases) + listing["more"]
    values = {"count": number(total), "paying": number(paying) if paying else _("none"),
              "listed": listed}  # fmt: skip
    if total == 1:
        written = _("You have %(count)s purchase, %(paying)s still being paid off: %(listed)s.")
    else:
        written = _("You have %(count)s purchases, %(paying)s still being paid off: %(listed)s.")
    written %= values
    if listing["more"]:
        written += " " + _("And %(count)s more on your Purchases page.") % {
            "count": listing["more"]
        }
    return written


def _purchase_sentence(p: dict) -> str:
    state = STATES.get(p["status"], p["status"].lower())
    sentence = _("Your %(merchant)s purchase %(reference)s of %(amount)s (%(date)s): %(state)s") % {
        "merchant": p["merchant"], "reference": p["reference"], "amount": money(p["amount"]),
        "date": day(p["purchased_on"]), "state": state,
    }  # fmt: skip
    if p["payments_left"]:
        sentence += _(", with %(amount)s left to pay") % {"amount": money(p["left_to_pay"])}
        sentence += _next_payment_note(p)
    return sentence + "."


def _next_payment_note(purchase: dict) -> str:
    payment = purchase.get("next_payment")
    if not payment:
        return ""
    return _(" (next payment %(amount)s on %(date)s)") % {
        "amount": money(payment["amount"]), "date": day(payment["due_on"])
    }  # fmt: skip


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
    "requested": gettext_lazy("has been requested"),
    "processing": gettext_lazy("is being processed"),
    "declined": gettext_lazy("was declined"),
}
MAX_REFUNDS = 5


def refunds_answer(text: str, data: dict) -> str:
    references = asked_about(data, text)
    refunds = only(data["get_refunds"]["refunds"], references)
    if not refunds and references:
        return _("There is no refund for your %(shop)s purchase on your account.") % {
            "shop": shop_of(data, references)
        }  # fmt: skip
    if not refunds:
        return _("There is no refund on your account.")
    sentences = [_refund_sentence(row) for row in refunds[:MAX_REFUNDS]]
    if len(refunds) > MAX_REFUNDS:
        sentences.append(
            _("You have %(count)s more on your Refunds page.")
            % {"count": len(refunds) - MAX_REFUNDS}
        )
    if references is not None:
        # A refund asked about by shop: what it left to pay is the next thing they ask.
        sentences += [
            _purchase_sentence(p) for p in only(data["get_purchases"]["purchases"], references)
            if p["payments_left"]
        ]  # fmt: skip
    return " ".join(sentences)


def _refund_sentence(row: dict) -> str:
    start = _("Your refund of %(amount)s from %(merchant)s (%(reference)s)") % {
        "amount": money(row["amount"]), "merchant": row["merchant"], "reference": row["reference"]
    }  # fmt: skip
    if row["status"] == "issued":
        return _("%(refund)s was paid out on %(date)s.") % {
            "refund": start, "date": day(row["issued_on"])
        }  # fmt: skip
    if row["status"] in ("requested", "processing"):
        expected = (
            _("; it should reach you by %(date)s") % {"date": day(row["expected_on"])}
            if row["expected_on"] else ""
        )  # fmt: skip
        return f"{start} {REFUND_STATES[row['status']]}{expected}."
    return f"{start} {REFUND_STATES.get(row['status'], row['status'])}."


def help_answer(data: dict | None, *, off_topic: bool = False) -> str:
    articles = (data or {}).get("articles") or []
    if not articles:
        return str(OFF_TOPIC if off_topic else DONT_KNOW)
    best = articles[0]
    text = best["excerpt"] or best["summary"]
    return f"{text}\n\n{read_more(data)}"


def read_more(data: dict | None, *, on_topic: bool = False) -> str:
    """Where the help center says more: the best article's link, or nothing. With
    `on_topic`, the best of those about the topic searched with, if any: a link beside
    an answer from the records is to the article its reading chose ("the zalando payment
    failed a while back, how do i fix it?" links failed payments, not the article on
    moving a date, whose words it shares)."""
    articles = (data or {}).get("articles") or []
    if on_topic:
        articles = [a for a in articles if a.get("on_topic")] or articles
    if not articles:
        return ""
    return _("You can read more in our help center: %(title)s (%(url)s).") % {
        "title": articles[0]["title"], "url": articles[0]["url"]
    }  # fmt: skip


def membership_answer(text: str, data: dict) -> str:
    """Whether the customer is VIP, then what the help center says about VIP."""
    membership = data["get_membership"]
    today = dt.date.fromisoformat(membership["today"])
    if membership["vip"]:
        status = _("You are a VIP member until %(date)s.") % {
            "date": day(membership["vip_until"], today)
        }  # fmt: skip
    else:
        status = _("You are not a VIP member at the moment: you are a standard customer.")
    passage = help_answer(data.get("search_help")) if data.get("search_help") else ""
    return "\n\n".join(part for part in [status, passage] if part and part != str(DONT_KNOW))


WRITERS = {
    "next_payment": payments_answer,
    "payment_status": status_answer,
    "balance": balance_answer,
    "purchases": purchases_answer,
    "refund_status": refunds_answer,
    "returns": returns_answer,
    "vip": membership_answer,
}
