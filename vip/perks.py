"""A plan's perks as customers read them. They are written with placeholders for the
guarantee ("A person within {guarantee}, day and night"), so that the text follows
the guarantee when it is edited, and a time written out is refused when the plan is
saved: it would go stale."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.placeholders import fill, unknown_placeholders, unknown_placeholders_message

PLACEHOLDERS = {
    "guarantee": _("the guaranteed time in words, e.g. 15 minutes or 1 hour"),
    "minutes": _("the guaranteed minutes as a number, e.g. 15"),
}
HELP_TEXT = _(
    "One per line, shown on the pricing page. Write {guarantee} where the guaranteed "
    "time goes, e.g. “A person within {guarantee}, day and night”: the text follows "
    "the guarantee."
)
# "15 minutes", "10 min", "2 hours", "1 hr": a time written out rather than {guarantee}.
STATED_TIME = re.compile(r"\b\d+\s*(?:minutes?|mins?|hours?|hrs?)\b", re.IGNORECASE)


def duration_words(minutes) -> str:
    """`15` -> `15 minutes`, `240` -> `4 hours`, `90` -> `1 hour 30 minutes` (in the
    active language)."""
    hours, rest = divmod(int(minutes), 60)
    parts = []
    if hours:
        parts.append(ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours})
    if rest or not hours:
        parts.append(ngettext("%(count)s minute", "%(count)s minutes", rest) % {"count": rest})
    return " ".join(parts)


def perk_lines(perks: str, *, guaranteed_minutes: int) -> list[str]:
    values = {"guarantee": duration_words(guaranteed_minutes), "minutes": str(guaranteed_minutes)}
    return [fill(line.strip(), values) for line in perks.splitlines() if line.strip()]


def validate_perks(perks: str) -> None:
    unknown = unknown_placeholders(perks, PLACEHOLDERS)
    if unknown:
        raise ValidationError(unknown_placeholders_message(unknown, PLACEHOLDERS))
    stated = STATED_TIME.search(perks)
    if stated:
        raise ValidationError(
            gettext(
                "“%(time)s” would stay as written when the guarantee changes: write "
                "{guarantee} instead, e.g. “A person within {guarantee}, day and night”."
            )
            % {"time": stated.group(0)}
        )
