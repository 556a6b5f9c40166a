"""The hand-off packet: what an agent needs to know first when the assistant hands a
conversation over, in one box at the top of the ticket page — why (the reason code
and its words), the customer's question in their own words, the intent and the
sentiment, and what the assistant looked up and answered before.

Built from the rows the page has loaded already (the ticket and its transcript):
the assistant's answers carry what it read in their metadata (`tools`, `articles`,
written by assistant.engine)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from tickets.models import HandOffCode, Message, Ticket

Author = Message.Author
QUESTION_MESSAGES = 3  # the customer's last messages before the hand-off, at most


@dataclass
class Packet:
    code: str
    reason: str
    question: list[Message]
    intent: str
    sentiment: str
    looked_up: list[str] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)  # {"title", "url"}: help read
    answered: Message | None = None


def sentiment_words(value: float | None) -> str:
    if value is None:
        return gettext("not measured")
    if value <= -0.6:
        mood = gettext("very negative")
    elif value < -0.2:
        mood = gettext("negative")
    elif value <= 0.2:
        mood = gettext("neutral")
    else:
        mood = gettext("positive")
    return f"{mood} ({value:+.1f})"


def tool_words(name: str) -> str:
    """ "get_payment_schedule" → "payment schedule": the tool's name as staff read it."""
    return str(name).removeprefix("get_").replace("_", " ")


def packet(ticket: Ticket, messages: list[Message]) -> Packet | None:
    """The packet of a conversation people got from the assistant (None otherwise).
    `messages` in seq order, as the page shows them."""
    if ticket.handed_off_at is None or not (ticket.handoff_code or ticket.handoff_reason):
        return None
    before = [m for m in messages if m.created_at <= ticket.handed_off_at and not m.is_internal]
    asked = [m for m in before if m.author_kind == Author.CUSTOMER][-QUESTION_MESSAGES:]
    answers = [m for m in before if m.author_kind == Author.ASSISTANT]
    looked_up, articles = [], []
    for answer in answers:
        metadata = answer.metadata if isinstance(answer.metadata, dict) else {}
        for name in metadata.get("tools") or []:
            words = tool_words(name)
            if words not in looked_up and name != "hand_off_to_human":
                looked_up.append(words)
        for article in metadata.get("articles") or []:
            if not isinstance(article, dict) or not article.get("title"):
                continue
            shown = {"title": str(article["title"]), "url": str(article.get("url") or "")}
            if shown not in articles:
                articles.append(shown)
    code = HandOffCode(ticket.handoff_code).label if ticket.handoff_code else ""
    return Packet(
        code=code,
        reason=ticket.handoff_reason,
        question=asked,
        intent=ticket.intent or gettext("not recognised"),
        sentiment=sentiment_words(ticket.sentiment),
        looked_up=looked_up,
        articles=articles,
        answered=answers[-1] if answers else None,
    )
