from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    """Staff's second factor (the admin shows it as "Staff second factor")."""

    name = "twofactor"
    verbose_name = _("Staff second factor")
