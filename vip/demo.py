"""Demo VIP for `seed_demo`: two plans, a VIP customer with an active subscription,
and one of their requests whose guarantee was missed, with its service credit.
Idempotent: plans by name, the subscription by its id, the ticket once."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from tickets import services as ticket_services
from tickets.demo import backdate, conversation
from tickets.models import HandOffCode, Ticket
from tickets.sla import monitor_pass
from vip import monitor, services
from vip.models import Plan
from vip.stripe_gateway import RemoteSubscription

VIP_CUSTOMER = "maya@example.com"
PLANS = [
    # name, price, interval, Stripe price id, guaranteed minutes, credit, perks
    ("VIP Monthly", "9.00", Plan.Interval.MONTH, "price_demo_vip_monthly", 15, "9.00",
     "A person within {guarantee}, day and night\nA dedicated VIP team\nCancel any time"),
    ("VIP Yearly", "90.00", Plan.Interval.YEAR, "price_demo_vip_yearly", 10, "9.00",
     "A person within {guarantee}, day and night\nA dedicated VIP team\nTwo months free"),
]  # fmt: skip


def seed(*, customers, staff, stdout):
    plans = [_plan(*row) for row in PLANS]
    vip = next((user for user in customers if user.email == VIP_CUSTOMER), None)
    if vip is None:
        return
    now = timezone.now()
    services.subscription_apply(
        remote=RemoteSubscription(
            id="sub_demo_maya",
            customer_id="",
            status="active",
            price_id=plans[0].stripe_price_id,
            current_period_end=now + timedelta(days=20),
            cancel_at_period_end=False,
            user_id=str(vip.pk),
        ),
        now=now,
    )
    vip.refresh_from_db()
    if not Ticket.objects.filter(customer=vip).exists():
        ticket = conversation(vip, "Payment taken twice", "I was charged twice this morning!")
        ticket_services.ticket_hand_off(
            ticket=ticket, reason="customer asked for a person", code=HandOffCode.ASKED
        )
        backdate(ticket, timedelta(hours=1))
        monitor_pass(now=now)
        monitor.tick(now=now)
    stdout.write(f"VIP: {len(plans)} plans; VIP customer {VIP_CUSTOMER}.")


def _plan(name, price, interval, price_id, minutes, credit, perks) -> Plan:
    plan = Plan.objects.filter(name=name).first()
    if plan is not None:
        return plan
    return services.plan_save(
        plan=Plan(
            name=name, price=Decimal(price), currency="EUR", interval=interval,
            stripe_price_id=price_id, guaranteed_minutes=minutes, credit_amount=Decimal(credit),
            perks=perks,
        )
    )  # fmt: skip
