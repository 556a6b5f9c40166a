from decimal import Decimal

from babel.numbers import format_currency
from django import template
from django.utils.translation import get_language, to_locale

register = template.Library()

# English as the site always wrote it: the ISO code first and two decimals, so every
# currency reads alike (`EUR 1,234.50`). Other languages write money their own way,
# as CLDR (through Babel) knows it: `1 234,50 kr`, `1.234,50 €`.
ENGLISH_PATTERN = "¤¤ #,##0.00"


@register.filter
def money(amount, currency="EUR"):
    """`amount` in `currency`, written for the active language."""
    if amount is None or amount == "":
        return ""
    language = get_language() or "en"
    if language.split("-")[0] == "en":
        return format_currency(
            Decimal(amount), currency, format=ENGLISH_PATTERN, locale="en", currency_digits=False
        )
    return format_currency(Decimal(amount), currency, locale=to_locale(language))
