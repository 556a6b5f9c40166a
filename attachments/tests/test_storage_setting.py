"""The storage of attachments is chosen by the environment, and a malformed option
stops start-up naming the variable."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SHOW = "from django.conf import settings; print(settings.STORAGES['attachments'])"


def settings_with(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={"DJANGO_SETTINGS_MODULE": "supportsite.settings", "PATH": "/usr/bin:/bin",
             "DATA_DIR": str(ROOT / "var"), **env},
    )  # fmt: skip


def test_by_default_files_are_kept_in_the_data_folder_owner_only():
    started = settings_with()
    assert started.returncode == 0, started.stderr
    assert "FileSystemStorage" in started.stdout
    assert f"{ROOT / 'var' / 'attachments'}" in started.stdout
    assert "'file_permissions_mode': 384" in started.stdout  # 0o600


@pytest.mark.parametrize("raw", ["not json", "[1, 2]"])
def test_malformed_options_stop_start_up_naming_the_variable(raw):
    started = settings_with(ATTACHMENT_STORAGE_OPTIONS=raw)
    assert started.returncode != 0
    assert "ATTACHMENT_STORAGE_OPTIONS must be a JSON object" in started.stderr


def test_another_backend_gets_its_options():
    started = settings_with(
        ATTACHMENT_STORAGE="django.core.files.storage.InMemoryStorage",
        ATTACHMENT_STORAGE_OPTIONS='{"base_url": "/nowhere/"}',
    )
    assert started.returncode == 0, started.stderr
    assert "InMemoryStorage" in started.stdout
    assert "'base_url': '/nowhere/'" in started.stdout
