"""The admin's own scripts (static/admin_workspace: the notices, the ticket page's
live updates) say their words through Django's JavaScript catalog: every admin page
loads the catalog before them, and each of their strings is translated in every
language's djangojs catalog, as the catalog view serves it."""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

SCRIPTS = Path(settings.BASE_DIR) / "static" / "admin_workspace"
LOCALE = Path(settings.BASE_DIR) / "locale"
# gettext("…") in the scripts: one string literal, no concatenation.
GETTEXT = re.compile(r"""\bgettext\(\s*"((?:[^"\\]|\\.)*)"\s*,?\s*\)""")
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def script_strings() -> set[str]:
    return {
        json.loads(f'"{text}"')
        for script in SCRIPTS.glob("*.js")
        for text in GETTEXT.findall(script.read_text())
    }


def test_the_scripts_have_their_strings_in_gettext():
    assert {"Also on this ticket:", "Dismiss", "The reply was not sent."} <= script_strings()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_scripts_is_translated(language):
    with open(LOCALE / language / "LC_MESSAGES" / "djangojs.po", "rb") as po:
        catalog = read_po(po, locale=language)

    translated = {message.id for message in catalog if message.string and not message.fuzzy}
    assert script_strings() - translated == set()


@pytest.mark.parametrize("url", ["/admin/tickets/ticket/", "/admin/tickets/ticket/{pk}/change/"])
def test_the_agents_pages_load_the_catalog_before_the_scripts(client, superuser, desk, url):
    from tickets import services

    ticket = services.ticket_open(customer=superuser, subject="Question")
    client.force_login(superuser)

    page = client.get(url.format(pk=ticket.pk)).content.decode()

    catalog = page.index(f'src="{reverse("javascript-catalog")}"')
    assert catalog < page.index("/static/admin_workspace/notices.js")
    assert catalog < page.index("/static/admin_workspace/live.js")
    assert catalog < page.index("/static/admin_workspace/workspace.js")


def test_the_catalog_says_the_scripts_words_in_the_readers_language(client):
    response = client.get(reverse("javascript-catalog"), HTTP_ACCEPT_LANGUAGE="sv")

    text = response.content.decode()
    assert response.status_code == 200
    # As the catalog writes it: JSON, non-ASCII letters escaped.
    assert (
        json.dumps("Also on this ticket:") + ": " + json.dumps("Också på det här ärendet:") in text
    )
    assert json.dumps("Dismiss") + ": " + json.dumps("Stäng") in text
