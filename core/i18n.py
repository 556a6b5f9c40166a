"""Text written in the reader's language when it is read, not when it is made."""

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy


def _interpolated(message, values: dict) -> str:
    # `%` on the message itself, so that an ngettext_lazy picks its plural by a value.
    return message % {
        key: str(value) if isinstance(value, Promise) else value for key, value in values.items()
    }


_interpolated_lazy = lazy(_interpolated, str)


def interpolate_lazy(message, /, **values):
    """`message` (a gettext_lazy or ngettext_lazy text with %(name)s placeholders, or a
    plain one) filled in with `values` (lazy texts among them) each time it is turned
    into a string, in the language active then: one text that each recipient reads in
    their own language."""
    return _interpolated_lazy(message, values)


def in_each_language(text) -> dict[str, str]:
    """`text` (lazy) as each language the site offers writes it: for a broadcast to
    staff who read different ones, each socket showing its own
    (tickets.chat_protocol.in_socket_language)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text)
    return texts
