"""The help center in the reader's language: the default articles ship in English,
Swedish and German at the same addresses; a question is searched in its language and in
English when that finds nothing; a page shows the reader's language, else English."""

import pytest
from django.utils import translation

from assistant.defaults import install_defaults
from assistant.help import search_articles
from assistant.models import Article


@pytest.fixture
def help_center(db):
    install_defaults()


def test_every_default_article_ships_in_english_swedish_and_german(help_center):
    by_language = {
        language: set(Article.objects.filter(language=language).values_list("slug", flat=True))
        for language in ("en", "sv", "de")
    }

    assert by_language["sv"] == by_language["en"] == by_language["de"]
    assert len(by_language["en"]) == 15


@pytest.mark.parametrize(
    ("query", "language", "slug", "title"),
    [
        ("hur lång tid tar en återbetalning?", "sv", "refunds", "Återbetalningar"),
        ("kan jag flytta mitt betalningsdatum", "sv", "change-payment-date", "Ändra"),
        ("gibt es eine mahngebühr", "de", "late-or-failed-payments", "Verspätete"),
        ("wie ändere ich meine e-mail-adresse", "de", "update-your-details", "Ihre Daten"),
    ],
)
def test_a_question_finds_the_article_in_its_language(help_center, query, language, slug, title):
    [best, *_] = search_articles(query, language=language)

    assert best.slug == slug
    assert best.url == f"/help/{slug}/"
    assert best.title.startswith(title)


def test_the_active_language_is_the_default(help_center):
    with translation.override("de"):
        [best, *_] = search_articles("wie lange dauert eine rückerstattung")

    assert best.title.startswith("Erstattungen")


def test_a_question_the_language_has_no_article_for_is_searched_in_english(help_center):
    Article.objects.filter(language="sv", slug="vip").update(is_published=False)

    [best, *_] = search_articles("VIP membership price", language="sv")

    assert best.slug == "vip"
    assert best.title.startswith("VIP: a person")


def test_a_page_is_shown_in_the_readers_language_else_in_english(client, help_center):
    # The request's language is the active one (LocaleMiddleware sets it per request).
    Article.objects.filter(language="de", slug="vip").delete()

    swedish = client.get("/help/refunds/", HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    english = client.get("/help/vip/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    listed = client.get("/help/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert "Återbetalningar: hur lång tid de tar" in swedish
    assert "VIP: a person, fast, guaranteed" in english
    assert "So funktioniert die Ratenzahlung" in listed
    assert "VIP: a person" in listed


def test_an_unknown_address_is_not_found_in_any_language(client, help_center):
    assert client.get("/help/no-such-article/", HTTP_ACCEPT_LANGUAGE="sv").status_code == 404
