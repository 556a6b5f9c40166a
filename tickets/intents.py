"""The intents an escalation rule may name: those triage can find.

Triage belongs to the assistant app, which tickets does not import; the assistant
registers where its intents come from at start-up (assistant.apps), as vip registers
its service levels with tickets.sla. Without a registered source (tickets alone),
names are not checked."""

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

# () -> [(name, label)], read when asked: staff add intents while the site runs.
IntentSource = Callable[[], Iterable[tuple[str, str]]]
_sources: list[IntentSource] = []


def register_intent_source(source: IntentSource) -> None:
    if source not in _sources:
        _sources.append(source)


def known_intents() -> dict[str, str] | None:
    """name -> label of every intent triage knows, or None when no app registered
    a source."""
    if not _sources:
        return None
    return {name: label for source in _sources for name, label in source()}


def validate_known_intents(names: Iterable[str], known: dict[str, str] | None = None) -> None:
    """Refuse names triage never gives: a rule naming one would never match."""
    known = known_intents() if known is None else known
    if known is None:
        return
    unknown = [name for name in names if name not in known]
    if unknown:
        listed = ", ".join(f"“{name}”" for name in unknown)
        raise ValidationError(
            gettext(
                "The assistant knows no intent %(intents)s: choose from its intents (admin → "
                "Intents), or add the intent there first."
            )
            % {"intents": listed}
        )
