"""The REST API: plans on offer, and a customer's own VIP status, subscriptions and
credits — another customer's are the same 404 as a missing one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import SLABreach, Ticket
from vip import services
from vip.models import ServiceCredit
from vip.tests.conftest import subscribe


@pytest.fixture
def credit(vip_customer):
    ticket = Ticket.objects.create(customer=vip_customer, subject="Help", tier="vip")
    breach = SLABreach.objects.create(
        ticket=ticket, target="first_response", due_at=timezone.now() - timedelta(minutes=1)
    )
    return services.credit_record(breach=breach, now=timezone.now())


def test_plans_are_listed(client, customer, plan):
    client.force_login(customer)

    response = client.get("/api/vip/plans/")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": plan.pk, "name": "VIP Monthly", "price": "9.00", "currency": "EUR",
            "interval": "month", "guaranteed_minutes": 15, "credit_amount": "9.00",
            "perks": ["A person within 15 minutes", "A dedicated team"],
        }
    ]  # fmt: skip


def test_a_vip_sees_their_status_plan_and_credits(client, vip_customer, plan, credit):
    client.force_login(vip_customer)

    status = client.get("/api/vip/me/").json()

    assert status["tier"] == "vip"
    assert status["is_vip"] is True
    assert status["until"] is not None
    assert status["guaranteed_minutes"] == 15
    assert status["plan"]["name"] == "VIP Monthly"
    assert status["subscription"]["status"] == "active"
    assert status["complimentary_until"] is None
    assert [c["id"] for c in status["credits"]] == [credit.pk]
    assert status["credits"][0]["status_text"] == "Not applied: billing not configured"


def test_a_standard_customer_sees_standard(client, customer, plan):
    client.force_login(customer)

    status = client.get("/api/vip/me/").json()

    assert (status["tier"], status["is_vip"], status["plan"], status["credits"]) == (
        "standard",
        False,
        None,
        [],
    )


def test_a_customers_credits_and_subscriptions_are_their_own(
    client, vip_customer, other_customer, plan, credit
):
    subscription = vip_customer.vip_subscriptions.get()
    subscribe(other_customer, plan, sub_id="sub_other")
    client.force_login(other_customer)

    assert client.get("/api/vip/credits/").json()["results"] == []
    listed = [s["id"] for s in client.get("/api/vip/subscriptions/").json()["results"]]
    assert listed == [other_customer.vip_subscriptions.get().pk]
    for path in (f"/api/vip/credits/{credit.pk}/", f"/api/vip/subscriptions/{subscription.pk}/"):
        theirs = client.get(path)
        missing = client.get(path.replace(f"/{credit.pk}/", "/999999/").replace(
            f"/{subscription.pk}/", "/999999/"
        ))  # fmt: skip
        assert theirs.status_code == missing.status_code == 404
        assert theirs.content == missing.content


def test_the_owner_can_read_their_credit(client, vip_customer, credit):
    client.force_login(vip_customer)

    response = client.get(f"/api/vip/credits/{credit.pk}/")

    assert response.status_code == 200
    assert response.json()["ticket"] == credit.ticket_id
    assert response.json()["amount"] == "9.00"


@pytest.mark.parametrize(
    "path", ["/api/vip/me/", "/api/vip/plans/", "/api/vip/credits/", "/api/vip/subscriptions/"]
)
def test_the_vip_api_needs_a_login(client, path):
    assert client.get(path).status_code in (401, 403)


def test_the_vip_api_is_read_only(client, vip_customer, credit):
    client.force_login(vip_customer)

    assert client.post("/api/vip/plans/", {}, content_type="application/json").status_code == 405
    assert client.delete(f"/api/vip/credits/{credit.pk}/").status_code == 405


def test_the_schema_describes_the_vip_api_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)

    schema = out.getvalue()
    for path in ("/api/vip/me/", "/api/vip/plans/", "/api/vip/credits/{id}/"):
        assert path in schema


def test_the_vip_lists_use_a_fixed_number_of_queries(
    client, vip_customer, credit, django_assert_max_num_queries
):
    client.force_login(vip_customer)
    client.get("/api/vip/me/")  # warm the session

    with django_assert_max_num_queries(8):
        client.get("/api/vip/me/")
    with django_assert_max_num_queries(5):
        client.get("/api/vip/credits/")
    assert ServiceCredit.objects.count() == 1
