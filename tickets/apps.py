from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    """Tickets, messages, SLAs, escalation rules and the agents' workspace."""

    name = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from core import metrics

        # Connects the signals that keep each process' copy of the rules current.
        from tickets import rules  # noqa: F401
        from tickets.models import HandOffCode, Tier
        from tickets.selectors import waiting_per_queue

        # Every hand-off reason and tier has its series from the start, at 0; the
        # queues' waiting tickets are counted when /metrics is read.
        metrics.preset(metrics.HANDOFFS, HandOffCode.values)
        metrics.preset(metrics.SLA_BREACHES, Tier.values)
        metrics.register_scrape_gauge(
            "supportsite_queue_waiting", "Tickets waiting for a person, per queue.", "queue",
            waiting_per_queue,
        )  # fmt: skip
