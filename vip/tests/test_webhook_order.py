"""Stripe does not deliver events in order, and redelivers some: whatever the order
and repeats, the subscription ends in Stripe's true state, because every event is
answered by re-reading the subscription (never by the event's own `created`)."""

import itertools
import time

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tests.factories import UserFactory
from vip.models import StripeCustomer, Subscription
from vip.tests.events import body_of, deliver, invoice_event, subscription_event
from vip.tests.fake_stripe import subscription_json
from vip.tier import is_vip

KINDS = ["created", "invoice_paid", "updated_active", "updated_past_due", "deleted"]
TRUTHS = ["active", "past_due", "canceled"]
examples = itertools.count()


def events_for(n: int, sub_id: str, customer: str, created: dict[str, int]) -> dict[str, bytes]:
    def sub(kind, status):
        return subscription_event(f"evt_{n}_{kind}", f"customer.subscription.{kind.split('_')[0]}",
                                  sub_id, customer=customer, status=status)  # fmt: skip

    events = {
        "created": sub("created", "incomplete"),
        "invoice_paid": invoice_event(f"evt_{n}_paid", "invoice.paid", sub_id, customer=customer),
        "updated_active": sub("updated_active", "active"),
        "updated_past_due": sub("updated_past_due", "past_due"),
        "deleted": sub("deleted", "canceled"),
    }
    for kind, event in events.items():
        event["created"] = created[kind]  # deliberately meaningless order
    return {kind: body_of(event) for kind, event in events.items()}


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    deliveries=st.lists(st.sampled_from(KINDS), min_size=1, max_size=8),
    truth=st.sampled_from(TRUTHS),
    created=st.fixed_dictionaries(
        {kind: st.integers(1_600_000_000, 1_900_000_000) for kind in KINDS}
    ),
)
def test_any_order_with_repeats_ends_in_stripes_true_state(
    stripe_on, plan, deliveries, truth, created
):
    n = next(examples)
    customer = UserFactory()
    stripe_id, sub_id = f"cus_order_{n}", f"sub_order_{n}"
    StripeCustomer.objects.create(user=customer, stripe_customer_id=stripe_id)
    stripe_on.subscriptions[sub_id] = subscription_json(sub_id, customer=stripe_id, status=truth)
    bodies = events_for(n, sub_id, stripe_id, created)
    client = Client()

    timings = []
    for kind in deliveries:
        start = time.perf_counter()
        response = deliver(client, bodies[kind])
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200

    subscription = Subscription.objects.get(stripe_subscription_id=sub_id)
    customer.refresh_from_db()
    assert subscription.status == truth
    assert is_vip(customer, now=timezone.now()) == (truth != "canceled")
    assert max(timings) < 1.0, timings


def test_no_ordering_decision_reads_the_events_created_time():
    from pathlib import Path

    import vip

    source = "".join(path.read_text() for path in Path(vip.__file__).parent.glob("*.py"))
    assert '"created"' not in source
    assert "event.created" not in source


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind",
    [
        "checkout.session.completed",
        "customer.subscription.created",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.paid",
        "invoice.payment_failed",
    ],
)
def test_every_handled_event_syncs_the_subscription_from_stripe(
    client, stripe_on, customer, plan, kind
):
    from vip.tests.events import checkout_event

    StripeCustomer.objects.create(user=customer, stripe_customer_id="cus_test_ann")
    stripe_on.subscriptions["sub_1"] = subscription_json(
        "sub_1", customer="cus_test_ann", status="past_due"
    )
    if kind.startswith("invoice."):
        event = invoice_event("evt_1", kind, "sub_1", customer="cus_test_ann")
    elif kind.startswith("checkout."):
        event = checkout_event("evt_1", "sub_1", customer="cus_test_ann", user_id=customer.pk)
    else:
        event = subscription_event("evt_1", kind, "sub_1", customer="cus_test_ann", status="active")

    assert deliver(client, body_of(event)).status_code == 200

    assert stripe_on.calls("GET", "/v1/subscriptions/sub_1")
    assert Subscription.objects.get().status == "past_due"  # Stripe's truth, not the event's
    customer.refresh_from_db()
    assert is_vip(customer)  # within the grace period
