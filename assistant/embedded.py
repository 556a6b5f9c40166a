"""The embedded model: answers with no network, no key and no downloads.

It plays the part of a chat model in the same agent loop as a real one: given the
conversation, it asks for the lookups the customer's message needs, then writes the
answer from their results. Every fact in an answer comes from a tool result; when it
has none, it says it does not know and offers a person. Pure Python: assistant.llm
wraps it as a LangChain chat model.

How it reads a message (`plan`):
- a person is needed when the customer asks for one, or when the message's most
  likely intent is one routed to a person (fraud, a lost card, hardship, a request
  that we act on the account...); the escalation rules (tickets) have usually handed
  such a message off before the model runs;
- otherwise every question in the message is answered: a message is split where a
  second question starts ("...? and can I...", "... and also when..."), and each part
  is triaged alone when the parts are about different things. A short follow-up
  ("and the Nike one?") is read as the question before it, about what it names;
- a message whose intent is routine but that may be about something a person must
  handle (the triage routed it HUMAN on the probability of such intents, not on the
  most likely one) is answered on its most likely reading, with a person offered;
- questions about the customer's records are answered from the lookups, narrowed to
  the shops and order references the question names; the rest from the help center.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Protocol

REFERENCE_IN_TEXT = re.compile(r"\b([A-Z]{2,6}-\d{2,10})\b", re.IGNORECASE)

# What each intent about the customer's own records looks up. Any other intent is
# answered from the help center.
# Every lookup but the list of purchases also reads that list: it tells which of the
# customer's purchases the question names ("the ikea one"), and a purchase with
# nothing to show (a shop with no refund) from one the customer does not have.
LOOKUPS = {
    "next_payment": ["get_payment_schedule", "get_purchases"],
    "payment_status": ["get_payment_schedule", "get_purchases"],
    "balance": ["get_balance", "get_purchases"],
    "purchases": ["get_purchases"],
    "refund_status": ["get_refunds", "get_purchases"],
    "returns": ["get_purchases", "get_refunds", "search_help"],
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
OFF_TOPIC = (
    "I'm sorry, I don't know about that. I can help with your payments, purchases and "
    "refunds, and with questions our help center answers."
)
OFFER_A_PERSON = "If you'd rather talk to a person, just say so and I'll connect you."
HANDING_OFF = "I'll connect you with a person on our team who can help with this."
PART_CONFIDENCE = 0.5  # a part of a message is answered on its own only above it
# A part of a message whose intent needs a person hands the whole message off only
# this surely: a second sentence ("i think a payment bounced") is short, and its
# triage less sure than the whole message's.
PART_NEEDS_PERSON = 0.7
MAX_QUESTIONS = 3


class Triage(Protocol):
    intent: str
    confidence: float
    out_of_scope: bool
    route: str
    human_request: bool
    intent_route: str
    alternatives: tuple  # the likeliest in-scope intents, with their probabilities
    sure: bool  # in scope, and the intent not a guess
    needs_person: bool  # hand off outright (assistant.triage.model.TriageResult)


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


@dataclass(frozen=True)
class Question:
    """One question of a customer's message, and what answering it takes."""

    text: str
    intent: str
    calls: list[ToolCall] = field(default_factory=list)
    meanings: list[str] = field(default_factory=list)  # unclear: the intents it may be


@dataclass(frozen=True)
class Plan:
    questions: list[Question] = field(default_factory=list)
    hand_off: str = ""  # the reason, when a person is needed
    offer_person: bool = False

    @property
    def calls(self) -> list[ToolCall]:
        return [call for question in self.questions for call in question.calls]


def respond(conversation: list[Turn], triage) -> Reply:
    """The next step: the lookups for a fresh message, the answer once they are back
    (and, before an answer that asks which of a few things the customer meant, the
    choices to show with it)."""
    asked = [n for n, turn in enumerate(conversation) if turn.role == "user"]
    if not asked:
        return Reply(text=SMALL_TALK["greeting"])
    last = asked[-1]
    earlier = conversation[asked[-2]].content if len(asked) > 1 else ""
    the_plan = plan(conversation[last].content, triage, earlier=earlier)
    results = [turn for turn in conversation[last + 1 :] if turn.role == "tool"]
    if the_plan.hand_off:
        if results:
            return Reply(text=HANDING_OFF)
        return Reply(tool_calls=[ToolCall("hand_off_to_human", {"reason": the_plan.hand_off})])
    if the_plan.calls and not results:
        return Reply(tool_calls=the_plan.calls)
    looked_up = [turn for turn in results if turn.tool_name != "offer_choices"]
    text, choices = write(the_plan, looked_up)
    if choices and len(looked_up) == len(results):
        return Reply(tool_calls=[ToolCall("offer_choices", {"options": choices})])
    return Reply(text=text)


# --- Reading the message ---------------------------------------------------------------------


def plan(text: str, triage, *, earlier: str = "") -> Plan:
    whole = triage(text)
    if whole.needs_person:
        return Plan(hand_off=_why_a_person(whole))
    if ACT_FOR_ME.search(text):
        return Plan(hand_off="asks us to act on the account")
    if SOMEONE_ELSE.search(text):
        return Plan([Question(text, "someone_else")])
    parts = [(part, triage(part)) for part in split_questions(text)]
    for _, result in parts:
        if result.needs_person and result.confidence >= PART_NEEDS_PERSON:
            return Plan(hand_off=_why_a_person(result))
    # A part that may need a person, but less surely: the answer offers one.
    maybe_risky = any(result.needs_person for _, result in parts)
    answered = _distinct_questions(parts)
    if len(answered) < 2:
        answered = [(text, whole)]
    if len(answered) == 1 and earlier and _follows_up(text, whole):
        before = triage(earlier)
        if before.intent in LOOKUPS and not before.out_of_scope:
            answered = [(text, before)]
    questions = [_question(part, result) for part, result in answered[:MAX_QUESTIONS]]
    return Plan(questions, offer_person=whole.route == "HUMAN" or maybe_risky)


def _why_a_person(result) -> str:
    if result.human_request:
        return "asked for a person"
    if result.intent_route == "HUMAN":
        return f"needs a person: {result.intent}"
    return f"may need a person (unsure; likeliest {result.intent})"


def _distinct_questions(parts) -> list:
    """The parts that are each a confident question about something the others are
    not about; [] when the message is one question."""
    confident = [
        (part, result) for part, result in parts
        if not result.out_of_scope and result.confidence >= PART_CONFIDENCE
        and result.intent not in SMALL_TALK and not result.needs_person
    ]  # fmt: skip
    if len({result.intent for _, result in confident}) < 2:
        return []
    seen, distinct = set(), []
    for part, result in confident:
        if result.intent not in seen:
            seen.add(result.intent)
            distinct.append((part, result))
    return distinct


# A request that we change something on the account ("can you change my email to…",
# "please cancel the rest"): the assistant's tools only read, so a person does it. A
# question about how or when ("can I move my payment date?", "when will you cancel the
# rest?") is not one: the request must open its sentence.
CHANGES = (
    r"change|update|cancel|remove|delete|waive|move|switch|take|charge|refund|close|stop|"
    r"pause|postpone|extend|reverse|freeze|block|unblock|reset"
)
ACT_FOR_ME = re.compile(
    rf"(?:^|[.!?;]\s*|\b(?:hi|hello|hey|so|ok|okay|and|also)[,!.]?\s+)"
    rf"(?:(?:can|could|would|will) (?:you|u) (?:please |pls |just |kindly )?"
    rf"|(?:please |pls |kindly )?|(?:i want|i need|i'd like|id like|i would like) (?:you|u) to )"
    rf"(?:{CHANGES}) (?:my|the|all|it|this|that|these|those|our)\b",
    re.IGNORECASE,
)
# Someone else's account: a relative or friend who owes, pays or bought something. The
# tools only ever see the customer's own account anyway.
SOMEONE_ELSE = re.compile(
    r"\b(?:my|our) (?:husband|wife|partner|boyfriend|girlfriend|son|"
    r"daughter|mother|mum|mom|father|dad|friend|brother|sister|parents?|kids?|child)\b"
    r"(?=.*\b(?:he|she|they|his|her|their|him|them)\b.*\b(?:owe|owes|pay|pays|paid|bought|"
    r"account|balance|purchases?|refunds?|payments?)\b)",
    re.IGNORECASE,
)
ONLY_YOUR_OWN = (
    "For everyone's privacy I can only see and talk about your own account, the one you're "
    "logged in with. If someone else needs help with theirs, they can log in and ask me."
)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|also|same for|and for)\b", re.IGNORECASE)


def _follows_up(text: str, result) -> bool:
    """A short message that asks the question before it again about something else."""
    short = len(text.split()) <= 6
    return short and (FOLLOW_UP.search(text) is not None or not result.sure)


def _question(text: str, result) -> Question:
    if result.out_of_scope:
        return Question(text, "unknown", [ToolCall("search_help", {"query": text[:300]})])
    if not result.sure:
        # No reading is sure: the help center, and if it has nothing, a question back.
        meanings = [intent for intent, _ in result.alternatives if intent in MEANINGS]
        return Question(text, "unclear", [ToolCall("search_help", {"query": text[:300]})],
                        meanings=meanings)  # fmt: skip
    if result.intent in SMALL_TALK:
        return Question(text, result.intent)
    names = LOOKUPS.get(result.intent, ["search_help"])
    return Question(text, result.intent, [_call(name, text) for name in names])


def _call(name: str, text: str) -> ToolCall:
    if name == "search_help":
        return ToolCall(name, {"query": text[:300]})
    reference = REFERENCE_IN_TEXT.search(text)
    return ToolCall(name, {"reference": reference.group(1).upper()} if reference else {})


# Where a second question starts: after a question mark or full stop, at a semicolon,
# or at "and" / "also" followed by a question word.
QUESTION_WORDS = (
    r"when|what|whats|what's|where|why|how|can|could|is|are|will|would|do|does|did|should|"
    r"have|has|i'd|i'm|id|i want|i need|tell|show|list|also"
)
SPLIT = re.compile(
    rf"(?<=[?!.])\s+|\s*;\s*|,?\s+(?:and also|but also|plus)\s+"
    rf"|,?\s+(?:and|also)\s+(?=(?:{QUESTION_WORDS})\b)",
    re.IGNORECASE,
)
LEADING_JOIN = re.compile(r"^(and|also|plus|but)\s+", re.IGNORECASE)
REFERS_BACK = re.compile(r"\b(it|that|this|them|those)\b", re.IGNORECASE)


def split_questions(text: str) -> list[str]:
    """The message's questions, in order, each as the customer wrote it. A fragment too
    short to stand alone, or one that only refers back ("how much is it?"), stays with
    the question before it (a greeting before a question, with the one after it)."""
    text = text.strip()
    spans, start = [], 0
    for separator in SPLIT.finditer(text):
        spans.append((start, separator.start(), separator.end()))
        start = separator.end()
    spans.append((start, len(text), len(text)))
    parts: list[tuple[int, int]] = []  # (start, end) of each question in `text`
    for begin, end, _ in spans:
        piece = text[begin:end].strip(" ,")
        if not piece:
            continue
        words = piece.split()
        stands_alone = len(words) >= 3 and not (len(words) <= 5 and REFERS_BACK.search(piece))
        if parts and (not stands_alone or len(text[slice(*parts[-1])].split()) < 3):
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((begin, end))
    questions = [LEADING_JOIN.sub("", text[b:e].strip(" ,")) for b, e in parts]
    return [q for q in questions if q] or [text]


# --- Writing answers from tool results -------------------------------------------------------


def write(the_plan: Plan, results: list[Turn]) -> tuple[str, list[dict]]:
    """Each question's answer from its own lookups' results (given in the order the
    calls were made), one paragraph each; and the choices to offer with it, when the
    message is one unclear question the help center has nothing for."""
    results = list(results)
    paragraphs = []
    for question in the_plan.questions:
        mine, results = results[: len(question.calls)], results[len(question.calls) :]
        paragraphs.append(answer(question, mine))
    if paragraphs == [DONT_KNOW] and the_plan.questions[0].meanings:
        return clarify(the_plan.questions[0].meanings)
    if the_plan.offer_person and paragraphs and not paragraphs[-1].endswith(DONT_KNOW):
        paragraphs.append(OFFER_A_PERSON)
    return "\n\n".join(said_once(paragraphs)) or DONT_KNOW, []


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def said_once(paragraphs: list[str]) -> list[str]:
    """The paragraphs without a sentence or passage already said above: the questions
    of one message can lead to the same one (a purchase, a refund, an article)."""
    said: set[str] = set()
    kept = []
    for paragraph in (block for each in paragraphs for block in each.split("\n\n")):
        sentences = [s for s in SENTENCE_END.split(paragraph) if s not in said]
        said.update(sentences)
        if sentences:
            kept.append(" ".join(sentences))
    return kept


# What an unclear question may have meant, as a button (label) and as the customer would
# have asked it (text): the intents the assistant answers from the customer's records.
MEANINGS = {
    "next_payment": ("My next payment", "When is my next payment?"),
    "balance": ("What I still owe", "How much do I still owe?"),
    "payment_status": ("Late or failed payments", "Is any of my payments overdue?"),
    "purchases": ("My purchases", "Show me my purchases."),
    "refund_status": ("My refunds", "Where is my refund?"),
    "returns": ("Returning something", "What happens to my payments when I return something?"),
}
NOT_SURE = "I'm not sure I understood. Did you mean one of these?"
A_PERSON = {"label": "Talk to a person", "text": "I'd like to talk to a person."}


def clarify(meanings: list[str]) -> tuple[str, list[dict]]:
    """One question back, with what the customer may have meant as choices (the likeliest
    first, at most three) and a person, also written out for a client that shows no
    buttons. A person is always one of them: an unsure message may need one."""
    choices = [{"label": MEANINGS[m][0], "text": MEANINGS[m][1]} for m in meanings[:3]]
    choices.append(A_PERSON)
    listed = "; ".join(choice["label"].lower() for choice in choices)
    return f"{NOT_SURE} {listed[0].upper()}{listed[1:]}.", choices


def answer(question: Question, results: list[Turn]) -> str:
    if question.intent in SMALL_TALK:
        return SMALL_TALK[question.intent]
    if question.intent == "someone_else":
        return ONLY_YOUR_OWN
    data = {turn.tool_name: _json(turn.content) for turn in results}
    if any(not isinstance(value, dict) or "error" in value for value in data.values()):
        return DONT_KNOW
    if question.intent in ("unknown", "unclear"):
        return help_answer(data.get("search_help"), off_topic=question.intent == "unknown")
    writer = WRITERS.get(question.intent)
    if writer is None:
        return help_answer(data.get("search_help"))
    return writer(question.text, data)


def _json(content: str):
    try:
        return json.loads(content)
    except (TypeError, ValueError):
        return None


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
    elif not overdue:
        shop = f" on your {shop_of(data, references)} purchase" if references else ""
        sentences.append(f"You have no payments coming up{shop}: nothing left to pay.")
    if overdue:
        sentences += [*_what_to_do(overdue[:3]), PAY_OVERDUE]
    return " ".join(sentences)


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
        if EARLY.search(text):
            sentences.append(PAY_OFF_EARLY)
        return " ".join(sentences)
    purchases = balance["purchases"]
    if not purchases:
        return "You have nothing left to pay: everything is paid in full."
    owed = " and ".join(balance["owed"])
    each = "; ".join(f"{p['left_to_pay']} on {p['merchant']} ({p['reference']})" for p in purchases)
    more = f", and {balance['more']} more purchases" if balance["more"] else ""
    sentences = [f"You have {owed} left to pay in total: {each}{more}."]
    if EARLY.search(text):
        sentences.append(PAY_OFF_EARLY)
    return " ".join(sentences)


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
    return (
        f"You have {number(total)} {noun}, {number(paying)} still being paid off: {listed}.{more}"
    )


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
    return f"{text}\n\nYou can read more in our help center: {best['title']} ({best['url']})."


WRITERS = {
    "next_payment": payments_answer,
    "payment_status": status_answer,
    "balance": balance_answer,
    "purchases": purchases_answer,
    "refund_status": refunds_answer,
    "returns": returns_answer,
}
