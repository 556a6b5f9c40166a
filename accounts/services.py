"""Writes of accounts' tables that other apps need: they call these, never the
models' managers (each app's tables are written by that app only)."""

import datetime as dt

from accounts.models import User


def customer_set_vip_until(customer: User, until: dt.datetime | None) -> None:
    """When the customer's VIP tier ends, as vip computes it from their subscriptions
    and grants (None: not VIP)."""
    if until != customer.vip_until:
        User.objects.filter(pk=customer.pk).update(vip_until=until)
        customer.vip_until = until
