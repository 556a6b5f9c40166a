"""Which language a message is in: English, Swedish and German on short, typo-ridden
chat messages; Danish and Norwegian read as Swedish; other languages as OTHER, unless the
message is too short to tell (then it is never turned away)."""

import csv
from pathlib import Path

import pytest

from assistant.language import ENGLISH, GERMAN, OTHER, SWEDISH, answered_language, language_of

LABELLED = Path(__file__).resolve().parents[2] / "bench" / "data" / "language_messages.csv"


def test_on_the_labelled_messages_every_answered_language_is_read_right_nearly_always():
    rows = list(csv.DictReader(LABELLED.open(encoding="utf-8")))
    ours = [row for row in rows if row["language"] in (ENGLISH, SWEDISH, GERMAN)]
    others = [row for row in rows if row["language"] in ("es", "fr", "nl", "fi")]

    ours_right = sum(language_of(row["text"]) == row["language"] for row in ours)
    others_turned = sum(language_of(row["text"]) == OTHER for row in others)

    assert ours_right == len(ours)
    assert others_turned >= len(others) - 1  # a two-word Finnish message is answered in English


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("hur mycket är kvar på ikea-köpet?", SWEDISH),
        ("nar ar min nasta betalning", SWEDISH),
        ("wann ist meine nächste Rate fällig?", GERMAN),
        ("Ich will mit einem Menschen sprechen", GERMAN),
        ("wen is nxt paymnt for DEMO-011", ENGLISH),
        ("hvornår er min næste betaling", SWEDISH),  # Danish: a Swedish answer is read
        ("når er min neste betaling", SWEDISH),  # Norwegian, likewise
        ("cuándo es mi próximo pago", OTHER),
        ("je veux parler à un conseiller", OTHER),
    ],
)
def test_a_message_is_read_in_its_language(text, language):
    assert language_of(text) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a few words, each one our customers write in English: read as Polish at 0.50
        ("total i owe?", ENGLISH),
        ("cuanto debo todavia", OTHER),  # a few words, not English ones
        ("¿cuáles son mis compras?", OTHER),  # an English example, but not English
        ("me robaron la tarjeta", OTHER),
    ],
)
def test_a_customers_few_english_words_are_english_unless_another_language_is_sure(text, language):
    for page in (ENGLISH, SWEDISH, GERMAN):
        assert language_of(text, default=page) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [("hej", SWEDISH), ("danke", GERMAN), ("thx", ENGLISH), ("gracias", ENGLISH),
     ("och zalando?", SWEDISH), ("und bei otto?", GERMAN), ("H&M?", ENGLISH),
     ("DEMO-011", ENGLISH), ("", ENGLISH)],
)  # fmt: skip
def test_a_message_of_a_word_or_two_is_never_turned_away(text, language):
    assert language_of(text) == language


def test_a_django_language_code_is_read_as_one_of_ours_or_english():
    assert [answered_language(code) for code in ("sv", "de-at", "en-gb", "fr", None)] == [
        SWEDISH, GERMAN, ENGLISH, ENGLISH, ENGLISH
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["help", "status DEMO-192", "order status", "faktura", "Zalando?"])
def test_a_message_too_short_to_tell_is_in_the_language_of_the_customers_page(text):
    assert [language_of(text, default=page) for page in (ENGLISH, SWEDISH, GERMAN)] == [
        ENGLISH,
        SWEDISH,
        GERMAN,
    ]


def test_a_short_message_in_a_word_only_one_language_uses_keeps_its_language():
    assert language_of("hjälp", default=GERMAN) == SWEDISH
    assert language_of("Rückerstattung", default=SWEDISH) == GERMAN
    assert language_of("danke", default=ENGLISH) == GERMAN
