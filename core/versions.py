"""Versions of dependencies whose security fixes the site relies on, checked at start-up."""

import re
from importlib.metadata import version as installed_version

from django.core.exceptions import ImproperlyConfigured

# daphne 4.2.2 caps websocket frames at 1 MiB and rejects smuggled handshake headers;
# nothing in our code repeats either defence.
DAPHNE_MINIMUM = (4, 2, 2)


def release(version: str) -> tuple[int, ...]:
    """'4.2.3' -> (4, 2, 3). Anything but dotted numbers (a pre-release such as
    '4.2.2rc1', a local build) gives (), which is below every minimum."""
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        return ()
    return tuple(int(part) for part in version.split("."))


def require_safe_daphne(version: str | None = None) -> None:
    """ImproperlyConfigured unless daphne (the installed one by default) is at least
    DAPHNE_MINIMUM."""
    version = version or installed_version("daphne")
    if release(version) < DAPHNE_MINIMUM:
        minimum = ".".join(map(str, DAPHNE_MINIMUM))
        raise ImproperlyConfigured(
            f"daphne {version} is installed; supportsite needs daphne {minimum} or newer "
            "(websocket frames capped at 1 MiB, smuggled handshake headers rejected): "
            "pip install -r requirements.txt"
        )
