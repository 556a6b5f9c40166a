"""Every write of attachments: an upload checked and stored, uploads carried by a
message, and (attachments.erasure) their removal. Files go through the `attachments`
storage; a row exists only for a file that was stored, and a refused upload stores
nothing."""

import datetime as dt
import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from attachments import content
from attachments.erasure import remove_files
from attachments.errors import AttachmentError, AttachmentRejected
from attachments.models import Attachment, attachment_storage
from tickets import services as tickets
from tickets.models import Message

MAX_PER_MESSAGE = 5
# Uploads a person has not sent yet: enough for a message or two, not a free file store.
MAX_UNSENT = 20
# How long an upload nobody sent is kept (attachments.monitor removes it then).
UNSENT_KEPT = dt.timedelta(days=1)
MAX_NAME_CHARS = 100
# What a file's name may say about it; a name saying something else is refused.
NAMED_TYPES = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp",
    "pdf": "application/pdf",
}  # fmt: skip
UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f/\\\"<>|:*?]+")


def attachment_upload(*, uploader, upload, ticket=None) -> Attachment:
    """`upload` (an UploadedFile) checked from its content and stored, not yet sent.
    A customer's (`ticket` None) is theirs until they send it; an agent's is for
    `ticket` (the caller checked they may work it). AttachmentRejected, and nothing
    stored, for a file we do not keep."""
    data = content.read_limited(upload)
    checked = content.check(data)
    name = display_name(getattr(upload, "name", "") or "", checked)
    unsent = Attachment.objects.filter(
        uploaded_by=uploader, message__isnull=True, created_at__gte=timezone.now() - UNSENT_KEPT
    ).count()
    if unsent >= MAX_UNSENT:
        raise AttachmentRejected(
            "too_many_unsent",
            gettext("Send the files you added first (files not sent go after a day)."),
        )
    key = uuid.uuid4().hex
    storage, stored = attachment_storage(), []
    try:
        stored.append(storage.save(f"{key[:2]}/{key}.{checked.extension}",
                                   ContentFile(checked.data)))  # fmt: skip
        if checked.thumbnail:
            stored.append(storage.save(f"{key[:2]}/{key}-thumb.webp",
                                       ContentFile(checked.thumbnail)))  # fmt: skip
        return Attachment.objects.create(
            customer_id=ticket.customer_id if ticket else uploader.pk, uploaded_by=uploader,
            ticket=ticket, kind=checked.kind, content_type=checked.content_type, name=name,
            size=len(checked.data), sha256=hashlib.sha256(checked.data).hexdigest(),
            width=checked.width, height=checked.height, file=stored[0],
            thumbnail=stored[1] if len(stored) > 1 else "",
        )  # fmt: skip
    except BaseException:
        for stored_name in stored:
            storage.delete(stored_name)
        raise


def display_name(raw: str, checked: content.Checked) -> str:
    """The sender's name for the file, made safe to show and to save under (no path,
    no control characters), ending in the extension of what the file really is. A name
    that claims another type (a PNG named .pdf) is refused: the sender chose the wrong
    file, or someone is hiding what it is."""
    base = UNSAFE_IN_NAMES.sub("_", PurePosixPath(raw.replace("\\", "/")).name).strip(" ._")
    stem, dot, extension = base.rpartition(".")
    if dot and extension.lower() in NAMED_TYPES:
        if NAMED_TYPES[extension.lower()] != checked.content_type:
            raise AttachmentRejected(
                "type_mismatch",
                gettext("The file is named .%(extension)s but is a %(kind)s.")
                % {"extension": extension.lower(), "kind": KIND_WORDS[checked.content_type]},
            )
        base = stem
    base = (base or "attachment")[: MAX_NAME_CHARS - 5]
    return f"{base}.{checked.extension}"


KIND_WORDS = {
    "image/png": gettext_lazy("PNG image"), "image/jpeg": gettext_lazy("JPEG image"),
    "image/webp": gettext_lazy("WebP image"), "application/pdf": gettext_lazy("PDF file"),
}  # fmt: skip


def attachments_for_message(*, sender, ids, client_msg_id=None, ticket_id=None) -> list:
    """The uploads a message by `sender` may carry, in the order of `ids`: their own,
    not yet sent (an agent's, for this ticket), or already carried by this very message
    (`client_msg_id`: a resend, which attaches nothing twice). AttachmentError
    otherwise, naming no other person's file."""
    if not ids:
        return []
    _at_most_a_few(ids)
    found = {
        attachment.pk: attachment
        for attachment in Attachment.objects.filter(pk__in=ids, uploaded_by=sender)
        .select_related("message")
    }  # fmt: skip
    usable = [
        found[pk] for pk in ids if pk in found and _usable(found[pk], client_msg_id, ticket_id)
    ]
    if len(usable) != len(ids):
        raise AttachmentError(
            "unknown_attachment",
            gettext("A file was not found, or was sent already: add it again."),
        )
    return usable


def _at_most_a_few(files: list) -> None:
    if len(files) > MAX_PER_MESSAGE:
        raise AttachmentError(
            "too_many_attachments",
            gettext("A message can carry at most %(count)s files.") % {"count": MAX_PER_MESSAGE},
        )


def _usable(attachment: Attachment, client_msg_id, ticket_id) -> bool:
    if attachment.message is None:
        return attachment.ticket_id in (None, ticket_id)
    return client_msg_id is not None and attachment.message.client_msg_id == client_msg_id


def attachments_attach(*, message, attachments: list[Attachment]) -> None:
    """The uploads now belong to `message` and its conversation. Those it carries
    already (a resend) stay as they are."""
    Attachment.objects.filter(pk__in=[each.pk for each in attachments],
                              message__isnull=True).update(
        message=message, ticket_id=message.ticket_id
    )  # fmt: skip


def summary(attachment: Attachment) -> dict:
    """What a message's metadata keeps of an attachment, and the chat frames carry:
    enough to show it without a query (tickets never reads this app's table)."""
    return {
        "id": attachment.pk, "kind": attachment.kind, "name": attachment.name,
        "content_type": attachment.content_type, "size": attachment.size,
        "width": attachment.width, "height": attachment.height,
        "url": reverse("attachment", args=[attachment.pk]),
        "thumbnail_url": (
            reverse("attachment_thumbnail", args=[attachment.pk]) if attachment.thumbnail else None
        ),
    }  # fmt: skip


def caption(attachments: list[Attachment]) -> str:
    """The text of a message that is only files: what agents, emails and the export read."""
    names = ", ".join(each.name for each in attachments)
    return f"Sent a file: {names}" if len(attachments) == 1 else f"Sent files: {names}"


def message_metadata(attachments: list[Attachment]) -> dict:
    return {"attachments": [summary(each) for each in attachments]} if attachments else {}


@dataclass(frozen=True)
class Carried:
    """A message's files, checked: its text (a caption when it has none), the metadata
    that shows them, and the uploads to attach once it is stored."""

    text: str
    metadata: dict
    attachments: list


def message_carrying(*, sender, ids, text: str, client_msg_id=None, ticket_id=None) -> Carried:
    """attachments_for_message, with what the message stores for them."""
    attachments = attachments_for_message(
        sender=sender, ids=ids, client_msg_id=client_msg_id, ticket_id=ticket_id
    )
    return Carried(text or caption(attachments), message_metadata(attachments), attachments)


def agent_send_files(*, agent, ticket, uploads: list, text: str = "", internal: bool = False):
    """An agent's reply (or internal note) carrying `uploads`, with `text` or a caption:
    all the files are stored and the reply posted (tickets.services.agent_reply, with
    its rules), or nothing is. The message."""

    def post(body: str, metadata: dict):
        return tickets.agent_reply(
            ticket=ticket, agent=agent, body=body, internal=internal, metadata=metadata
        )

    return _send_files(agent, ticket, uploads, text, post)


def customer_send_files(*, customer, ticket, uploads: list, text: str = ""):
    """A customer's reply on their request's page carrying `uploads`, with `text` or a
    caption: all stored and posted (tickets.services.message_post, with its rules: a
    solved request reopens, a closed one refuses), or nothing is. The message."""

    def post(body: str, metadata: dict):
        message, _created = tickets.message_post(
            ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body=body,
            metadata=metadata,
        )  # fmt: skip
        return message

    return _send_files(customer, ticket, uploads, text, post)


def _send_files(sender, ticket, uploads: list, text: str, post):
    if not uploads:
        raise AttachmentRejected("no_file", gettext("Choose a file to send."))
    _at_most_a_few(uploads)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            for upload in uploads:
                stored.append(attachment_upload(uploader=sender, upload=upload, ticket=ticket))
            message = post(text.strip() or caption(stored), message_metadata(stored))
            attachments_attach(message=message, attachments=stored)
    except BaseException:
        remove_files(stored)
        raise
    return message
