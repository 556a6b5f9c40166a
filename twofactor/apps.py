from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    """Staff's second factor (the admin shows it as "Staff second factor")."""

    name = "twofactor"
    verbose_name = "Staff second factor"
