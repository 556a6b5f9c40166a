from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports.sql import add_sqlite_functions

        # Like django.contrib.postgres registering its types: infrastructure for the
        # queries, no business logic. Each new SQLite connection gets PERCENTILE_CONT.
        connection_created.connect(add_sqlite_functions, dispatch_uid="reports.sqlite")
