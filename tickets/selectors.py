"""Read-only queries about tickets that more than one part of the product needs."""

import math

from django.db.models import Count, FilteredRelation, Q
from django.utils import timezone

from tickets.models import Queue, Ticket


def wait_for_a_person(ticket: Ticket) -> dict | None:
    """For a ticket waiting in the queue: how many wait before it in its queue, and
    about how many minutes until the promised first response."""
    if ticket.handled_by != Ticket.HandledBy.QUEUE or ticket.handed_off_at is None:
        return None
    ahead = Ticket.objects.filter(
        status=Ticket.Status.OPEN,
        handled_by=Ticket.HandledBy.QUEUE,
        queue_id=ticket.queue_id,
        handed_off_at__lt=ticket.handed_off_at,
    ).count()
    now, due = timezone.now(), ticket.first_response_due_at
    minutes = max(1, math.ceil((due - now).total_seconds() / 60)) if due else None
    return {"ahead": ahead, "minutes": minutes, "text": wait_text(ahead, minutes, due, now)}


# A wait longer than this is said as the time it ends ("by Monday 09:00"): "2820 min"
# means nothing to a person.
MINUTES_AT_MOST = 120


def wait_text(ahead: int, minutes: int | None, due, now) -> str:
    """The wait as a person says it: "about 5 minutes, 2 ahead of you", or outside
    working hours "by Monday 09:00, you're next"."""
    parts = []
    if minutes is not None and minutes <= MINUTES_AT_MOST:
        parts.append(f"about {minutes} minute{'' if minutes == 1 else 's'}")
    elif due is not None:
        parts.append(f"by {when(due, now)}")
    parts.append(f"{ahead} ahead of you" if ahead else "you're next")
    return ", ".join(parts)


def when(moment, now) -> str:
    """A time to come in the site's time zone: "17:00 today", "tomorrow 09:00",
    "Monday 09:00" within a week, else "14 December 09:00"."""
    local, today = timezone.localtime(moment), timezone.localtime(now).date()
    days = (local.date() - today).days
    clock = f"{local:%H:%M}"
    if days <= 0:
        return f"{clock} today"
    if days == 1:
        return f"tomorrow {clock}"
    if days < 7:
        return f"{local:%A} {clock}"
    return f"{local.day} {local:%B} {clock}"


def waiting_per_queue() -> dict[str, int]:
    """How many tickets wait for a person in each queue, every queue named (0 when none
    wait), in one query that reads only the active tickets (for /metrics). Tickets
    without a queue (no default queue) are not counted."""
    waiting = FilteredRelation("tickets", condition=Q(
        tickets__status=Ticket.Status.OPEN, tickets__handled_by=Ticket.HandledBy.QUEUE,
    ))  # fmt: skip
    rows = Queue.objects.annotate(waiting=waiting).values_list("name").annotate(Count("waiting"))
    return dict(rows.order_by())
