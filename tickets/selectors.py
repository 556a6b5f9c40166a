"""Read-only queries about tickets that more than one part of the product needs."""

import math

from django.utils import timezone

from tickets.models import Ticket


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
    minutes = None
    if ticket.first_response_due_at:
        seconds = (ticket.first_response_due_at - timezone.now()).total_seconds()
        minutes = max(1, math.ceil(seconds / 60))
    return {"ahead": ahead, "minutes": minutes}
