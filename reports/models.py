"""Reports keep no data of their own: they read the tickets' and VIP's tables
(reports.selectors). This model has no table; it carries the permission to see the
whole desk's figures and puts the dashboard in the admin's index."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    class Meta:
        managed = False
        # "reports.view_report": the whole desk's figures (the Supervisors role).
        default_permissions = ("view",)
        verbose_name = _("desk dashboard")
        verbose_name_plural = _("desk dashboard")

    def __str__(self):
        return "Desk dashboard"
