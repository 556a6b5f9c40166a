"""Staff in the admin: supervisors edit plans (whose SLA policy follows) and grant or
revoke complimentary VIP, audited with who, when, why and until; agents look."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ensure_roles
from vip.models import ComplimentaryGrant, Plan, VipEvent
from vip.tier import is_vip


def grant_form(customer, days=30, reason="Sorry for the outage"):
    until = timezone.localtime() + timedelta(days=days)
    return {
        "customer": customer.pk,
        "until_0": until.strftime("%Y-%m-%d"),
        "until_1": until.strftime("%H:%M:%S"),
        "reason": reason,
    }


def test_a_supervisor_grants_vip_with_an_audit_trail(client, supervisor, customer, desk):
    client.force_login(supervisor)

    response = client.post(reverse("admin:vip_complimentarygrant_add"), grant_form(customer))

    assert response.status_code == 302, response.content.decode()[:2000]
    grant = ComplimentaryGrant.objects.get()
    assert (grant.customer, grant.granted_by, grant.reason) == (
        customer,
        supervisor,
        "Sorry for the outage",
    )
    event = VipEvent.objects.get(kind=VipEvent.Kind.GRANTED)
    assert event.actor == supervisor
    assert event.data["reason"] == "Sorry for the outage"
    customer.refresh_from_db()
    assert is_vip(customer)


def test_a_supervisor_revokes_a_grant_with_a_reason(client, supervisor, customer, desk):
    client.force_login(supervisor)
    client.post(reverse("admin:vip_complimentarygrant_add"), grant_form(customer))
    grant = ComplimentaryGrant.objects.get()

    response = client.post(
        reverse("admin:vip_complimentarygrant_change", args=[grant.pk]),
        {"revoke_reason": "Granted to the wrong customer"},
    )

    assert response.status_code == 302
    grant.refresh_from_db()
    assert (grant.revoked_by, grant.revoke_reason) == (supervisor, "Granted to the wrong customer")
    assert grant.revoked_at is not None
    assert VipEvent.objects.filter(kind=VipEvent.Kind.REVOKED, actor=supervisor).count() == 1
    customer.refresh_from_db()
    assert not is_vip(customer)


def test_a_grant_needs_a_future_end(client, supervisor, customer, desk):
    client.force_login(supervisor)

    response = client.post(
        reverse("admin:vip_complimentarygrant_add"), grant_form(customer, days=-1)
    )

    assert response.status_code == 200
    assert "A grant must end in the future." in response.content.decode()
    assert not ComplimentaryGrant.objects.exists()


def test_a_supervisor_adds_a_plan_and_its_sla_policy_follows(client, supervisor, desk):
    client.force_login(supervisor)

    response = client.post(reverse("admin:vip_plan_add"), {
        "name": "VIP Weekly", "is_active": "on", "position": 10, "price": "3.00",
        "currency": "eur", "interval": "month", "stripe_price_id": "price_weekly",
        "guaranteed_minutes": 20, "credit_amount": "3.00", "perks": "",
    })  # fmt: skip

    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert plan.currency == "EUR"
    assert plan.sla_policy.first_response_minutes == 20
    assert plan.sla_policy.tier == "vip"


@pytest.mark.parametrize("page", ["plan", "complimentarygrant", "subscription", "servicecredit",
                                  "vipevent"])  # fmt: skip
def test_agents_can_look_but_not_change(client, agent, desk, page):
    client.force_login(agent)

    assert client.get(reverse(f"admin:vip_{page}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:vip_{page}_add")).status_code == 403


def test_supervisors_may_edit_plans_and_grants_by_role(db):
    from vip.roles import ROLE_PERMISSIONS

    ensure_roles()
    supervisors = ROLE_PERMISSIONS["Supervisors"]
    assert "change" in supervisors["vip.plan"]
    assert "add" in supervisors["vip.complimentarygrant"]
    assert "delete" not in supervisors["vip.complimentarygrant"]


def test_the_ticket_admin_shows_the_tier(client, supervisor, vip_customer):
    from assistant.consumers import ask_for_a_person

    ticket = ask_for_a_person(vip_customer, None)
    client.force_login(supervisor)

    page = client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])).content.decode()

    assert "VIP" in page


def test_the_grant_pages_render_before_and_after_revoking(client, supervisor, customer, desk):
    from vip import services

    grant = services.grant_create(
        customer=customer, until=timezone.now() + timedelta(days=3), reason="Outage",
        actor=supervisor,
    )  # fmt: skip
    client.force_login(supervisor)
    url = reverse("admin:vip_complimentarygrant_change", args=[grant.pk])

    active = client.get(url).content.decode()
    services.grant_revoke(grant=grant, reason="Mistake", actor=supervisor)
    revoked = client.get(url).content.decode()

    assert 'name="revoke_reason"' in active
    assert 'name="revoke_reason"' not in revoked
    assert "Mistake" in revoked
    assert client.get(reverse("admin:vip_complimentarygrant_changelist")).status_code == 200
