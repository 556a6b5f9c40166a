"""Subscribing through Stripe Checkout and managing through the billing portal, with
the real SDK against the local fake Stripe: one Stripe customer per user, even when
two requests race, and a clear message (never a 500) when Stripe fails."""

import pytest
from django.urls import reverse

from tickets.tests.concurrency import run_together
from vip import services
from vip.models import StripeCustomer
from vip.tests.conftest import subscribe


def test_subscribing_sends_the_customer_to_stripe_checkout(client, customer, plan, stripe_on):
    client.force_login(customer)

    response = client.post(reverse("vip_subscribe", args=[plan.pk]))

    assert response.status_code == 302
    assert response.url.startswith("https://checkout.stripe.com/c/pay/cs_test")
    [create_customer] = stripe_on.calls("POST", "/v1/customers")
    assert create_customer.params["email"] == customer.email
    assert create_customer.params["metadata[user_id]"] == str(customer.pk)
    assert create_customer.idempotency_key.startswith(f"supportsite-customer-{customer.pk}-")
    assert create_customer.authorization == "Bearer sk_test_fake"
    [session] = stripe_on.calls("POST", "/v1/checkout/sessions")
    assert session.params["mode"] == "subscription"
    assert (
        session.params["customer"] == StripeCustomer.objects.get(user=customer).stripe_customer_id
    )
    assert session.params["line_items[0][price]"] == plan.stripe_price_id
    assert session.params["line_items[0][quantity]"] == "1"
    assert session.params["client_reference_id"] == str(customer.pk)
    assert session.params["subscription_data[metadata][user_id]"] == str(customer.pk)
    assert session.params["success_url"] == "http://testserver/vip/welcome/"
    assert session.params["cancel_url"] == "http://testserver/vip/cancelled/"


def test_the_stripe_customer_is_created_once(client, customer, plan, stripe_on):
    client.force_login(customer)

    client.post(reverse("vip_subscribe", args=[plan.pk]))
    client.post(reverse("vip_subscribe", args=[plan.pk]))

    assert len(stripe_on.calls("POST", "/v1/customers")) == 1
    assert len(stripe_on.calls("POST", "/v1/checkout/sessions")) == 2
    assert StripeCustomer.objects.filter(user=customer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_checkouts_at_once_make_one_stripe_customer(customer, plan, stripe_on):
    def create():
        return services.stripe_customer_id_for(user=customer)

    results = run_together([create, create, create])

    assert len(set(results)) == 1, results
    assert StripeCustomer.objects.filter(user=customer).count() == 1
    keys = {call.idempotency_key for call in stripe_on.calls("POST", "/v1/customers")}
    assert len(keys) == 1  # Stripe answers every attempt with the same customer


def test_a_subscriber_cannot_check_out_twice(client, customer, plan, stripe_on):
    subscribe(customer, plan)
    client.force_login(customer)

    response = client.post(reverse("vip_subscribe", args=[plan.pk]), follow=True)

    assert "You already have a VIP subscription" in response.content.decode()
    assert not stripe_on.calls("POST", "/v1/checkout/sessions")


def test_stripe_failing_gives_a_clear_message_not_an_error(client, customer, plan, stripe_on):
    stripe_on.fail_next = 1
    client.force_login(customer)

    response = client.post(reverse("vip_subscribe", args=[plan.pk]), follow=True)

    assert response.status_code == 200
    assert "could not reach our payment provider" in response.content.decode()


def test_stripe_unreachable_gives_a_clear_message(client, customer, plan, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing listens there
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    client.force_login(customer)

    response = client.post(reverse("vip_subscribe", args=[plan.pk]), follow=True)

    assert response.status_code == 200
    assert "could not reach our payment provider" in response.content.decode()
    assert not StripeCustomer.objects.exists()


def test_a_network_failure_is_retried_a_bounded_number_of_times(
    client, customer, plan, stripe_on, settings
):
    settings.STRIPE_MAX_NETWORK_RETRIES = 2
    stripe_on.fail_next = 10
    client.force_login(customer)

    client.post(reverse("vip_subscribe", args=[plan.pk]))

    # Our fake says "Stripe-Should-Retry: false", as Stripe does for a 500 it has
    # already recorded; the SDK honours it and tries once.
    assert len(stripe_on.calls("POST", "/v1/customers")) == 1


def test_an_unknown_or_retired_plan_is_a_404(client, customer, plan, stripe_on):
    plan.is_active = False
    plan.save()
    client.force_login(customer)

    assert client.post(reverse("vip_subscribe", args=[plan.pk])).status_code == 404
    assert client.post(reverse("vip_subscribe", args=[99999])).status_code == 404


def test_subscribing_needs_a_login(client, plan, stripe_on):
    response = client.post(reverse("vip_subscribe", args=[plan.pk]))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_billing_portal_opens_for_a_subscriber(client, customer, plan, stripe_on):
    subscribe(customer, plan, stripe_id="cus_test_ann")
    client.force_login(customer)

    response = client.post(reverse("vip_manage"))

    assert response.status_code == 302
    assert response.url.startswith("https://billing.stripe.com/p/session/bps_test")
    [portal] = stripe_on.calls("POST", "/v1/billing_portal/sessions")
    assert portal.params == {"customer": "cus_test_ann", "return_url": "http://testserver/account/"}


def test_the_portal_explains_when_there_is_nothing_to_manage(client, customer, stripe_on):
    client.force_login(customer)

    response = client.post(reverse("vip_manage"), follow=True)

    assert "no VIP subscription to manage" in response.content.decode()
    assert not stripe_on.requests


def test_the_success_and_cancel_pages(client, vip_customer):
    client.force_login(vip_customer)

    assert "You are VIP" in client.get(reverse("vip_welcome")).content.decode()
    assert "Nothing was charged" in client.get(reverse("vip_cancelled")).content.decode()


def test_the_account_page_offers_the_portal_with_a_csrf_token(client, customer, plan, stripe_on):
    subscribe(customer, plan, stripe_id="cus_test_ann")
    client.force_login(customer)

    page = client.get(reverse("account")).content.decode()

    form = page[page.index(f'action="{reverse("vip_manage")}"') :]
    assert 'name="csrfmiddlewaretoken"' in form[: form.index("</form>")]
    assert "Manage or cancel your subscription" in page
