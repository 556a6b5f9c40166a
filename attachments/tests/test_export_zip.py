"""With attachments, the customer's export is a ZIP of the same document and the
files; without, it stays the JSON file."""

import io
import json
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse

from attachments.services import attachment_upload
from attachments.tests import samples
from attachments.tests.helpers import sent_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_download_allowance():
    cache.clear()
    yield
    cache.clear()


def test_the_export_is_a_zip_of_the_document_and_the_customers_files(
    customer_client, customer, other_customer, agent
):
    sent = sent_image(customer)
    unsent = attachment_upload(uploader=customer, upload=samples.upload(samples.pdf(), "bill.pdf"))
    note = sent_image(customer, internal=True, uploader=agent)
    sent_image(other_customer)

    response = customer_client.get(reverse("data_export"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="supportsite-export-')
    assert response["Content-Disposition"].endswith('.zip"')
    assert "no-store" in response["Cache-Control"]
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    document = json.loads(bundle.read("export.json"))
    entries = {entry["id"]: entry for entry in document["attachments"]}
    assert set(entries) == {sent.pk, unsent.pk}  # not the internal note's, not Bob's
    assert note.pk not in entries
    image = entries[sent.pk]
    assert image["path"] == f"attachments/{sent.ticket_id}/1/{sent.pk}-photo.webp"
    assert (image["conversation_id"], image["seq"], image["sha256"]) == (sent.ticket_id, 1,
                                                                         sent.sha256)  # fmt: skip
    assert bundle.read(image["path"]) == sent.file.open("rb").read()
    assert entries[unsent.pk]["path"] == f"attachments/unsent/{unsent.pk}-bill.pdf"
    assert bundle.read(entries[unsent.pk]["path"]).startswith(b"%PDF-")
    (conversation,) = [c for c in document["sections"]["conversations"]
                       if c["id"] == sent.ticket_id]  # fmt: skip
    assert conversation["messages"][0]["attachments"] == [sent.pk]
    assert sorted(bundle.namelist()) == sorted(["export.json", image["path"],
                                                entries[unsent.pk]["path"]])  # fmt: skip


def test_without_attachments_the_export_stays_plain_json(customer_client, other_customer):
    sent_image(other_customer)
    response = customer_client.get(reverse("data_export"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(response.content)["attachments"] == []
