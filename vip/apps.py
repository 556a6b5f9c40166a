from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VipConfig(AppConfig):
    """Plans, Stripe subscriptions and the VIP guarantee."""

    name = "vip"
    verbose_name = _("VIP")

    def ready(self):
        # tickets never imports vip: it asks the finders registered here which queue
        # and SLA policy a VIP customer's hand-off gets.
        from tickets.customer_panel import register_section
        from tickets.sla import register_service_level
        from vip.customer_panel import vip_section
        from vip.tier import service_level_for

        register_service_level(service_level_for)
        # ...and shows staff the customer's VIP state and credits beside a ticket.
        register_section(vip_section)
