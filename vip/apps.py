from django.apps import AppConfig


class VipConfig(AppConfig):
    """Plans, Stripe subscriptions and the VIP guarantee."""

    name = "vip"
    verbose_name = "VIP"
