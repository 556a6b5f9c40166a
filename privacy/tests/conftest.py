"""privacy's tests use vip's Stripe fixtures (the local fake of Stripe's API) as
they are, and a customer who has used everything (`footprint.py`)."""

import pytest
from django.test import Client

from vip.tests.conftest import fake_stripe, plan, stripe_on  # noqa: F401


@pytest.fixture
def client_factory_login(db):
    """A browser of its own logged in as `user`, beside the customer's `client`."""

    def login(user) -> Client:
        browser = Client()
        browser.force_login(user)
        return browser

    return login
