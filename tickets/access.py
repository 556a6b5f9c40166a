"""Lookup plus permission for tickets: another customer's ticket answers the same
404 as one that does not exist, and the refusal is logged as `authz_denied`."""

import logging

from django.http import Http404

from tickets.models import Ticket

logger = logging.getLogger("supportsite.authz")


def ticket_for_customer(user, ticket_id) -> Ticket:
    try:
        return Ticket.objects.select_related("rating", "assignee").get(
            pk=int(ticket_id), customer_id=user.pk
        )
    except (Ticket.DoesNotExist, ValueError, TypeError):
        logger.warning("authz_denied user=%s ticket=%r", getattr(user, "pk", None), ticket_id)
        raise Http404("No ticket found.") from None
