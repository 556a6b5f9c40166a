"""daphne 4.2.2 caps websocket frames at 1 MiB and rejects smuggled handshake headers:
the site must never run on an older one."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.versions import release, require_safe_daphne

ROOT = Path(__file__).resolve().parents[2]


def test_installed_daphne_is_at_least_4_2_2():
    installed = version("daphne")

    assert release(installed) >= (4, 2, 2), f"daphne {installed} is installed"


@pytest.mark.parametrize("older", ["4.2.1", "4.2", "4.1.2", "3.0.2", "4.2.2rc1", "4.2.2.dev0"])
def test_an_older_daphne_or_a_pre_release_is_refused(older):
    with pytest.raises(ImproperlyConfigured, match=f"daphne {older} is installed"):
        require_safe_daphne(older)


@pytest.mark.parametrize("newer", ["4.2.2", "4.2.3", "4.3", "5.0.0"])
def test_daphne_4_2_2_or_newer_is_accepted(newer):
    require_safe_daphne(newer)


def test_the_asgi_app_refuses_to_start_on_an_older_daphne():
    pretend_4_2_1 = (
        "import importlib.metadata as m; real = m.version; "
        "m.version = lambda name: '4.2.1' if name == 'daphne' else real(name); "
        "import supportsite.asgi"
    )
    result = subprocess.run(
        [sys.executable, "-c", pretend_4_2_1],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: daphne 4.2.1 is installed" in result.stderr
