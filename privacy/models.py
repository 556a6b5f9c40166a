"""A customer's request to erase their data, and its outcome: the audit record of
every erasure. It says who asked (the account's id, nameless once erased), when, who
approved or declined and why declined; never what was erased."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Erased")

    class Via(models.TextChoices):
        ACCOUNT = "account", _("The customer's account page")
        COMMAND = "command", _("The erase_customer command")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="erasure_requests",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("decided by"),
        help_text=_("Who approved or declined; empty for the command."),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("decline reason"), max_length=500, blank=True,
        help_text=_("Shown to the customer: why their data is kept (e.g. an open dispute)."),
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
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self):
        return gettext("Erasure request #%(number)s (%(status)s)") % {
            "number": self.pk,
            "status": self.get_status_display(),
        }
