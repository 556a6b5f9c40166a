"""Files sent in conversations. Writes go through attachments.services; no other app
writes this table (tickets never imports it)."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _


class _AttachmentStorage(LazyObject):
    """The `attachments` alias of STORAGES, looked up on first use (the model's fields
    are made before any storage should be). Tests that change STORAGES reset it."""

    def _setup(self):
        self._wrapped = storages["attachments"]


ATTACHMENT_STORAGE = _AttachmentStorage()


def attachment_storage():
    return ATTACHMENT_STORAGE


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    # The customer whose conversation it is part of: the person the file is about, whose
    # export holds it and whose erasure removes it (also when an agent sent it).
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # NULL until a customer's upload is sent in a message (an agent's has it from the start).
    ticket = models.ForeignKey(
        "tickets.Ticket",
        verbose_name=_("ticket"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.ForeignKey(
        "tickets.Message",
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=40)
    name = models.CharField(
        _("name"), max_length=120, help_text=_("The file's name as the sender gave it.")
    )
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("sha256"), max_length=64)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    file = models.FileField(_("file"), storage=attachment_storage, max_length=200)
    thumbnail = models.FileField(
        _("thumbnail"), storage=attachment_storage, max_length=200, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        indexes = [
            # The monitor's sweep of uploads nobody sent (attachments.monitor).
            models.Index(
                fields=["created_at"], condition=models.Q(message__isnull=True),
                name="attachment_unsent_by_age",
            ),
        ]  # fmt: skip
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return f"{self.name} ({self.kind})"

    @property
    def is_sent(self) -> bool:
        return self.message_id is not None
