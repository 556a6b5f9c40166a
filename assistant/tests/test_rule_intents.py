"""An escalation rule's intents are ticked among those the assistant knows (its
Intent rows, registered with tickets.intents at start-up), and a name triage never
gives is refused, in the admin's form and by the check anyone else calls."""

import pytest
from django.core.exceptions import ValidationError

from assistant.defaults import install_defaults as install_assistant_defaults
from assistant.models import Intent
from tickets.admin_forms import EscalationRuleForm
from tickets.intents import known_intents, validate_known_intents
from tickets.models import EscalationRule

RULES_URL = "/admin/tickets/escalationrule/"
REFUSAL = (
    "The assistant knows no intent {}: choose from its intents (admin → Intents), or add "
    "the intent there first."
)


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    install_assistant_defaults()
    client.force_login(supervisor)
    return client


def rule_data(**fields):
    return {"name": "Fees to a person", "position": "60", "is_active": "on", "hand_off": "on",
            **fields}  # fmt: skip


def form_errors(response):
    assert response.status_code == 200, "the form should have been refused"
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def test_the_rule_form_offers_every_intent_the_assistant_knows(supervisor_client):
    html = supervisor_client.get(RULES_URL + "add/").content.decode()

    for name in Intent.objects.values_list("name", flat=True):
        assert f'value="{name}"' in html
    assert "fraud: " in html  # with what it is about


def test_a_supervisor_saves_a_rule_with_intents_ticked_from_the_list(supervisor_client):
    response = supervisor_client.post(RULES_URL + "add/", rule_data(intents=["fees", "complaint"]))

    assert response.status_code == 302
    assert EscalationRule.objects.get(name="Fees to a person").intents == ["fees", "complaint"]


@pytest.mark.parametrize("intent", ["fees_and_more", '["fees"]', "FEES", ""])
def test_an_intent_the_assistant_does_not_know_is_refused_saying_where_they_are(
    supervisor_client, intent
):
    response = supervisor_client.post(RULES_URL + "add/", rule_data(intents=["fees", intent]))

    assert form_errors(response) == [REFUSAL.format(f"“{intent}”")]
    assert not EscalationRule.objects.filter(name="Fees to a person").exists()


def test_an_intent_added_in_the_admin_can_be_chosen_at_once(supervisor_client):
    Intent.objects.create(name="crypto", description="Paying with crypto", examples="a\nb\nc")

    response = supervisor_client.post(RULES_URL + "add/", rule_data(intents=["crypto"]))

    assert response.status_code == 302
    assert "crypto" in known_intents()


def test_a_rule_naming_an_intent_since_deleted_shows_it_and_must_drop_it(supervisor_client):
    rule = EscalationRule.objects.create(name="Old", intents=["fees", "gone_intent"], hand_off=True)
    url = f"{RULES_URL}{rule.pk}/change/"

    page = supervisor_client.get(url).content.decode()
    kept = supervisor_client.post(url, rule_data(name="Old", intents=["fees", "gone_intent"]))
    dropped = supervisor_client.post(url, rule_data(name="Old", intents=["fees"]))

    assert "gone_intent (unknown to the assistant)" in page
    assert form_errors(kept) == [REFUSAL.format("“gone_intent”")]
    assert dropped.status_code == 302
    rule.refresh_from_db()
    assert rule.intents == ["fees"]


def test_the_form_refuses_an_unknown_intent_however_it_is_sent(supervisor_client):
    form = EscalationRuleForm(data=rule_data(intents=["fees", "nonsense"]))

    assert not form.is_valid()
    assert form.errors["intents"] == [REFUSAL.format("“nonsense”")]


def test_the_check_others_call_refuses_unknown_names_and_passes_known_ones(db):
    install_assistant_defaults()
    validate_known_intents(["fraud", "oos"])

    with pytest.raises(ValidationError) as refused:
        validate_known_intents(["fraud", "made_up", "also_made_up"])

    assert refused.value.messages == [REFUSAL.format("“made_up”, “also_made_up”")]
