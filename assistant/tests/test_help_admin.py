"""The assistant's admin: articles and intents list in a fixed number of queries, the
intent form refuses too few or repeated examples, saving stamps `updated_at`, and
trained triage models are read-only."""

import datetime as dt

import pytest
from django.utils import timezone

from assistant.models import Article, Intent, TriageModelVersion

ARTICLES_URL = "/admin/assistant/article/"
INTENTS_URL = "/admin/assistant/intent/"
MODELS_URL = "/admin/assistant/triagemodelversion/"
LONG_AGO = timezone.now() - dt.timedelta(days=30)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def add_articles(n):
    start = Article.objects.count()
    for number in range(start, start + n):
        Article.objects.create(title=f"Article {number}", body=f"Body {number}.")


def add_intents(n):
    start = Intent.objects.count()
    for number in range(start, start + n):
        Intent.objects.create(name=f"intent_{number}", examples="one\ntwo\nthree")


def add_models(n):
    for _ in range(n):
        TriageModelVersion.objects.create(
            intent_count=3, example_count=9, train_seconds=0.5, data=b"\x00" * 10_000
        )


@pytest.mark.parametrize(
    ("url", "add"),
    [(ARTICLES_URL, add_articles), (INTENTS_URL, add_intents), (MODELS_URL, add_models)],
)
def test_changelists_run_a_fixed_number_of_queries(
    staff_client, django_assert_max_num_queries, url, add
):
    add(3)
    with django_assert_max_num_queries(20) as few:
        assert staff_client.get(url).status_code == 200
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff_client.get(url).status_code == 200


def test_saving_an_article_stamps_it_and_fills_the_slug(staff_client):
    response = staff_client.post(
        ARTICLES_URL + "add/",
        {
            "title": "Paying with gift cards",
            "slug": "",
            "summary": "You cannot.",
            "keywords": "voucher",
            "body": "Gift cards cannot pay instalments.",
            "language": "en",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    article = Article.objects.get(title="Paying with gift cards")
    assert article.slug == "paying-with-gift-cards"
    assert article.updated_at > timezone.now() - dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("title", "error"),
    [
        ("???", "Give the article an address: letters, digits and hyphens, e.g. refunds."),
        ("Refunds", "An article in this language already has this address."),
    ],
)
def test_an_article_without_an_address_of_its_own_is_refused(staff_client, title, error):
    Article.objects.get_or_create(
        slug="refunds", language="en", defaults={"title": "Refunds", "body": "x"}
    )

    response = staff_client.post(
        ARTICLES_URL + "add/",
        {"title": title, "slug": "", "language": "en", "body": "Text.", "is_published": "on"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [error]


def test_the_same_address_may_have_an_article_in_another_language(staff_client):
    Article.objects.get_or_create(
        slug="gift-cards", language="en", defaults={"title": "Gift cards", "body": "x"}
    )

    response = staff_client.post(
        ARTICLES_URL + "add/",
        {"title": "Presentkort", "slug": "gift-cards", "language": "sv", "body": "Text.",
         "is_published": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert Article.objects.get(slug="gift-cards", language="sv").title == "Presentkort"


def test_editing_an_article_stamps_it_again(staff_client):
    article = Article.objects.create(title="Old", body="Old body.", updated_at=LONG_AGO)

    staff_client.post(
        f"{ARTICLES_URL}{article.pk}/change/",
        {
            "title": "New",
            "slug": article.slug,
            "language": "en",
            "body": "New body.",
            "is_published": "on",
        },
    )

    article.refresh_from_db()
    assert (article.title, article.updated_at > LONG_AGO) == ("New", True)


def test_the_article_list_filters_on_published(staff_client):
    Article.objects.create(title="Hidden draft", body="x", is_published=False)

    html = staff_client.get(ARTICLES_URL, {"is_published__exact": "0"}).content.decode()

    assert "Hidden draft" in html


def intent_data(**fields):
    data = {
        "name": "gift_cards",
        "description": "Paying with gift cards.",
        "route": "ROUTINE",
        "examples": "can I pay with a gift card\nvoucher payment\ndo you take vouchers",
        "is_active": "on",
    }
    data.update(fields)
    return data


def refusal(client, data):
    response = client.post(INTENTS_URL + "add/", data)
    assert response.status_code == 200, "the form should have been refused"
    return response.context["adminform"].form.errors["examples"]


def test_a_valid_intent_is_saved_tidied_and_stamped(staff_client):
    examples = "  can I pay with a gift card\n\nvoucher payment  \r\ndo you take vouchers\n"

    response = staff_client.post(INTENTS_URL + "add/", intent_data(examples=examples))

    assert response.status_code == 302
    intent = Intent.objects.get(name="gift_cards")
    assert intent.examples == "can I pay with a gift card\nvoucher payment\ndo you take vouchers"
    assert intent.updated_at > timezone.now() - dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    ("examples", "there"),
    [("one phrase", "there is 1"), ("one phrase\n\n  \nanother phrase", "there are 2")],
)
def test_an_intent_with_fewer_than_three_examples_is_refused(staff_client, examples, there):
    errors = refusal(staff_client, intent_data(examples=examples))

    assert errors == [
        f"Give at least 3 example phrases, one per line ({there}). The more varied they are, "
        "the better the assistant recognises this intent."
    ]
    assert not Intent.objects.filter(name="gift_cards").exists()


def test_an_intent_with_repeated_examples_is_refused_naming_them(staff_client):
    examples = "where is my refund\nWhere is  my refund\nrefund status\nrefund status"

    errors = refusal(staff_client, intent_data(examples=examples))

    assert errors == [
        "Each example must appear only once. Remove the repeated lines: "
        "“Where is  my refund”; “refund status”."
    ]


def test_editing_an_intent_stamps_it_again(staff_client):
    intent = Intent.objects.create(
        name="gift_cards", examples="a gift\nb gift\nc gift", updated_at=LONG_AGO
    )

    response = staff_client.post(f"{INTENTS_URL}{intent.pk}/change/", intent_data())

    assert response.status_code == 302
    intent.refresh_from_db()
    assert intent.updated_at > LONG_AGO


def test_the_intent_list_shows_how_many_examples_each_has(staff_client):
    Intent.objects.create(name="gift_cards", examples="a gift\n\nb gift\nc gift\nd gift\n")

    response = staff_client.get(INTENTS_URL, {"q": "gift_cards"})

    changelist = response.context["cl"]
    assert [row.name for row in changelist.result_list] == ["gift_cards"]
    assert '<td class="field-example_count">4</td>' in response.content.decode()


def test_the_intent_list_finds_an_intent_by_one_of_its_examples(staff_client):
    Intent.objects.create(name="gift_cards", examples="a gift\nvoucher please\nc gift")

    response = staff_client.get(INTENTS_URL, {"q": "voucher please"})

    assert [row.name for row in response.context["cl"].result_list] == ["gift_cards"]


def test_trained_models_can_be_looked_at_but_not_added_changed_or_deleted(staff_client):
    add_models(1)
    version = TriageModelVersion.objects.get()
    url = f"{MODELS_URL}{version.pk}/change/"

    page = staff_client.get(url)

    assert page.status_code == 200
    assert "data" not in page.context["adminform"].form.fields
    assert "field-data" not in page.content.decode()
    assert staff_client.get(MODELS_URL + "add/").status_code == 403
    assert staff_client.post(url, {"intent_count": 99}).status_code == 403
    assert staff_client.post(f"{MODELS_URL}{version.pk}/delete/", {"post": "yes"}).status_code == (
        403
    )
    version.refresh_from_db()
    assert version.intent_count == 3


def test_the_model_list_never_loads_the_model_bytes(staff_client, django_assert_max_num_queries):
    add_models(3)

    with django_assert_max_num_queries(20) as queries:
        staff_client.get(MODELS_URL)

    model_queries = [q["sql"] for q in queries.captured_queries if "triagemodelversion" in q["sql"]]
    assert model_queries
    assert not any('"data"' in sql for sql in model_queries)
