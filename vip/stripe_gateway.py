"""The one module that imports `stripe`: every call to Stripe goes through here.

Each call has a timeout (STRIPE_TIMEOUT) and a bounded retry (STRIPE_MAX_NETWORK_RETRIES,
the SDK's own backoff, idempotent on Stripe's side). Failures come out as
`GatewayError`, whose message may be shown to a customer as it is. The API's address
is a setting (STRIPE_API_BASE), so the tests run this real SDK against a local fake.
"""

import datetime as dt
import functools
import json
import logging
import time
from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings

logger = logging.getLogger(__name__)

UNREACHABLE = (
    "We could not reach our payment provider just now. Nothing was charged; "
    "please try again in a few minutes."
)
# Stripe amounts are in the currency's smallest unit; these currencies have none.
ZERO_DECIMAL_CURRENCIES = {
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd",
    "vuv", "xaf", "xof", "xpf",
}  # fmt: skip


class GatewayError(Exception):
    """Stripe refused or could not be reached; the message is fit for a customer."""


class BadSignature(Exception):
    """A webhook body that Stripe did not sign (or not within SIGNATURE_TOLERANCE of now)."""


@dataclass(frozen=True)
class RemoteSubscription:
    """The fields of Stripe's current subscription object that we keep."""

    id: str
    customer_id: str
    status: str
    price_id: str
    current_period_end: dt.datetime | None
    cancel_at_period_end: bool
    user_id: str  # our user's id, from the metadata set at checkout


def is_configured() -> bool:
    """Billing works only with both keys: checkout needs the secret key, and without
    webhooks a subscription would never reach us."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def _client() -> "stripe.StripeClient":
    if not is_configured():
        raise GatewayError("Billing is not configured on this site.")
    return _cached_client(
        settings.STRIPE_SECRET_KEY,
        settings.STRIPE_API_BASE,
        settings.STRIPE_TIMEOUT,
        settings.STRIPE_MAX_NETWORK_RETRIES,
    )


@functools.lru_cache(maxsize=4)
def _cached_client(api_key, api_base, timeout, retries) -> "stripe.StripeClient":
    return stripe.StripeClient(
        api_key,
        base_addresses={"api": api_base},
        max_network_retries=retries,
        http_client=stripe.RequestsClient(timeout=timeout),
    )


def _calling(what: str):
    """Turn the SDK's errors into GatewayError, logged without secrets."""

    def decorate(function):
        @functools.wraps(function)
        def call(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except stripe.StripeError as error:
                logger.warning(
                    "stripe %s failed: %s (status %s, request %s)",
                    what,
                    type(error).__name__,
                    error.http_status,
                    error.request_id,
                )
                raise GatewayError(UNREACHABLE) from error

        return call

    return decorate


# --- Calls --------------------------------------------------------------------------------


@_calling("customer create")
def create_customer(*, email: str, name: str, user_id: int, idempotency_key: str) -> str:
    customer = _client().v1.customers.create(
        {"email": email, "name": name, "metadata": {"user_id": str(user_id)}},
        {"idempotency_key": idempotency_key},
    )
    return customer.id


@_calling("customer delete")
def delete_customer(customer_id: str) -> None:
    """Delete the customer at Stripe (their name, email, cards; Stripe cancels their
    subscriptions), for an erasure. One already gone counts as deleted."""
    try:
        _client().v1.customers.delete(customer_id)
    except stripe.InvalidRequestError as error:
        if error.code != "resource_missing":
            raise


@_calling("checkout session create")
def create_checkout_session(
    *, customer_id: str, price_id: str, user_id: int, plan_id: int, success_url, cancel_url
) -> str:
    metadata = {"user_id": str(user_id), "plan_id": str(plan_id)}
    session = _client().v1.checkout.sessions.create(
        {
            "mode": "subscription",
            "customer": customer_id,
            "client_reference_id": str(user_id),
            "line_items": [{"price": price_id, "quantity": 1}],
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": metadata,
            "subscription_data": {"metadata": metadata},
        }
    )
    return session.url


@_calling("billing portal session create")
def create_portal_session(*, customer_id: str, return_url: str) -> str:
    session = _client().v1.billing_portal.sessions.create(
        {"customer": customer_id, "return_url": return_url}
    )
    return session.url


@_calling("subscription retrieve")
def retrieve_subscription(subscription_id: str) -> RemoteSubscription | None:
    """Stripe's current subscription, or None if Stripe has no such subscription."""
    try:
        remote = _client().v1.subscriptions.retrieve(subscription_id)
    except stripe.InvalidRequestError as error:
        if error.code != "resource_missing":
            raise
        return None
    return _subscription_from(remote)


@_calling("customer balance credit")
def credit_balance(
    *, customer_id: str, amount: str, currency: str, description: str, idempotency_key: str
) -> str:
    """Credit the customer's balance (taken off their next invoices); returns the
    balance transaction's id. `amount` is a positive decimal string, e.g. "9.00"."""
    transaction = _client().v1.customers.balance_transactions.create(
        customer_id,
        {
            "amount": -_minor_units(amount, currency),
            "currency": currency.lower(),
            "description": description,
        },
        {"idempotency_key": idempotency_key},
    )
    return transaction.id


def _minor_units(amount, currency: str) -> int:
    factor = 1 if currency.lower() in ZERO_DECIMAL_CURRENCIES else 100
    return int((Decimal(str(amount)) * factor).to_integral_value())


# --- Webhooks -------------------------------------------------------------------------------

# Seconds a webhook signature's timestamp may be from now, either way. Stripe's SDK
# refuses only old ones; one dated ahead would be replayable until that date and more.
SIGNATURE_TOLERANCE = 300


def verify_event(payload: bytes, signature: str | None) -> dict:
    """The event as a plain dict, if Stripe signed this exact body with a timestamp
    within SIGNATURE_TOLERANCE of now; otherwise BadSignature."""
    try:
        stripe.Webhook.construct_event(
            payload, signature, settings.STRIPE_WEBHOOK_SECRET, tolerance=SIGNATURE_TOLERANCE
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as error:
        raise BadSignature(str(error)) from None
    if _signed_at(signature) > time.time() + SIGNATURE_TOLERANCE:
        raise BadSignature("timestamp in the future")
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise BadSignature("not an event")
    return event


def _signed_at(signature: str) -> int:
    """The `t=` of a Stripe-Signature header, read as Stripe's SDK reads it (the first)."""
    fields = [item.split("=", 2) for item in signature.split(",")]
    return int(next(field[1] for field in fields if field[0] == "t"))


def subscription_id_of(event: dict) -> str:
    """Which subscription an event is about ("" if none), whatever the API version:
    invoices name it at the top level (older versions) or under `parent`."""
    obj = event["data"].get("object") or {}
    kind = event.get("type", "")
    if kind.startswith("customer.subscription."):
        return _id(obj.get("id"))
    if kind == "checkout.session.completed":
        return _id(obj.get("subscription"))
    if kind.startswith("invoice."):
        details = (obj.get("parent") or {}).get("subscription_details") or {}
        return _id(obj.get("subscription") or details.get("subscription"))
    return ""


def _id(value) -> str:
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else ""


def _subscription_from(remote) -> RemoteSubscription:
    data = remote.to_dict()
    items = (data.get("items") or {}).get("data") or [{}]
    first = items[0]
    # Since API version 2025-03-31 the period lives on the items.
    period_end = first.get("current_period_end") or data.get("current_period_end")
    return RemoteSubscription(
        id=data["id"],
        customer_id=_id(data.get("customer")),
        status=data.get("status", ""),
        price_id=_id(first.get("price")),
        current_period_end=(
            dt.datetime.fromtimestamp(int(period_end), tz=dt.UTC) if period_end else None
        ),
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
        user_id=str((data.get("metadata") or {}).get("user_id", "")),
    )
