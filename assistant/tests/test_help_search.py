"""Help-center retrieval: relevant articles best first with their best paragraph,
nothing for unrelated questions, a refit only when articles change, and no surprises
from odd input."""

import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assistant import help
from assistant.defaults import install_defaults
from assistant.help import ArticleHit, HelpIndex, Spelling, help_index, search_articles
from assistant.models import Article


@pytest.fixture
def help_center(db):
    install_defaults()


def test_a_refund_question_finds_the_refund_article_and_its_best_paragraph(help_center):
    hits = search_articles("how long does a refund take")

    assert hits[0].slug == "refunds"
    assert hits[0].url == "/help/refunds/"
    assert "5 to 10 working days" in hits[0].excerpt
    assert 0 < hits[0].score <= 1
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("my card was stolen", "lost-or-stolen-card"),
        ("is there a late fee?", "late-or-failed-payments"),
        ("can I move my payment date", "change-payment-date"),
        ("someone used my account", "suspected-fraud"),
        ("I lost my job and can't pay", "financial-difficulty"),
        ("can I speak to a human", "talk-to-a-human"),
        ("how do I close my account", "close-your-account"),
    ],
)
def test_questions_find_the_article_that_answers_them(help_center, question, slug):
    assert search_articles(question)[0].slug == slug


@pytest.mark.parametrize(
    "question", ["zebra stripes", "what is the weather in Berlin", "tell me a joke", "hello"]
)
def test_unrelated_questions_find_nothing(help_center, question):
    assert search_articles(question) == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   \n\t",
        "\x00",
        "\x00refund\x00",
        "😀🙈💸",
        "refund 😀",
        "x" * 5000,
        "refund " * 1000,
        "<script>alert(1)</script>",
        "\u202erefund\u200b",
        "ÄÖÜ éà ß",
        None,
        42,
    ],
)
def test_odd_input_never_breaks_the_search(help_center, query):
    hits = search_articles(query)

    assert isinstance(hits, list)
    assert all(isinstance(hit, ArticleHit) for hit in hits)


def test_a_question_after_context_finds_its_article(help_center):
    question = "How does returning something work when I've paid with you?"
    context = "The Sephora set my sister gave me isn't for me, wrong shade entirely."

    assert search_articles(question)[0].slug == "returns"
    assert search_articles(f"{context} {question}")[0].slug == "returns"


def test_the_limit_is_respected(help_center):
    assert len(search_articles("payment card refund fee", limit=2)) == 2
    assert search_articles("refund", limit=0) == []


def test_the_excerpt_is_one_paragraph_cut_to_300_characters(db):
    Article.objects.create(
        title="Parcels",
        body="Short intro about parcels.\n\n" + "Lost parcel advice and more words. " * 60,
    )

    hit = search_articles("lost parcel")[0]

    assert hit.excerpt.startswith("Lost parcel advice")
    assert len(hit.excerpt) <= 300
    assert hit.excerpt.endswith("…")


def test_the_index_is_reused_until_an_article_changes(help_center):
    first = help_index()

    assert help_index() is first
    article = Article.objects.get(language="en", slug="returns")
    article.body += "\n\nZebra-striped parcels go back to the shop like any other."
    article.updated_at = timezone.now()
    article.save()

    assert help_index() is not first
    assert search_articles("zebra striped parcels")[0].slug == "returns"


@pytest.mark.django_db(transaction=True)  # outside a transaction, as the chat's threads are
def test_outside_a_transaction_the_articles_are_checked_at_most_every_2_s(monkeypatch):
    install_defaults()
    first = help_index()
    with CaptureQueriesContext(connection) as queries:
        assert help_index() is first
    assert len(queries) == 0  # within 2 s of the last check

    # A change made elsewhere (another process) counts once the time is up...
    Article.objects.filter(language="en", slug="returns").update(updated_at=timezone.now())
    assert help_index() is first
    monkeypatch.setattr(help._state, "seconds", 0.0)
    assert help_index() is not first
    # ...and one saved in this process at once.
    monkeypatch.setattr(help._state, "seconds", 60.0)
    second = help_index()
    Article.objects.create(title="Paying with gift cards", body="Gift cards cannot pay.")
    assert help_index() is not second


def test_a_question_asked_again_is_answered_from_memory(help_center, monkeypatch):
    first = search_articles("how long does a refund take")
    monkeypatch.setattr(HelpIndex, "_excerpt", lambda *args: pytest.fail("searched again"))

    again = search_articles("how long does a refund take")

    assert again == first
    assert again is not first  # a list of its own for each caller


def test_a_new_article_is_found_at_once_and_an_unpublished_one_no_more(help_center):
    assert search_articles("gift cards") == []

    article = Article.objects.create(
        title="Paying with gift cards", body="Gift cards cannot pay instalments."
    )
    assert search_articles("gift cards")[0].slug == article.slug

    article.is_published = False
    article.updated_at = timezone.now()
    article.save()
    assert search_articles("gift cards") == []


def test_without_articles_nothing_is_found(db):
    Article.objects.all().delete()

    assert search_articles("refund") == []


def test_articles_of_nothing_but_stop_words_find_nothing(db):
    Article.objects.all().delete()
    Article.objects.create(title="The", slug="the", body="And the of it.")

    assert search_articles("the refund") == []


def test_hits_cannot_be_changed(help_center):
    hit = search_articles("refund")[0]

    with pytest.raises(AttributeError):
        hit.title = "Changed"


def test_a_search_takes_under_5_ms_on_50_articles(help_center):
    topics = ["parcel", "voucher", "student", "travel", "phone", "gift", "business", "holiday"]
    for number in range(50 - Article.objects.count()):
        topic = topics[number % len(topics)]
        Article.objects.create(
            title=f"{topic.title()} question {number}",
            keywords=f"{topic}, {topic}s",
            body=f"How {topic} purchases work, number {number}.\n\nMore about {topic} refunds.",
        )
    help_index()  # fit once
    questions = ["when will I get my refund", "my card was stolen", "zebra", "late fee?"] * 50

    timings = []
    for question in questions:
        started = time.perf_counter()
        search_articles(question)
        timings.append(time.perf_counter() - started)

    assert statistics.median(timings) < 0.005


@pytest.mark.parametrize(
    ("question", "topic", "slug"),
    [
        # Words alone find another article for each of these; the topic the triage
        # read them as finds the one that answers them.
        ("can i change the day my payments come out? i get paid on the 25th",
         "change_payment_date", "change-payment-date"),
        ("are there any fees for using pay later? like hidden charges",
         "fees", "late-or-failed-payments"),
        ("I'm paying for VIP every month - how quickly am I supposed to get a real person?",
         "vip", "vip"),
        # two articles on the topic, both at its floor: the words order them
        ("I got married recently and would like to change the surname on my account. How do "
         "I do that?", "account_details", "update-your-details"),
    ],
)  # fmt: skip
def test_the_topic_of_the_question_brings_its_article_first(help_center, question, topic, slug):
    (first, *_) = search_articles(question, topic=topic)
    assert first.slug == slug
    assert first.on_topic  # what a link beside an answer from the records prefers
    assert not any(hit.on_topic for hit in search_articles(question))


def test_words_that_match_much_better_win_over_the_topic(help_center):
    # Read as "returns", but it asks how long a refund takes.
    question = "how long do refunds normally take once the shop gets the return"

    assert search_articles(question, topic="returns")[0].slug == "refunds"


def test_an_unknown_topic_changes_nothing(help_center):
    question = "how long does a refund take"

    assert search_articles(question, topic="no_such_intent") == search_articles(question)


def test_topics_are_installed_with_the_default_articles(help_center):
    assert Article.objects.get(language="en", slug="late-or-failed-payments").topics == [
        "fees",
        "payment_status",
    ]


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("i moved house, how do i update my adress", "update-your-details"),
        ("were is my refnud", "refunds"),
        ("how do i chnage my paymnet date", "change-payment-date"),
    ],
)
def test_a_typo_one_letter_away_from_the_articles_word_is_read_as_it(help_center, question, slug):
    assert search_articles(question)[0].slug == slug


@pytest.mark.parametrize("question", ["can i have two accounts", "what is the maximum i can spend"])
def test_a_short_word_or_a_plural_is_not_read_as_a_typo(help_center, question):
    # "spend" is not "send" (returns), nor "accounts" "account" (closing it).
    assert search_articles(question) == []


@pytest.mark.parametrize(
    ("word", "base"),
    [("pushed", "push"), ("postponed", "postpone"), ("delaying", "delay"),
     ("stopped", "stop"), ("carried", "carry"), ("closing", "close")],
)  # fmt: skip
def test_a_verbs_past_or_ing_form_is_read_as_the_base_the_articles_use(word, base):
    spelled = Spelling({"push": 1, "postpone": 1, "delay": 1, "stop": 1, "carry": 1, "close": 1})

    assert spelled(word) == base


def test_a_plural_or_a_word_the_articles_use_is_kept_as_it_is():
    spelled = Spelling({"account": 3, "accounts": 1, "push": 1, "red": 1})

    assert [spelled(word) for word in ("accounts", "pushes", "reading", "shed")] == [
        "accounts", "pushes", "reading", "shed",
    ]  # fmt: skip


def test_a_payment_pushed_back_finds_the_article_on_moving_it(help_center):
    question = "my salary only comes in on the 25th. can one of my payments be pushed back a week?"

    assert search_articles(question)[0].slug == "change-payment-date"


def test_a_question_that_asks_how_much_quotes_the_paragraph_with_the_amount_first(help_center):
    # Its words match the paragraph on paying late best; the fee is in another one.
    [hit] = search_articles("how much do you charge if I pay late", limit=1)

    fee, best = hit.excerpt.split("\n\n")
    assert hit.slug == "late-or-failed-payments"
    assert "late fee of EUR 5" in fee
    assert best.startswith("You can pay a late or failed instalment at any time")


def test_a_question_that_does_not_ask_how_much_quotes_one_paragraph(help_center):
    [hit] = search_articles("can I pay late", limit=1)

    assert "\n\n" not in hit.excerpt
    assert "EUR 5" not in hit.excerpt


@pytest.mark.parametrize(
    "question",
    [
        "How long does a refund normally take once the shop has got the item back?",
        "how many days does the refund take after the return arrives at the store",
        # after a short lead-in (the eighteenth set)
        "Generally speaking, how long does a refund take once the shop has the item back?",
    ],
)
def test_a_question_that_ends_in_a_condition_is_about_what_it_asks(help_center, question):
    # The condition's words (the item back at the shop) would pick the returns article.
    assert search_articles(question, limit=1)[0].slug == "refunds"


def test_the_passage_quoted_answers_what_is_asked_before_the_condition(help_center):
    question = "How long does a refund normally take once the shop has got the item back?"
    [hit] = search_articles(question, limit=1)

    assert hit.excerpt.startswith("How long a refund takes")


def test_a_condition_that_is_the_question_counts_in_full(help_center):
    # "if" states what is asked about, not a condition on it
    assert search_articles("what happens if i miss a payment")[0].slug == "late-or-failed-payments"
