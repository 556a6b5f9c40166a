"""A file is served to its conversation's customer and to staff who see tickets; to
anyone else it does not exist."""

import pytest
from django.urls import reverse

from attachments.services import attachment_upload
from attachments.tests import samples
from attachments.tests.helpers import sent_image

pytestmark = pytest.mark.django_db


def test_the_customer_gets_their_image_private_and_never_sniffed(customer_client, customer):
    attachment = sent_image(customer)
    response = customer_client.get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("inline")
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"RIFF")


def test_a_pdf_is_always_downloaded(customer_client, customer):
    upload = attachment_upload(uploader=customer, upload=samples.upload(samples.pdf(), "bill.pdf"))
    response = customer_client.get(reverse("attachment", args=[upload.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bill.pdf"'


def test_another_customers_file_is_the_same_404_as_a_missing_one(client, customer, other_customer):
    attachment = sent_image(customer)
    client.force_login(other_customer)
    theirs = client.get(reverse("attachment", args=[attachment.pk]))
    missing = client.get(reverse("attachment", args=[attachment.pk + 1000]))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.templates[0].name == missing.templates[0].name == "404.html"
    thumbnail = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))
    assert thumbnail.status_code == 404


def test_an_agent_sees_the_customers_file_and_its_thumbnail(client, customer, agent):
    attachment = sent_image(customer)
    client.force_login(agent)
    assert client.get(reverse("attachment", args=[attachment.pk])).status_code == 200
    thumbnail = client.get(reverse("attachment_thumbnail", args=[attachment.pk]))
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/webp"


def test_a_file_on_an_internal_note_is_not_the_customers_to_see(client, customer, agent):
    attachment = sent_image(customer, internal=True, uploader=agent)
    client.force_login(customer)
    assert client.get(reverse("attachment", args=[attachment.pk])).status_code == 404
    client.force_login(agent)
    assert client.get(reverse("attachment", args=[attachment.pk])).status_code == 200


def test_an_agents_file_not_yet_sent_is_hidden_from_the_customer(client, customer, agent):
    from tickets.tests.factories import TicketFactory

    ticket = TicketFactory(customer=customer)
    draft = attachment_upload(
        uploader=agent, upload=samples.upload(samples.webp(), "a.webp"), ticket=ticket
    )
    client.force_login(customer)
    assert client.get(reverse("attachment", args=[draft.pk])).status_code == 404


def test_logged_out_visitors_are_sent_to_log_in(client, customer):
    attachment = sent_image(customer)
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
