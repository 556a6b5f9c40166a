"""A plan's history: each save (through vip.services.plan_save, from the admin or
anywhere) is one history row, with the SLA policy kept for it; the supervisor who
changed a guarantee is named on the plan's and on its policy's history."""

from decimal import Decimal

import pytest
from django.urls import reverse

from vip import services
from vip.models import Plan

PLAN = {
    "name": "VIP Monthly", "is_active": "on", "position": 10, "price": "9.00", "currency": "EUR",
    "interval": "month", "stripe_price_id": "price_monthly", "guaranteed_minutes": 15,
    "credit_amount": "9.00", "perks": "A person within {guarantee}",
}  # fmt: skip


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    client.force_login(supervisor)
    return client


def test_a_new_plan_is_recorded_once_with_its_policy(desk):
    plan = services.plan_save(plan=Plan(name="VIP", price=Decimal("9"), stripe_price_id="p_1"))

    (created,) = plan.history.all()
    assert created.history_type == "+"
    assert created.sla_policy_id == plan.sla_policy_id is not None


def test_a_supervisors_change_of_the_guarantee_is_on_the_plan_and_its_policy(
    supervisor_client, supervisor
):
    supervisor_client.post(reverse("admin:vip_plan_add"), PLAN)
    plan = Plan.objects.get()

    response = supervisor_client.post(
        reverse("admin:vip_plan_change", args=[plan.pk]), {**PLAN, "guaranteed_minutes": 30}
    )

    assert response.status_code == 302
    changed = plan.history.latest()
    assert (changed.history_type, changed.history_user) == ("~", supervisor)
    page = supervisor_client.get(
        reverse("admin:vip_plan_history_diff", args=[plan.pk, changed.history_id])
    )
    assert [(c.field, c.before, c.after) for c in page.context["changes"]] == [
        ("Guaranteed minutes", "15", "30")
    ]
    policy = plan.sla_policy.history.latest()
    assert (policy.first_response_minutes, policy.history_user) == (30, supervisor)
