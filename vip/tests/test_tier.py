"""One answer to "is this customer VIP now": subscriptions that are active or on
trial, past due for the grace period only, and staff grants until they end or are
revoked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from vip import services
from vip.tests.conftest import subscribe
from vip.tier import is_vip


@pytest.fixture
def now():
    return timezone.now()


def reload(user):
    user.refresh_from_db()
    return user


def test_a_customer_without_anything_is_standard(customer, now):
    assert not is_vip(customer, now=now)


@pytest.mark.parametrize("status", ["active", "trialing"])
def test_an_active_or_trialing_subscription_makes_a_vip(customer, plan, now, status):
    subscribe(customer, plan, status=status, now=now)

    assert is_vip(reload(customer), now=now)
    assert is_vip(customer, now=now + timedelta(days=29))


@pytest.mark.parametrize("status", ["canceled", "unpaid", "incomplete", "incomplete_expired"])
def test_other_subscription_states_do_not(customer, plan, now, status):
    subscribe(customer, plan, status=status, now=now)

    assert not is_vip(reload(customer), now=now)


def test_past_due_keeps_vip_for_the_grace_period_only(customer, plan, now, settings):
    settings.VIP_PAST_DUE_GRACE_DAYS = 3
    subscribe(customer, plan, status="active", now=now)
    subscribe(customer, plan, status="past_due", now=now)

    reload(customer)
    assert is_vip(customer, now=now + timedelta(days=2, hours=23))
    assert not is_vip(customer, now=now + timedelta(days=3, seconds=1))


def test_the_grace_period_is_a_setting(customer, plan, now, settings):
    settings.VIP_PAST_DUE_GRACE_DAYS = 0
    subscribe(customer, plan, status="past_due", now=now)

    assert not is_vip(reload(customer), now=now + timedelta(seconds=1))


def test_past_due_counts_from_when_it_was_first_seen(customer, plan, now, settings):
    settings.VIP_PAST_DUE_GRACE_DAYS = 3
    subscribe(customer, plan, status="past_due", now=now)
    subscribe(customer, plan, status="past_due", now=now + timedelta(days=2))

    assert not is_vip(reload(customer), now=now + timedelta(days=4))


def test_a_cancelled_subscription_ends_vip_at_once(customer, plan, now):
    subscribe(customer, plan, status="active", now=now)
    subscribe(customer, plan, status="canceled", now=now)

    assert not is_vip(reload(customer), now=now)


def test_a_grant_makes_a_vip_until_it_ends(customer, supervisor, now):
    services.grant_create(
        customer=customer, until=now + timedelta(days=7), reason="Apology", actor=supervisor
    )

    assert is_vip(reload(customer), now=now + timedelta(days=6))
    assert not is_vip(customer, now=now + timedelta(days=7, seconds=1))


def test_a_revoked_grant_ends_vip(customer, supervisor, now):
    grant = services.grant_create(
        customer=customer, until=now + timedelta(days=7), reason="Apology", actor=supervisor
    )
    services.grant_revoke(grant=grant, reason="Given by mistake", actor=supervisor)

    assert not is_vip(reload(customer), now=now)


def test_a_grant_outlasts_a_cancelled_subscription(customer, plan, supervisor, now):
    subscribe(customer, plan, status="active", now=now)
    services.grant_create(
        customer=customer, until=now + timedelta(days=90), reason="Loyalty", actor=supervisor
    )
    subscribe(customer, plan, status="canceled", now=now)

    assert is_vip(reload(customer), now=now + timedelta(days=60))


def test_nobody_logged_out_is_vip(now):
    from django.contrib.auth.models import AnonymousUser

    assert not is_vip(AnonymousUser(), now=now)
