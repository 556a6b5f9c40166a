"""The VIP section of the customer panel beside a ticket (vip.customer_panel,
registered with tickets at ready): VIP state, subscription and credits."""

from datetime import timedelta

from django.utils import timezone

from accounts.tests.factories import UserFactory
from tickets.customer_panel import sections_for
from tickets.models import SLABreach, Ticket
from vip import services


def vip_rows(customer, user):
    (section,) = [s for s in sections_for(customer, user=user) if s.title == "VIP"]
    return [(row.text, row.detail) for row in section.rows]


def test_a_vip_customers_state_plan_and_credits(vip_customer, superuser):
    ticket = Ticket.objects.create(customer=vip_customer, subject="Help", tier="vip")
    breach = SLABreach.objects.create(
        ticket=ticket, target="first_response", due_at=timezone.now() - timedelta(minutes=1)
    )
    services.credit_record(breach=breach, now=timezone.now())

    rows = vip_rows(vip_customer, superuser)

    assert rows[0][0] == "VIP"
    assert rows[0][1].startswith("until ")
    assert rows[1] == ("Subscription: VIP Monthly", "Active")
    assert rows[2] == ("Credits: 1, 9.00 EUR", "for missed guarantees")
    assert rows[3][0] == "9.00 EUR · Not applied"


def test_a_customer_who_never_subscribed(customer, superuser, desk):
    assert vip_rows(customer, superuser) == [("Not VIP", "")]


def test_links_only_for_staff_who_may_view_the_records(vip_customer, agent, db):
    viewer = UserFactory(email="viewer@example.com", is_staff=True)  # no role: no links
    linked = next(s for s in sections_for(vip_customer, user=agent) if s.title == "VIP")
    bare = next(s for s in sections_for(vip_customer, user=viewer) if s.title == "VIP")

    assert linked.rows[1].url.startswith("/admin/vip/subscription/")
    assert all(row.url == "" for row in bare.rows)
