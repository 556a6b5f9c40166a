"""An upgrade brings the default intents and help keywords that nobody edited up to
the new version's, and keeps what staff changed."""

import importlib

import pytest
from django.apps import apps

from assistant.defaults import ARTICLES, INTENTS, fingerprint, refresh_defaults
from assistant.models import Article, Intent, TriageModelVersion
from assistant.training import train_from_intents
from assistant.triage import TriageModel

pytestmark = pytest.mark.django_db

refresh_migration = importlib.import_module("assistant.migrations.0005_refresh_default_content")
contact_migration = importlib.import_module("assistant.migrations.0006_contact_and_unknown_intents")


def test_untouched_defaults_are_refreshed_and_edited_ones_kept():
    Intent.objects.all().delete()
    Article.objects.all().delete()
    refresh_defaults(apps, {"intents": {}, "articles": {}})  # today's defaults, as installed
    untouched, edited = Intent.objects.get(name="next_payment"), Intent.objects.get(name="fees")
    untouched.examples = "when do I pay next\nnext payment?"  # as an earlier version had it
    untouched.save()
    edited.examples = "what do late payments cost\nour own example"
    edited.save()
    article = Article.objects.get(language="en", slug="refunds")
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
    assert Article.objects.get(language="en", slug="refunds").keywords == keywords


def test_the_migration_knows_what_the_first_version_installed():
    installed = refresh_migration.INSTALLED
    assert {"next_payment", "human_agent", "fraud"} <= set(installed["intents"])
    assert len(installed["articles"]) == len(ARTICLES)


def test_an_article_body_nobody_edited_is_refreshed_and_an_edited_one_kept():
    refresh_defaults(apps, {"intents": {}, "articles": {}})
    untouched = Article.objects.get(language="en", slug="update-your-details")
    untouched.body = "Change your name on the Profile page."  # as an earlier version had it
    untouched.save()
    edited = Article.objects.get(language="en", slug="refunds")
    edited.body = "Our own words about refunds."
    edited.save()

    refresh_defaults(apps, {
        "intents": {}, "articles": {},
        "bodies": {"update-your-details": fingerprint("Change your name on the Profile page."),
                   "refunds": fingerprint("What an earlier version said about refunds.")},
    })  # fmt: skip

    default = next(a for a in ARTICLES if a["slug"] == "update-your-details")
    assert Article.objects.get(language="en", slug="update-your-details").body == "\n\n".join(
        default["paragraphs"]
    )
    assert "phone number" in Article.objects.get(language="en", slug="update-your-details").body
    assert Article.objects.get(language="en", slug="refunds").body == "Our own words about refunds."


def test_an_upgrade_that_adds_intents_retrains_an_assistant_that_has_served():
    refresh_defaults(apps, {"intents": {}, "articles": {}})
    Intent.objects.filter(name__in=["contact_us", "not_ours"]).delete()  # the older version
    old = train_from_intents()
    assert "not_ours" not in TriageModel.from_bytes(bytes(old.data)).classes

    contact_migration.refresh(apps, None)

    newest = TriageModelVersion.objects.order_by("-created_at", "-id").first()
    assert newest.pk != old.pk
    model = TriageModel.from_bytes(bytes(newest.data))
    assert {"not_ours", "contact_us"} <= set(model.classes)
    assert model.triage("when is my ikea delivery arriving?").intent == "not_ours"


def test_an_upgrade_trains_nothing_where_the_assistant_never_served():
    refresh_defaults(apps, {"intents": {}, "articles": {}})
    Intent.objects.filter(name="not_ours").delete()
    TriageModelVersion.objects.all().delete()

    contact_migration.refresh(apps, None)

    assert Intent.objects.filter(name="not_ours").exists()
    assert not TriageModelVersion.objects.exists()  # the first message trains


content_migration = importlib.import_module("assistant.migrations.0008_refresh_default_content")


def test_an_upgrade_from_any_earlier_version_gets_this_versions_defaults():
    """0008 knows every earlier version's examples and topics, whichever one an
    installation was installed with; what staff edited stays theirs."""
    refresh_defaults(apps, {"intents": {}, "articles": {}})
    installed = content_migration.INSTALLED
    for name in ("next_payment", "purchases"):  # two of the versions 0008 knows
        assert len(installed["intents"][name]) >= 1
    refunds = Article.objects.get(language="en", slug="refunds")
    refunds.topics = ["refund_status"]  # as 0007 set it
    refunds.save()
    fees = Article.objects.get(language="en", slug="late-or-failed-payments")
    fees.topics = ["fees"]  # a supervisor's choice
    fees.save()
    edited = Intent.objects.get(name="purchases")
    edited.examples = "show my orders\nour own example"
    edited.save()
    earlier = "when do I pay next\nnext payment?"  # the second of two earlier versions
    Intent.objects.filter(name="next_payment").update(examples=earlier)

    refresh_defaults(apps, {
        **installed,
        "intents": {**installed["intents"],
                    "next_payment": ["0000000000000000", fingerprint(earlier)]},
    })  # fmt: skip

    defaults = {name: "\n".join(examples) for name, _, _, examples in INTENTS}
    assert Intent.objects.get(name="next_payment").examples == defaults["next_payment"]
    assert Intent.objects.get(name="purchases").examples == "show my orders\nour own example"
    assert Article.objects.get(language="en", slug="refunds").topics == ["refund_status", "returns"]
    assert Article.objects.get(language="en", slug="late-or-failed-payments").topics == ["fees"]
