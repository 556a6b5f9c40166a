"""Demo step for `seed_demo`: train the assistant on the default intents, so the
first chat message does not wait for training."""

from assistant.models import TriageModelVersion
from assistant.training import train_from_intents


def seed(*, customers, staff, stdout):
    if TriageModelVersion.objects.exists():
        return
    version = train_from_intents()
    stdout.write(
        f"Assistant trained on {version.example_count} examples of {version.intent_count} intents."
    )
