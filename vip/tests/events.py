"""Stripe webhook events as Stripe sends them, signed the way Stripe signs them:
`Stripe-Signature: t=<timestamp>,v1=<HMAC-SHA256(secret, "<timestamp>.<body>")>`."""

import hashlib
import hmac
import json
import time

from django.urls import reverse

from core.tasks import run_ready
from vip.tests.fake_stripe import subscription_json

WEBHOOK_SECRET = "whsec_test_0123456789abcdef"
API_VERSION = "2026-10-28.endive"


def event_json(event_id: str, kind: str, obj: dict) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
        "data": {"object": obj},
    }


def subscription_event(event_id, kind, sub_id, *, customer, status="active", **fields):
    return event_json(
        event_id, kind, subscription_json(sub_id, customer=customer, status=status, **fields)
    )


def invoice_event(event_id, kind, sub_id, *, customer, paid=True):
    invoice = {
        "id": f"in_{event_id[-10:]}",
        "object": "invoice",
        "customer": customer,
        "status": "paid" if paid else "open",
        "amount_due": 900,
        "amount_paid": 900 if paid else 0,
        "currency": "eur",
        "billing_reason": "subscription_cycle",
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {"metadata": {}, "subscription": sub_id},
        },
    }
    return event_json(event_id, kind, invoice)


def checkout_event(event_id, sub_id, *, customer, user_id):
    session = {
        "id": f"cs_{event_id[-10:]}",
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "payment_status": "paid",
        "customer": customer,
        "subscription": sub_id,
        "client_reference_id": str(user_id),
        "metadata": {"user_id": str(user_id)},
    }
    return event_json(event_id, "checkout.session.completed", session)


def body_of(event: dict) -> bytes:
    return json.dumps(event, indent=2).encode()


def signature(body: bytes, *, secret=WEBHOOK_SECRET, timestamp=None, scheme="v1") -> str:
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.{body.decode()}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},{scheme}={digest}"


def deliver(client, body: bytes, header: str | None = "sign", *, then_work=True):
    """POST a webhook body the way Stripe does; header="sign" signs it properly. Then
    (unless `then_work` is false) a task worker runs the sync it queued."""
    if header == "sign":
        header = signature(body)
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header is not None else {}
    response = client.post(
        reverse("vip_stripe_webhook"), data=body, content_type="application/json", **extra
    )
    if then_work:
        run_ready()
    return response
