"""What the assistant learns from and cites keeps its history: an intent's examples
and an article's body, edited in the admin, show line by line what was removed and
what was added, and who did it."""

import pytest

from assistant.models import Article, Intent

EXAMPLES = [
    "can I pay by bank transfer",
    "what is your IBAN",
    "how do I send a transfer",
    "do you take transfers",
    "bank transfer please",
    "I would rather not use a card",
    "can I send you the money",
    "transfer instead of card",
    "pay from my bank account",
]


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def intent(db):
    return Intent.objects.create(
        name="bank_transfer", description="Paying by bank transfer", examples="\n".join(EXAMPLES)
    )


def newest_change_page(client, url, setting):
    changed = setting.history.latest()
    return client.get(f"{url}{setting.pk}/history/{changed.history_id}/diff/")


def test_an_intents_examples_edit_shows_the_lines_removed_and_added(
    supervisor_client, supervisor, intent
):
    examples = [*EXAMPLES[:1], "where do I find your IBAN", *EXAMPLES[2:], "wire the money"]
    response = supervisor_client.post(
        f"/admin/assistant/intent/{intent.pk}/change/",
        {"name": intent.name, "description": intent.description, "route": "ROUTINE",
         "examples": "\n".join(examples), "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors

    page = newest_change_page(supervisor_client, "/admin/assistant/intent/", intent)

    (change,) = page.context["changes"]  # updated_at is the record's own time
    assert change.field == "Examples"
    assert [(line.kind, line.text) for line in change.lines] == [
        ("same", "can I pay by bank transfer"),
        ("removed", "what is your IBAN"),
        ("added", "where do I find your IBAN"),
        ("same", "how do I send a transfer"),
        ("same", "do you take transfers"),
        ("gap", "…"),  # three lines that did not change
        ("same", "transfer instead of card"),
        ("same", "pay from my bank account"),
        ("added", "wire the money"),
    ]
    text = page.content.decode()
    assert '<li class="removed">what is your IBAN</li>' in text
    assert '<li class="added">where do I find your IBAN</li>' in text
    assert "super@example.com" in text
    assert intent.history.latest().history_user == supervisor


def test_an_articles_body_edit_is_listed_as_lines_changed(supervisor_client, supervisor):
    article = Article.objects.create(
        title="Paying by bank transfer", slug="bank-transfer", body="Use the IBAN.\n\nAny day."
    )
    response = supervisor_client.post(
        f"/admin/assistant/article/{article.pk}/change/",
        {"title": article.title, "slug": article.slug, "language": "en", "summary": "",
         "keywords": "", "body": "Use the IBAN on your statement.\n\nAny day.",
         "is_published": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors

    history = supervisor_client.get(f"/admin/assistant/article/{article.pk}/history/")
    page = newest_change_page(supervisor_client, "/admin/assistant/article/", article)

    assert "Body:</strong>\n                  1 line removed, 1 added" in history.content.decode()
    (change,) = page.context["changes"]
    assert [line.kind for line in change.lines] == ["removed", "added", "same", "same"]
    assert article.history.latest().history_user == supervisor
