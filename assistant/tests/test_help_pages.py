"""The public help center: the article list, its search, and one article. Anyone may
read it; a search that finds nothing, and every article, lead to a person."""

import pytest

from accounts.tests.test_website_shell import assert_every_input_is_labelled, assert_shell
from assistant.defaults import install_defaults
from assistant.models import Article


@pytest.fixture
def help_center(db):
    """The default articles. The data migration installs them, but transactional tests
    flush tables, so install again (only what is missing)."""
    install_defaults()


def main_of(response) -> str:
    """The page without its shell, whose header always links to the contact page."""
    return response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_anyone_sees_the_published_articles_with_their_summaries(client, help_center):
    Article.objects.create(title="Draft about refunds", body="Not ready.", is_published=False)

    response = client.get("/help/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/help/refunds/"' in html
    assert Article.objects.get(language="en", slug="refunds").summary in html
    assert "Draft about refunds" not in html
    assert_shell(html)
    assert_every_input_is_labelled(html)


def test_a_refund_question_lists_the_refund_article_first(client, help_center):
    response = client.get("/help/", {"q": "how long does my refund take?"})

    hits = response.context["hits"]
    assert hits[0].slug == "refunds"
    html = main_of(response)
    assert html.index('href="/help/refunds/"') < html.index("Not what you were looking for?")
    assert "5 to 10 working days" in html  # the best paragraph, as the excerpt


def test_an_unrelated_search_finds_nothing_and_offers_a_person(client, help_center):
    response = client.get("/help/", {"q": "zebra stripes"})

    assert response.context["hits"] == []
    html = main_of(response)
    assert "No article answers that yet." in html
    assert 'href="/contact/">Talk to a human</a>' in html


def test_an_empty_search_shows_every_article(client, help_center):
    response = client.get("/help/", {"q": "   "})

    assert "hits" not in response.context
    english = Article.objects.filter(is_published=True, language="en")
    assert len(response.context["articles"]) == english.count()


def test_the_search_survives_odd_input(client, help_center):
    response = client.get("/help/", {"q": "\x00 😀 refund <b>" + "x" * 5000})

    assert response.status_code == 200
    assert "&lt;b&gt;" in main_of(response)


def test_an_article_shows_its_body_as_paragraphs_and_a_way_to_a_person(client, help_center):
    response = client.get("/help/refunds/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="article-title">Refunds: how long they take' in html
    assert "<p>A refund starts with the shop." in html
    assert "Was this not what you needed?" in main_of(response)
    assert 'href="/contact/">Talk to a human</a>' in main_of(response)
    assert_shell(html)


@pytest.mark.parametrize("slug", ["draft", "no-such-article"])
def test_unpublished_and_unknown_articles_are_not_found(client, db, slug):
    Article.objects.create(title="Draft", slug="draft", body="Not ready.", is_published=False)

    assert client.get(f"/help/{slug}/").status_code == 404


def test_markup_in_an_article_is_shown_as_text(client, db):
    Article.objects.create(
        title="<script>alert('title')</script> Refund tricks",
        slug="tricks",
        summary="<img src=x>",
        body="<script>alert('body')</script>\n\n<b>Bold</b> claims",
    )

    for url in ["/help/", "/help/tricks/", "/help/?q=refund+tricks"]:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Refund tricks" in html, url
        assert "<img" not in html, url
        assert_shell(html)
    detail = client.get("/help/tricks/").content.decode()
    assert "<p>&lt;b&gt;Bold&lt;/b&gt; claims</p>" in detail


def test_the_query_is_shown_back_escaped(client, db):
    html = client.get("/help/", {"q": '"><script>alert(1)</script>'}).content.decode()

    assert "<script>alert(1)" not in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_the_help_link_in_the_navigation_marks_where_you_are(client, help_center):
    list_page = client.get("/help/").content.decode()
    article_page = client.get("/help/refunds/").content.decode()
    home_page = client.get("/").content.decode()

    assert '<a href="/help/" aria-current="page">Help</a>' in list_page
    assert '<a href="/help/" aria-current="true">Help</a>' in article_page
    assert '<a href="/help/">Help</a>' in home_page


def test_customers_see_the_help_link_too(customer_client, help_center):
    html = customer_client.get("/account/").content.decode()

    assert '<a href="/help/">Help</a>' in html
