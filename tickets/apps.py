from django.apps import AppConfig


class TicketsConfig(AppConfig):
    """Tickets, messages, SLAs, escalation rules and the agents' workspace."""

    name = "tickets"

    def ready(self):
        # Connects the signals that keep each process' copy of the rules current.
        from tickets import rules  # noqa: F401
