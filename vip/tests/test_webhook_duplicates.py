"""Stripe delivers at least once: the same event five times, one after another or all
at once, has one effect — one processed-event row, one audit row, one welcome email,
one VIP. Two different events about the same subscription do not apply twice."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from tickets.tests.concurrency import run_together
from vip.models import StripeCustomer, StripeEvent, Subscription, VipEvent
from vip.tests.events import body_of, deliver, subscription_event
from vip.tests.fake_stripe import subscription_json
from vip.tier import is_vip

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def paying(customer, plan, stripe_on):
    StripeCustomer.objects.create(user=customer, stripe_customer_id="cus_test_ann")
    stripe_on.subscriptions["sub_1"] = subscription_json("sub_1", customer="cus_test_ann")
    return customer


def created_event(event_id="evt_1"):
    return body_of(
        subscription_event(
            event_id, "customer.subscription.created", "sub_1", customer="cus_test_ann"
        )
    )


def assert_one_effect(customer):
    customer.refresh_from_db()
    assert is_vip(customer, now=timezone.now())
    assert Subscription.objects.get().status == "active"
    assert VipEvent.objects.filter(kind=VipEvent.Kind.SUBSCRIPTION_CHANGED).count() == 1
    assert [m.subject for m in mail.outbox] == ["Welcome to VIP"]


def test_five_deliveries_one_after_another_have_one_effect(client, paying):
    body = created_event()

    answers = [deliver(client, body) for _ in range(5)]

    assert [a.status_code for a in answers] == [200] * 5
    assert [a.json()["duplicate"] for a in answers] == [False, True, True, True, True]
    assert StripeEvent.objects.filter(event_id="evt_1").count() == 1
    assert_one_effect(paying)


def test_five_deliveries_at_once_have_one_effect(paying):
    body = created_event()

    answers = run_together([lambda: deliver(Client(), body) for _ in range(5)])

    assert [a.status_code for a in answers] == [200] * 5, answers
    assert sorted(a.json()["duplicate"] for a in answers) == [False, True, True, True, True]
    assert StripeEvent.objects.filter(event_id="evt_1").count() == 1
    assert_one_effect(paying)


def test_two_events_about_the_same_subscription_apply_once(client, paying):
    deliver(client, created_event("evt_1"))
    deliver(client, created_event("evt_2"))

    assert StripeEvent.objects.count() == 2
    assert StripeEvent.objects.filter(processed_at__isnull=False).count() == 2
    assert_one_effect(paying)


def test_two_events_about_the_same_subscription_at_once_apply_once(paying):
    bodies = [created_event(f"evt_{n}") for n in range(4)]

    answers = run_together([lambda body=body: deliver(Client(), body) for body in bodies])

    assert [a.status_code for a in answers] == [200] * 4, answers
    assert StripeEvent.objects.count() == 4
    assert_one_effect(paying)


def test_an_event_for_a_customer_we_do_not_know_is_recorded_and_ignored(client, stripe_on, plan):
    stripe_on.subscriptions["sub_x"] = subscription_json("sub_x", customer="cus_stranger")

    response = deliver(client, body_of(subscription_event(
        "evt_x", "customer.subscription.created", "sub_x", customer="cus_stranger"
    )))  # fmt: skip

    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome == "unknown customer"
    assert not Subscription.objects.exists()


def test_an_event_type_we_do_not_handle_is_recorded_and_ignored(client, stripe_on):
    from vip.tests.events import event_json

    response = deliver(client, body_of(event_json("evt_c", "customer.created", {"id": "cus_1"})))

    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome == "ignored"
    assert not stripe_on.requests


def test_when_stripe_cannot_be_reached_the_task_syncs_later(client, paying, stripe_on):
    from django_tasks_db.models import DBTaskResult

    from core.tasks import run_ready

    stripe_on.fail_next = 1
    assert deliver(client, created_event()).status_code == 200
    event = StripeEvent.objects.get()
    assert (event.processed_at, event.outcome) == (None, "Stripe unreachable; will retry")
    assert not Subscription.objects.exists()
    task = DBTaskResult.objects.get(task_path="vip.services.event_sync")
    assert (task.status, len(task.worker_ids)) == ("READY", 1)

    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())  # its backoff passed
    assert run_ready() == 2  # the sync, then the welcome email it queued

    event.refresh_from_db()
    assert event.processed_at is not None
    assert_one_effect(paying)


def test_checkout_completed_links_the_subscription_to_its_buyer(client, customer, plan, stripe_on):
    from vip.tests.events import checkout_event

    # Metadata from our checkout names the buyer even before the customer is linked.
    stripe_on.subscriptions["sub_1"] = subscription_json(
        "sub_1", customer="cus_new", user_id=customer.pk
    )

    deliver(
        client, body_of(checkout_event("evt_co", "sub_1", customer="cus_new", user_id=customer.pk))
    )

    assert Subscription.objects.get().customer == customer
    assert StripeCustomer.objects.get(user=customer).stripe_customer_id == "cus_new"
    customer.refresh_from_db()
    assert is_vip(customer)
