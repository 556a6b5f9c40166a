"""Supervisors write the help center and teach the assistant without a superuser: they
add and change articles, and intents with their training examples on the intent's
own page. Agents read articles and change nothing (403)."""

import pytest

from assistant.models import Article, Intent, TriageModelVersion

ARTICLES_URL = "/admin/assistant/article/"
INTENTS_URL = "/admin/assistant/intent/"
ARTICLE = {
    "title": "Paying by bank transfer", "slug": "", "language": "en",
    "summary": "How to pay by transfer.",
    "keywords": "transfer, IBAN", "body": "Use the IBAN on your statement.", "is_published": "on",
}  # fmt: skip
INTENT = {
    "name": "bank_transfer", "description": "Paying by bank transfer", "route": "ROUTINE",
    "examples": "can I pay by bank transfer\nwhat is your IBAN\nhow do I send a transfer",
    "is_active": "on",
}  # fmt: skip


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


def test_a_supervisor_adds_and_changes_a_help_article(supervisor_client):
    assert supervisor_client.get(ARTICLES_URL + "add/").status_code == 200
    added = supervisor_client.post(ARTICLES_URL + "add/", ARTICLE)
    article = Article.objects.get(title="Paying by bank transfer")
    assert supervisor_client.get(f"{ARTICLES_URL}{article.pk}/change/").status_code == 200

    changed = supervisor_client.post(
        f"{ARTICLES_URL}{article.pk}/change/", {**ARTICLE, "slug": article.slug, "body": "New."}
    )

    assert (added.status_code, changed.status_code) == (302, 302)
    article.refresh_from_db()
    assert (article.slug, article.body) == ("paying-by-bank-transfer", "New.")


def test_a_supervisor_adds_an_intent_with_its_examples_and_the_assistant_learns_it(
    supervisor_client,
):
    assert supervisor_client.get(INTENTS_URL + "add/").status_code == 200
    trained = TriageModelVersion.objects.count()

    response = supervisor_client.post(INTENTS_URL + "add/", INTENT)

    assert response.status_code == 302
    intent = Intent.objects.get(name="bank_transfer")
    assert intent.example_lines() == INTENT["examples"].splitlines()
    assert TriageModelVersion.objects.count() == trained + 1  # retrained on saving


def test_a_supervisor_edits_an_intents_training_examples(supervisor_client):
    supervisor_client.post(INTENTS_URL + "add/", INTENT)
    intent = Intent.objects.get(name="bank_transfer")
    url = f"{INTENTS_URL}{intent.pk}/change/"
    assert supervisor_client.get(url).status_code == 200
    examples = INTENT["examples"] + "\nwhere do I wire the money"

    response = supervisor_client.post(url, {**INTENT, "examples": examples})

    assert response.status_code == 302
    intent.refresh_from_db()
    assert intent.example_lines()[-1] == "where do I wire the money"


def test_a_supervisor_looks_at_the_trained_models_but_cannot_edit_them(supervisor_client):
    assert supervisor_client.get("/admin/assistant/triagemodelversion/").status_code == 200
    assert supervisor_client.get("/admin/assistant/triagemodelversion/add/").status_code == 403


def test_an_agent_reads_articles_but_changes_none(agent_client):
    article = Article.objects.create(title="Fees", body="One late fee.")
    url = f"{ARTICLES_URL}{article.pk}/change/"

    assert agent_client.get(url).status_code == 200
    assert agent_client.post(url, {**ARTICLE, "body": "Changed."}).status_code == 403
    assert agent_client.get(ARTICLES_URL + "add/").status_code == 403
    assert agent_client.post(ARTICLES_URL + "add/", ARTICLE).status_code == 403
    article.refresh_from_db()
    assert article.body == "One late fee."


def test_an_agent_may_not_teach_the_assistant(agent_client):
    intent = Intent.objects.create(name="crypto", examples="a\nb\nc")
    url = f"{INTENTS_URL}{intent.pk}/change/"

    assert agent_client.get(INTENTS_URL).status_code == 403
    assert agent_client.get(url).status_code == 403
    assert agent_client.post(url, {**INTENT, "name": "crypto"}).status_code == 403
    assert agent_client.post(INTENTS_URL + "add/", INTENT).status_code == 403
    intent.refresh_from_db()
    assert intent.examples == "a\nb\nc"
