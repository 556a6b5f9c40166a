"""Removing attachments, for erasure and retention (the callers decide when): the rows
go in the caller's transaction, the files once it commits (a rollback keeps both)."""

from django.db import transaction

from attachments.models import Attachment, attachment_storage


def erase_customer(user) -> None:
    """Every attachment of the customer: what they uploaded and every file of their
    conversations (an agent's too), files and thumbnails included."""
    _delete(Attachment.objects.filter(customer=user))


def forget_conversations(ticket_ids) -> None:
    """The attachments of these conversations."""
    _delete(Attachment.objects.filter(ticket_id__in=list(ticket_ids)))


def forget_unsent(*, before) -> int:
    """Uploads no message carried, made before `before`: added, then never sent (a
    closed tab, a change of mind). How many."""
    unsent = Attachment.objects.filter(message__isnull=True, created_at__lt=before)
    count = unsent.count()
    _delete(unsent)
    return count


def _delete(attachments) -> None:
    names = [name for pair in attachments.values_list("file", "thumbnail") for name in pair if name]
    attachments.delete()
    if names:
        transaction.on_commit(lambda: _remove_names(names))


def remove_files(attachments: list[Attachment]) -> None:
    """The stored files of `attachments` (rows that were never kept, say), at once."""
    _remove_names([f.name for each in attachments for f in (each.file, each.thumbnail) if f])


def _remove_names(names: list[str]) -> None:
    storage = attachment_storage()
    for name in names:
        storage.delete(name)
