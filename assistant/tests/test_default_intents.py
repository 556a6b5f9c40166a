"""What a new installation starts with: every intent the rest of the product names,
each with enough varied examples and the right route, and published help articles."""

import pytest
from django.forms.models import model_to_dict

from assistant.admin import IntentForm
from assistant.default_intents import OTHER_LANGUAGES
from assistant.defaults import ARTICLES, INTENTS, install_defaults
from assistant.models import Article, Intent
from tickets import defaults as desk_defaults

ROUTES = {
    "next_payment": "ROUTINE",
    "payment_status": "ROUTINE",
    "balance": "ROUTINE",
    "purchases": "ROUTINE",
    "refund_status": "ROUTINE",
    "returns": "ROUTINE",
    "how_to_pay": "ROUTINE",
    "fees": "ROUTINE",
    "change_payment_date": "ROUTINE",
    "account_details": "ROUTINE",
    "vip": "ROUTINE",
    "contact_us": "ROUTINE",
    "not_ours": "ROUTINE",
    "greeting": "ROUTINE",
    "thanks": "ROUTINE",
    "goodbye": "ROUTINE",
    "oos": "ROUTINE",
    "fraud": "HUMAN",
    "lost_card": "HUMAN",
    "hardship": "HUMAN",
    "dispute": "HUMAN",
    "complaint": "HUMAN",
    "bereavement": "HUMAN",
    "legal": "HUMAN",
    "account_action": "HUMAN",
    "human_agent": "HUMAN",
}
SMALL_TALK = {"greeting", "thanks", "goodbye"}


@pytest.fixture
def installed(db):
    """The data migration installs the defaults, but transactional tests flush tables."""
    install_defaults()


def test_every_default_intent_is_installed_with_its_route_and_enough_examples(installed):
    intents = {intent.name: intent for intent in Intent.objects.filter(name__in=ROUTES)}

    assert set(intents) == set(ROUTES)
    for name, route in ROUTES.items():
        assert intents[name].route == route, name
        assert intents[name].is_active, name
        least = 30 if name in SMALL_TALK else 45
        other_languages = sum(len(examples[name]) for examples in OTHER_LANGUAGES)
        assert least <= len(intents[name].example_lines()) - other_languages <= 120, name


def test_every_default_intent_has_swedish_and_german_examples():
    for examples in OTHER_LANGUAGES:
        assert set(examples) == set(ROUTES)
        for name, lines in examples.items():
            assert len(lines) >= 5, name


def test_every_intent_the_desk_routes_on_is_a_default_intent():
    routed = {topic for _, _, topics, _, _ in desk_defaults.QUEUES for topic in topics}
    routed |= {name for rule in desk_defaults.RULES for name in rule.get("intents", [])}

    assert routed <= {name for name, *_ in INTENTS}


def test_every_default_intent_passes_the_admins_own_form(installed):
    for intent in Intent.objects.filter(name__in=ROUTES):
        form = IntentForm(data=model_to_dict(intent), instance=intent)

        assert form.is_valid(), (intent.name, form.errors)


def test_no_example_phrase_is_given_to_two_intents():
    owners = {}
    for name, _, _, examples in INTENTS:
        for example in examples:
            phrase = " ".join(example.casefold().split())
            assert owners.setdefault(phrase, name) == name, phrase


def test_the_default_articles_are_published_and_open(client, installed):
    for article in ARTICLES:
        installed_article = Article.objects.get(language="en", slug=article["slug"])

        assert installed_article.is_published
        assert installed_article.summary
        assert client.get(f"/help/{article['slug']}/").status_code == 200
    assert len(ARTICLES) >= 12


def test_installing_again_adds_nothing_and_keeps_staff_edits(installed):
    Intent.objects.filter(name="greeting").update(examples="hi\nhello\nhey")
    Article.objects.filter(language="en", slug="refunds").update(title="Refunds, our way")
    counts = Intent.objects.count(), Article.objects.count()

    install_defaults()

    assert (Intent.objects.count(), Article.objects.count()) == counts
    assert Intent.objects.get(name="greeting").examples == "hi\nhello\nhey"
    assert Article.objects.get(language="en", slug="refunds").title == "Refunds, our way"


def test_every_default_article_fits_its_fields():
    for article in ARTICLES:
        for name in ("slug", "title", "summary", "keywords"):
            limit = Article._meta.get_field(name).max_length
            assert limit is None or len(article[name]) <= limit, (article["slug"], name)
