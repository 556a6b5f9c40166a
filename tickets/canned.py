"""Canned responses: replies supervisors write once, with placeholders that are filled
in for the ticket at hand and the agent sending it ("Hi {first_name}, ...")."""

from django.conf import settings
from django.core.exceptions import ValidationError

from core.placeholders import fill, unknown_placeholders, unknown_placeholders_message

# name -> what it stands for (shown in the admin, and in a refusal's message)
PLACEHOLDERS = {
    "first_name": "the customer's first name",
    "ticket_number": "the ticket's number, e.g. 42",
    "agent_first_name": "the first name of the agent sending it",
    "support_email": "our support email address",
}

HELP_TEXT = "You can use " + ", ".join(
    f"{{{name}}} ({meaning})" for name, meaning in PLACEHOLDERS.items()
)


def render_canned(body: str, *, ticket, agent) -> str:
    """The response as `agent` would send it on `ticket`. Call with the ticket's
    customer loaded (select_related) to spare a query."""
    return fill(
        body,
        {
            "first_name": ticket.customer.get_short_name(),
            "ticket_number": str(ticket.pk),
            "agent_first_name": agent.get_short_name(),
            "support_email": settings.SUPPORT_EMAIL,
        },
    )


def validate_canned_body(body: str) -> None:
    """Refuse a placeholder that would reach the customer as written."""
    unknown = unknown_placeholders(body, PLACEHOLDERS)
    if unknown:
        raise ValidationError(unknown_placeholders_message(unknown, PLACEHOLDERS))
