import pytest
from django.utils.functional import empty

from attachments.models import ATTACHMENT_STORAGE


@pytest.fixture(autouse=True)
def attachment_folder(settings, tmp_path):
    """Each test's files in a folder of its own."""
    folder = tmp_path / "attachments"
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    ATTACHMENT_STORAGE._wrapped = empty  # looked up again, from the setting above
    yield folder
    ATTACHMENT_STORAGE._wrapped = empty
