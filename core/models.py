from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One worker process's last sign of life (core.heartbeat): a row per kind of
    worker, host and process, its time written by the database's clock."""

    kind = models.CharField(_("kind"), max_length=40)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("pid"))
    started_at = models.DateTimeField(_("started at"))
    beat_at = models.DateTimeField(_("beat at"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "host", "pid"], name="heartbeat_per_process")
        ]
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return f"{self.kind} {self.host}:{self.pid}"
