"""Sentiment in -1..1: strong anger well below -0.6, plain questions at 0, and the
order between them; negation, intensifiers, capitals and exclamation marks."""

import pytest

from assistant.triage import sentiment


@pytest.mark.parametrize(
    "text",
    [
        "This is absolutely unacceptable, you stole my money!!!",
        "You are a bunch of thieves and liars",
        "This is useless and I am furious",
        "WORST SERVICE EVER, TOTAL SCAM",
        "I am sick and tired of this disgraceful nonsense!!",
        "fucking useless bot",
    ],
)
def test_strong_anger_is_below_minus_point_six(text):
    assert sentiment(text) < -0.6


@pytest.mark.parametrize(
    "text",
    [
        "When is my next payment due?",
        "Where is my refund?",
        "I want to change my address",
        "Someone used my card",
        "Is a human reviewing my refund?",
        "hello",
        "",
    ],
)
def test_plain_questions_are_neutral(text):
    assert abs(sentiment(text)) < 0.3


@pytest.mark.parametrize(
    "text",
    ["Thanks so much, that was really helpful!", "Great, you sorted it quickly", "thank you"],
)
def test_thanks_and_praise_are_positive(text):
    assert sentiment(text) > 0.3


def test_messages_are_ordered_from_furious_to_delighted():
    ordered = [
        "This is absolutely unacceptable, you stole my money!!!",
        "This is ridiculous, still no refund",
        "That is a bit annoying",
        "When is my next payment due?",
        "ok thanks",
        "Thank you so much, you were brilliant!!",
    ]

    scores = [sentiment(text) for text in ordered]

    assert scores == sorted(scores)


def test_negation_turns_a_feeling_around():
    assert sentiment("I am happy with the service") > 0
    assert sentiment("I am not happy with the service") < 0
    assert sentiment("the app is not bad") > 0
    assert sentiment("the app isn't great") < 0


def test_intensifiers_raise_and_softeners_lower():
    plain = sentiment("this is annoying")

    assert sentiment("this is extremely annoying") < plain < sentiment("this is a bit annoying")


def test_capitals_and_exclamation_marks_are_emphasis():
    plain = sentiment("this is terrible")

    assert sentiment("this is TERRIBLE") < plain
    assert sentiment("this is terrible!!!") < plain
    assert sentiment("I am NOT happy") < sentiment("I am not happy")


def test_the_part_after_but_weighs_more():
    assert sentiment("the app is great but the support is terrible") < 0
    assert sentiment("the support is terrible but the app is great") > 0


def test_scores_stay_within_minus_one_and_one():
    worst = "TERRIBLE HORRIBLE DISGUSTING SCAM THIEVES LIARS!!!!!!!! " * 20
    best = "great wonderful amazing brilliant perfect thanks!!!!!!! " * 20

    assert -1.0 <= sentiment(worst) < -0.99
    assert 0.99 < sentiment(best) <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "i cant cope anymore with these payments",
        "everything is falling apart and i dont see a way out",
        "im in tears over this debt, I'm at breaking point",
    ],
)
def test_strong_distress_reads_as_strongly_negative(text):
    # Below the default "Strong negative sentiment" rule's -0.6: a person takes over.
    assert sentiment(text) < -0.6


def test_a_topic_named_twice_counts_once():
    # Found by the twenty-third set: an annoyed customer asking why a payment failed went
    # to a person through the "Strong negative sentiment" rule, the failure counted twice.
    asked = "My bike payment FAILED?? I'm sure there was money in my account. why did it fail"

    assert -0.6 < sentiment(asked) < -0.3
    assert sentiment("my payment failed and failed again") == sentiment("my payment failed")
    assert sentiment("it FAILED, this is useless and I am furious") < -0.6


@pytest.mark.parametrize(
    "text",
    [
        "i really cant do this anymore. the bike payment failed, im behind on everything else "
        "too and honestly i dont see the point of anything right now",
        "I can't go on like this",
    ],
)
def test_despair_reads_as_strongly_negative(text):
    # Found by the twenty-fifth set: despair in words the lexicon did not know.
    assert sentiment(text) < -0.6
