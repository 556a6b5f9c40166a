"""The guarantee has teeth: a missed VIP first response alerts supervisors at once
and earns exactly one service credit, applied as a Stripe customer-balance credit
when billing is on (by a task worker), retried when Stripe fails, and shown to the
customer."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assistant.consumers import ask_for_a_person
from core.tasks import run_ready
from tickets.models import SLABreach
from tickets.sla import monitor_pass
from tickets.tests.concurrency import run_together
from vip import monitor
from vip.models import ServiceCredit, VipEvent
from vip.tests.conftest import subscribe

pytestmark = pytest.mark.django_db(transaction=True)
Status = ServiceCredit.Status


@pytest.fixture
def billed_vip(plan, customer, stripe_on):
    subscribe(customer, plan, stripe_id="cus_test_ann")
    customer.refresh_from_db()
    return customer


def overdue_vip_ticket(customer):
    ticket = ask_for_a_person(customer, None)
    return ticket, ticket.first_response_due_at + timedelta(minutes=1)


def run_monitor(now):
    """One pass of run_sla_monitor: the SLA pass, then the apps' ticks."""
    handled = monitor_pass(now=now)
    monitor.tick(now=now)
    return handled


def the_credit_task() -> DBTaskResult:
    return DBTaskResult.objects.get(task_path="vip.services.credit_apply")


def test_two_monitors_at_once_alert_once_and_credit_once(billed_vip, supervisor, stripe_on):
    ticket, now = overdue_vip_ticket(billed_vip)

    results = run_together([lambda: run_monitor(now), lambda: run_monitor(now)])
    run_monitor(now + timedelta(minutes=1))
    assert ServiceCredit.objects.get().status == Status.PENDING  # until a task worker runs
    run_ready()

    assert sorted(results) == [0, 1], results
    breach = SLABreach.objects.get(ticket=ticket)
    credit = ServiceCredit.objects.get()
    assert credit.breach == breach
    assert credit.status == Status.APPLIED
    assert (credit.amount, credit.currency) == (9, "EUR")
    alerts = [m for m in mail.outbox if "SLA breached" in m.subject]
    assert len(alerts) == 1
    assert alerts[0].to == [supervisor.email]
    credits_sent = stripe_on.calls("POST", "/v1/customers/cus_test_ann/balance_transactions")
    assert len(credits_sent) == 1
    assert credits_sent[0].params["amount"] == "-900"
    assert credits_sent[0].params["currency"] == "eur"
    assert credits_sent[0].idempotency_key == f"supportsite-credit-{credit.pk}-cus_test_ann"
    assert credit.stripe_transaction_id.startswith("cbtxn_")
    assert VipEvent.objects.filter(kind=VipEvent.Kind.CREDIT_RECORDED).count() == 1
    assert VipEvent.objects.filter(kind=VipEvent.Kind.CREDIT_APPLIED).count() == 1


def test_a_failed_credit_is_retried_after_its_backoff(billed_vip, stripe_on):
    _, now = overdue_vip_ticket(billed_vip)
    stripe_on.fail_next = 1  # a 500 that Stripe says not to retry at once

    run_monitor(now)
    run_ready()
    credit = ServiceCredit.objects.get()
    assert (credit.status, credit.note) == (Status.FAILED, "Stripe unreachable; will retry")
    task = the_credit_task()
    assert task.status == "READY"
    assert task.run_after > timezone.now() + timedelta(seconds=50)  # a minute's backoff

    assert run_ready() == 0  # before the backoff: nothing
    assert ServiceCredit.objects.get().status == Status.FAILED

    DBTaskResult.objects.filter(pk=task.pk).update(run_after=timezone.now())
    assert run_ready() == 1
    credit.refresh_from_db()
    assert credit.status == Status.APPLIED
    assert the_credit_task().status == "SUCCESSFUL"
    attempts = stripe_on.calls("POST", "/v1/customers/cus_test_ann/balance_transactions")
    assert len({call.idempotency_key for call in attempts}) == 1
    assert credit.attempts == 2


def test_without_stripe_keys_the_credit_is_recorded_but_not_applied(plan, customer, settings):
    subscribe(customer, plan)
    customer.refresh_from_db()
    _, now = overdue_vip_ticket(customer)

    run_monitor(now)
    run_ready()

    credit = ServiceCredit.objects.get()
    assert credit.status == Status.NOT_APPLIED
    assert credit.status_text == "Not applied: billing not configured"


def test_a_standard_customers_breach_earns_no_credit(desk, customer):
    ticket = ask_for_a_person(customer, None)

    run_monitor(ticket.first_response_due_at + timedelta(minutes=1))

    assert SLABreach.objects.filter(ticket=ticket).exists()
    assert not ServiceCredit.objects.exists()


def test_the_customer_sees_the_credit_on_their_account_and_the_request(client, plan, customer):
    subscribe(customer, plan)
    customer.refresh_from_db()
    ticket, now = overdue_vip_ticket(customer)
    run_monitor(now)
    client.force_login(customer)

    account = client.get(reverse("account")).content.decode()
    request_page = client.get(reverse("ticket", args=[ticket.pk])).content.decode()

    assert "EUR 9.00" in account
    assert f"request #{ticket.pk}" in account
    assert "billing not configured" in account
    assert "We missed our VIP promise on this request" in request_page
    assert "EUR 9.00" in request_page


def test_nobody_else_sees_the_credit(client, plan, customer, other_customer):
    subscribe(customer, plan)
    customer.refresh_from_db()
    ticket, now = overdue_vip_ticket(customer)
    run_monitor(now)
    client.force_login(other_customer)

    assert "EUR 9.00" not in client.get(reverse("account")).content.decode()
    assert client.get(reverse("ticket", args=[ticket.pk])).status_code == 404
