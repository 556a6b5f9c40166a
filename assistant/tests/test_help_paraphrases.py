"""Help-center retrieval as customers ask: their own words find the article that
answers them, the hit quotes the paragraph that answers, and a question no article
answers finds nothing, so the assistant says it does not know. The figures over many
more questions are in bench/help_bench.py."""

import pytest

from assistant.answers import DONT_KNOW, help_answer
from assistant.defaults import install_defaults
from assistant.help import search_articles


@pytest.fixture
def help_center(db):
    install_defaults()


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("I want my money back", "refunds"),
        ("my card got nicked", "lost-or-stolen-card"),
        ("the item came broken", "disputes"),
        ("can i push back the due date", "change-payment-date"),
        ("what happens if i miss a payment", "late-or-failed-payments"),
        ("i cant log in i dont remember my password", "update-your-details"),
        ("how much does vip cost", "vip"),
        ("i dont recognise this payment", "suspected-fraud"),
        ("remove all my data", "close-your-account"),
        ("the shoes dont fit how do i return them", "returns"),
        ("is there a phone number or email to reach you", "talk-to-a-human"),
        ("can i pay with paypal", "how-to-pay"),
        ("im broke", "financial-difficulty"),
    ],
)
def test_a_paraphrase_finds_the_article_that_answers_it(help_center, question, slug):
    assert search_articles(question)[0].slug == slug


@pytest.mark.parametrize(
    "question",
    [
        "does paying later affect my credit score",
        "what's the weather in Paris",
        "can i get a loan from you",
        "do you have a mobile app",
        "who won the football last night",
    ],
)
def test_a_question_no_article_answers_finds_nothing(help_center, question):
    assert search_articles(question) == []


@pytest.mark.parametrize(
    ("question", "passage"),
    [
        ("how much is the late fee", "we add a late fee of EUR 5"),
        ("what are your bank details for a transfer", "Ask us for our bank details"),
        ("how long can you pause my payments if money is tight", "for up to 30 days"),
        ("how long do i have to add a new card after losing mine", "You have 14 days"),
    ],
)
def test_the_hit_quotes_the_paragraph_that_answers(help_center, question, passage):
    assert passage in search_articles(question)[0].excerpt


def as_tool_result(hits) -> dict:
    return {
        "articles": [
            {"title": hit.title, "url": hit.url, "summary": hit.summary, "excerpt": hit.excerpt}
            for hit in hits
        ]
    }


def test_the_assistant_quotes_the_passage_with_a_link(help_center):
    hits = search_articles("how much is the late fee")

    answer = help_answer(as_tool_result(hits))

    assert hits[0].excerpt in answer
    assert "/help/late-or-failed-payments/" in answer


def test_the_assistant_says_it_does_not_know_when_nothing_matches(help_center):
    hits = search_articles("does paying later affect my credit score")

    assert help_answer(as_tool_result(hits)) == DONT_KNOW
