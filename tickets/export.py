"""tickets' part of a customer's data export (accounts.export): their conversations
with the messages they can see, and the ratings they gave.

Left out, as internal working data of the desk: internal notes, staff's emails
(agents are named as the customer sees them), queues, priorities, tags, assignments,
SLA deadlines and the audit timeline. Two queries whatever the number of messages."""

from django.db.models import Prefetch

from accounts.export import moment
from tickets.models import Message, Ticket
from tickets.notify import author_name


def customer_export(user) -> dict:
    shown = Message.objects.filter(is_internal=False).select_related("author").order_by("seq")
    tickets = list(
        Ticket.objects.filter(customer_id=user.pk)
        .select_related("rating")
        .prefetch_related(Prefetch("messages", queryset=shown, to_attr="shown_messages"))
        .order_by("created_at", "id")
    )
    return {
        "conversations": [conversation(ticket) for ticket in tickets],
        "ratings": [
            {
                "conversation_id": ticket.pk,
                "score": ticket.rating.score,
                "comment": ticket.rating.comment,
                "created_at": moment(ticket.rating.created_at),
            }
            for ticket in tickets
            if hasattr(ticket, "rating")
        ],
    }


def conversation(ticket: Ticket) -> dict:
    return {
        "id": ticket.pk,
        "subject": ticket.subject,
        "status": ticket.status,
        "tier": ticket.tier,
        "created_at": moment(ticket.created_at),
        "handed_off_at": moment(ticket.handed_off_at),
        "first_responded_at": moment(ticket.first_responded_at),
        "solved_at": moment(ticket.solved_at),
        "closed_at": moment(ticket.closed_at),
        "last_read_at": moment(ticket.customer_last_seen_at),
        "ended_by": ticket.ended_by or None,
        "merged_into_id": ticket.merged_into_id,
        "handoff": (
            {"code": ticket.handoff_code or None, "reason": ticket.handoff_reason}
            if ticket.handed_off_at or ticket.handoff_code
            else None
        ),
        "triage": {"intent": ticket.intent or None, "sentiment": ticket.sentiment},
        "messages": [message(each) for each in ticket.shown_messages],
    }


def message(message: Message) -> dict:
    exported = {
        "seq": message.seq,
        "author_kind": message.author_kind,
        "author": author_name(message),
        "body": message.body,
        "created_at": moment(message.created_at),
        # The ids of its files, listed with their paths in the export's ZIP.
        "attachments": [each["id"] for each in message.metadata.get("attachments", [])],
    }
    if message.author_kind == Message.Author.ASSISTANT:
        exported["assistant"] = assistant_notes(message.metadata)
    return exported


def assistant_notes(metadata) -> dict:
    """What the assistant noted on its answer (assistant.engine) about the customer's
    question: how it read it and what it looked up to answer (tickets.handoff_packet
    reads the same)."""
    metadata = metadata if isinstance(metadata, dict) else {}
    articles = [
        {"title": str(article.get("title", "")), "url": str(article.get("url", ""))}
        for article in metadata.get("articles") or []
        if isinstance(article, dict)
    ]
    return {
        "intent": metadata.get("intent"),
        "confidence": metadata.get("confidence"),
        "looked_up": [str(name) for name in metadata.get("tools") or []],
        "articles": articles,
    }
