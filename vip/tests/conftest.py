"""VIP's cast on top of the project's: plans, a VIP customer, and Stripe switched on
against a local fake of its API (the real SDK, no network)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from vip import services
from vip.models import Plan, StripeCustomer
from vip.stripe_gateway import RemoteSubscription
from vip.tests.events import WEBHOOK_SECRET
from vip.tests.fake_stripe import PRICE_MONTHLY, serve


@pytest.fixture
def plan(desk):
    return services.plan_save(
        plan=Plan(
            name="VIP Monthly", price=Decimal("9.00"), currency="EUR", interval="month",
            stripe_price_id=PRICE_MONTHLY, guaranteed_minutes=15, credit_amount=Decimal("9.00"),
            perks="A person within {guarantee}\nA dedicated team",
        )
    )  # fmt: skip


@pytest.fixture
def fake_stripe():
    fake, server = serve()
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def stripe_on(settings, fake_stripe):
    settings.STRIPE_SECRET_KEY = "sk_test_fake"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = fake_stripe.url
    settings.STRIPE_TIMEOUT = 5.0
    settings.STRIPE_MAX_NETWORK_RETRIES = 1
    return fake_stripe


def subscribe(customer, plan, *, status="active", sub_id=None, now=None, stripe_id=None):
    """Give `customer` a subscription as a synced webhook would."""
    now = now or timezone.now()
    if stripe_id:
        StripeCustomer.objects.get_or_create(user=customer, stripe_customer_id=stripe_id)
    return services.subscription_apply(
        remote=RemoteSubscription(
            id=sub_id or f"sub_{customer.pk}",
            customer_id=stripe_id or "",
            status=status,
            price_id=plan.stripe_price_id,
            current_period_end=now + timedelta(days=30),
            cancel_at_period_end=False,
            user_id=str(customer.pk),
        ),
        now=now,
    )


@pytest.fixture
def vip_customer(plan):
    user = UserFactory(email="vera@example.com", full_name="Vera Vip")
    subscribe(user, plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def vip_agent(desk, agent):
    """An available agent with the VIP skill (a member of the VIP queue)."""
    from tickets import services as ticket_services
    from vip.tier import vip_queue

    vip_queue().members.add(agent)
    ticket_services.agent_set_availability(agent=agent, available=True)
    return agent
