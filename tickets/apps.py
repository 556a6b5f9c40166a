from django.apps import AppConfig


class TicketsConfig(AppConfig):
    """Tickets, messages, SLAs, escalation rules and the agents' workspace."""

    name = "tickets"
