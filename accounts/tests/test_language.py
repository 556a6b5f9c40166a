"""Which language a page is in: the browser's Accept-Language, the header's switcher
(a cookie, and for a signed-in person their stored language), which follows them to
the next sign-in on another device."""

import re

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User
from accounts.tests.factories import UserFactory
from accounts.tests.test_login import login

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


def html_lang(response) -> str:
    return re.search(rb'<html lang="([^"]+)"', response.content).group(1).decode()


def test_the_home_page_follows_accept_language(client):
    swedish = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")  # not offered: English

    assert html_lang(swedish) == "sv"
    assert "Dina köp, betalningar och återbetalningar på ett ställe" in swedish.content.decode()
    assert html_lang(german) == "de"
    assert "Ihre Einkäufe, Zahlungen und Erstattungen an einem Ort" in german.content.decode()
    assert html_lang(english) == "en"
    assert "Your purchases, payments and refunds in one place" in english.content.decode()
    assert "Accept-Language" in swedish["Vary"]


def test_an_anonymous_choice_is_a_cookie_that_beats_the_browser(client):
    response = client.post("/language/", {"language": "de"}, HTTP_REFERER="/help/")

    assert response.status_code == 302
    assert response["Location"] == "/help/"
    assert response.cookies[COOKIE].value == "de"
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert html_lang(page) == "de"


def test_the_switcher_never_sends_a_visitor_to_another_site(client):
    response = client.post("/language/", {"language": "sv"}, HTTP_REFERER="https://evil.example/")

    assert response["Location"] == "/"


def test_a_signed_in_choice_is_stored_and_applies_at_the_next_sign_in_elsewhere(client, customer):
    client.force_login(customer)
    client.post("/language/", {"language": "sv"}, HTTP_REFERER="/account/")
    customer.refresh_from_db()
    assert customer.language == "sv"

    other_device = Client()  # no cookie, a browser asking for English
    signed_in = login(other_device, customer.email, HTTP_ACCEPT_LANGUAGE="en")
    assert signed_in.cookies[COOKIE].value == "sv"
    page = other_device.get("/account/", HTTP_ACCEPT_LANGUAGE="en")
    assert html_lang(page) == "sv"
    assert "Mitt konto" in page.content.decode()


def test_a_language_changed_on_another_device_wins_over_this_browsers_cookie(client, customer):
    client.force_login(customer)
    client.cookies[COOKIE] = "de"
    User.objects.filter(pk=customer.pk).update(language="sv")  # chosen elsewhere

    response = client.get("/account/")

    assert response.cookies[COOKIE].value == "sv"
    assert html_lang(client.get("/account/")) == "sv"


def test_a_language_the_site_does_not_offer_changes_nothing(client, customer):
    client.force_login(customer)
    User.objects.filter(pk=customer.pk).update(language="de")

    response = client.post("/language/", {"language": "xx"}, HTTP_REFERER="/account/")

    customer.refresh_from_db()
    assert customer.language == "de"
    assert COOKIE not in response.cookies or response.cookies[COOKIE].value != "xx"


def test_the_switcher_takes_posts_only(client):
    assert client.get("/language/?language=de").status_code == 405


def test_staff_get_their_language_in_the_admin(client, agent):
    User.objects.filter(pk=agent.pk).update(language="de")
    login(client, agent.email)

    page = client.get("/admin/")

    assert html_lang(page) == "de"
    assert "Abmelden" in page.content.decode()  # Django's own German, in the admin


def test_signing_up_keeps_the_language_it_was_done_in(client):
    client.post(
        "/signup/",
        {"email": "eva@example.com", "full_name": "Eva", "password1": "a long pass phrase 42",
         "password2": "a long pass phrase 42"},
        HTTP_ACCEPT_LANGUAGE="sv",
    )  # fmt: skip

    assert User.objects.get(email="eva@example.com").language == "sv"


def test_people_who_never_chose_follow_their_browser(client):
    person = UserFactory(email="new@example.com")
    client.force_login(person)

    assert html_lang(client.get("/account/", HTTP_ACCEPT_LANGUAGE="de")) == "de"
    assert html_lang(client.get("/account/", HTTP_ACCEPT_LANGUAGE="sv")) == "sv"


def test_the_chat_script_gets_its_texts_in_the_pages_language(customer_client):
    catalog = customer_client.get("/jsi18n/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    page = customer_client.get("/chat/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert '"New conversation": "Neues Gespr\\u00e4ch"' in catalog
    # The catalog first: the chat's script reads it as it starts.
    assert page.index('src="/jsi18n/"') < page.index("js/chat.js")
