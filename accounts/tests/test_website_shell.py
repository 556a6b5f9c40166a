"""Every page shares the shell: navigation, the "Talk to a human" entry, a skip link,
a phone-friendly viewport, our own stylesheet, and no inline script."""

import re

import pytest

from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory

PUBLIC_PAGES = ["/", "/contact/", "/login/", "/signup/", "/password/reset/", "/help/"]
CUSTOMER_PAGES = [
    "/account/",
    "/account/purchases/",
    "/account/payments/",
    "/account/refunds/",
    "/profile/",
    "/password/change/",
    "/contact/",
    "/tickets/",
    "/tickets/new/",
    "/help/",
    "/chat/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def assert_shell(html):
    assert 'href="/contact/"' in html
    assert "Talk to a human" in html
    assert 'href="#main"' in html  # skip link
    assert 'name="viewport"' in html
    assert "/static/css/site.css" in html
    assert not INLINE_SCRIPT.search(html)
    assert not EVENT_HANDLER.search(html)


def assert_every_input_is_labelled(html):
    for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_the_shell(client, db, url):
    response = client.get(url)

    assert response.status_code == 200
    assert_shell(response.content.decode())
    assert_every_input_is_labelled(response.content.decode())


@pytest.mark.parametrize("url", CUSTOMER_PAGES)
def test_customer_pages_have_the_shell_and_the_logout_button(customer_client, customer, url):
    purchase = PurchaseFactory(customer=customer)
    InstalmentFactory(purchase=purchase)
    RefundFactory(purchase=purchase)

    html = customer_client.get(url).content.decode()

    assert_shell(html)
    assert_every_input_is_labelled(html)
    assert re.search(r'<form[^>]*method="post"[^>]*action="/logout/"', html) or re.search(
        r'<form[^>]*action="/logout/"[^>]*method="post"', html
    )


def test_contact_page_names_a_real_way_to_reach_a_person(client, db, settings):
    settings.SUPPORT_EMAIL = "help@shop.example"

    html = client.get("/contact/").content.decode()

    assert "mailto:help@shop.example" in html


def test_the_stylesheet_is_served_by_the_app(client, db):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content)


@pytest.mark.parametrize(
    ("url", "logged_in"), [("/", False), ("/contact/", False), ("/contact/", True)]
)
def test_the_site_says_the_chat_is_there_not_coming(client, customer, url, logged_in):
    if logged_in:
        client.force_login(customer)
    html = client.get(url).content.decode()

    assert "coming" not in html.lower()
    assert "/chat/" in html
