"""An upload is judged by its content; a refused one leaves nothing behind."""

import io

import pytest
from PIL import Image

from attachments.errors import AttachmentRejected
from attachments.models import Attachment
from attachments.services import attachment_upload
from attachments.tests import samples

pytestmark = pytest.mark.django_db


def stored_files(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_jpeg_is_kept_without_its_exif_and_gets_a_thumbnail(customer, attachment_folder):
    original = samples.jpeg_with_exif()
    assert b"SpyCam 3000" in original
    attachment = attachment_upload(uploader=customer, upload=samples.upload(original, "me.jpg"))
    kept = attachment.file.open("rb").read()
    assert b"SpyCam 3000" not in kept
    image = Image.open(io.BytesIO(kept))
    assert image.format == "JPEG"
    assert image.size == (640, 480)
    assert not image.getexif()
    thumbnail = Image.open(attachment.thumbnail.open("rb"))
    assert thumbnail.format == "WEBP"
    assert max(thumbnail.size) == 320
    assert (attachment.kind, attachment.content_type, attachment.name) == ("image", "image/jpeg",
                                                                           "me.jpg")  # fmt: skip
    assert len(stored_files(attachment_folder)) == 2


def test_a_png_loses_its_text_chunks_and_keeps_its_transparency(customer):
    attachment = attachment_upload(
        uploader=customer, upload=samples.upload(samples.png_with_text(), "shot.png")
    )
    image = Image.open(attachment.file.open("rb"))
    assert "Author" not in image.info
    assert b"Kungsgatan" not in attachment.file.open("rb").read()
    assert image.mode == "RGBA"
    assert image.getpixel((0, 0))[3] == 128


def test_webp_and_pdf_are_accepted(customer):
    image = attachment_upload(uploader=customer, upload=samples.upload(samples.webp(), "a.webp"))
    document = attachment_upload(uploader=customer, upload=samples.upload(samples.pdf(), "bill"))
    assert image.content_type == "image/webp"
    assert (document.kind, document.name, document.thumbnail.name) == ("pdf", "bill.pdf", "")
    assert document.file.open("rb").read().startswith(b"%PDF-")


REFUSED = [
    ("svg", samples.SVG, "logo.svg", "unsupported_type"),
    ("html", samples.HTML, "page.html", "unsupported_type"),
    ("png named .pdf", samples.png_with_text(), "invoice.pdf", "type_mismatch"),
    ("pdf named .png", samples.pdf(), "photo.png", "type_mismatch"),
    ("truncated jpeg", samples.jpeg_with_exif()[:3000], "cut.jpg", "damaged"),
    ("truncated pdf", samples.pdf()[:-40], "cut.pdf", "damaged"),
    ("pdf magic and nothing else", b"%PDF-1.7\n%%EOF", "fake.pdf", "damaged"),
    ("decompression bomb", samples.png_claiming(50_000, 50_000), "bomb.png", "too_many_pixels"),
    ("empty", b"", "nothing.png", "empty"),
    ("gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a.gif", "unsupported_type"),
]


@pytest.mark.parametrize(("data", "name", "code"), [case[1:] for case in REFUSED],
                         ids=[case[0] for case in REFUSED])  # fmt: skip
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_stored(
    customer, attachment_folder, data, name, code
):
    with pytest.raises(AttachmentRejected) as refused:
        attachment_upload(uploader=customer, upload=samples.upload(data, name))
    assert refused.value.code == code
    assert refused.value.message
    assert not Attachment.objects.exists()
    assert stored_files(attachment_folder) == []


def test_a_file_over_the_limit_is_refused_before_it_is_read(customer, settings):
    settings.ATTACHMENT_MAX_BYTES = 2048
    with pytest.raises(AttachmentRejected) as refused:
        attachment_upload(
            uploader=customer, upload=samples.upload(samples.jpeg_with_exif(), "a.jpg")
        )
    assert refused.value.code == "too_big"
    assert not Attachment.objects.exists()


def test_names_are_cleaned_of_paths_and_control_characters(customer):
    attachment = attachment_upload(
        uploader=customer, upload=samples.upload(samples.webp(), "../../etc/\x07pass<wd>.webp")
    )
    assert attachment.name == "pass_wd_.webp"
