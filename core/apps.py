from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure below every app: the database, metrics, background tasks, mail."""

    name = "core"
    verbose_name = _("Core")
