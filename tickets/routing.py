"""Where a hand-off waits, and which agent gets a ticket when a queue assigns
automatically."""

from django.db.models import Count, Q

from accounts.models import User
from tickets.models import Queue, Ticket

HELD_STATUSES = [Ticket.Status.OPEN, Ticket.Status.PENDING]


def agent_load_filter():
    return Q(assigned_tickets__status__in=HELD_STATUSES)


def least_loaded_agent(queue: Queue) -> User | None:
    """An available, active member of the queue below its capacity, with the fewest
    open tickets; ties go to the agent who has been available longest."""
    return (
        User.objects.filter(
            support_queues=queue,
            is_active=True,
            is_staff=True,
            agent_status__is_available=True,
        )
        .annotate(load=Count("assigned_tickets", filter=agent_load_filter()))
        .filter(load__lt=queue.capacity_per_agent)
        .order_by("load", "agent_status__changed_at", "id")
        .first()
    )


def queue_for_topic(intent: str) -> Queue | None:
    """The queue whose topics name `intent` (the first by name, if several do)."""
    if not intent:
        return None
    return next((q for q in Queue.objects.order_by("name") if intent in (q.topics or [])), None)
