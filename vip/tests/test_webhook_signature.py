"""Stripe's webhook: the signature is checked on the raw body and must be dated within
300 s of now, either way; anything not signed by Stripe just now is a 400 that changes
nothing.
The route is CSRF-exempt and POST-only; every other form still needs its token."""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from vip.models import StripeCustomer, StripeEvent, Subscription, VipEvent
from vip.tests.events import body_of, deliver, signature, subscription_event
from vip.tests.fake_stripe import subscription_json


@pytest.fixture
def event_body(customer, plan, stripe_on):
    StripeCustomer.objects.create(user=customer, stripe_customer_id="cus_test_ann")
    stripe_on.subscriptions["sub_1"] = subscription_json("sub_1", customer="cus_test_ann")
    event = subscription_event(
        "evt_1", "customer.subscription.created", "sub_1", customer="cus_test_ann"
    )
    return body_of(event)


def state(customer):
    customer.refresh_from_db()
    return (
        StripeEvent.objects.count(),
        Subscription.objects.count(),
        VipEvent.objects.count(),
        customer.vip_until,
    )


def test_a_properly_signed_event_is_accepted(client, customer, event_body):
    response = deliver(client, event_body)

    assert response.status_code == 200
    assert response.json() == {"received": True, "duplicate": False}
    assert Subscription.objects.get().status == "active"


@pytest.mark.parametrize("skew", [-290, 290])
def test_a_signature_dated_within_300_s_either_way_is_accepted(client, customer, event_body, skew):
    header = signature(event_body, timestamp=int(time.time()) + skew)

    response = deliver(client, event_body, header=header)

    assert response.status_code == 200
    assert Subscription.objects.get().status == "active"


def tampered(body: bytes) -> tuple[bytes, str]:
    header = signature(body)
    return body.replace(b'"active"', b'"trialing"'), header


def reformatted(body: bytes) -> tuple[bytes, str]:
    header = signature(body)
    return json.dumps(json.loads(body), separators=(",", ":")).encode(), header


def v0_only(body: bytes) -> tuple[bytes, str]:
    return body, signature(body).replace("v1=", "v0=")


VARIANTS = {
    "missing header": lambda body: (body, None),
    "empty header": lambda body: (body, ""),
    "wrong secret": lambda body: (body, signature(body, secret="whsec_someone_else")),
    "body changed after signing": tampered,
    "timestamp older than 300 s": lambda body: (
        body,
        signature(body, timestamp=int(time.time()) - 301),
    ),
    "timestamp more than 300 s ahead": lambda body: (
        body,
        signature(body, timestamp=int(time.time()) + 301),
    ),
    "v0 signature only": v0_only,
    "JSON reformatted": reformatted,
    "garbage header": lambda body: (body, "nonsense"),
    "not JSON at all": lambda body: (b"not json", signature(b"not json")),
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_anything_else_is_a_400_that_changes_nothing(
    client, customer, event_body, stripe_on, variant
):
    before = state(customer)
    body, header = VARIANTS[variant](event_body)

    response = deliver(client, body, header=header)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_signature"
    assert state(customer) == before
    assert not stripe_on.requests


def test_the_webhook_needs_no_csrf_token(customer, event_body):
    strict = Client(enforce_csrf_checks=True)

    assert deliver(strict, event_body).status_code == 200


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_the_webhook_is_post_only(client, stripe_on, method):
    response = getattr(client, method)(reverse("vip_stripe_webhook"))

    assert response.status_code == 405


def test_other_state_changing_views_still_need_a_csrf_token(customer, plan, stripe_on):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(customer)

    assert strict.post(reverse("vip_subscribe", args=[plan.pk])).status_code == 403
    assert strict.post(reverse("vip_manage")).status_code == 403
    assert strict.post(reverse("ticket_new"), {"subject": "x", "body": "y"}).status_code == 403
    assert not stripe_on.requests
