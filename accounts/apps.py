from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Customers and staff, and the account records the assistant may read."""

    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from accounts.roles import roles_after_migrate

        # Once, when accounts' turn comes after `migrate` or `flush`: the roles exist
        # on every database without seed_demo.
        post_migrate.connect(roles_after_migrate, sender=self, dispatch_uid="accounts.roles")
