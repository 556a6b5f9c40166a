"""Help articles, written by staff, show every invisible or direction-changing
character as a visible marker, their body isolated from the page, and Arabic and
Hebrew exactly as written."""

from assistant.models import Article
from core.tests.invisible import (
    ARABIC,
    HEBREW,
    SPOOFED,
    assert_marked,
    assert_rtl_text_intact,
)


def test_an_article_marks_every_invisible_character_and_keeps_arabic_and_hebrew(client, db):
    Article.objects.create(
        title=f"Refunds {SPOOFED}",
        slug="spoofed",
        summary=f"In short: {SPOOFED}",
        body=f"First paragraph {SPOOFED}\n\n{ARABIC}\n\n{HEBREW}",
    )

    response = client.get("/help/spoofed/")

    html = response.content.decode()
    article = html[html.index('<article class="help-article"') : html.index("</article>")]
    assert_marked(article[article.index("First paragraph") :])  # the body
    assert_marked(html)  # and the title and summary: nothing raw anywhere
    assert_rtl_text_intact(response.content)
    assert '<div class="help-article-body user-text" dir="auto"><p>First paragraph ab' in html
    assert f"<p>{ARABIC}</p>" in html
    assert "<title>Refunds ab[U+202E]cd" in html


def test_the_help_center_marks_invisible_characters_in_titles_and_summaries(client, db):
    Article.objects.create(
        title=f"Refunds {SPOOFED}", slug="spoofed", summary=f"In short: {SPOOFED}", body="Text."
    )

    html = client.get("/help/").content.decode()

    assert_marked(html)
    assert "<bdi>Refunds ab" in html
