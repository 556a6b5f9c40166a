"""Text staff write once with `{name}` placeholders, filled in where it is used: a
canned reply with the customer's first name, a plan's perk with its guarantee.

Only a `{name}` of the caller's fixed set is replaced, by plain text. Nothing is
looked up from the name: `str.format` would read `{ticket.customer.password}` or
`{agent.__class__}`, and a format spec could build a huge string; here those are
just text that the check below refuses when the text is saved."""

import re
from collections.abc import Iterable, Mapping

from django.utils.translation import ngettext

# Anything in braces on one line: `{first_name}`, but also the mistakes to refuse,
# `{first name}`, `{ticket.id}`, `{0}`.
BRACED = re.compile(r"\{([^{}\n]{0,60})\}")


def unknown_placeholders(text: str, known: Iterable[str]) -> list[str]:
    """The braced names in `text` that are not in `known`, as written, each once."""
    known = set(known)
    found = []
    for match in BRACED.finditer(text):
        if match.group(1) not in known and match.group(0) not in found:
            found.append(match.group(0))
    return found


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` of `values` replaced by its value; any other braces
    are left as written."""
    return BRACED.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def unknown_placeholders_message(unknown: list[str], known: Mapping[str, str]) -> str:
    """What to tell the person who wrote them: which are unknown, and what may be used."""
    listed = ", ".join(unknown)
    usable = "; ".join(f"{{{name}}} ({meaning})" for name, meaning in known.items())
    return ngettext(
        "Unknown placeholder: %(listed)s. You can use %(usable)s.",
        "Unknown placeholders: %(listed)s. You can use %(usable)s.",
        len(unknown),
    ) % {"listed": listed, "usable": usable}
