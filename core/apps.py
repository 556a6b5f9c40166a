from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure below every app: the database, metrics, background tasks, mail."""

    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from core.db import use_our_pool_check

        connection_created.connect(use_our_pool_check, dispatch_uid="core.db.pool")
