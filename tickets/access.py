"""Lookup plus permission for tickets: another customer's ticket answers the same
404 as one that does not exist, and the refusal is logged as `authz_denied`."""

from accounts.access import owned_or_404
from tickets.models import Ticket


def ticket_for_customer(user, ticket_id) -> Ticket:
    queryset = Ticket.objects.select_related("rating", "assignee").filter(customer_id=user.pk)
    return owned_or_404(queryset, user=user, object_id=ticket_id, kind="ticket")
