"""The customer's files for their data export (accounts.export): each with its entry
in the document's `attachments` list and a way to read it into the ZIP."""

from collections.abc import Callable

from django.db.models import Q

from attachments.models import Attachment


def customer_files(user) -> list[tuple[dict, Callable[[], bytes]]]:
    """Every file of the customer's conversations they may see (not those of staff's
    internal notes), and their own uploads not sent yet; one query."""
    shown = Q(message__isnull=False, message__is_internal=False)
    unsent = Q(message__isnull=True, uploaded_by=user)
    attachments = (
        Attachment.objects.filter(Q(customer=user) & (shown | unsent))
        .select_related("message")
        .order_by("ticket_id", "message__seq", "id")
    )
    files = [(_entry(attachment), _reader(attachment)) for attachment in attachments]
    return files


def _entry(attachment: Attachment) -> dict:
    seq = attachment.message.seq if attachment.message else None
    folder = f"{attachment.ticket_id}/{seq}" if seq is not None else "unsent"
    return {
        "id": attachment.pk,
        "path": f"attachments/{folder}/{attachment.pk}-{attachment.name}",
        "conversation_id": attachment.ticket_id if seq is not None else None,
        "seq": seq,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
    }


def _reader(attachment: Attachment) -> Callable[[], bytes]:
    def read() -> bytes:
        with attachment.file.open("rb") as stored:
            return stored.read()

    return read
