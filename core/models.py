from django.db import models


class Heartbeat(models.Model):
    """One worker process's last sign of life (core.heartbeat): a row per kind of
    worker, host and process, its time written by the database's clock."""

    kind = models.CharField(max_length=40)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "host", "pid"], name="heartbeat_per_process")
        ]

    def __str__(self):
        return f"{self.kind} {self.host}:{self.pid}"
