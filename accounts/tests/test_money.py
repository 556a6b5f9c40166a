import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import date_format

from accounts.templatetags.money import money
from accounts.tests.factories import PurchaseFactory


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (Decimal("25"), "EUR", "EUR 25.00"),
        (Decimal("1234.5"), "GBP", "GBP 1,234.50"),
        ("0.01", "USD", "USD 0.01"),
        (None, "EUR", ""),
    ],
)
def test_money_shows_the_currency_code_and_two_decimals(amount, currency, shown):
    assert money(amount, currency) == shown


@pytest.mark.parametrize(
    ("language", "amount", "currency", "shown"),
    [
        ("sv", Decimal("1234.5"), "SEK", "1\xa0234,50\xa0kr"),
        ("sv", Decimal("25"), "EUR", "25,00\xa0€"),
        ("de", Decimal("1234.5"), "EUR", "1.234,50\xa0€"),
        ("de", Decimal("1234.5"), "SEK", "1.234,50\xa0SEK"),
        ("en", Decimal("1234.5"), "SEK", "SEK 1,234.50"),
    ],
)
def test_money_is_written_the_way_the_pages_language_writes_it(language, amount, currency, shown):
    with translation.override(language):
        assert money(amount, currency) == shown


def test_a_page_shows_money_and_dates_in_its_language(customer_client, customer):
    purchase = PurchaseFactory(customer=customer, amount=Decimal("1234.50"), currency="EUR",
                               purchased_on=dt.date(2026, 12, 6))  # fmt: skip

    german = customer_client.get(f"/account/purchases/{purchase.pk}/", HTTP_ACCEPT_LANGUAGE="de")
    swedish = customer_client.get(f"/account/purchases/{purchase.pk}/", HTTP_ACCEPT_LANGUAGE="sv")
    english = customer_client.get(f"/account/purchases/{purchase.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "1.234,50\xa0€" in german.content.decode()
    assert "6. Dezember 2026" in german.content.decode()
    assert "1\xa0234,50\xa0€" in swedish.content.decode()
    assert "6 december 2026" in swedish.content.decode()
    assert "EUR 1,234.50" in english.content.decode()
    assert "6 December 2026" in english.content.decode()


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "6 December 2026, 14:30"), ("sv", "6 december 2026 14:30"),
     ("de", "6. Dezember 2026 14:30")],
)  # fmt: skip
def test_dates_and_times_are_written_the_way_the_language_writes_them(language, shown):
    moment = dt.datetime(2026, 12, 6, 14, 30, tzinfo=dt.UTC)

    with translation.override(language):
        assert date_format(moment, "DATETIME_FORMAT") == shown
