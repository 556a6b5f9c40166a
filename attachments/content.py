"""What a file really is, read from its bytes (never its name or the browser's word),
and the copy of it that is kept.

Images (PNG, JPEG, WebP) are decoded in full and drawn again into a new file of the
same format: nothing of the original but its pixels survives, so no EXIF (camera,
place, time), no ICC or XMP, no text chunks, no trailing bytes. A thumbnail is made
at the same time. A PDF must start like one and parse (pypdf) with at least one page;
it is kept as it was sent. Anything else (SVG, HTML, a PNG named .pdf, a truncated
file, a decompression bomb) is refused with AttachmentRejected and nothing is kept.
"""

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from attachments.errors import AttachmentRejected

IMAGE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "application/pdf": "pdf",
}
# Larger than any phone's photo (a 108 MP sensor), far below what would exhaust memory
# when decoded: a 1 KB PNG can claim 50,000 by 50,000 pixels.
MAX_PIXELS = 120_000_000
THUMBNAIL_BOX = (320, 320)
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class Checked:
    kind: str  # "image" or "pdf"
    content_type: str
    data: bytes  # what is kept: the re-encoded image, or the PDF as sent
    thumbnail: bytes | None = None  # a WebP of at most THUMBNAIL_BOX, for images
    width: int | None = None
    height: int | None = None

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def read_limited(upload) -> bytes:
    """The upload's bytes, or AttachmentRejected as soon as it is over the limit
    (never more than the limit and one byte are read)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise too_big()
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big()
    if not data:
        raise AttachmentRejected("empty", gettext("The file is empty."))
    return data


def max_megabytes() -> str:
    """ATTACHMENT_MAX_BYTES as people read it: "10"."""
    return f"{settings.ATTACHMENT_MAX_BYTES / (1024 * 1024):g}"


def too_big() -> AttachmentRejected:
    return AttachmentRejected(
        "too_big", gettext("A file can be at most %(max_mb)s MB.") % {"max_mb": max_megabytes()}
    )


def check(data: bytes) -> Checked:
    if data.startswith(PDF_MAGIC):
        return _pdf(data)
    return _image(data)


def _pdf(data: bytes) -> Checked:
    # A PDF ends with %%EOF (possibly followed by a line end or a little padding);
    # pypdf alone, being lenient, reads many a cut-off file without complaint.
    if b"%%EOF" not in data[-1024:]:
        raise damaged()
    try:
        pages = len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise damaged() from None
    if pages < 1:
        raise damaged()
    return Checked("pdf", "application/pdf", data)


def _image(data: bytes) -> Checked:
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice that; ours is a refusal.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise too_many_pixels()
            image.load()  # decodes every pixel: a truncated file fails here
    except UnidentifiedImageError:
        raise unsupported() from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise damaged() from None
    content_type = IMAGE_FORMATS[image.format]
    upright = ImageOps.exif_transpose(image)  # the picture as the camera meant it
    pixels = _pixels_only(upright)
    return Checked(
        "image", content_type, _encode(pixels, image.format), thumbnail=_thumbnail(pixels),
        width=pixels.width, height=pixels.height,
    )  # fmt: skip


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding the pixels and nothing else (its `info` is empty)."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, image_format: str) -> bytes:
    out = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    elif image_format == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> bytes:
    small = image.copy()
    small.thumbnail(THUMBNAIL_BOX)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=80)
    return out.getvalue()


def unsupported() -> AttachmentRejected:
    return AttachmentRejected(
        "unsupported_type", gettext("Only PNG, JPEG or WebP images and PDF files can be sent.")
    )


def damaged() -> AttachmentRejected:
    return AttachmentRejected("damaged", gettext("The file is damaged or incomplete."))


def too_many_pixels() -> AttachmentRejected:
    return AttachmentRejected(
        "too_many_pixels", gettext("The image has too many pixels to be shown.")
    )
