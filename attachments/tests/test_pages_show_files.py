"""The customer's ticket page and the admin's show a message's files: a picture as
its thumbnail linking to it, a PDF as a download link."""

import pytest
from django.urls import reverse

from attachments.tests.helpers import sent_image

pytestmark = pytest.mark.django_db


def test_my_requests_shows_the_thumbnail(customer_client, customer):
    attachment = sent_image(customer)
    page = customer_client.get(reverse("ticket", args=[attachment.ticket_id])).content.decode()
    assert f'<a href="/attachments/{attachment.pk}/"' in page
    assert f'src="/attachments/{attachment.pk}/thumbnail/" alt="photo.webp"' in page


def test_the_admin_ticket_page_shows_the_thumbnail_and_the_send_files_form(client, agent, customer):
    attachment = sent_image(customer)
    client.force_login(agent)
    url = reverse("admin:tickets_ticket_change", args=[attachment.ticket_id])
    page = client.get(url).content.decode()
    assert f'src="/attachments/{attachment.pk}/thumbnail/"' in page
    assert reverse("attachment_staff_send", args=[attachment.ticket_id]) in page
    assert "up to 10 MB each" in page
