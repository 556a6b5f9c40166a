"""Intents staff edit in the admin train the triage; processes switch to the new
model without a gap."""

import pytest
from django.core.management import CommandError, call_command

from assistant.defaults import INTENTS, install_defaults
from assistant.models import Intent, TriageModelVersion
from assistant.training import forget_served_model, served_triage, train_from_intents


@pytest.fixture
def intents(db):
    install_defaults()
    forget_served_model()


def test_the_first_message_trains_a_model_when_none_exists(intents):
    assert not TriageModelVersion.objects.exists()

    result = served_triage("where is my refund?")

    assert result.intent == "refund_status"
    assert TriageModelVersion.objects.count() == 1


def test_saving_an_intent_in_the_admin_retrains(intents, client, superuser):
    client.force_login(superuser)
    examples = "\n".join(
        ["where can I park", "is there parking", "parking near the shop", "car park hours"]
    )

    response = client.post(
        "/admin/assistant/intent/add/",
        {"name": "parking", "route": "ROUTINE", "examples": examples, "is_active": "on"},
        follow=True,
    )

    assert f"The assistant now uses {len(INTENTS) + 1} intents" in response.content.decode()
    assert served_triage("is there a car park near you").intent == "parking"


def test_the_retrain_action_and_command_make_a_new_version(intents, client, superuser):
    train_from_intents()
    client.force_login(superuser)
    first = Intent.objects.first()

    client.post("/admin/assistant/intent/", {"action": "retrain", "_selected_action": [first.pk]})
    call_command("train_assistant", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert TriageModelVersion.objects.count() == 3


def test_training_with_too_few_intents_says_so(db):
    Intent.objects.exclude(name="greeting").update(is_active=False)

    with pytest.raises(CommandError, match="at least two active intents"):
        call_command("train_assistant")


def test_a_process_keeps_its_model_until_a_newer_version_is_saved(intents):
    train_from_intents()
    before = served_triage("hello")

    Intent.objects.filter(name="greeting").update(is_active=False)  # no retrain yet

    assert served_triage("hello") == before
