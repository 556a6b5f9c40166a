"""The embedded model: answers with no network, no key and no downloads.

It plays the part of a chat model in the same agent loop as a real one: given the
conversation, it asks for the lookups the customer's message needs, then writes the
answer from their results. Every fact in an answer comes from a tool result; when it
has none, it says it does not know and offers a person. Pure Python: assistant.llm
wraps it as a LangChain chat model.

How it reads a message (`plan`):
- a person is needed when the triage says so (TriageResult.needs_person: a request for
  one, or a sure reading of something a person must handle), or when the customer
  asks us to change something on the account (the tools only read); the escalation
  rules (tickets) have usually handed such a message off before the model runs;
- otherwise every question in the message is answered: a message is split where a
  second question starts ("...? and can I...", "... and also when..."), and each part
  is triaged alone when the parts are about different things. A short follow-up
  ("and the Nike one?") is read as the question before it, about what it names;
- a message that may be about something a person must handle, but less surely, is
  answered on its likeliest reading with a person offered; one with no sure reading
  gets its two likeliest readings answered when both are about the customer's records,
  else the help center's answer or, when it has none, one question back with choices;
- questions about the customer's records are answered from the lookups, narrowed to
  the shops and order references the question names (assistant.answers writes them);
  the rest from the help center.

A message is answered in its own language (assistant.language): English, Swedish or
German, amounts and dates written as that language writes them. One in another
language gets a reply in English saying which languages it reads, with a person
offered as a choice: it is never handed off unread, nor answered on a guess.
"""

import dataclasses
import json
import re
from dataclasses import dataclass, field
from typing import Protocol

from django.utils import translation
from django.utils.translation import gettext_lazy

from assistant.answers import (
    DONT_KNOW,
    EARLY,
    NOT_OURS,
    REFERENCE_IN_TEXT,
    WRITERS,
    asked_about,
    help_answer,
    payments_named,
    read_more,
)
from assistant.help import MORE_STOP_WORDS, STOP_WORDS, WORD, word_set
from assistant.language import OTHER, answered_language, language_of

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
    "vip": ["get_membership", "search_help"],
}
# "What happens if my card expires before my next payment?": the customer's records
# answer the "when", the help center the "what happens".
# So does "how long does a refund take?": the help center says how long it takes.
WHAT_IF = re.compile(
    r"\bwhat (happens|would happen|will happen|if)\b|\b(what|how) about if\b|"
    r"\bif i (miss|can'?t|cannot|don'?t|forget|pay late|am late)\b|"
    r"\bhow long (?:does|do|will|would|until)\b|\bhur lång tid\b|\bwie lange\b",
    re.IGNORECASE,
)
# "why did it fail, and what am I supposed to do now?": the answer says what to do, and
# links the article on late and failed payments for the rest.
WHAT_TO_DO_ASKED = re.compile(
    r"\bwhat (?:(?:do|should|can|shall|must) i|i (?:should|can|must|have to|need to)) do\b|"
    r"\bwhat (?:do|does|should|would|will) (?:i|we) (?:need|have|got) to do\b|"
    r"\bwhat am i (supposed|meant|expected) to do\b|\b(?:to|for) (?:fix|sort|solve) (?:it|this)\b|"
    r"\bwhat (now|next)\b|\bwhat are my options\b|"
    r"\bhow (do|can|should|would) i (fix|sort|solve|resolve|deal with|handle|pay)\b|"
    r"\bhow to (fix|sort|solve|resolve)\b|"
    r"\bdo i (?:need|have) to do (?:something|anything)\b|"
    r"\b(?:retry|retries|re-try|try (?:it |again|it again)|(?:late )?fees?|penalty)\b|"
    r"\b(?:extra|additional|late) (?:charges?|costs?)\b|\bcharged? (?:me )?extra\b|"
    r"\bvad (ska|kan|bör) jag göra\b|\bwas (soll|kann|muss) ich (jetzt )?(tun|machen)\b",
    re.IGNORECASE,
)
PAYMENT_INTENTS = ("next_payment", "payment_status")
# Help-center topics about paying: "the last zalando payment bounced, can I pay it by bank
# transfer instead?" is answered from the help center, and with what is due on the
# purchase it names (with its reference, which a transfer needs).
ABOUT_PAYING = ("how_to_pay", "change_payment_date", "fees")
# ... when it says more than how paying works: these words, and function words, name no
# purchase ("how do I pay?", "can I pay by bank transfer instead?" need no lookup, which
# costs two trips to the database at the busiest hour).
PAYING_WORDS = word_set(
    "pay paying paid payment payments instalment instalments installment installments card "
    "cards credit debit bank transfer transfers paypal apple google method methods way ways "
    "instead early late fee fees charge charges charged cost costs interest date dates move "
    "change day days due extra money amount possible accept accepted option options"
)
SMALL_TALK = {
    "greeting": gettext_lazy(
        "Hello! I can tell you about your payments, purchases and refunds, or find "
        "an answer in our help center. What would you like to know?"
    ),
    "thanks": gettext_lazy("You're welcome! Is there anything else I can help with?"),
    "goodbye": gettext_lazy("Goodbye, and thank you for getting in touch."),
    # "are you a bot?", "what can you help me with?" (read so by `reread`)
    "about_me": gettext_lazy(
        "I'm the assistant: a computer program, not a person. I can tell you about your "
        "payments, purchases and refunds, or find an answer in our help center. Whenever "
        "you'd rather talk to a person, just say so and I'll connect you."
    ),
}
OFFER_A_PERSON = gettext_lazy("If you'd rather talk to a person, just say so and I'll connect you.")
HANDING_OFF = gettext_lazy("I'll connect you with a person on our team who can help with this.")
# Always in English: the customer's language is one the assistant does not read.
UNSUPPORTED = (
    "I'm sorry, I read English, Swedish and German, and can't answer a message in another "
    "language. Could you write to me in one of those? Or, if you'd rather, a person on our "
    'team can help: choose "Talk to a person".'
)
PART_CONFIDENCE = 0.5  # a part of a message is answered on its own only above it
# A part of a message whose intent needs a person hands the whole message off only
# this surely: a second sentence is often context ("pretty sure they owed me
# something", "I really don't want fees"), short, and its triage less sure than the
# whole message's; the risky ones ("someone used my card", "I lost my job") are sure.
PART_NEEDS_PERSON = 0.9
# An unsure question whose two likeliest readings are both about the customer's records,
# together this likely, gets both answered: cheaper for the customer than a question back.
TWO_READINGS = 0.6
# ... and the likeliest reading alone, at least this likely, when no other about the
# records is within ALONE_MARGIN of it.
ALONE, ALONE_MARGIN = 0.25, 0.15
# An unsure question whose likeliest reading is a routine help-center topic, at least
# this likely, is searched with that topic (its article found first), and answered
# with a person offered, rather than asked back.
HELP_GUESS = 0.25
# A question read as about a shop (not_ours), less surely than this, is searched in the
# help center too, and answered from an article that matches it at least HELP_CLEAR
# (assistant.help's cosine score): no question in the sets about a shop's goods scores
# that, the process questions misread as one do (0.27, read as a shop's at 0.45-0.50).
NOT_OURS_SURE, HELP_CLEAR = 0.6, 0.25
# ... and so is one about a shop that asks what we do about it ("if a shop never sends my
# item, what can I do through you?"), however sure the reading.
ABOUT_OUR_SERVICE = re.compile(
    r"\b(?:through|via|with) (?:you|u|your (?:service|app|site|team))\b"
    r"|\bwhat (?:can|do|will|would) (?:you|u) (?:do|offer)\b|\bcan (?:you|u) help\b",
    re.IGNORECASE,
)
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
    with_help: bool = False  # the help center's passage follows the records' answer
    with_link: bool = False  # the help center's article is linked after the answer


@dataclass(frozen=True)
class Plan:
    questions: list[Question] = field(default_factory=list)
    hand_off: str = ""  # the reason, when a person is needed
    hand_off_kind: str = "other"  # its kind (the hand-off tool's `kind`)
    offer_person: bool = False

    @property
    def calls(self) -> list[ToolCall]:
        return [call for question in self.questions for call in question.calls]


def respond(conversation: list[Turn], triage, plans: dict | None = None) -> Reply:
    """The next step: the lookups for a fresh message, the answer once they are back
    (and, before an answer that asks which of a few things the customer meant, the
    choices to show with it), in the language of the customer's message. `plans`: the
    plans made so far in this turn (each step of a turn plans the same message), kept
    there for the next step."""
    asked = [n for n, turn in enumerate(conversation) if turn.role == "user"]
    if not asked:
        return Reply(text=str(SMALL_TALK["greeting"]))
    last = asked[-1]
    # As the engine read it: a message too short to tell is in the page's language,
    # which the engine made the active one.
    language = language_of(
        conversation[last].content, default=answered_language(translation.get_language())
    )
    if language == OTHER:
        with translation.override("en"):
            return _unsupported(conversation[last + 1 :])
    with translation.override(language):
        return _respond(conversation, triage, asked, {} if plans is None else plans)


def _unsupported(after: list[Turn]) -> Reply:
    """Which languages it reads, with a person as the one choice (shown first)."""
    if not any(turn.tool_name == "offer_choices" for turn in after):
        return Reply(tool_calls=[ToolCall("offer_choices", {"options": [a_person()]})])
    return Reply(text=UNSUPPORTED)


def _respond(conversation: list[Turn], triage, asked: list[int], plans: dict) -> Reply:
    last = asked[-1]
    earlier = conversation[asked[-2]].content if len(asked) > 1 else ""
    message = (conversation[last].content, earlier)
    if message not in plans:
        plans[message] = plan(message[0], triage, earlier=earlier)
    the_plan = plans[message]
    results = [turn for turn in conversation[last + 1 :] if turn.role == "tool"]
    if the_plan.hand_off:
        if results:
            return Reply(text=str(HANDING_OFF))
        arguments = {"reason": the_plan.hand_off, "kind": the_plan.hand_off_kind}
        return Reply(tool_calls=[ToolCall("hand_off_to_human", arguments)])
    if the_plan.calls and not results:
        return Reply(tool_calls=the_plan.calls)
    looked_up = [turn for turn in results if turn.tool_name != "offer_choices"]
    text, choices = write(the_plan, looked_up)
    if choices and len(looked_up) == len(results):
        return Reply(tool_calls=[ToolCall("offer_choices", {"options": choices})])
    return Reply(text=text)


# --- Reading the message ---------------------------------------------------------------------


def plan(text: str, triage, *, earlier: str = "", said: str = "") -> Plan:
    """`said`: the message as the customer wrote it, when `text` is it without what
    says nothing is wrong (JUST_ASKING)."""
    asked = "" if said else _without_reassurance(text)
    if asked:
        return plan(asked, triage, earlier=earlier, said=text)
    first = triage(text)
    whole = reread(text, first, said or None)
    # A reading set aside from a risky one ("worried sick I'm behind") still offers a person.
    set_aside_risk = first.route == "HUMAN" and whole.intent not in SMALL_TALK
    if whole.intent in SMALL_TALK:
        question = _after_small_talk(text, triage)
        if question:
            return plan(question, triage, earlier=earlier, said=said)
    before = _followed_up(text, whole, earlier, triage)
    if before is not None:
        return Plan([_question(text, before)], offer_person=before.route == "HUMAN")
    if whole.needs_person and _asks_how(text, whole):
        question = Question(
            text, whole.intent, [_call("search_help", text, HOW_TOPIC[whole.intent])]
        )
        return Plan([question], offer_person=True)
    if _asks_to_spot_fraud(text, first):
        question = Question(text, "fraud", [_call("search_help", text, "fraud")])
        return Plan([question], offer_person=True)
    if whole.needs_person:
        return _hand_off(whole)
    if _money_trouble_told(text, whole):
        return Plan(hand_off="needs a person: hardship", hand_off_kind="risky_topic")
    if ACT_FOR_ME.search(text):
        return Plan(hand_off="asks us to act on the account", hand_off_kind="act_on_account")
    disputed = any(
        pattern.search(text)
        for pattern in (SHOP_REFUSES, STOPS_PAYING, NOT_GIVEN, NOT_DELIVERED, SHOP_LETS_DOWN)
    )
    if disputed and not WHAT_IF.search(text):
        return Plan(hand_off="needs a person: dispute", hand_off_kind="risky_topic")
    fraud_told = NOT_MINE.search(text) or SECRETS_ASKED.search(text)
    if fraud_told and not WHAT_IF.search(text):
        return Plan(hand_off="needs a person: fraud", hand_off_kind="risky_topic")
    refund = REFUND_TOLD.search(text) or MONEY_BACK_TOLD.search(text)
    if TAKEN_TWICE.search(text) and not WHAT_IF.search(text) and not refund:
        return Plan(hand_off="needs a person: dispute", hand_off_kind="risky_topic")
    if SOMEONE_ELSE.search(text) and not OWN_ACCOUNT.search(text):
        return Plan([Question(text, "someone_else")])
    parts = [(part, triage(part)) for part in split_questions(text)]
    parts = [
        (part, _in_context(reread(part, result, said or text), whole)) for part, result in parts
    ]
    # A refund awaited, told with its story ("It was a duplicate charge"): the story's part
    # reads as a dispute on its own.
    refund_story = whole.intent == "refund_status" and _awaits_refund(text)
    for part, result in parts:
        sure_risk = result.needs_person and result.confidence >= PART_NEEDS_PERSON
        story = refund_story and result.intent in STORY_READINGS
        if sure_risk and not _only_worried(part, result) and not story:
            return _hand_off(result)
    # A part that may need a person, but less surely: the answer offers one.
    maybe_risky = any(result.needs_person for _, result in parts)
    answered = _distinct_questions(parts)
    if len(answered) == 1 and answered[0][1].confidence > whole.confidence:
        # One clear question among context ("Are any of my payments late? I really don't
        # want fees"): its reading, surer than the whole message's, about the whole text.
        answered = [(text, answered[0][1])]
    elif len(answered) < 2:
        answered = [(text, whole)]
    questions = [_question(part, result) for part, result in answered[:MAX_QUESTIONS]]
    questions = _with_refund_told(text, questions)
    if len(questions) == 1 and questions[0].intent == "unclear":
        readings = _likely_readings(questions[0].text, answered[0][1])
        if readings:
            return Plan(readings, offer_person=True)
    unsure = any(question.intent == "unclear" for question in questions)
    offer = whole.route == "HUMAN" or set_aside_risk or maybe_risky or unsure
    return Plan(questions, offer_person=offer)


# A greeting that opens the question's own sentence ("Hello, please I want know ...").
LEADING_GREETING = re.compile(
    r"^(?:hello|hi|hey|hiya|dear \w+|good (?:morning|afternoon|evening)|hej|hallo)\b[\s,!.:-]+",
    re.IGNORECASE,
)
# Sentences, an emoticon ending one too ("hope you're having a lovely day :)").
SENTENCES = re.compile(r"(?<=[.!?)])\s+")


def _after_small_talk(text: str, triage) -> str:
    """What is between the greetings a message opens with and the thanks it ends with,
    when that is a question of its own: small talk ("good morning!! hope you're having a
    lovely day :) quick one, when is my next payment?") can outweigh the question in the
    whole message's reading. Empty when there is nothing else, or only more small talk."""
    sentences = [sentence for sentence in SENTENCES.split(text.strip()) if sentence]
    while len(sentences) > 1 and triage(sentences[0]).intent in SMALL_TALK:
        sentences.pop(0)
    while len(sentences) > 1 and triage(sentences[-1]).intent in SMALL_TALK:
        sentences.pop()  # "... on the iPad. Thank you"
    rest = LEADING_GREETING.sub("", " ".join(sentences)) or " ".join(sentences)
    if rest == text.strip():
        return ""
    reading = triage(rest)
    return "" if reading.intent in SMALL_TALK or reading.out_of_scope else rest


FRAGMENT_WORDS = 6  # at most this long, a part may be a fragment of the one before


# "can you tell me the status of DEMO-111 please" asks to know, not that we act.
ASKS_TO_KNOW = re.compile(
    r"\b(?:tell|show) (?:me|us)\b|\blet (?:me|us) know\b|"
    r"\b(?:want|wanna|need|like|would like|'d like) to know\b",
    re.IGNORECASE,
)


def _unless_no_action(part: str, result):
    """A part read as a request that we act on the account, without a word of any action
    in it ("and the other one, the h&m?", or one that asks to be told something), is a
    fragment the model has no reading for:
    neither a hand-off nor a question of its own. (Requests are found in the whole
    message first, by ACT_FOR_ME.)"""
    fragment = (
        result.intent == "account_action"
        and (len(part.split()) <= FRAGMENT_WORDS or ASKS_TO_KNOW.search(part))
        and not ACTION_WORD.search(part)
    )
    if fragment and not result.human_request:
        return _unread(result)
    return result


# "If I pay everything at once now to finish with you, what is the full amount?" reads as
# how to pay, unsurely: it asks what paying off costs, which is the balance (and how).
# A question about a fee for it ("how much is the fee for paying early?") stays one.
ASKS_HOW_MUCH = re.compile(
    r"\b(?:how much|what(?:'s| is| would be| will be) the (?:full |total |whole |final )?"
    r"(?:amount|figure|sum|number)|"
    r"what (?:would|will|does) it cost|total)\b",
    re.IGNORECASE,
)
FEE_WORDS = re.compile(r"\b(?:fee|fees|charge|charges|charged|penalty|interest|extra)\b",
                       re.IGNORECASE)  # fmt: skip


def reread(part: str, result, message: str | None = None):
    """The triage's reading of `part` (of `message`, when a part of one), corrected where
    its words say more surely what is asked (each rule below). The escalation rules see
    the whole message's reading corrected too (assistant.engine): a reading set aside
    here hands nothing off there."""
    result = _money_taken(part, _to_pay_off(part, _unless_no_action(part, result)))
    result = _owed_asked(part, _overdue_asked(part, _about_me(part, result)))
    result = _what_it_takes(part, result)
    result = _refund_awaited(part, _purchases_listed(part, _next_named(part, result)))
    result = _payment_refused(part, result)
    result = _not_a_lost_card(message or part, _not_a_death(message or part, result))
    result = _how_to_spot_fraud(message or part, _only_what_if(part, message or part, result))
    return _worry_not_risk(part, _not_hardship(part, result))


def _unread(result):
    """A reading set aside: neither a hand-off nor a question of its own."""
    if not dataclasses.is_dataclass(result):
        return result
    return dataclasses.replace(
        result, confidence=0.0, human_score=0.0, route="ROUTINE", intent_route="ROUTINE"
    )


# "mine just died" after "can you recommend a good laptop?", "my phone died so i couldnt
# pay": a thing that stopped working, not a death. A person's death ("my mum died") is
# always read as one, whatever else the message names.
THING_DIED = re.compile(
    r"\b(?:phone|mobile|laptop|computer|pc|tablet|ipad|iphone|macbook|battery|car|tv|"
    r"screen|printer|console|headphones|fridge|washing machine|charger|kindle|watch)s?\b",
    re.IGNORECASE,
)
DIED = re.compile(r"\b(?:died|dead|dying|dies)\b", re.IGNORECASE)
SOMEONE_DIED = re.compile(
    r"\b(?:passed away|passed on|funeral|bereave\w*|widow\w*|"
    r"mum|mom|mother|dad|father|husband|wife|partner|son|daughter|brother|sister|child|"
    r"grand\w+|aunt|uncle|friend|parent|parents|fiancée?|boyfriend|girlfriend|spouse)\b",
    re.IGNORECASE,
)


# "do u know a good recipe for pierogi? my grandmas one got lost lol": something lost that
# is no card. A lost card names one, or what held it, a theft, or the account to block, in
# any language the assistant reads ("jag har tappat mitt kort", "meine Karte wurde
# gestohlen").
CARD_OR_THEFT = re.compile(
    r"\b(?:cards?|wallets?|purses?|bags?|handbags?|backpacks?|phones?|mobiles?|visa|mastercard|"
    r"amex|apple ?pay|google ?pay|stolen|stole|steal\w*|theft|thie\w+|nicked|pinched|snatched|"
    r"robbed|mugged|pickpocket\w*|burglar\w*|block\w*|freez\w*|frozen|lock\w*|accounts?|"
    r"\w*kort(?:et|en|s)?|plånbok\w*|väska\w*|telefon\w*|mobil\w*|stul(?:en|et|na)|stal|"
    r"stöld\w*|tjuv\w*|rånad\w*|spärra\w*|frys\w*|konto\w*|"
    r"\w*karten?|geldbeutel\w*|geldbörse\w*|portemonnaie\w*|brieftasche\w*|\w*tasche\w*|"
    r"gestohlen|geklaut|bestohlen|diebstahl\w*|dieb\w*|\w*sperr\w*)\b",
    re.IGNORECASE,
)


def _not_a_lost_card(message: str, result):
    if result.intent == "lost_card" and not CARD_OR_THEFT.search(message):
        return _unread(result)
    return result


def _not_a_death(message: str, result):
    thing = DIED.search(message) and THING_DIED.search(message)
    if result.intent == "bereavement" and thing and not SOMEONE_DIED.search(message):
        return _unread(result)
    return result


# "I honestly can't remember what I've paid on which": not being able to remember is not
# being unable to pay. Read as hardship only where money trouble is said too.
FORGOT = re.compile(
    r"\b(?:can'?t|cant|cannot|can not|don'?t|dont|do not|couldn'?t|couldnt) "
    r"(?:remember|recall)\b|\bforgot(?:ten)?\b",
    re.IGNORECASE,
)
# Money trouble said outright ...
HARD_UP = (
    r"afford|struggl\w*|broke|debts?(?! collect)|hardship|skint|unemployed|redundan\w*|"
    r"lost (?:my|our) (?:job|income|work)|sick leave|off work|"
    r"(?:can'?t|cant|cannot|can not|won'?t|wont|unable to) (?:pay|manage|make (?:the |my )?"
    r"payments?)|(?:not|won'?t|wont) be able to (?:pay|afford|make|keep up)|"
    r"no money|out of money|(?:short|low) (?:of|on) (?:money|cash|funds)|overdrawn|"
    r"(?:salary|wages?|pay ?check|paycheque) (?:is |was |has been )?(?:late|delayed|stopped)"
)
# ... or hinted at, which is also budgeting ("rent is due and my car insurance renews").
MONEY_TROUBLE = re.compile(
    rf"\b(?:{HARD_UP}|tight|benefits|bills?|keep up|overdraft|rent|mortgage)\b", re.IGNORECASE
)
MONEY_TROUBLE_SAID = re.compile(rf"\b(?:{HARD_UP})\b", re.IGNORECASE)


# "I lost my job, have I missed any payments?": money trouble told in so many words beside
# a routine question, which the triage reads as that question, hardship second. Hardship
# is a person's to handle, whatever else is asked.
HARDSHIP_LIKELY = 0.2


def _money_trouble_told(text: str, result) -> bool:
    hardship = dict(result.alternatives).get("hardship", 0.0)
    return hardship >= HARDSHIP_LIKELY and bool(MONEY_TROUBLE_SAID.search(text))


def _not_hardship(part: str, result):
    if result.intent == "hardship" and FORGOT.search(part) and not MONEY_TROUBLE.search(part):
        return _unread(result)
    return result


# "when does that one get taken", "when is the money taken for ikea": when money leaves the
# customer, which is the payment schedule. Refunds come back, they are never taken.
WHEN_TAKEN = re.compile(
    r"\bwhen\b(?: \w+){0,8}? (?:taken|take|took|charged|charge|debited|debit|collected|"
    r"withdrawn|deducted|come out|comes out|coming out|go out|goes out|leave|leaves)\b",
    re.IGNORECASE,
)
MONEY_BACK = re.compile(r"\b(?:refunds?|refunded|back|returns?|returned|reimburse\w*)\b",
                        re.IGNORECASE)  # fmt: skip
# Readings this rule leaves alone: each is about money taken too ("when is the late fee
# charged", "can I change when it is taken", "when is VIP charged").
MONEY_READINGS = (
    "next_payment", "payment_status", "balance", "purchases", "change_payment_date", "fees",
    "how_to_pay", "vip",
)  # fmt: skip


def _money_taken(part: str, result):
    unsure = result.intent == "refund_status" or result.confidence < PART_CONFIDENCE
    asks = WHEN_TAKEN.search(part) and not MONEY_BACK.search(part)
    # An unsure reading of the schedule itself is made sure ("the Sephora instalment, when
    # does it come out and how much exactly?").
    other = result.intent not in MONEY_READINGS or result.intent == "next_payment"
    # Not off-topic: "when does the next iphone come out".
    if asks and unsure and other and not result.out_of_scope:
        return _read_as(result, "next_payment")
    return result


def _read_as(result, intent: str):
    """`result` read as the routine `intent`, as surely as a part answered on its own,
    when nothing in it needs a person."""
    return result if result.needs_person else _routine(result, intent, result.confidence)


def _routine(result, intent: str, confidence: float, **more):
    """`result` read as the routine `intent`, at least PART_CONFIDENCE sure. (Not a triage
    result: left as it is.)"""
    if not dataclasses.is_dataclass(result):
        return result
    return dataclasses.replace(
        result, intent=intent, confidence=max(confidence, PART_CONFIDENCE), route="ROUTINE",
        intent_route="ROUTINE", human_score=0.0, **more,
    )  # fmt: skip


# "How much is late and for what date?", "am I behind on anything?": what is overdue,
# which the triage can read as the late fee or as a question for a shop. A question about
# the fee itself ("how much is the late fee") keeps its reading.
OVERDUE_ASKED = re.compile(
    r"\bhow much (?:is|are|was|were) (?:late|overdue|outstanding)\b|"
    r"\bwhat(?:'s| is| are) (?:late|overdue)\b|"
    r"\b(?:am i|are we) (?:behind|late|in arrears)\b|"
    r"\b(?:did|have) i (?:miss|missed)(?: a| any)? payments?\b|"
    r"\b(?:is|are) (?:any(?:thing| of (?:my|the) payments)?|something|a payment) "
    r"(?:late|overdue)\b|"
    r"\b(?:owe|owing|due|have to pay|need to pay)\b(?: \w+){0,2}? (?:that'?s|thats|that is|"
    r"that are|which is|which are) (?:overdue|late|past due|in arrears)\b|"
    r"\b(?:do|did|have) (?:i|we) (?:have |got )?(?:any|anything|a)(?: \w+){0,2}? "
    r"(?:late|overdue|past due)\b",
    re.IGNORECASE,
)


OVERDUE_WORD = re.compile(r"\b(?:overdue|late|past due|in arrears|behind|missed)\b", re.IGNORECASE)


# "Could you kindly confirm the amount and the date of my forthcoming instalment?": the
# next payment named, in a message the triage reads unsurely.
NEXT_NAMED = re.compile(
    r"\b(?:next|upcoming|forthcoming|coming|following) (?:instal+ments?|payments?|"
    r"direct debits?|debits?|charges?)\b",
    re.IGNORECASE,
)


# "when is the apple store payment": when a payment is due, asked of one named.
WHEN_DUE = re.compile(
    r"\bwhen(?:'s| is| are| will| does| do)(?: [\w&.'-]+){0,4}? (?:payments?|instal+ments?|"
    r"installments?)\b",
    re.IGNORECASE,
)


def _next_named(part: str, result):
    named = NEXT_NAMED.search(part) or (WHEN_DUE.search(part) and not MONEY_BACK.search(part))
    # An unsure reading of the next payment itself is made sure enough to be answered
    # as a part of its own ("... and how much do I have left on my flight?").
    unsure = not result.sure or (
        result.intent == "next_payment" and result.confidence < PART_CONFIDENCE
    )
    if named and unsure and not result.out_of_scope:
        return _read_as(result, "next_payment")
    return result


# "Could you give me an overview of all my orders, including the old ones?": every
# purchase, which the triage can read unsurely between the purchases and the balance.
# A request that we change them ("cancel all my orders") is not this, nor what is owed on
# them.
PURCHASES_LISTED = re.compile(
    r"\b(?:overview|list|summary|rundown|history|all|every one|each) (?:of )?(?:all )?"
    r"(?:(?:my|our|the) )?(?:\w+ )?(?:orders|purchases|plans)\b|"
    r"\b(?:my|our) (?:order|purchase|payment) history\b",
    re.IGNORECASE,
)
OWED_WORDS = re.compile(
    r"\b(?:owe|owed|owing|left|remaining|total|altogether|how much|balance|outstanding)\b",
    re.IGNORECASE,
)


def _purchases_listed(part: str, result):
    asks = PURCHASES_LISTED.search(part) and not CHANGE_WORD.search(part)
    asks = asks and not OWED_WORDS.search(part)  # "what I owe across all my orders"
    if asks and not result.sure and not result.out_of_scope:
        return _read_as(result, "purchases")
    return result


# "Is my IKEA refund still being processed? It was a duplicate charge and it feels like
# it's taking forever": how a refund the customer has is coming along, which the triage can
# read as a dispute or a complaint from the story around it. Answered from the records
# with a person offered (the reading was risky), unless the risky reading is sure, the
# customer says they dispute it or threatens, or says the shop refuses (a dispute, below).
REFUND_AWAITED = re.compile(
    r"\b(?:is|has|was) (?:my|the|our) (?:\w+ ){0,3}refund (?:still |already |even |yet |now )*"
    r"(?:being |been )?(?:processed|processing|in process|on (?:its|the) way|coming|"
    r"gone through|come through|arrived|sent|issued|approved|started|paid)\b|"
    r"\bwhere(?:'s| is) (?:my|the|our) (?:\w+ ){0,3}refund\b|"
    r"\b(?:status|progress) (?:of|on) (?:my|the|our) (?:\w+ ){0,3}refund\b|"
    r"\bwhen (?:will|do|does|can|should) (?:i|we) (?:get|receive|see) (?:my|the|our) "
    r"(?:\w+ ){0,3}refund\b",
    re.IGNORECASE,
)
DISPUTED = re.compile(r"\b(?:disput\w*|chargeback|charge back|complain\w*|my bank)\b",
                      re.IGNORECASE)  # fmt: skip
STORY_READINGS = ("dispute", "complaint")  # what the story around a refund reads as


def _refund_awaited(part: str, result):
    risky = result.intent in STORY_READINGS and result.confidence < WORRY_SURE
    if risky and _awaits_refund(part) and not result.human_request:
        return _routine(result, "refund_status", result.confidence)
    return result


def _awaits_refund(text: str) -> bool:
    said = DISPUTED.search(text) or LEGAL_THREAT.search(text) or SHOP_REFUSES.search(text)
    return bool(REFUND_AWAITED.search(text)) and not said


# "Could you explain why the IKEA instalment was rejected?": a payment that did not go
# through, which the triage can read as a dispute or a complaint from "rejected" and "what
# went wrong". Answered from the records (why it failed, what to do), unless the customer
# disputes something, threatens, or says a shop refuses.
PAYMENT_REFUSED = re.compile(
    r"\b(?:payments?|instal+ments?|installments?|direct debits?|debits?)\b(?: [\w'&.-]+){0,4}? "
    r"(?:rejected|declined|refused|bounced|failed|unsuccessful|"
    r"(?:did ?n'?t|did not|has ?n'?t|has not|never) (?:go|gone|went) through)\b",
    re.IGNORECASE,
)


def _payment_refused(part: str, result):
    risky = result.intent in STORY_READINGS and result.confidence < WORRY_SURE
    said = DISPUTED.search(part) or LEGAL_THREAT.search(part) or SHOP_REFUSES.search(part)
    if risky and PAYMENT_REFUSED.search(part) and not said and not result.human_request:
        return _routine(result, "payment_status", result.confidence)
    return result


def _overdue_asked(part: str, result):
    if not OVERDUE_ASKED.search(part) or FEE_WORDS.search(part):
        return result
    if _outweighed(part, result):
        return _routine(result, "payment_status", result.confidence)
    # The balance asked as what is overdue ("what do i owe thats overdue") is that; what is
    # outstanding is the balance.
    misread = result.intent in ("fees", "not_ours") or not result.sure
    overdue = result.intent in ("balance", "payment_status") and OVERDUE_WORD.search(part)
    if misread or overdue:
        return _read_as(result, "payment_status")
    return result


def _outweighed(part: str, result) -> bool:
    """Whether `part` reads as needing a person only because the intents a person handles
    together outweigh its likeliest, routine, reading ("I've been away with work and lost
    track of things. Have I missed any payments?": a complaint, hardship and a lost card
    share what the question leaves), with no word of money trouble or a threat in it. (A
    part of it that is surely risky on its own still hands the message off: plan.)"""
    return (
        result.needs_person and result.intent_route == "ROUTINE" and not result.human_request
        and not MONEY_TROUBLE.search(part) and not LEGAL_THREAT.search(part)
    )  # fmt: skip


# "she asked me what we still owe on the hotel and the IKEA stuff combined. Can you give
# me one number for everything?": what is owed, which the triage can read as a question
# for a shop or about the purchases.
OWED_ASKED = re.compile(
    r"\b(?:what|how much) (?:do |does |did )?(?:i|we) (?:still )?owe\b|"
    r"\b(?:one|a single|the total|one total) (?:number|figure|amount|sum)\b",
    re.IGNORECASE,
)


def _owed_asked(part: str, result):
    misread = result.intent in ("not_ours", "purchases") or not result.sure
    if OWED_ASKED.search(part) and misread and not result.out_of_scope:
        return _read_as(result, "balance")
    return result


# "are you a real person or a bot haha", "what sorts of things can you help me with?": a
# question about the assistant, answered by it (with a person offered), which the triage
# reads as a request for a person. A short message only: in a longer one the question
# about the bot is a preamble to something else. Asking for a person is one whatever
# else it says (the triage's human_request).
ABOUT_ME = re.compile(
    r"\b(?:are|r) (?:you|u|this) (?:a |an )?(?:real |actual |live )?(?:person|human|bot|robot|"
    r"ai|machine|computer|program)\b|"
    r"\bis (?:this|it) (?:a |an )?(?:real |actual |live )?(?:person|human|bot|robot|ai|machine|"
    r"computer|program|chatbot|automated)\b|"
    r"\b(?:am i|are we) (?:talking|chatting|speaking|writing) (?:to|with) (?:a |an )?(?:real |"
    r"actual |live )?(?:person|human|bot|robot|ai|machine|computer)\b|"
    r"\bwhat (?:sorts? of |kinds? of |types? of )?(?:things |stuff )?(?:can|could|do) (?:you|u) "
    r"(?:actually |really |even )?(?:help (?:me |us )?with|do|answer)(?: for me| here| exactly)?"
    r"\W*$|\bwhat (?:are|is) (?:you|this chat|this) for\b|\bwhat can i ask(?: you)?\W*$|"
    r"\bwho (?:am i|are we) (?:talking|chatting|speaking) (?:to|with)\b",
    re.IGNORECASE,
)
ABOUT_ME_WORDS = 15
LAUGHTER = word_set("haha hahaha lol lmao just wondering curious hey hi hello ok okay")


def _about_me(part: str, result):
    if result.human_request or len(part.split()) > ABOUT_ME_WORDS or not ABOUT_ME.search(part):
        return result
    # Read as a request for a person or for our contacts, unsurely, or read as anything
    # when the message asks nothing else ("is this an AI?" can read as fraud).
    rest = WORD.findall(ABOUT_ME.sub(" ", part).casefold())
    misread = (
        result.intent in ("human_agent", "contact_us") or not result.sure
        or all(word in FUNCTION_WORDS or word in LAUGHTER for word in rest)
    )  # fmt: skip
    return _routine(result, "about_me", 1.0, out_of_scope=False) if misread else result


# "what is it exactly, do i need it to talk to someone?" (of VIP): what it takes to reach a
# person, which the triage reads as a request for one. How to reach us answers it, with a
# person offered; asking for one (the triage's human_request) still hands off.
ASKS_WHAT_IT_TAKES = re.compile(
    r"\b(?:do|does|would|will|must) (?:i|we|one) (?:really |actually |still )?"
    r"(?:need|have to|require)\b(?: [\w']+){0,4}? (?:to )?(?:talk|speak|chat|reach|get hold of|"
    r"contact)\b|"
    r"\b(?:is|are) (?:it|vip|\w+) (?:needed|required|necessary) (?:to|for) (?:talk|speak|chat|"
    r"reach|contact)\b",
    re.IGNORECASE,
)


def _what_it_takes(part: str, result):
    asked = result.intent == "human_agent" and not result.human_request
    if asked and ASKS_WHAT_IT_TAKES.search(part):
        return _routine(result, "contact_us", result.confidence)
    return result


# "am i behind on any payments? worried sick i'll end up with debt collectors at the
# door", "HELP did I miss a payment?!? ... please tell me I'm not in arrears": a worry
# about a routine question, which the triage can read, unsurely, as hardship or a legal
# threat. Read as the question about the records it weighs next, when the customer says
# they are worried and says no money trouble and no threat; a person is still offered
# (the part that worries reads as risky).
WORRY = re.compile(
    r"\b(?:worried|worry|worrying|scared|afraid|panic\w*|terrified|stressed|anxious|"
    r"nervous|freaking out|tell me (?:i'?m|im|i am) not|hope (?:i'?m|im|i am) not)\b",
    re.IGNORECASE,
)
LEGAL_THREAT = re.compile(
    r"\b(?:lawyers?|solicitors?|attorneys?|sue|suing|court|legal action|ombudsman|"
    r"trading standards|small claims|report (?:you|u)|regulator)\b",
    re.IGNORECASE,
)
WORRY_READINGS = ("hardship", "legal")
WORRY_SURE = 0.8  # a risky reading at least this sure stands
RECORDS_READINGS = ("payment_status", "next_payment", "balance")
RECORDS_LIKELY = 0.25  # ... and the records' reading must be at least this likely


def _only_worried(part: str, result) -> bool:
    """Whether `part`'s risky reading rests on a worry alone: said worried, no money trouble,
    no threat. (A part of a message whose whole reading is not risky: the worry is about
    the question the message asks.)"""
    return (
        result.intent in WORRY_READINGS and not result.human_request and bool(WORRY.search(part))
        and not MONEY_TROUBLE.search(part) and not LEGAL_THREAT.search(part)
    )  # fmt: skip


def _worry_not_risk(part: str, result):
    if result.confidence >= WORRY_SURE or not _only_worried(part, result):
        return result
    records = [(i, p) for i, p in result.alternatives if i in RECORDS_READINGS]
    if OVERDUE_ASKED.search(part):  # "i'm really anxious, did i miss a payment?"
        records = [("payment_status", PART_CONFIDENCE)]
    if not records or records[0][1] < RECORDS_LIKELY:
        return result
    return _routine(result, *records[0])


def _to_pay_off(part: str, result):
    asks = EARLY.search(part) and ASKS_HOW_MUCH.search(part) and not FEE_WORDS.search(part)
    misread = result.intent in ("how_to_pay", "fees") or not (result.sure or result.needs_person)
    if asks and misread and dataclasses.is_dataclass(result):
        return dataclasses.replace(
            result, intent="balance", confidence=max(result.confidence, PART_CONFIDENCE)
        )
    return result


def _in_context(result, whole):
    """A part's reading, knowing the whole message: a part is not a request for a person
    when the whole message is not one ("what are your hours and how can I get hold of
    your team?" asks when and how, and its second half alone would read as a request)."""
    if result.human_request and not whole.human_request and dataclasses.is_dataclass(result):
        return dataclasses.replace(result, human_request=False)
    return result


def _likely_readings(text: str, result) -> list[Question]:
    """What to answer for an unsure question about the customer's records, rather than
    ask back: its two likeliest readings when both are about the records and together
    likely enough (TWO_READINGS); the likeliest alone when no other reading about the
    records comes near (ALONE, ALONE_MARGIN); the order's details when it names an order and
    no reading about the records is that likely. None otherwise (the help center, or a
    question)."""
    alternatives = [*result.alternatives, ("", 0.0), ("", 0.0)]
    (first, p1), (second, p2) = alternatives[:2]
    lookups = [(intent, p) for intent, p in result.alternatives if intent in LOOKUPS]
    if first in LOOKUPS and second in LOOKUPS and p1 + p2 >= TWO_READINGS:
        intents = [first, second]
    elif first in LOOKUPS and p1 >= ALONE and all(p < p1 - ALONE_MARGIN for _, p in lookups[1:]):
        intents = [first]
    elif all(p < ALONE for _, p in lookups) and REFERENCE_IN_TEXT.search(text):
        intents = ["purchases"]
    else:
        return []
    return [Question(text, intent, [_call(name, text) for name in LOOKUPS[intent]])
            for intent in intents]  # fmt: skip


# A question about how something is done that a person does when asked ("how do I change
# the card my payments come from?", "can I pay with PayPal instead of my card?", "how do I
# make a complaint? just want to know the process"): the help center says how, and a
# person is offered. Asking that it be done
# ("please change my card"), a person asked for, or a risky topic still goes to a person.
HOW_TOPIC = {"account_action": "account_details", "complaint": "complaint"}
# What customers say to tell us nothing is wrong ("Not a complaint, just curious - why is
# the last Sephora payment a different amount?"): the message is read without it. A
# risky topic asked about after it only as a what-if ("Just asking for future reference,
# nothing's actually wrong right now: what happens if a shop never delivers?") is
# answered from its article, with a person offered.
JUST_ASKING = re.compile(
    r"\b(?:(?:this is |it'?s |its )?not (?:a|an) (?:complaint|dispute|problem|issue)|"
    r"(?:i'?m |im |i am )?not complaining|no complaints?(?: here)?|"
    r"(?:i'?m |im |i am |i was )?(?:just|only) (?:asking|curious|wondering)|"
    r"out of (?:curiosity|interest)|"
    r"(?:asking |just )?for (?:future reference|the future)|hypothetically(?: speaking)?|"
    r"nothing(?:'?s| is| has)? (?:actually |really )?(?:wrong|happened)"
    r"(?: (?:right now|yet|at the moment|so far))?)\b[\s,.;:!-]*",
    re.IGNORECASE,
)
WHAT_IF_ONLY = re.compile(
    r"\bwhat (?:happens|would happen|will happen|if)\b|"
    r"\bwhat (?:do|should|would|can|could) (?:i|we|you|one) do if\b|\bin case\b|\bsuppose\b|"
    r"\bif (?:[\w']+ ){0,5}?(?:ever|were to|was to|happened to)\b|"
    r"\bwhat would (?:i|we|you|one) (?:need to |have to )?do\b",
    re.IGNORECASE,
)
# The risky topics the help center has an article on, and how sure such a what-if is
# read: below the triage's SURE (0.35), above HELP_GUESS.
RISKY_ARTICLES = {"complaint", "dispute", "fraud", "hardship", "lost_card"}
A_GUESS = 0.3
ASKS_HOW = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:how (?:do|can|would|should|could) (?:i|we|one)|how to|"
    r"(?:can|could|may) i|am i (?:allowed|able) to|"
    r"where (?:do|can) i|what(?:'s| is| are) the (?:process|procedure|steps|way)|"
    r"is (?:it|there a way) (?:possible )?(?:to|for me to))\b"
    r"|\b(?:just|only) (?:want|wanted|need|needed) to know (?:the process|how)\b",
    re.IGNORECASE,
)


def _asks_how(text: str, result) -> bool:
    return result.intent in HOW_TOPIC and not result.human_request and bool(ASKS_HOW.search(text))


def _only_what_if(part: str, message: str, result):
    """A risky topic asked about only as a what-if, by a customer who says nothing is
    wrong (JUST_ASKING): a guess (below the triage's SURE), so that no rule hands it off,
    and routine, so that its article answers it, with a person offered."""
    if (
        dataclasses.is_dataclass(result)
        and result.intent in RISKY_ARTICLES
        and not result.human_request
        and WHAT_IF_ONLY.search(part)
        and JUST_ASKING.search(message.replace("\u2019", "'"))
    ):
        return _a_guess(result)
    return result


def _a_guess(result):
    """A risky reading taken as a guess: routine, below the triage's SURE."""
    return dataclasses.replace(
        result, confidence=min(result.confidence, A_GUESS), route="ROUTINE",
        intent_route="ROUTINE", human_score=0.0,
    )  # fmt: skip


# "How can I tell if an email is really from you?", "how do I avoid scams?": how to spot
# or keep away from fraud, asked by a customer who tells of nothing that happened. The
# fraud article answers it (a guess, so that no rule hands it off), with a person offered.
# Something received, done or taken ("I got this email", "I clicked the link", "someone
# used my card") is a report, and goes to a person.
SPOT_FRAUD = re.compile(
    r"\bhow (?:can|do|would|should|could|will) (?:i|we|one|you|people) (?:ever )?"
    r"(?:tell|know|spot|recogni[sz]e|check|verify|be sure|make sure|avoid|protect|stay safe)\b|"
    r"\bhow to (?:tell|know|spot|recogni[sz]e|check|verify|avoid|protect|stay safe)\b|"
    r"\b(?:ways?|tips?) to (?:spot|recogni[sz]e|avoid|protect)\b",
    re.IGNORECASE,
)
FRAUD_TOLD = re.compile(
    r"\b(?:i|i'?ve|i have|i just|we|we'?ve) (?:just )?(?:got|received|had|clicked|gave|given|"
    r"entered|shared|typed|replied|answered|opened|downloaded|sent|paid|lost)\b|"
    r"\b(?:someone|somebody|they|he|she|a scammer|the scammers?) (?:has |have |had )?"
    r"(?:used|took|taken|charged|logged|accessed|got into|hacked|stole|ordered|bought|texted|"
    r"called|rang|phoned|emailed|messaged|contacted|asked)\b|"
    r"\b(?:this|that|the) (?:email|e-mail|mail|text|sms|message|call|link|site|website)\b|"
    r"\b(?:hacked|stolen|not mine|unauthori[sz]ed|my (?:account|card|details))\b|"
    r"\b(?:did ?n'?t|did not|never) (?:make|buy|order|authori[sz]e|recogni[sz]e)\b",
    re.IGNORECASE,
)


def _asks_to_spot_fraud(message: str, result) -> bool:
    text = message.replace("\u2019", "'")
    return (
        result.intent == "fraud"
        and not result.human_request
        and bool(SPOT_FRAUD.search(text))
        and not FRAUD_TOLD.search(text)
    )


def _how_to_spot_fraud(message: str, result):
    if dataclasses.is_dataclass(result) and _asks_to_spot_fraud(message, result):
        return _a_guess(result)
    return result


def _without_reassurance(text: str) -> str:
    """The message without what says nothing is wrong (JUST_ASKING); empty when it says
    none, or nothing else of three words or more."""
    rest = JUST_ASKING.sub(" ", text.replace("\u2019", "'"))
    rest = re.sub(r"^[\s,.;:!-]+", "", " ".join(rest.split()))
    return rest if rest != text and len(rest.split()) >= 3 else ""


def _hand_off(result) -> Plan:
    """Hand off, saying why and (as the hand-off tool's `kind`) what kind of why."""
    if result.human_request or result.intent == "human_agent":
        return Plan(hand_off="asked for a person", hand_off_kind="asked")
    if result.intent == "account_action":
        return Plan(hand_off="asks us to act on the account", hand_off_kind="act_on_account")
    if result.intent_route == "HUMAN":
        return Plan(hand_off=f"needs a person: {result.intent}", hand_off_kind="risky_topic")
    return Plan(hand_off=f"may need a person (unsure; likeliest {result.intent})",
                hand_off_kind="risky_topic")  # fmt: skip


def _distinct_questions(parts) -> list:
    """The parts that are each a confident question about something the others are
    not about (one, when only one part is a confident question)."""
    confident = [
        (part, result) for part, result in parts
        if not result.out_of_scope and _asked_surely(part, result)
        and result.intent not in SMALL_TALK and not result.needs_person
    ]  # fmt: skip
    if len({result.intent for _, result in confident}) < 2:
        return confident[:1] if len(parts) > 1 else []
    seen, distinct = set(), []
    for part, result in confident:
        if result.intent not in seen:
            seen.add(result.intent)
            distinct.append((part, result))
    return distinct


# "adidas sent me a refund ... so is the next adidas payment still going out?": a refund
# told beside a question about what is paid. Where the refund stands is the first thing
# that question depends on, so it is answered too.
REFUND_TOLD = re.compile(r"\b(?:refund|refunds|refunded|återbetalning\w*|erstattung\w*|"
                         r"rückerstattung\w*)\b", re.IGNORECASE)  # fmt: skip
PAID_READINGS = ("next_payment", "payment_status", "balance")


def _with_refund_told(text: str, questions: list[Question]) -> list[Question]:
    intents = {question.intent for question in questions}
    if (
        not REFUND_TOLD.search(text) or not intents & set(PAID_READINGS)
        or intents & {"refund_status", "returns"} or len(questions) >= MAX_QUESTIONS
    ):  # fmt: skip
        return questions
    calls = [_call(name, text) for name in LOOKUPS["refund_status"]]
    return [*questions, Question(text, "refund_status", calls)]


def _asked_surely(part: str, result) -> bool:
    """Sure enough to be answered as a question of its own: above PART_CONFIDENCE, or a
    sure reading about the customer's records of a part asked as a question ("is the iPad
    from Apple Store completely paid now?" beside "and what's my next payment?")."""
    asked = part.rstrip().endswith("?") and result.intent in LOOKUPS and result.sure
    return result.confidence >= PART_CONFIDENCE or asked


# A request that we change something on the account ("can you change my email to…",
# "please cancel the rest"): the assistant's tools only read, so a person does it. A
# question about how or when ("can I move my payment date?", "when will you cancel the
# rest?") is not one: the request must open its sentence.
CHANGES = (
    r"change|update|cancel|remove|delete|waive|move|switch|take|charge|refund|close|stop|"
    r"pause|postpone|extend|reverse|freeze|block|unblock|reset|push|delay|defer|skip|split|"
    r"reschedule"
)
CHANGE_WORD = re.compile(rf"\b(?:{CHANGES})\b", re.IGNORECASE)
# Any action at all: a request that we act names one.
ACTION_WORD = re.compile(
    rf"\b(?:(?:{CHANGES}|retry|try|collect|debit|activate|reactivate|reopen|renew|expire|"
    rf"delet|remov|clos|updat|chang|mov|paus|lock|unlock|frozen|replac)(?:s|d|ed|ing|e)?|"
    rf"pay|paid|do|make|send|give|set|put|add|swap|replace|use)\b",
    re.IGNORECASE,
)
ACT_FOR_ME = re.compile(
    rf"(?:^|[.!?;]\s*|\b(?:hi|hello|hey|so|ok|okay|and|also)[,!.]?\s+)"
    rf"(?:(?:can|could|would|will) (?:you|u) (?:please |pls |just |kindly )?"
    rf"|(?:please |pls |kindly )?|(?:i want|i need|i'd like|id like|i would like) (?:you|u) to )"
    rf"(?:{CHANGES}) (?:my|the|all|it|this|that|these|those|our)\b",
    re.IGNORECASE,
)
# A dispute in so many words, which the triage can read as a refund question ("the hotel
# was shut when we got there, they wont refund me and im still paying for it"): a shop
# that refuses to refund, or a service never given that the customer still pays for.
# Not a question about what would happen ("what if the shop won't refund me?").
SHOP_REFUSES = re.compile(
    r"\b(?:won'?t|wont|will not|refus(?:e|es|ed|ing)(?: to)?|declined to|"
    r"(?:is|are|was|were) refusing(?: to)?|(?:doesn'?t|don'?t|does not|do not|didn'?t|did not) "
    r"want to)\s+(?:give (?:me |us )?(?:my |our |the |any )?money back|refund|reimburse|"
    r"pay (?:me |us )?back|take (?:it|them|this|that|(?:the|my) \w+) back|"
    r"accept (?:it|them|(?:the|my) \w+) back|accept (?:the|my) returns?)",
    re.IGNORECASE,
)
# ... or the customer refusing to go on paying for it ("h&m refuse to take it back so im
# not paying another penny for it").
STOPS_PAYING = re.compile(
    r"\b(?:(?:i'?m|im|i am|we'?re|we are) not (?:paying|going to pay|gonna pay)|"
    r"(?:i|we) (?:won'?t|wont|will not|refuse to) pay)\s+(?:another|a single|one more|any more|"
    r"anymore|a penny|a cent|a dime|(?:for|towards) (?:it|this|that|them|something|a \w+))\b",
    re.IGNORECASE,
)
NOT_GIVEN = re.compile(
    r"\b(?:was|were|is|are|had|has)\s+(?:been\s+)?(?:shut|closed|shut down|closed down|"
    r"out of business|bankrupt|gone bust|cancelled|canceled)\b.{0,80}\b(?:still (?:paying|"
    r"being charged|charged)|keep (?:paying|being charged))",
    re.IGNORECASE,
)
# ... or goods never received that the customer pays for ("my ikea order STILL hasnt been
# delivered ... ive already paid 2 instalments for nothing"). Not delivered alone ("the
# parcel hasn't arrived yet, where is it?") is a question for the shop.
NOT_RECEIVED = (
    r"(?:hasn'?t|hasnt|has not|haven'?t|havent|have not|never|not|still not|didn'?t|didnt|"
    r"did not)\s+(?:been\s+|even\s+|yet\s+)?(?:delivered|arrived|received|got (?:it|them|"
    r"the \w+|my \w+)|turned up|shown up|showed up|come)"
)
PAID_FOR = (
    r"(?:paid|paying|charged|being charged|instalments?|installments?|"
    r"payments? (?:go|going|come|coming) out|taking (?:money|payments?))"
)
NOT_DELIVERED = re.compile(
    rf"\b{NOT_RECEIVED}\b.{{0,120}}\b{PAID_FOR}\b|\b{PAID_FOR}\b.{{0,120}}\b{NOT_RECEIVED}\b",
    re.IGNORECASE,
)
# ... or goods that did not come or are wrong, and a shop that stalls or does not answer
# ("nothing has come, Otto just keeps telling me it's on its way", "Zalando sent me
# completely wrong clothes ... they do not reply to any of my emails").
GOODS_WRONG = (
    rf"(?:wrong (?:items?|size|colou?r|clothes|products?|order|things?|ones?|model)|"
    rf"not what (?:i|we) (?:ordered|bought|paid for)|nothing (?:has |had )?(?:come|arrived|"
    rf"turned up|shown up)|{NOT_RECEIVED})"
)
SHOP_STALLS = (
    r"(?:keeps? (?:telling|saying|promising)|kept (?:telling|saying|promising)|fob\w* (?:me )?off|"
    r"(?:do(?:es)?n'?t|do(?:es)? not|won'?t|will not|never|ha(?:s|ve)n'?t|ha(?:s|ve) not|stopped) "
    r"(?:reply|replied|replying|respond\w*|answer\w*|get(?:ting)? back)|ignor(?:e|es|ed|ing) "
    r"(?:me|my)|no (?:reply|response|answer))"
)
SHOP_LETS_DOWN = re.compile(
    rf"\b{GOODS_WRONG}\b.{{0,160}}\b{SHOP_STALLS}\b|\b{SHOP_STALLS}\b.{{0,160}}\b{GOODS_WRONG}\b",
    re.IGNORECASE,
)
# A purchase the customer says is not theirs ("who is DEMO-999? i didnt buy anything from
# them"): suspected fraud, however unsurely the triage reads it. Every question of the
# sets that says so is a hand-off. ("I didn't order the right size" is not this.)
NOT_MINE = re.compile(
    r"\b(?:didn'?t|didnt|did not|never|havent|haven'?t|have not)\s+(?:ever\s+)?(?:buy|bought|"
    r"order|ordered|purchase|purchased|authori[sz]e|authori[sz]ed|shop(?:ped)? (?:at|with|from))"
    r"\b(?!\s+(?:the right|the wrong|enough|it yet|anything else))|"
    r"\b(?:don'?t|dont|do not)\s+recogni[sz]e\b",
    re.IGNORECASE,
)
# "why are there 2 adidas orders on my account? i only ever bought one pair": a purchase or
# a payment taken twice, which a person looks into (a refund of it is answered from the
# records: "IKEA told me theyd refund the double charge").
TAKEN_TWICE = re.compile(
    r"\b(?:only|just) (?:ever )?(?:bought|ordered|made|placed|purchased) (?:one|1|a single)\b|"
    r"\b(?:charged|billed|debited|taken|paid) (?:me |it )?(?:twice|two times|double|2x)\b|"
    r"\bdouble[- ]?(?:charged|billed|payments?|charges?)\b|"
    r"\bduplicated? (?:orders?|charges?|payments?|purchases?)\b",
    re.IGNORECASE,
)
MONEY_BACK_TOLD = re.compile(r"\bmoney back\b", re.IGNORECASE)
# "someone just texted asking me to read back the code you sent me": someone after the
# customer's codes or card details, which is fraud under way.
SECRETS_ASKED = re.compile(
    r"\b(?:someone|somebody|a (?:man|woman|guy|person|caller|stranger)|they|he|she|"
    r"(?:i|we) (?:just )?(?:got|received|had) (?:a|an|this) (?:text|call|phone call|email|"
    r"e-mail|message|sms|dm))\b(?: [\w']+){0,6}? (?:texted|called|rang|phoned|emailed|messaged|"
    r"contacted|asked|asking|asks|wants|wanted|requested|requesting)\b(?: [\w']+){0,8}? "
    r"(?:codes?|password|passcode|pin|card (?:number|details)|login|otp|one[- ]time|"
    r"verification|security|bank details|account details)\b",
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
# ... unless the question is about the customer's own account ("my wife usually pays the
# bills, she's away: when is the next payment going out of my account?", "I bought a bike
# for my son ... my husband keeps asking how many payments are left"): the tools see
# exactly that one.
OWN_ACCOUNT = re.compile(
    r"\b(?:(?:out of|from|on|in) my (?:account|card|bank)|my (?:next )?(?:payments?|instalments?|"
    r"balance|purchases?|refunds?)|(?:do|have|am|did) (?:i|we) (?:owe|have|pay|need)|"
    r"(?:i|we) (?:still )?owe|i (?:bought|ordered|purchased))\b",
    re.IGNORECASE,
)
ONLY_YOUR_OWN = gettext_lazy(
    "For everyone's privacy I can only see and talk about your own account, the one you're "
    "logged in with. If someone else needs help with theirs, they can log in and ask me."
)
FOLLOW_UP = re.compile(r"^\s*(and|what about|how about|also|same for|and for)\b", re.IGNORECASE)


def _follows_up(text: str, result) -> bool:
    """A short message that asks the question before it again about something else."""
    short = len(text.split()) <= 6
    return short and (FOLLOW_UP.search(text) is not None or not result.sure)


def _followed_up(text: str, result, earlier: str, triage):
    """The reading of the question before, when `text` asks it again about something
    else ("and the Nike one?"); None when `text` is a question of its own. Such a
    fragment's own reading is noise ("and the nike one?" reads as a dispute), so only a
    sure routine reading ("and where is my refund?"), a very sure risky one ("and my
    card was stolen") or a request for a person stands on its own."""
    if not earlier or result.human_request or not _follows_up(text, result):
        return None
    if (result.sure and result.intent_route != "HUMAN") or result.confidence >= PART_NEEDS_PERSON:
        return None
    before = triage(earlier)
    return before if before.intent in LOOKUPS and not before.out_of_scope else None


def _question(text: str, result) -> Question:
    if result.out_of_scope:
        return Question(text, "unknown", [ToolCall("search_help", {"query": text[:300]})])
    if not result.sure:
        # No reading is sure: the help center (about the likeliest topic, when it is a
        # routine one of the help center's), and if it has nothing, a question back.
        meanings = [intent for intent, _ in result.alternatives if intent in MEANINGS]
        guess = (
            result.intent if result.intent_route == "ROUTINE" and result.intent not in LOOKUPS
            and result.intent not in SMALL_TALK and result.confidence >= HELP_GUESS else ""
        )  # fmt: skip
        # The purchases too: a message that only names one ("zalando") is about it.
        calls = [_call("search_help", text, topic=guess), _call("get_purchases", text)]
        return Question(text, "unclear", calls, meanings=meanings)
    if result.intent == "not_ours" and (
        result.confidence < NOT_OURS_SURE or ABOUT_OUR_SERVICE.search(text)
    ):
        # Perhaps about a shop, perhaps about how something works here ("what's the
        # process for opening a dispute with a shop?"): the help center decides.
        return Question(text, result.intent, [_call("search_help", text)])
    if result.intent in SMALL_TALK or result.intent == "not_ours":
        return Question(text, result.intent)
    names = LOOKUPS.get(result.intent, ["search_help"])
    if result.intent in ABOUT_PAYING and _may_name_a_purchase(text):
        names = [*names, "get_payment_schedule", "get_purchases"]
    early = result.intent == "balance" and EARLY.search(text)
    if early:
        names = [*names, "search_help"]  # paying off early: the amount, and how to pay
    differs = result.intent in LOOKUPS and AMOUNT_DIFFERS.search(text)
    with_help = "search_help" not in names and result.intent in LOOKUPS and WHAT_IF.search(text)
    with_help = with_help or (differs and "search_help" not in names)
    if with_help:
        names = [*names, "search_help"]
    # A question about the customer's records that asks what we do about something
    # ("what can I do through you?") is about our service: its words pick the article,
    # not the reading's topic (read as returns, "a shop never sends my item" is a
    # dispute). A help topic's reading keeps its topic.
    about_us = result.intent in LOOKUPS and ABOUT_OUR_SERVICE.search(text)
    topic = "" if about_us or differs else "how_to_pay" if early else result.intent
    calls = [_call(name, text, topic=topic) for name in names]
    with_link = result.intent in PAYMENT_INTENTS and bool(WHAT_TO_DO_ASKED.search(text))
    if with_link and not with_help:
        calls.append(_call("search_help", text, topic="payment_status"))
    return Question(text, result.intent, calls, with_help=bool(with_help), with_link=with_link)


# "why the last payment of my iPad was few cents different than the others?": how the
# payments are split, which the help center says, beside the customer's payments.
AMOUNT_DIFFERS = re.compile(
    r"\b(?:payments?|instal+ments?|installments?|amounts?)\b.{0,60}\b(?:different|differs?|"
    r"not the same|uneven|odd amount|cents? (?:more|less|off|different))\b",
    re.IGNORECASE,
)


def _may_name_a_purchase(text: str) -> bool:
    words = WORD.findall(text.casefold())
    named = [word for word in words if word not in FUNCTION_WORDS and word not in PAYING_WORDS]
    return bool(named or REFERENCE_IN_TEXT.search(text))


def _call(name: str, text: str, topic: str = "") -> ToolCall:
    if name == "search_help":
        return ToolCall(name, {"query": text[:300], **({"topic": topic} if topic else {})})
    reference = REFERENCE_IN_TEXT.search(text)
    return ToolCall(name, {"reference": reference.group(1).upper()} if reference else {})


# Where a second question starts: after a question mark or full stop, at a semicolon,
# a line break or a number ("2)"), or at "and" / "also" followed by a question word.
QUESTION_WORDS = (
    r"when|what|whats|what's|where|why|how|can|could|is|are|will|would|do|does|did|should|"
    r"have|has|i'd|i'm|id|i want|i need|tell|show|list|also|which|who|"
    r"när|nar|vad|var|varför|hur|vilka|vilken|kan|har|är|ar|ska|"  # Swedish
    r"wann|was|wo|warum|wie|welche|welcher|kann|habe|hab|ist|gibt|bin"  # German
)
# A comma starts one too when a question word follows it and one came before ("when's my
# next payment, where is my IKEA refund, and ..."): not after a lead-in ("sorry to bother
# you, when ...") or a condition ("if I pay early, how much do I save" is one question).
ASKING = (
    r"when|whens|when's|where|wheres|where's|what|whats|what's|how|why|is|are|has|have|did|"
    r"när|nar|var|vad|hur|varför|wann|wo|was|wie|warum"
)
SPLIT = re.compile(
    rf"(?<=[?!.])\s+|\s*;\s*|\s+[+&]\s+|,?\s+(?:and also|but also|plus)\s+"
    rf"|\s*\n\s*|[,:]?\s+\(?\d{{1,2}}[).]\s+"  # lines, and numbered questions: "1) ... 2) ..."
    rf"|,?\s+(?:and|also|och|samt|und)\s+(?=(?:{QUESTION_WORDS})\b)|,\s+(?=(?:{ASKING})\b)",
    re.IGNORECASE,
)
CONDITION = re.compile(
    r"^(?:\w+[,:!]?\s+){0,3}?(?:if|once|after|before|since|because|as|unless|until|while|"
    r"in case|say|suppose|when(?!'s| (?:is|are|was|were|will|would|do|does|did|can|could|"
    r"should|has|have|am)\b))\b",
    re.IGNORECASE,
)
ASKS = re.compile(rf"\b(?:{ASKING})\b", re.IGNORECASE)
LEADING_JOIN = re.compile(r"^(and|also|plus|but|och|und)\s+", re.IGNORECASE)
# A short piece that only points back ("how much is it?", "when is that due?") is about
# the question before it. One that names what it points to ("what's left on that
# order") is a question of its own about it.
REFERS_BACK = re.compile(
    r"\b(?:it|them|those)\b|\b(?:that|this)\b(?!\s+(?:order|purchase|payment|instalment|"
    r"installment|refund|item)s?\b)",
    re.IGNORECASE,
)


# A piece that names nothing, only asks what now ("what am I supposed to do now?", "how
# do I actually do that"), is about the question before it: its words are all function
# words (the help center's stop words, in each language) or these.
WHAT_NOW_WORDS = word_set(
    "supposed meant expected actually exactly really sort fix solve resolve handle deal "
    "options ok okay well anyway göra gör tun machen "
    # "do you retry it yourselves or do I need to do something?", after a failed payment
    "retry retries try again yourselves yourself something anything need"
)
FUNCTION_WORDS = STOP_WORDS.union(*MORE_STOP_WORDS.values(), WHAT_NOW_WORDS)


def _names_nothing(piece: str) -> bool:
    return all(word in FUNCTION_WORDS for word in WORD.findall(piece.casefold()))


# "Two things: ...", "quick question -": announces the questions, and is none.
LEAD_IN = re.compile(
    r"^\W*(?:(?:two|three|2|3|a few|a couple of|couple of|some|one|a|quick|one quick)\s+"
    r"(?:(?:quick|more|small)\s+)?(?:things|questions|qs|question|q)|quick one)\s*[:\-,.!]+\s*",
    re.IGNORECASE,
)


def split_questions(text: str) -> list[str]:
    """The message's questions, in order, each as the customer wrote it. A fragment too
    short to stand alone, or one that only refers back ("how much is it?"), stays with
    the question before it (a greeting before a question, with the one after it)."""
    text = LEAD_IN.sub("", text.strip()) or text.strip()
    spans, start = [], 0
    for separator in SPLIT.finditer(text):
        spans.append((start, separator.start(), separator.group().strip() == ","))
        start = separator.end()
    spans.append((start, len(text), False))
    parts: list[tuple[int, int]] = []  # (start, end) of each question in `text`
    no_question_yet = False  # the piece before ended at a comma, and asked nothing
    for begin, end, at_comma in spans:
        piece = text[begin:end].strip(" ,")
        if not piece:
            continue
        words = piece.split()
        stands_alone = (
            len(words) >= 3
            and not (len(words) <= 5 and REFERS_BACK.search(piece))
            and not _names_nothing(piece)
        )
        if parts and (
            not stands_alone or no_question_yet or len(text[slice(*parts[-1])].split()) < 3
        ):
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((begin, end))
        last = text[slice(*parts[-1])]
        no_question_yet = at_comma and (CONDITION.search(last) or not ASKS.search(last))
    questions = [LEADING_JOIN.sub("", text[b:e].strip(" ,")) for b, e in parts]
    return [q for q in questions if q] or [text]


# --- Writing answers from tool results -------------------------------------------------------


def write(the_plan: Plan, results: list[Turn]) -> tuple[str, list[dict]]:
    """Each question's answer from its own lookups' results (given in the order the
    calls were made), one paragraph each; and the choices to offer with it, when the
    message is one unclear question the help center has nothing for."""
    results = list(results)
    paragraphs, named_before = [], ""
    for question in the_plan.questions:
        mine, results = results[: len(question.calls)], results[len(question.calls) :]
        named = _purchases_named(question.text, mine)
        if not named and named_before and _about_one_before(question.text):
            # "how much is left on the mediamarkt headphones and when is the next one":
            # a short question naming no purchase is about the one the question before named.
            question = dataclasses.replace(question, text=f"{question.text} ({named_before})")
        named_before = named or named_before
        paragraphs.append(answer(question, mine))
    if paragraphs == [str(DONT_KNOW)] and the_plan.questions[0].meanings:
        return clarify(the_plan.questions[0].meanings)
    if the_plan.offer_person and paragraphs and not paragraphs[-1].endswith(str(DONT_KNOW)):
        paragraphs.append(str(OFFER_A_PERSON))
    return "\n\n".join(said_once(paragraphs)) or str(DONT_KNOW), []


ABOUT_ONE = re.compile(r"\b(?:it|that|this|the one|next one|that one|this one)\b", re.IGNORECASE)
ABOUT_ALL = re.compile(r"\b(?:all|every|each|any|everything|total)\b", re.IGNORECASE)


def _about_one_before(text: str) -> bool:
    """A short question that points back at one purchase ("when is the next one?"),
    not one about them all ("also can you list all my purchases")."""
    return (len(text.split()) <= FRAGMENT_WORDS and bool(ABOUT_ONE.search(text))
            and not ABOUT_ALL.search(text))  # fmt: skip


def _purchases_named(text: str, results: list[Turn]) -> str:
    """The shops and order references of the customer's purchases that `text` names."""
    data = {turn.tool_name: _json(turn.content) for turn in results}
    if not isinstance(data.get("get_purchases"), dict):
        return ""
    references = asked_about(data, text) or set()
    return " ".join(
        f"{p['merchant']} {p['reference']}"
        for p in data["get_purchases"].get("purchases", []) if p["reference"] in references
    )  # fmt: skip


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖÜ])")


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
    "next_payment": (gettext_lazy("My next payment"), gettext_lazy("When is my next payment?")),
    "balance": (gettext_lazy("What I still owe"), gettext_lazy("How much do I still owe?")),
    "payment_status": (
        gettext_lazy("Late or failed payments"),
        gettext_lazy("Is any of my payments overdue?"),
    ),
    "purchases": (gettext_lazy("My purchases"), gettext_lazy("Show me my purchases.")),
    "refund_status": (gettext_lazy("My refunds"), gettext_lazy("Where is my refund?")),
    "returns": (
        gettext_lazy("Returning something"),
        gettext_lazy("What happens to my payments when I return something?"),
    ),
}
NOT_SURE = gettext_lazy("I'm not sure I understood. Did you mean one of these?")


def a_person() -> dict:
    """The choice of a person, in the active language (sent as the customer's words)."""
    return {
        "label": str(gettext_lazy("Talk to a person")),
        "text": str(gettext_lazy("I'd like to talk to a person.")),
    }


def clarify(meanings: list[str]) -> tuple[str, list[dict]]:
    """One question back, with what the customer may have meant as choices (the likeliest
    first, at most three) and a person, also written out for a client that shows no
    buttons. A person is always one of them: an unsure message may need one."""
    choices = [{"label": str(MEANINGS[m][0]), "text": str(MEANINGS[m][1])} for m in meanings[:3]]
    choices.append(a_person())
    listed = "; ".join(choice["label"].lower() for choice in choices)
    return f"{NOT_SURE} {listed[0].upper()}{listed[1:]}.", choices


def answer(question: Question, results: list[Turn]) -> str:
    if question.intent in SMALL_TALK:
        return str(SMALL_TALK[question.intent])
    if question.intent == "someone_else":
        return str(ONLY_YOUR_OWN)
    data = {turn.tool_name: _json(turn.content) for turn in results}
    if question.intent == "not_ours":
        articles = (data.get("search_help") or {}).get("articles") or []
        clear = articles and articles[0].get("score", 0) >= HELP_CLEAR
        return help_answer(data["search_help"]) if clear else str(NOT_OURS)
    if any(not isinstance(value, dict) or "error" in value for value in data.values()):
        return str(DONT_KNOW)
    if question.intent in ("unknown", "unclear"):
        found = data.get("search_help")
        if question.intent == "unclear" and found:
            # Its topic was a guess: an article none of whose words the question uses
            # does not answer it ("do you have an app for android?" is not about
            # reaching us).
            found = {**found, "articles": [a for a in found.get("articles") or []
                                           if a.get("words_match", True)]}  # fmt: skip
        written = help_answer(found, off_topic=question.intent == "unknown")
        named = "get_purchases" in data and asked_about(data, question.text)
        if written == str(DONT_KNOW) and named:
            return WRITERS["purchases"](question.text, data)
        return written
    writer = WRITERS.get(question.intent)
    if writer is None:
        passage = help_answer(data.get("search_help"))
        named = payments_named(question.text, data) if "get_purchases" in data else ""
        return f"{passage}\n\n{named}" if named and passage != str(DONT_KNOW) else passage
    written = writer(question.text, data)
    if question.with_help and (data.get("search_help") or {}).get("articles"):
        written = f"{written}\n\n{help_answer(data['search_help'])}"
    elif question.with_link and (data.get("search_help") or {}).get("articles"):
        written = f"{written}\n\n{read_more(data['search_help'], on_topic=True)}"
    return written


def _json(content: str):
    try:
        return json.loads(content)
    except (TypeError, ValueError):
        return None
