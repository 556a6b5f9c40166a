"""Does the customer explicitly ask for a person?

A small grammar rather than a model: a request is a verb of contact or wanting whose
object is a person ("talk to a human", "get me an agent", "transfer me to someone",
"call me", "contact support"), a person asked to act for the customer ("can someone
help me"), a refusal of the bot ("no robots"), or a message that is nothing but a
person ("real person please", "customer service agent"). A person merely mentioned is
not a request: "is a human reviewing my refund?", "my agent id is wrong", "somebody
used my card". A desire negated in its own clause ("I don't need an agent") is not a
request either, but "why can't I talk to a human" is.

Each clause (split at punctuation and "but") is read on its own, so "I don't want the
bot, I want a human" is a request. Misspelt key words within one edit ("humna",
"agnet", "speek") are read as the word.
"""

import re
from functools import lru_cache

from assistant.triage.text import strip_invisible


def _words(*items: str) -> str:
    return "(?:" + "|".join(sorted(items, key=len, reverse=True)) + ")"


# People the customer can reach. Strong: only ever a person of ours in a request.
STRONG_PEOPLE = _words(
    r"humans?(?: beings?)?",
    r"persons?",
    r"people",
    r"agents?",
    r"operators?",
    r"representatives?",
    r"reps?",
    r"supervisors?",
    r"managers?",
    r"staff(?: members?)?",
    r"members? of (?:your |the )?(?:staff|team)",
    r"employees?",
    r"advis[eo]rs?",
    r"consultants?",
    r"associates?",
    r"specialists?",
    r"colleagues?",
    r"team members?",
    r"(?:customer|client) (?:service|services|support|care)(?: team| desk| agents?| reps?)?",
    r"(?:support|service|care|help) (?:team|staff|desk|line|agents?|reps?)",
    r"help ?desk",
    r"call (?:center|centre)",
    r"(?:live|tech|technical|phone) support",
    r"someone (?:real|from (?:your|the) (?:team|company|bank|staff|support))",
    r"(?:your |the )?boss(?:es)?",
    r"(?:someone|somebody|whoever(?: is|'s)?) (?:in charge|senior|higher up)",
    r"somebody real",
)
WEAK_PEOPLE = _words(r"someone", r"somebody", r"anyone", r"anybody", r"some ?one")
PEOPLE = f"(?:{STRONG_PEOPLE}|{WEAK_PEOPLE})"
DETERMINER = _words(
    "a", "an", "the", "your", "one of your", "one of the", "a member of your", "some", "any",
    "any of your", "another",
)  # fmt: skip
ADJECTIVE = _words(
    "real", "actual", "live", "proper", "human", "physical", "flesh and blood", "breathing",
    "living", "competent", "senior", "qualified", "normal", "genuine", "available", "customer",
    "support", "service", "other", "different", "higher up", "more senior",
)  # fmt: skip
# A person as an object: optional determiner and adjectives, never possessive.
OBJECT = rf"(?:{DETERMINER} )?(?:{ADJECTIVE} )*{PEOPLE}(?!'s)\b"
BOTS = _words(
    r"bots?",
    r"robots?",
    r"chat ?bots?",
    r"machines?",
    r"ai",
    r"computers?",
    # not a way of paying: "rather than the automatic payment"
    r"automat(?:ed|ic) (?!payments?\b|debits?\b|collections?\b|renewals?\b|transfers?\b)\w+",
    r"virtual assistants?",
    r"algorithms?",
    r"auto ?repl(?:y|ies)",
)
# Words that may stand between a refusal and the bot: "don't want to talk to this bot".
BOT_GAP = _words(
    "a", "an", "the", "this", "that", "your", "some", "any", "more", "another", "of", "to",
    "with", "want", "talk", "talking", "speak", "speaking", "chat", "chatting", "deal",
    "dealing", "stupid", "dumb", "useless", "silly", "just", "again", "anymore",
)  # fmt: skip
# "to <verb>" after a wanted person: they should act for the customer, not do a
# formality ("I need someone to co-sign" is not a request to talk).
ACTING = _words(
    "help", "assist", "talk", "speak", "chat", "call", "phone", "ring", "contact", "look",
    "explain", "sort", "fix", "handle", "deal", "answer", "listen", "take", "get back",
    "review", "check", "investigate", "go through",  # "I want a human to review my case"
)  # fmt: skip
NOT_ACTING = rf"(?! to (?!{ACTING}\b)\w)"
FROM_YOUR_SIDE = r"(?: from (?:your|the) (?:side|end|team|company|staff|support))?"

REQUESTS = [
    # talk / speak / chat to or with a person (up to two words between: "speak
    # directly to", "talk right now with")
    rf"\b(?:talk|speak|chat|converse|communicate|talking|speaking|chatting)"
    rf"(?: \w+){{0,2}}? (?:to|with) {OBJECT}",
    rf"^(?:talk|speak|chat) (?:{ADJECTIVE} )*{STRONG_PEOPLE}\b",
    rf"\b(?:have|had) a (?:word|chat|talk|conversation) with {OBJECT}",
    # go through / discuss something with a person ("go through it with a member of staff")
    rf"\b(?:go through|go over|run through|discuss|sort out)(?: \w+){{0,3}}? with {OBJECT}",
    rf"\b(?:rather|prefer to|want to|like to|need to) deal with (?:{DETERMINER} )?(?:{ADJECTIVE} )*"
    rf"{STRONG_PEOPLE}\b",
    # connect / transfer / put through to a person, or just "put me through"
    rf"\b(?:connect|transfer|put|pass|switch|forward|redirect|route|patch|(?:hand|send|get)"
    rf"(?= me| us| over| off))"
    rf"(?: (?:me|us|this|my chat|the chat|my case|it))?(?: (?:over|off|through|across|back|up|on))?"
    rf" (?:to|with|onto) (?:{OBJECT}|your team\b)",
    r"\b(?:put|patch) (?:me|us) (?:through|over)\b",
    r"\b(?:connect|transfer) (?:me|us)(?: now| please| pls| plz| asap)?$",
    # want / need / get a person (not "need someone to co-sign")
    rf"\b(?:want|wants|need|needs|get|find|request|requesting|demand|prefer|require"
    rf"|would like|'d like|id like|would love|ask for|asking for|looking for|where is"
    rf"|where's|wanna|gimme|give me|give us|bring me|put)(?: (?:me|us))?"
    rf"(?: to (?:have|get|see|reach))? {OBJECT}{NOT_ACTING}",
    rf"\b(?:can|could|may) (?:i|we) (?:please |pls )?(?:have|get|see) {OBJECT}{NOT_ACTING}",
    # to be transferred to a person; help from a person; a complaint with a person
    rf"\b(?:be|get|getting|being) (?:transferred|connected|put through|passed|switched"
    rf"|forwarded|redirected|handed over|escalated)(?: \w+)? (?:to|with) {OBJECT}",
    rf"\b(?:help|assistance|support|advice|answer|answers) from {OBJECT}",
    rf"\bcomplaint (?:with|to) {OBJECT}",
    # any agents available? is a person free to chat?
    rf"\b(?:any|is|are) {OBJECT} (?:available|online|around|free|there|here|awake)\b",
    rf"\b(?:is|are) {WEAK_PEOPLE} (?:actually |really |even )?(?:reading|listening to|seeing) "
    r"(?:this|these|my messages|me)\b",
    r"\b(?:number|line) (?:i|we) (?:can|could|should) (?:call|ring|phone|dial)\b",
    r"\b(?:phone |telephone )?number to (?:call|ring|phone|dial)\b",
    # is there a person (available / I can talk to / who can help)
    rf"\b(?:is|are) there (?:actually |really |even |honestly |still )?{OBJECT}"
    r"(?:$| (?:available|online|around|here|there|working|awake|i|we|who|that|to|please"
    r"|at all|i can|on))",
    rf"^(?:hello |hi |hey )?(?:is )?(?:{WEAK_PEOPLE}|{STRONG_PEOPLE}) (?:human |real )?"
    r"(?:there|here|real|alive|available|around|online|at all)\b",
    # a person I can talk to / to talk to
    rf"{PEOPLE} (?:(?:that|who|whom) )?(?:i|we) (?:can|could|may|might) "
    r"(?:talk|speak|chat|call|phone|contact|reach)\b",
    rf"{PEOPLE} (?:to|i can) (?:talk|speak|chat)\b",
    # a person asked to act: "can someone help me", "could a human look at this"
    rf"(?:^|\b(?:can|could|would|will|may|please|pls|plz|let|need|i want) )(?:{DETERMINER} )?"
    rf"(?:{ADJECTIVE} )*(?:{PEOPLE}|your team){FROM_YOUR_SIDE}(?: please| pls| plz)? "
    r"(?:help|assist|contact|email|look (?:at|into)|take over|handle"
    r"|deal with|sort|explain|get back to|get in touch|reach out|step in|answer|check on)"
    r"(?: (?:me|us|this|my|it|out|instead|with|here|please|back))?\b",
    # ... asked to check or review something of the customer's: asked, not foretold ("will
    # an agent check my transfer?" asks how it goes)
    rf"(?:^|\b(?:can|could|please|pls|plz|need|i want|i'd like|id like|i would like) )"
    rf"(?:{DETERMINER} )?(?:{ADJECTIVE} )*(?:{PEOPLE}|your team){FROM_YOUR_SIDE}"
    r"(?: to)? (?:check|review|investigate|go through) (?:my|this|it|on)\b",
    # who do I talk to?
    r"\bwho (?:can|could|do|should|would|shall|may) (?:i|we) "
    r"(?:talk|speak|chat|call|contact|phone|write|reach)\b",
    # contact / reach / call a person, support, or you ("what do you call someone who",
    # "can I call you Betty" are about names)
    rf"^(?!.*\b(?:name|names|nickname|what)\b).*\b(?:contact|reach|email|e-mail|write to"
    rf"|message|get in touch with|get hold of|get ahold of|call|phone|ring|dial) "
    rf"(?:{OBJECT}|(?:the )?support\b|your (?:team|staff|office|company|support|hotline"
    rf"|helpline|people|bank)\b)",
    r"^(?!.*\b(?:name|names|nickname|what)\b).*\b(?:contact|reach|email|e-mail|write to"
    r"|get in touch with|get hold of|get ahold of) you\b(?! (?:back|later))",
    r"^(?!.*\b(?:name|names|nickname|what)\b).*\b(?:call|phone|ring|dial) you"
    r"(?= (?:now|please|today|instead|directly|on|at|about|regarding|right)\b|$)",
    # call me / call me back / give me a call / a callback
    # ("call me" as in a name, "you can call me Sam", is not a request)
    r"^(?!.*\b(?:name|names|nickname|what)\b).*\b(?:call|phone|ring|contact|email|text)"
    r" (?:me|us)(?= (?:back|please|pls|now|asap|today|tomorrow|tonight|later|soon|at|on|when"
    r"|as|about|regarding|urgently|right|immediately|instead|this|first)\b|$)",
    r"\bgive (?:me|us) a (?:call|ring|phone call|callback|call back)\b",
    r"\b(?:request|want|need|get|schedule|book|arrange|like|have|can i get|ask for|prefer)"
    r"(?: \w+){0,3}? (?:call ?backs?|call-backs?|phone calls?|calls? back|(?:a|an) calls?"
    r"|voice calls?)\b",
    r"\b(?:call ?back|callback) (?:please|pls|asap|now|me|request)\b",
    # phone numbers and help lines of ours
    r"\b(?:your|support|customer service|customer support|customer care|contact|help ?line"
    r"|hot ?line) (?:phone |telephone )?(?:number|line|no)\b",
    r"\b(?:help ?line|hot ?line)\b",
    # escalation
    r"\bescalat(?:e|ion)\b(?! (?:process|policy|policies)\b)",
    r"\b(?:take|bring) (?:this|it|my (?:case|complaint|issue)) (?:higher|further|up)\b",
]
# Refusing the bot: a negation is the request itself here.
BOT_REFUSALS = [
    rf"\b(?:(?<!i'm )(?<!i am )(?<!im )not|no|stop|enough|quit|hate|don't want"
    rf"|do not want|dont want|don't like|do not like|tired of|sick of|fed up with|done with"
    rf"|rather not|rather than|instead of|other than|not another|no more|refuse to|won't|will not"
    rf"|not going to)(?: {BOT_GAP})*? {BOTS}\b",
    rf"\b(?:useless|stupid|dumb|annoying|pointless|worthless) {BOTS}\b.*\b(?:human|person)",
]
# Desire negated before the request, in the same clause. Inability ("can't") is a
# complaint, not a refusal, and "I don't know how to reach a person" still asks.
NEGATED = re.compile(
    r"\b(?:do not|don't|dont|does not|doesn't|doesnt|did not|didn't|didnt|no need"
    r"|not necessary|rather not|would not|wouldn't|wouldnt|won't|will not|no thanks"
    r"|not want|not need|not looking|not asking|without|not trying|never (?:asked|wanted|said)"
    r")\b(?! (?:know|understand|see|find|care|get|mind)\b)(?: \w+){0,6}$"
)
# "do i need VIP to talk to someone?" asks what it takes, not for a person now.
REQUIRED = re.compile(
    r"\b(?:do|does|would|will|must|should) (?:i|we|one) (?:really |actually |still )?"
    r"(?:need|have to|require)\b(?: \w+){0,4}$|"
    r"\b(?:is|are) (?:it|vip|\w+) (?:needed|required|necessary)(?: \w+){0,2}$"
)
# "am I talking to a real person?" asks what the assistant is, not for a person.
ALREADY = re.compile(r"\b(?:am i|are we|was i|were we|have i been|i am|i'm|im|i was)$")
# "what hours is your support team available?" asks when, not for a person now.
ASKS_WHEN = re.compile(r"\b(?:(?:what|which) (?:hours|times?|days)|when|how late|how early)$")
# "how quickly am I supposed to get a real person?" asks what we promise, not for one now.
# So does "how fast will someone get back to me?": a person foretold right after "how fast"
# ("how soon can I talk to someone?" wishes for one).
ASKS_HOW_SOON = re.compile(
    r"\bhow (?:quickly|fast|soon|long)\b(?: \w+){0,6}? (?:supposed to|meant to|expected to|"
    r"guaranteed to|promised to|should|usually|normally|typically)\b|\bhow (?:quickly|fast|soon)$"
)
# In a message that asks about our hours, "when can I actually reach someone" or "how can
# I get hold of your team" asks when or how too; alone, "when can I talk to a human?" is
# as often an impatient request.
ASKS_HOURS = re.compile(
    r"\b(?:(?:what|which) (?:are (?:the|your) )?(?:hours|times?|days)|opening (?:hours|times)|"
    r"open on|hours are)\b"
)
ASKS_WHEN_TOO = re.compile(r"\b(?:when|how) (?:can|could|do|will|would|should|might) (?:i|we)\b")
REQUEST_PATTERNS = [re.compile(pattern) for pattern in REQUESTS]
BOT_REFUSAL_PATTERNS = [re.compile(pattern) for pattern in BOT_REFUSALS]

# A message that is nothing but a person, and the words such a message may add.
FILLER = {
    "a", "an", "the", "please", "pls", "plz", "now", "asap", "right", "immediately",
    "ok", "okay", "hello", "hi", "hey", "just", "real", "actual", "live", "human", "i",
    "want", "need", "to", "me", "us", "your", "some", "one", "any", "proper",
    "customer", "service", "services", "support", "care", "team", "desk", "urgently",
    "today", "quickly", "help", "thanks", "thank", "you", "again", "yes", "already",
    "seriously", "only", "person", "agent", "for", "god's", "sake", "can", "get", "talk",
    "tech", "technical", "phone",
}  # fmt: skip
ONLY_A_PERSON = re.compile(rf"^(?:{DETERMINER} )?(?:{STRONG_PEOPLE}|{WEAK_PEOPLE})$")
A_PERSON = re.compile(rf"\b{STRONG_PEOPLE}\b")

# Key words accepted with one typo (a letter missing, extra, wrong or swapped).
FUZZY_WORDS = (
    "human", "humans", "person", "people", "agent", "agents", "operator", "representative",
    "supervisor", "manager", "someone", "somebody", "anyone", "anybody", "employee",
    "customer", "service", "support", "speak", "connect", "transfer", "contact", "escalate",
)  # fmt: skip
SHORTHAND = {"2": "to", "w": "with", "u": "you", "ur": "your", "r": "are", "ppl": "people"}
CLAUSES = re.compile(r"[.!?;,:\n()\"]+|\s+(?:but|however|though|although|because|cause)\s+")
NOT_WORD = re.compile(r"[^\w' -]+")


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_FUZZY_INDEX: dict[str, str] = {}
for _word in FUZZY_WORDS:
    for _variant in _deletions(_word):
        _FUZZY_INDEX.setdefault(_variant, _word)


@lru_cache(maxsize=4096)
def _correct(token: str) -> str:
    """The key word `token` is one edit away from, or `token` itself."""
    if len(token) < 5 or token in FUZZY_WORDS or token.endswith(("ed", "ing")):
        return token
    if token in _FUZZY_INDEX:  # a letter missing
        return _FUZZY_INDEX[token]
    for variant in _deletions(token):
        if variant in FUZZY_WORDS:  # a letter too many
            return variant
        # a wrong or swapped letter; same length only, so "speaks" is not "speak"
        word = _FUZZY_INDEX.get(variant)
        if word is not None and len(word) == len(token):
            return word
    return token


def _clauses(text: str) -> list[str]:
    text = strip_invisible(text).lower().replace("\u2019", "'").replace("`", "'")
    clauses = []
    for part in CLAUSES.split(text):
        tokens = [_correct(token) for token in NOT_WORD.sub(" ", part).replace("-", " ").split()]
        # chat shorthand: "talk 2 a human", "can u get me someone"
        tokens = [SHORTHAND.get(token, token) for token in tokens]
        if tokens:
            clauses.append(" ".join(tokens))
    return clauses


def _clause_requests(clause: str, *, about_hours: bool = False) -> bool:
    if about_hours and ASKS_WHEN_TOO.search(clause):
        return False
    for pattern in REQUEST_PATTERNS:
        for match in pattern.finditer(clause):
            before = clause[: match.start()].rstrip()
            asks_when = ASKS_WHEN.search(before) or ASKS_HOW_SOON.search(before)
            asks_what_it_takes = REQUIRED.search(before)
            if not (NEGATED.search(before) or ALREADY.search(before) or asks_when
                    or asks_what_it_takes):  # fmt: skip
                return True
    if any(pattern.search(clause) for pattern in BOT_REFUSAL_PATTERNS):
        return True
    # Nothing but a person and polite filler: "real person please", "operator".
    rest = " ".join(word for word in clause.split() if word not in FILLER)
    return bool(ONLY_A_PERSON.match(rest)) if rest else bool(A_PERSON.search(clause))


# "is there a way to talk to a human if I ever need to? just asking" (or "... if I need
# to later") asks about the future, not for a person now: the help center answers it.
# ("just wondering, can I talk to someone?" is a polite request, so politeness alone is
# not enough.)
SOMEDAY = re.compile(
    r"\b(?:if (?:i )?ever|should i ever|in (?:the )?future|for the future|for later|"
    r"hypothetical(?:ly)?|if (?:i|we) (?:need|have) to (?:later|one day|at some point))\b"
)


def detect_human_request(text: str) -> bool:
    """True when the message explicitly asks for a person (see the module docstring)."""
    clauses = _clauses(text)
    if any(SOMEDAY.search(clause) for clause in clauses):
        return False
    about_hours = any(ASKS_HOURS.search(clause) for clause in clauses)
    return any(_clause_requests(clause, about_hours=about_hours) for clause in clauses)
