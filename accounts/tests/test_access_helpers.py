import logging

import pytest
from django.http import Http404

from accounts.access import instalment_for_user, purchase_for_user, refund_for_user
from accounts.tests.factories import InstalmentFactory, PurchaseFactory, RefundFactory

HELPERS = [
    (purchase_for_user, PurchaseFactory, lambda obj: obj.customer),
    (instalment_for_user, InstalmentFactory, lambda obj: obj.purchase.customer),
    (refund_for_user, RefundFactory, lambda obj: obj.purchase.customer),
]


@pytest.mark.parametrize(("helper", "factory", "owner_of"), HELPERS)
def test_helper_returns_the_customers_own_record(helper, factory, owner_of, db):
    record = factory()

    assert helper(owner_of(record), record.pk) == record


@pytest.mark.parametrize(("helper", "factory", "owner_of"), HELPERS)
def test_helper_refuses_another_customers_record_like_a_missing_one(
    helper, factory, owner_of, other_customer, caplog
):
    record = factory()

    with pytest.raises(Http404) as foreign:
        helper(other_customer, record.pk)
    with pytest.raises(Http404) as missing:
        helper(other_customer, record.pk + 1000)

    assert str(foreign.value) == str(missing.value)


@pytest.mark.parametrize(("helper", "factory", "owner_of"), HELPERS)
def test_every_refusal_is_logged_as_authz_denied(helper, factory, owner_of, other_customer, caplog):
    record = factory()

    with caplog.at_level(logging.WARNING, logger="supportsite.authz"), pytest.raises(Http404):
        helper(other_customer, record.pk)

    assert f"authz_denied user={other_customer.pk}" in caplog.text


@pytest.mark.parametrize("bad_id", ["abc", None, "1; DROP TABLE"])
def test_a_malformed_id_is_a_404_not_a_crash(bad_id, customer):
    with pytest.raises(Http404):
        purchase_for_user(customer, bad_id)
