"""The HTTP uploads: the customer's for the chat, an agent's from the ticket page."""

import pytest
from django.urls import reverse

from attachments.models import Attachment
from attachments.tests import samples
from tickets.models import Message
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_a_customer_uploads_an_image_and_gets_its_id_and_addresses(customer_client, customer):
    response = customer_client.post(
        reverse("attachment_upload"), {"file": samples.upload(samples.jpeg_with_exif(), "me.jpg")}
    )
    assert response.status_code == 201
    body = response.json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert (attachment.uploaded_by, attachment.customer, attachment.ticket) == (customer, customer,
                                                                                 None)  # fmt: skip
    assert body["url"] == f"/attachments/{attachment.pk}/"
    assert body["thumbnail_url"] == f"/attachments/{attachment.pk}/thumbnail/"
    assert (body["kind"], body["width"], body["height"]) == ("image", 640, 480)


def test_a_refused_upload_answers_with_its_code_and_message(customer_client, settings):
    svg = customer_client.post(reverse("attachment_upload"),
                               {"file": samples.upload(samples.SVG, "a.svg")})  # fmt: skip
    settings.ATTACHMENT_MAX_BYTES = 1024
    big = customer_client.post(reverse("attachment_upload"),
                               {"file": samples.upload(samples.pdf() * 3, "a.pdf")})  # fmt: skip
    none = customer_client.post(reverse("attachment_upload"), {})
    assert (svg.status_code, svg.json()["code"]) == (400, "unsupported_type")
    assert (big.status_code, big.json()["code"]) == (413, "too_big")
    assert (none.status_code, none.json()["code"]) == (400, "no_file")
    assert not Attachment.objects.exists()


def test_the_customer_upload_needs_the_csrf_token(customer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    response = client.post(reverse("attachment_upload"),
                           {"file": samples.upload(samples.webp(), "a.webp")})  # fmt: skip
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_an_agent_sends_files_from_the_ticket_page_as_one_reply(client, agent, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(agent)
    response = client.post(
        reverse("attachment_staff_send", args=[ticket.pk]),
        {"file": [samples.upload(samples.pdf(), "terms.pdf"), samples.upload(samples.webp(), "x")],
         "body": "Here are the terms."},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tickets_ticket_change", args=[ticket.pk])
    message = Message.objects.get(ticket=ticket, author_kind="agent")
    assert message.body == "Here are the terms."
    assert not message.is_internal
    files = Attachment.objects.filter(message=message).order_by("id")
    assert [(f.name, f.customer, f.ticket, f.uploaded_by) for f in files] == [
        ("terms.pdf", customer, ticket, agent), ("x.webp", customer, ticket, agent)
    ]  # fmt: skip
    assert [each["id"] for each in message.metadata["attachments"]] == [f.pk for f in files]


def test_one_bad_file_sends_nothing_and_says_why(client, agent, customer, attachment_folder):
    ticket = TicketFactory(customer=customer)
    client.force_login(agent)
    response = client.post(
        reverse("attachment_staff_send", args=[ticket.pk]),
        {
            "file": [
                samples.upload(samples.pdf(), "terms.pdf"),
                samples.upload(samples.SVG, "a.svg"),
            ]
        },
        follow=True,
    )
    assert "Only PNG, JPEG or WebP images and PDF files can be sent." in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.exists()
    assert not [path for path in attachment_folder.rglob("*") if path.is_file()]


def test_customers_cannot_use_the_agents_form(client, customer):
    ticket = TicketFactory(customer=customer)
    client.force_login(customer)
    response = client.post(reverse("attachment_staff_send", args=[ticket.pk]),
                           {"file": samples.upload(samples.webp(), "a.webp")})  # fmt: skip
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not Attachment.objects.exists()
