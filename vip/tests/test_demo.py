"""`seed_demo` gives VIP a living demo: two plans, a VIP customer with an active
subscription, and one of their requests whose guarantee was missed, with its credit."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from tickets.models import Ticket
from vip.models import Plan, ServiceCredit, Subscription, VipEvent
from vip.tier import is_vip


@pytest.fixture
def seeded(db, settings, desk):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def vip_counts():
    return tuple(
        model.objects.count() for model in (Plan, Subscription, ServiceCredit, VipEvent, Ticket)
    )


def test_the_demo_has_plans_a_vip_and_a_credited_breach(seeded):
    plans = dict(Plan.objects.values_list("name", "guaranteed_minutes"))
    assert plans == {"VIP Monthly": 15, "VIP Yearly": 10}
    maya = User.objects.get(email="maya@example.com")
    assert is_vip(maya)
    assert maya.vip_subscriptions.get().status == "active"
    credit = ServiceCredit.objects.get(customer=maya)
    assert credit.ticket.tier == "vip"
    assert credit.ticket.sla_breached_at is not None
    assert credit.status_text == "Not applied: billing not configured"


def test_seeding_again_changes_nothing(seeded):
    before = vip_counts()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert vip_counts() == before
    assert "maya@example.com             Maya Cohen  (VIP subscriber)" in out.getvalue()


def test_the_demo_plans_perks_follow_their_guarantee(seeded):
    monthly, yearly = Plan.objects.get(name="VIP Monthly"), Plan.objects.get(name="VIP Yearly")

    assert "{guarantee}" in monthly.perks
    assert monthly.perk_list[0] == "A person within 15 minutes, day and night"
    assert yearly.perk_list[0] == "A person within 10 minutes, day and night"
