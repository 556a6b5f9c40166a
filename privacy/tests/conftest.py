"""privacy's tests use vip's Stripe fixtures (the local fake of Stripe's API) as
they are, and a customer who has used everything (`footprint.py`)."""

import pytest

from vip.tests.conftest import fake_stripe, plan, stripe_on  # noqa: F401

SUPERVISOR_ACTION = "/admin/privacy/erasurerequest/"


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client
