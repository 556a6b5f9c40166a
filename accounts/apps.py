from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Customers and staff, and the account records the assistant may read."""

    name = "accounts"
