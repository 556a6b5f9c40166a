"""Training the triage from the intents staff edit, and serving the newest model.

Training writes a new TriageModelVersion; every process keeps serving the model it
has until it sees a newer version (it looks at most every RELOAD_SECONDS), so a
retrain never leaves a gap. The stored bytes come only from `train_from_intents`.
"""

import logging
import threading
import time

from django.db import transaction

from assistant.models import Intent, TriageModelVersion
from assistant.triage import TriageModel

logger = logging.getLogger(__name__)

RELOAD_SECONDS = 10.0


class NotEnoughExamples(ValueError):
    pass


def train_from_intents() -> TriageModelVersion:
    intents = list(Intent.objects.filter(is_active=True))
    examples = [(line, intent.name) for intent in intents for line in intent.example_lines()]
    if len({name for _, name in examples}) < 2:
        raise NotEnoughExamples("The assistant needs at least two active intents with examples.")
    started = time.perf_counter()
    model = TriageModel.train(examples, {intent.name: intent.route for intent in intents})
    seconds = time.perf_counter() - started
    with transaction.atomic():
        version = TriageModelVersion.objects.create(
            intent_count=len(intents),
            example_count=len(examples),
            train_seconds=round(seconds, 3),
            data=model.to_bytes(),
        )
    logger.info(
        "triage trained: %s intents, %s examples, %.2f s", len(intents), len(examples), seconds
    )
    _served.replace(version.pk, model)
    return version


class _Served:
    """The model this process answers with, and when it last looked for a newer one."""

    def __init__(self):
        self.lock = threading.Lock()
        self.version_id = None
        self.model = None
        self.checked_at = 0.0

    def replace(self, version_id, model):
        with self.lock:
            self.version_id, self.model, self.checked_at = version_id, model, time.monotonic()

    def current(self) -> TriageModel:
        with self.lock:
            if self._usable_without_looking():
                return self.model
            latest = (
                TriageModelVersion.objects.order_by("-created_at", "-id")
                .values_list("pk", flat=True)
                .first()
            )
            self.checked_at = time.monotonic()
            if latest is not None and latest != self.version_id:
                data = TriageModelVersion.objects.values_list("data", flat=True).get(pk=latest)
                self.version_id, self.model = latest, TriageModel.from_bytes(bytes(data))
            if self.model is not None:
                return self.model
        train_from_intents()  # the very first message: nothing trained yet
        return self.current()

    def fresh(self) -> TriageModel | None:
        """The model, if it can be used without the database: loaded, and looked
        for a newer one recently."""
        with self.lock:
            return self.model if self._usable_without_looking() else None

    def _usable_without_looking(self) -> bool:
        return self.model is not None and time.monotonic() - self.checked_at < RELOAD_SECONDS

    def forget(self):
        self.replace(None, None)
        self.checked_at = 0.0


_served = _Served()


def served_triage(text: str):
    """Triage one message with the newest trained model."""
    return _served.current().triage(text)


def served_triage_if_fresh():
    """The served triage as a function that needs no database, or None when it is
    time to look for a newer model (then use served_triage, off the event loop)."""
    model = _served.fresh()
    if model is None:
        return None
    return model.triage


def forget_served_model() -> None:
    """Drop the cached model (tests; after restoring a database)."""
    _served.forget()
