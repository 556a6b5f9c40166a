"""What tickets removes when a customer's data is erased, or when a closed
conversation has been kept RETENTION_DAYS (privacy calls both through the app
registry, in its transaction).

A conversation keeps its shape — its number, dates, statuses, queue, SLA figures,
rating score, who worked it and its timeline — so the desk's reports and any
credit or payment that names it still add up; its words go: the subject, every
message (the customer's, the assistant's and the agents', internal notes too: they
quote and describe the customer), what the assistant stored beside a message, the
hand-off's reason and the rating's comment. The timeline says that this happened,
and why, never what was removed."""

from django.db.models import Q
from django.utils import timezone

from core.erasure import REMOVED, forget_admin_log, forget_texts
from tickets.models import CSATRating, Message, Ticket, TicketEvent

ERASURE = "erasure"
RETENTION = "retention"


def erase_customer(user) -> None:
    # Locked as the services lock them: no message lands between reading and removing.
    ticket_ids = list(
        Ticket.objects.select_for_update().filter(customer=user).values_list("pk", flat=True)
    )
    forget_texts(personal_texts(Ticket.objects.filter(pk__in=ticket_ids)))
    _remove_text(ticket_ids, why=ERASURE)


def forget_conversations(ticket_ids) -> None:
    """Remove the text of these conversations (retention: closed ones). One whose
    text is gone already is left as it is, so a second run changes nothing, even at
    the same time (the rows are locked). Call inside a transaction."""
    kept = Ticket.objects.select_for_update().filter(
        pk__in=list(ticket_ids), text_removed_at__isnull=True
    )
    _remove_text(list(kept.values_list("pk", flat=True)), why=RETENTION)


def closed_with_text_before(moment, *, limit: int) -> list[int]:
    """Ids of closed conversations, closed before `moment`, whose text is still kept
    (retention's batch), oldest first."""
    closed = Ticket.objects.filter(
        status=Ticket.Status.CLOSED, text_removed_at__isnull=True, closed_at__lt=moment
    )
    return list(closed.order_by("closed_at", "pk").values_list("pk", flat=True)[:limit])


def personal_texts(tickets) -> list[str]:
    """The words of these conversations, to be looked for where copies are kept
    (queued emails quote subjects and replies)."""
    messages = Message.objects.filter(ticket__in=tickets)
    ratings = CSATRating.objects.filter(ticket__in=tickets)
    return [
        *tickets.values_list("subject", flat=True),
        *tickets.values_list("handoff_reason", flat=True),
        *messages.values_list("body", flat=True),
        *ratings.values_list("comment", flat=True),
    ]


def _remove_text(ticket_ids: list[int], *, why: str) -> None:
    if not ticket_ids:
        return
    now = timezone.now()
    forget_admin_log(Ticket, ticket_ids)
    forget_admin_log(
        Message, Message.objects.filter(ticket__in=ticket_ids).values_list("pk", flat=True)
    )
    Message.objects.filter(ticket__in=ticket_ids).update(body="", metadata={})
    CSATRating.objects.filter(ticket__in=ticket_ids).update(comment="")
    # The hand-off's words live on its timeline entry too; the code stays.
    worded = TicketEvent.objects.filter(ticket__in=ticket_ids).filter(
        Q(data__has_key="reason") | Q(data__has_key="text")
    )
    for event in worded.only("pk", "data"):
        data = {**event.data, **{key: REMOVED for key in ("reason", "text") if key in event.data}}
        TicketEvent.objects.filter(pk=event.pk).update(data=data)
    Ticket.objects.filter(pk__in=ticket_ids).update(
        subject=REMOVED, handoff_reason="", text_removed_at=now
    )
    TicketEvent.objects.bulk_create(
        TicketEvent(ticket_id=pk, kind=TicketEvent.Kind.TEXT_REMOVED, data={"why": why},
                    created_at=now)
        for pk in ticket_ids
    )  # fmt: skip
