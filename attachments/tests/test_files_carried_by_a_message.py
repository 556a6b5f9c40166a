"""Which uploads a message may carry: the sender's own, not yet sent, or those of
this very message on a resend; and how the chat's frame names them."""

import pytest
from asgiref.sync import sync_to_async
from langchain_core.messages import AIMessage

from assistant import engine
from assistant.embedded import OFFER_A_PERSON
from assistant.tests.fakes import ToolCallingFake, triage_as
from attachments.errors import AttachmentError
from attachments.services import (
    MAX_PER_MESSAGE,
    attachment_upload,
    attachments_attach,
    message_carrying,
)
from attachments.tests import samples
from tickets import chat_protocol as protocol
from tickets import services
from tickets.models import Message
from tickets.tests.factories import MessageFactory, TicketFactory


def uploaded(user, **kwargs):
    return attachment_upload(uploader=user, upload=samples.upload(samples.webp(), "a.webp"),
                             **kwargs)  # fmt: skip


@pytest.mark.django_db
def test_a_message_carries_the_senders_unsent_uploads_with_a_caption_when_it_has_no_text(
    customer,
):
    first, second = uploaded(customer), uploaded(customer)
    carried = message_carrying(sender=customer, ids=[second.pk, first.pk], text="")
    assert carried.attachments == [second, first]
    assert carried.text == "Sent files: a.webp, a.webp"
    assert [each["id"] for each in carried.metadata["attachments"]] == [second.pk, first.pk]
    assert message_carrying(sender=customer, ids=[first.pk], text="Look").text == "Look"


@pytest.mark.django_db
def test_another_persons_upload_is_unknown_like_a_missing_one(customer, other_customer):
    theirs = uploaded(other_customer)
    for ids in ([theirs.pk], [theirs.pk + 100]):
        with pytest.raises(AttachmentError) as refused:
            message_carrying(sender=customer, ids=ids, text="x")
        assert refused.value.code == "unknown_attachment"


@pytest.mark.django_db
def test_a_sent_upload_goes_only_with_the_message_that_carried_it(customer):
    ticket = TicketFactory(customer=customer)
    upload = uploaded(customer)
    message = MessageFactory(ticket=ticket, client_msg_id="c-1")
    attachments_attach(message=message, attachments=[upload])
    # The resend of that frame: the same files, attached nothing twice.
    again = message_carrying(sender=customer, ids=[upload.pk], text="", client_msg_id="c-1")
    attachments_attach(message=message, attachments=again.attachments)
    upload.refresh_from_db()
    assert (upload.message, upload.ticket) == (message, ticket)
    with pytest.raises(AttachmentError) as refused:
        message_carrying(sender=customer, ids=[upload.pk], text="", client_msg_id="c-2")
    assert refused.value.code == "unknown_attachment"


@pytest.mark.django_db
def test_an_agents_upload_goes_only_to_its_own_ticket(agent, customer):
    ticket, other = TicketFactory(customer=customer), TicketFactory(customer=customer)
    upload = uploaded(agent, ticket=ticket)
    assert message_carrying(sender=agent, ids=[upload.pk], text="", ticket_id=ticket.pk)
    with pytest.raises(AttachmentError):
        message_carrying(sender=agent, ids=[upload.pk], text="", ticket_id=other.pk)


@pytest.mark.django_db
def test_a_message_carries_at_most_a_few_files(customer):
    ids = [uploaded(customer).pk for _ in range(MAX_PER_MESSAGE + 1)]
    with pytest.raises(AttachmentError) as refused:
        message_carrying(sender=customer, ids=ids, text="")
    assert refused.value.code == "too_many_attachments"


def test_the_send_frame_names_attachments_and_may_then_have_no_text():
    frame = protocol.parse('{"type": "send", "client_msg_id": "c-1", "attachments": [4, 9]}')
    assert (frame.text, frame.attachments) == ("", (4, 9))
    with pytest.raises(protocol.ProtocolError) as empty:
        protocol.parse('{"type": "send", "client_msg_id": "c-1", "text": " ", "attachments": []}')
    assert empty.value.code == "empty"


@pytest.mark.parametrize("ids", ['"4"', "[true]", "[0]", "[4, 4]", '["4"]', "[1.5]",
                                 str(list(range(1, 30)))])  # fmt: skip
def test_a_send_frame_with_malformed_attachments_is_refused(ids):
    raw = f'{{"type": "send", "client_msg_id": "c-1", "text": "hi", "attachments": {ids}}}'
    with pytest.raises(protocol.ProtocolError) as refused:
        protocol.parse(raw)
    assert (refused.value.code, refused.value.client_msg_id) == ("invalid", "c-1")


@pytest.mark.django_db(transaction=True)
async def test_the_assistant_says_it_cannot_open_files_and_offers_a_person_once(customer, desk):
    ticket = await sync_to_async(services.ticket_open)(customer=customer, subject="Chat")
    await sync_to_async(services.message_post)(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Sent a file"
    )
    fees = triage_as("fees")
    only_files = await engine.respond(
        ticket=ticket, text="", triage_fn=fees, attached=True, model=ToolCallingFake(responses=[])
    )
    assert only_files.answer.body == str(engine.FILES_UNREAD)
    model = ToolCallingFake(responses=[AIMessage(content=f"Fees are zero. {OFFER_A_PERSON}")])
    with_text = await engine.respond(
        ticket=only_files.ticket, text="What fees?", triage_fn=fees, attached=True, model=model
    )
    assert with_text.answer.body.startswith("Fees are zero.")
    assert with_text.answer.body.endswith(str(engine.FILES_UNREAD))
    assert str(OFFER_A_PERSON) not in with_text.answer.body
