"""A customer's request to erase their data, and its outcome: the audit record of
every erasure. It says who asked (the account's id, nameless once erased), when, who
approved or declined and why declined; never what was erased."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ErasureRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for approval"
        DECLINED = "declined", "Declined"
        DONE = "done", "Erased"

    class Via(models.TextChoices):
        ACCOUNT = "account", "The customer's account page"
        COMMAND = "command", "The erase_customer command"

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="erasure_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    via = models.CharField(max_length=10, choices=Via.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="Who approved or declined; empty for the command.",
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(
        max_length=500, blank=True,
        help_text="Shown to the customer: why their data is kept (e.g. an open dispute).",
    )  # fmt: skip

    class Meta:
        ordering = ["-requested_at", "-id"]
        # Supervisors' (privacy.roles).
        permissions = [("approve_erasurerequest", "Can approve or decline a customer's erasure")]
        constraints = [
            models.UniqueConstraint(
                fields=["customer"],
                condition=Q(status="pending"),
                name="erasure_one_pending_per_customer",
            )
        ]

    def __str__(self):
        return f"Erasure request #{self.pk} ({self.get_status_display()})"
