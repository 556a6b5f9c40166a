from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A customer's erasure (asked for on the account page, approved in the admin or
    run by `erase_customer`) and the retention of closed conversations' text."""

    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # Registers the daily retention task with the task workers (core.tasks.every_day).
        from privacy import retention  # noqa: F401
