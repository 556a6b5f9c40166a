"""Customers send files on their request's page (My requests), as agents do from the
admin: the files and the reply in one step, with the same checks as the chat's
uploads, and nothing stored when anything is refused."""

import pytest
from django.urls import reverse

from attachments.models import Attachment
from attachments.tests import samples
from tickets.models import Message, Ticket
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def send(client, ticket, files, body="", follow=False):
    return client.post(reverse("ticket_send_files", args=[ticket.pk]),
                       {"file": files, "body": body}, follow=follow)  # fmt: skip


def stored_files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_a_customer_sends_a_photo_and_a_pdf_and_sees_them_on_the_page(customer_client, customer):
    ticket = TicketFactory(customer=customer, handled_by=Ticket.HandledBy.QUEUE)
    page = customer_client.get(reverse("ticket", args=[ticket.pk])).content.decode()
    assert f'action="{reverse("ticket_send_files", args=[ticket.pk])}"' in page

    photo, pdf = samples.jpeg_with_exif(), samples.pdf()
    response = send(customer_client, ticket, [samples.upload(photo, "receipt.jpg"),
                                              samples.upload(pdf, "statement.pdf")],
                    body="The receipt and my statement")  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == reverse("ticket", args=[ticket.pk])
    message = Message.objects.get(ticket=ticket, author_kind="customer")
    assert message.body == "The receipt and my statement"
    files = Attachment.objects.filter(message=message).order_by("id")
    assert [(f.name, f.kind, f.uploaded_by, f.customer, f.ticket) for f in files] == [
        ("receipt.jpg", "image", customer, customer, ticket),
        ("statement.pdf", "pdf", customer, customer, ticket),
    ]
    page = customer_client.get(reverse("ticket", args=[ticket.pk])).content.decode()
    assert reverse("attachment_thumbnail", args=[files[0].pk]) in page
    assert reverse("attachment", args=[files[1].pk]) in page
    assert customer_client.get(reverse("attachment", args=[files[1].pk])).status_code == 200


def test_files_alone_are_sent_with_a_caption(customer_client, customer):
    ticket = TicketFactory(customer=customer)

    send(customer_client, ticket, [samples.upload(samples.webp(), "screenshot.webp")])

    assert Message.objects.get(ticket=ticket).body == "Sent a file: screenshot.webp"


def test_a_bad_file_sends_nothing_and_says_why(customer_client, customer, attachment_folder):
    ticket = TicketFactory(customer=customer)

    response = send(customer_client, ticket, [samples.upload(samples.pdf(), "fine.pdf"),
                                              samples.upload(samples.SVG, "logo.svg")],
                    follow=True)  # fmt: skip

    assert "Only PNG, JPEG or WebP images and PDF files can be sent." in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_folder) == []


def test_no_file_chosen_says_so(customer_client, customer):
    ticket = TicketFactory(customer=customer)

    response = send(customer_client, ticket, [], body="only words", follow=True)

    assert "Choose a file to send." in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()


def test_a_closed_request_refuses_files_and_keeps_none(
    customer_client, customer, attachment_folder
):
    ticket = TicketFactory(customer=customer, status=Ticket.Status.CLOSED)

    response = send(customer_client, ticket, [samples.upload(samples.webp(), "late.webp")],
                    follow=True)  # fmt: skip

    assert response.redirect_chain[-1][0] == reverse("ticket", args=[ticket.pk])
    assert "This conversation is closed. Please start a new one." in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.exists()
    assert stored_files(attachment_folder) == []


def test_a_solved_request_reopens_when_the_customer_sends_a_file(customer_client, customer):
    ticket = TicketFactory(customer=customer, status=Ticket.Status.SOLVED)

    send(customer_client, ticket, [samples.upload(samples.webp(), "still-broken.webp")])

    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert Attachment.objects.get().message.ticket == ticket


def test_another_customers_request_is_a_404_and_stores_nothing(client, other_customer, customer,
                                                              attachment_folder):  # fmt: skip
    ticket = TicketFactory(customer=customer)
    client.force_login(other_customer)

    response = send(client, ticket, [samples.upload(samples.webp(), "a.webp")])

    assert response.status_code == 404
    assert not Attachment.objects.exists()
    assert stored_files(attachment_folder) == []


def test_the_form_needs_a_login(client, customer):
    ticket = TicketFactory(customer=customer)

    response = send(client, ticket, [samples.upload(samples.webp(), "a.webp")])

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Attachment.objects.exists()
