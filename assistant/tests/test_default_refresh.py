"""An upgrade brings the default intents and help keywords that nobody edited up to
the new version's, and keeps what staff changed."""

import importlib

import pytest
from django.apps import apps

from assistant.defaults import ARTICLES, INTENTS, fingerprint, refresh_defaults
from assistant.models import Article, Intent

pytestmark = pytest.mark.django_db

refresh_migration = importlib.import_module("assistant.migrations.0005_refresh_default_content")


def test_untouched_defaults_are_refreshed_and_edited_ones_kept():
    Intent.objects.all().delete()
    Article.objects.all().delete()
    refresh_defaults(apps, {"intents": {}, "articles": {}})  # today's defaults, as installed
    untouched, edited = Intent.objects.get(name="next_payment"), Intent.objects.get(name="fees")
    untouched.examples = "when do I pay next\nnext payment?"  # as an earlier version had it
    untouched.save()
    edited.examples = "what do late payments cost\nour own example"
    edited.save()
    article = Article.objects.get(slug="refunds")
    article.keywords = "refund, money back"
    article.save()

    refresh_defaults(apps, {
        "intents": {"next_payment": fingerprint("when do I pay next\nnext payment?"),
                    "fees": fingerprint("what late payments cost")},
        "articles": {"refunds": fingerprint("refund, money back")},
    })  # fmt: skip

    defaults = {name: "\n".join(examples) for name, _, _, examples in INTENTS}
    assert Intent.objects.get(name="next_payment").examples == defaults["next_payment"]
    assert Intent.objects.get(name="fees").examples == "what do late payments cost\nour own example"
    keywords = next(a["keywords"] for a in ARTICLES if a["slug"] == "refunds")
    assert Article.objects.get(slug="refunds").keywords == keywords


def test_the_migration_knows_what_the_first_version_installed():
    installed = refresh_migration.INSTALLED
    assert {"next_payment", "human_agent", "fraud"} <= set(installed["intents"])
    assert len(installed["articles"]) == len(ARTICLES)
