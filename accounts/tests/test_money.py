from decimal import Decimal

import pytest

from accounts.templatetags.money import money


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
