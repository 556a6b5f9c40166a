"""The SLA monitor handles each breach exactly once, even with several copies
running at the same moment: one breach row, one event, one priority bump, one
alert to supervisors. A later pass is a no-op."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from core.tasks import run_ready
from tickets import services
from tickets.models import Message, Priority, SLABreach, Ticket, TicketEvent
from tickets.sla import monitor_pass
from tickets.tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def overdue(desk, customer, supervisor):
    ticket = services.ticket_open(customer=customer, subject="Payment failed twice")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Help!"
    )
    services.ticket_hand_off(ticket=ticket, reason="asked for a person")
    ticket.refresh_from_db()
    return ticket


def later_than(ticket, minutes=1):
    return ticket.first_response_due_at + timedelta(minutes=minutes)


def test_nothing_happens_before_the_due_time(overdue):
    assert monitor_pass(now=overdue.first_response_due_at - timedelta(minutes=1)) == 0
    assert not SLABreach.objects.exists()


def test_two_monitors_at_once_handle_a_breach_exactly_once(overdue):
    now = later_than(overdue)

    results = run_together([lambda: monitor_pass(now=now), lambda: monitor_pass(now=now)])
    again = monitor_pass(now=now + timedelta(minutes=5))

    assert sorted(results) == [0, 1], results
    assert again == 0
    breach = SLABreach.objects.get()
    assert breach.target == SLABreach.Target.FIRST_RESPONSE
    assert breach.due_at == overdue.first_response_due_at
    assert overdue.events.filter(kind=TicketEvent.Kind.SLA_BREACHED).count() == 1
    assert overdue.events.filter(kind=TicketEvent.Kind.PRIORITY_CHANGED).count() == 1
    overdue.refresh_from_db()
    assert overdue.priority == Priority.HIGH
    assert overdue.sla_breached_at == now
    run_ready()
    supervisor_mail = [m for m in mail.outbox if "SLA breached" in m.subject]
    assert len(supervisor_mail) == 1
    assert supervisor_mail[0].to == ["super@example.com"]


def test_a_breached_ticket_stays_first_in_the_queue_but_leaves_the_monitors_work(overdue):
    monitor_pass(now=later_than(overdue))

    overdue.refresh_from_db()
    assert overdue.sla_due_at == overdue.first_response_due_at  # still sorted by it
    assert overdue.sla_next_check_at == overdue.resolution_due_at


def test_each_missed_target_is_its_own_breach(overdue):
    monitor_pass(now=later_than(overdue))
    monitor_pass(now=overdue.resolution_due_at + timedelta(minutes=1))

    targets = set(SLABreach.objects.values_list("target", flat=True))
    assert targets == {SLABreach.Target.FIRST_RESPONSE, SLABreach.Target.RESOLUTION}
    overdue.refresh_from_db()
    assert overdue.priority == Priority.URGENT
    assert overdue.sla_next_check_at is None


def test_a_reply_in_time_means_no_breach(overdue, agent):
    services.agent_reply(ticket=overdue, agent=agent, body="Looking into it now.")

    assert monitor_pass(now=later_than(overdue)) == 0


def test_a_ticket_waiting_on_the_customer_raises_no_breach(overdue, agent):
    services.ticket_set_status(ticket=overdue, status=Ticket.Status.PENDING, actor=agent)

    assert monitor_pass(now=later_than(overdue)) == 0


def test_the_command_runs_one_pass_with_once(overdue, capsys, settings):
    Ticket.objects.filter(pk=overdue.pk).update(
        first_response_due_at=timezone.now() - timedelta(minutes=1),
        sla_next_check_at=timezone.now() - timedelta(minutes=1),
    )

    call_command("run_sla_monitor", "--once")

    assert "1 breach(es) handled" in capsys.readouterr().out
    assert SLABreach.objects.count() == 1
