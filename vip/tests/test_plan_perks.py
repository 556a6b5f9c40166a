"""A plan's perks follow its guarantee: written with {guarantee} (or {minutes}), they
read "A person within 30 minutes" on the pricing page and in the API as soon as the
guarantee says 30; a time written out, or an unknown placeholder, is refused in the
admin; the migration turned existing plans' written-out times into {guarantee}."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from vip import services
from vip.models import Plan

migration = importlib.import_module("vip.migrations.0002_perks_follow_the_guarantee")


def plan_form(**fields):
    return {
        "name": "VIP Monthly", "is_active": "on", "position": 10, "price": "9.00",
        "currency": "EUR", "interval": "month", "stripe_price_id": "price_monthly",
        "guaranteed_minutes": 15, "credit_amount": "9.00",
        "perks": "A person within {guarantee}, day and night\nA dedicated team", **fields,
    }  # fmt: skip


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    client.force_login(supervisor)
    return client


def form_errors(response):
    assert response.status_code == 200, "the form should have been refused"
    return response.context["adminform"].form.errors["perks"]


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(15, "15 minutes"), (1, "1 minute"), (60, "1 hour"), (90, "1 hour 30 minutes")],
)
def test_the_perks_read_the_guarantee_in_words(minutes, words):
    plan = Plan(guaranteed_minutes=minutes, perks="Within {guarantee}\n\n ({minutes} min) \nTeam")

    assert plan.perk_list == [f"Within {words}", f"({minutes} min)", "Team"]


def test_editing_the_guarantee_changes_what_customers_read(supervisor_client, client):
    supervisor_client.post(reverse("admin:vip_plan_add"), plan_form())
    plan = Plan.objects.get()
    url = reverse("admin:vip_plan_change", args=[plan.pk])
    assert supervisor_client.get(url).status_code == 200

    response = supervisor_client.post(url, plan_form(guaranteed_minutes=30))

    assert response.status_code == 302
    pricing = client.get(reverse("vip_pricing")).content.decode()
    assert "<li>A person within 30 minutes, day and night</li>" in pricing
    assert "15 minutes" not in pricing
    api = client.get("/api/vip/plans/").json()
    assert api[0]["perks"] == ["A person within 30 minutes, day and night", "A dedicated team"]
    plan.refresh_from_db()
    assert plan.sla_policy.first_response_minutes == 30


@pytest.mark.parametrize("written", ["15 minutes", "10 min", "2 hours", "1 hr"])
def test_a_time_written_out_is_refused_because_it_would_go_stale(supervisor_client, written):
    response = supervisor_client.post(
        reverse("admin:vip_plan_add"), plan_form(perks=f"A person within {written}")
    )

    assert form_errors(response) == [
        f"“{written}” would stay as written when the guarantee changes: write {{guarantee}} "
        "instead, e.g. “A person within {guarantee}, day and night”."
    ]
    assert not Plan.objects.exists()


def test_an_unknown_placeholder_is_refused_saying_which_may_be_used(supervisor_client):
    response = supervisor_client.post(
        reverse("admin:vip_plan_add"), plan_form(perks="Within {guaranteed_time}")
    )

    assert form_errors(response) == [
        "Unknown placeholder: {guaranteed_time}. You can use {guarantee} (the guaranteed time "
        "in words, e.g. 15 minutes or 1 hour); {minutes} (the guaranteed minutes as a number, "
        "e.g. 15)."
    ]


def test_an_agent_may_not_change_a_plan(client, agent, desk):
    plan = services.plan_save(plan=Plan(name="VIP", price=Decimal("9"), stripe_price_id="p_1"))
    client.force_login(agent)

    response = client.post(
        reverse("admin:vip_plan_change", args=[plan.pk]), plan_form(guaranteed_minutes=1)
    )

    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.guaranteed_minutes == 15


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("A person within 15 minutes, day and night", "A person within {guarantee}, day and night"),
        ("Answer in 10 min\nCancel any time", "Answer in {guarantee}\nCancel any time"),
        ("Within 1 hour 30 minutes", "Within {guarantee}"),
        ("Two months free", "Two months free"),
    ],
)
def test_the_migration_turns_written_out_times_into_the_placeholder(desk, before, after):
    plan = Plan.objects.create(
        name="Old", price=Decimal("9"), stripe_price_id="p_old", guaranteed_minutes=10,
        perks=before,
    )  # fmt: skip

    migration.forwards(apps, None)

    plan.refresh_from_db()
    assert plan.perks == after


def test_the_migration_writes_the_guarantee_back_when_reversed(desk):
    plan = Plan.objects.create(
        name="New", price=Decimal("9"), stripe_price_id="p_new", guaranteed_minutes=90,
        perks="Within {guarantee} ({minutes} min)",
    )  # fmt: skip

    migration.backwards(apps, None)

    plan.refresh_from_db()
    assert plan.perks == "Within 1 hour 30 minutes (90 min)"
