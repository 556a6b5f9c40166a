"""With no Stripe keys (the default) the product still runs: plans are shown with a
plain "billing is not configured" notice, nothing can be bought, the webhook answers
503 and changes nothing, and staff grants work."""

from django.urls import reverse

from vip.models import StripeEvent
from vip.tests.events import body_of, deliver, event_json


def test_the_pricing_page_shows_plans_and_what_everyone_gets(client, plan):
    page = client.get(reverse("vip_pricing")).content.decode()

    assert "VIP Monthly" in page
    assert "EUR 9.00" in page
    assert "15 minutes" in page
    assert "A person is always reachable" in page
    assert "first reply within <strong>4 hours</strong>" in page
    assert "Billing is not configured on this site" in page
    assert "disabled" in page
    assert reverse("vip_subscribe", args=[plan.pk]) not in page


def test_subscribing_explains_that_billing_is_off(client, customer, plan):
    client.force_login(customer)

    response = client.post(reverse("vip_subscribe", args=[plan.pk]), follow=True)

    assert response.status_code == 200
    assert "Billing is not configured on this site" in response.content.decode()


def test_the_portal_explains_that_billing_is_off(client, customer):
    client.force_login(customer)

    response = client.post(reverse("vip_manage"), follow=True)

    assert "Billing is not configured" in response.content.decode()


def test_the_webhook_answers_503_and_changes_nothing(client, db):
    response = deliver(client, body_of(event_json("evt_1", "invoice.paid", {"id": "in_1"})))

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_not_configured"
    assert not StripeEvent.objects.exists()


def test_the_customer_pages_work_and_show_the_standard_promise(client, customer, plan):
    client.force_login(customer)

    account = client.get(reverse("account")).content.decode()
    requests = client.get(reverse("tickets"))
    chat = client.get(reverse("chat")).content.decode()

    assert "Your service level" in account
    assert "A person is always available" in chat
    assert requests.status_code == 200


def test_a_vip_sees_the_badge_and_promise_everywhere(client, vip_customer):
    client.force_login(vip_customer)

    for name in ("account", "tickets", "chat", "vip_pricing"):
        page = client.get(reverse(name)).content.decode()
        assert '<span class="badge badge-active"' in page, name
    chat = client.get(reverse("chat")).content.decode()
    assert "within <strong>15 minutes</strong>" in chat
    assert "guaranteed" in chat


def test_the_pricing_page_escapes_what_staff_typed(client, plan):
    plan.perks = "<script>alert(1)</script>"
    plan.save()

    page = client.get(reverse("vip_pricing")).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
