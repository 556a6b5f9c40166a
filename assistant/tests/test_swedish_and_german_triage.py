"""The default intents teach the triage Swedish and German as customers write them:
routine questions are kept, what a person must handle goes to one. None of these
messages is an example."""

import pytest

from assistant.tests.conftest import is_a_default_example

ROUTINE_MESSAGES = [
    ("när dras nästa betalning för ikea?", "next_payment"),
    ("hur mycket ska jag betala härnäst", "next_payment"),
    ("wann wird die nächste rate für otto abgebucht", "next_payment"),
    ("har jag missat nån betalning?", "payment_status"),
    ("ist bei mir was überfällig", "payment_status"),
    ("hur mkt är kvar på decathlon", "balance"),
    ("wieviel muss ich bei mediamarkt noch zahlen", "balance"),
    ("vilka köp har jag hos er just nu", "purchases"),
    ("welche bestellungen laufen noch", "purchases"),
    ("har ni skickat tillbaka pengarna för zalando", "refund_status"),
    ("wo ist mein geld von nike", "refund_status"),
    ("kan man betala med swish?", "how_to_pay"),
    ("gibt es mahngebühren?", "fees"),
    ("vad blir vädret i göteborg", "oos"),
]
HUMAN_MESSAGES = [
    ("jag vill snacka med en människa", "human_agent"),
    ("kann ich bitte mit einem echten menschen reden", "human_agent"),
    ("någon har handlat med mitt kort", "fraud"),
    ("jemand hat mit meinem konto bestellt", "fraud"),
    ("tappade kortet på tåget", "lost_card"),
    ("meine karte ist weg, geklaut", "lost_card"),
    ("blev uppsagd och har inga pengar till räkningarna", "hardship"),
    ("ich kann die rate diesen monat nicht bezahlen", "hardship"),
    ("paketet kom aldrig och butiken svarar inte", "dispute"),
    ("mein vater ist verstorben", "bereavement"),
    ("jag ska anmäla er till arn", "legal"),
    ("stornieren sie bitte meine restlichen zahlungen", "account_action"),
]


def test_no_message_here_is_an_example():
    for text, _ in ROUTINE_MESSAGES + HUMAN_MESSAGES:
        assert not is_a_default_example(text), text


@pytest.mark.parametrize(("text", "intent"), ROUTINE_MESSAGES)
def test_routine_questions_in_swedish_and_german_are_kept(default_triage, text, intent):
    result = default_triage.triage(text)

    assert result.intent == intent
    assert not result.needs_person


@pytest.mark.parametrize(("text", "intent"), HUMAN_MESSAGES)
def test_what_a_person_must_handle_in_swedish_and_german_goes_to_one(default_triage, text, intent):
    assert default_triage.triage(text).needs_person
