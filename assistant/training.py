"""Training the triage from the intents staff edit, and serving the newest model.

Training writes a new TriageModelVersion; every process keeps serving the model it
has until it sees a newer version (it looks at most every RELOAD_SECONDS), so a
retrain never leaves a gap. The stored bytes come only from `train_from_intents`.
"""

import logging
import time

from django.db import transaction
from django.utils.translation import gettext

from assistant.language import ENGLISH, language_of
from assistant.models import Intent, TriageModelVersion, example_lines
from assistant.triage import TriageModel
from core.kept import KeptForAWhile

logger = logging.getLogger(__name__)

RELOAD_SECONDS = 10.0


class NotEnoughExamples(ValueError):
    pass


def train_from_intents() -> TriageModelVersion:
    version, model = train_version(Intent, TriageModelVersion)
    _loaded.update(version_id=version.pk, model=model)  # no need to load what we made
    _served.keep(model)
    return version


def train_version(intent_model, version_model):
    """Train on the active intents and store the result as the newest version. The
    model classes are passed in so that a migration can train with its own."""
    intents = list(intent_model.objects.filter(is_active=True))
    examples = [
        (line, intent.name) for intent in intents for line in example_lines(intent.examples)
    ]
    if len({name for _, name in examples}) < 2:
        raise NotEnoughExamples(
            gettext("The assistant needs at least two active intents with examples.")
        )
    started = time.perf_counter()
    model = train_triage(examples, {intent.name: intent.route for intent in intents})
    seconds = time.perf_counter() - started
    with transaction.atomic():
        version = version_model.objects.create(
            intent_count=len(intents),
            example_count=len(examples),
            train_seconds=round(seconds, 3),
            data=model.to_bytes(),
        )
    logger.info(
        "triage trained: %s intents, %s examples, %.2f s", len(intents), len(examples), seconds
    )
    return version, model


def train_triage(examples: list[tuple[str, str]], routes: dict[str, str]) -> TriageModel:
    """The triage of these (text, intent) examples: the English ones held out in turn to
    calibrate it and measure it, the others (Swedish, German) learnt in every fold
    (TriageModel.train's never_held_out)."""
    english = [(text, intent) for text, intent in examples if language_of(text) == ENGLISH]
    others = [(text, intent) for text, intent in examples if language_of(text) != ENGLISH]
    return TriageModel.train(english, routes, never_held_out=others)


# The model this process answers with: the newest version, looked for at most every
# RELOAD_SECONDS (core.kept; a version trained in this process counts at once). A
# version's bytes are loaded once, when it first becomes the newest.
_loaded: dict = {"version_id": None, "model": None}


def _newest_model() -> TriageModel:
    newest_first = TriageModelVersion.objects.order_by("-created_at", "-id")
    latest = newest_first.values_list("pk", flat=True).first()
    if latest is None:
        train_from_intents()  # the very first message: nothing trained yet
        return _newest_model()
    if latest != _loaded["version_id"]:
        data = TriageModelVersion.objects.values_list("data", flat=True).get(pk=latest)
        _loaded.update(version_id=latest, model=TriageModel.from_bytes(bytes(data)))
    return _loaded["model"]


_served = KeptForAWhile(_newest_model, seconds=RELOAD_SECONDS, model=TriageModelVersion)


def served_triage(text: str):
    """Triage one message with the newest trained model."""
    return _served.get().triage(text)


def load_served_model() -> None:
    """Load the newest trained model now (assistant.warm_up), if there is one: training
    the very first is left to the first message, as before."""
    if TriageModelVersion.objects.exists():
        _served.get()


def served_triage_if_fresh():
    """The served triage as a function that needs no database, or None when it is
    time to look for a newer model (then use served_triage, off the event loop)."""
    model = _served.fresh()
    if model is None:
        return None
    return model.triage


def forget_served_model() -> None:
    """Drop the cached model (tests; after restoring a database)."""
    _loaded.update(version_id=None, model=None)
    _served.forget()
