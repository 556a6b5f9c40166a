"""Canned responses: replies supervisors write once, with placeholders that are filled
in for the ticket at hand and the agent sending it ("Hi {first_name}, ...")."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.placeholders import fill, unknown_placeholders, unknown_placeholders_message

# name -> what it stands for (shown in the admin, and in a refusal's message)
PLACEHOLDERS = {
    "first_name": _("the customer's first name"),
    "ticket_number": _("the ticket's number, e.g. 42"),
    "agent_first_name": _("the first name of the agent sending it"),
    "support_email": _("our support email address"),
}


def _help_text() -> str:
    usable = ", ".join(f"{{{name}}} ({meaning})" for name, meaning in PLACEHOLDERS.items())
    return gettext("You can use %(placeholders)s.") % {"placeholders": usable}


# The admin's help beside a canned response's body, in the reader's language.
HELP_TEXT = lazy(_help_text, str)()


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
