from attachments.services import attachment_upload, attachments_attach, message_metadata
from attachments.tests import samples
from tickets.tests.factories import MessageFactory, TicketFactory


def sent_image(customer, *, internal=False, uploader=None):
    """An image the customer (or `uploader`, an agent) sent in a conversation of theirs."""
    ticket = TicketFactory(customer=customer)
    attachment = attachment_upload(
        uploader=uploader or customer, upload=samples.upload(samples.webp(), "photo.webp"),
        ticket=ticket if uploader else None,
    )  # fmt: skip
    message = MessageFactory(ticket=ticket, seq=1, is_internal=internal, client_msg_id="c-1",
                             metadata=message_metadata([attachment]))  # fmt: skip
    attachments_attach(message=message, attachments=[attachment])
    attachment.refresh_from_db()
    return attachment
