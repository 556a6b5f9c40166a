from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def money(amount, currency="EUR"):
    """`25` with `EUR` -> `EUR 25.00`: the code first, so every currency reads alike."""
    if amount is None or amount == "":
        return ""
    return f"{currency} {Decimal(amount):,.2f}"
