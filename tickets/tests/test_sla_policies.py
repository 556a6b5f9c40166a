"""Which SLA policy applies at hand-off, and its due times in business hours."""

import datetime as dt

import pytest

from tickets import sla
from tickets.models import Priority, SLAPolicy, Tier
from tickets.tests.factories import TicketFactory

UTC = dt.UTC
# A Friday, 15:30 in Stockholm (CET), 30 minutes before the default desk closes.
FRIDAY_EVENING = dt.datetime(2026, 11, 20, 14, 30, tzinfo=UTC)


@pytest.fixture
def policies(desk):
    return {policy.name: policy for policy in SLAPolicy.objects.all()}


def started(ticket, now):
    sla.sla_start(ticket, now=now)
    return ticket


def test_vip_tickets_get_the_vip_guarantee_round_the_clock(policies):
    ticket = started(TicketFactory(tier=Tier.VIP), FRIDAY_EVENING)

    assert ticket.sla_policy == policies["VIP guarantee"]
    assert ticket.first_response_due_at == FRIDAY_EVENING + dt.timedelta(minutes=15)


def test_urgent_standard_tickets_get_the_urgent_policy(policies):
    ticket = started(TicketFactory(priority=Priority.URGENT), FRIDAY_EVENING)

    assert ticket.sla_policy == policies["Urgent"]
    assert ticket.first_response_due_at == FRIDAY_EVENING + dt.timedelta(minutes=30)


def test_a_friday_evening_request_on_business_hours_is_due_on_monday(policies):
    ticket = started(TicketFactory(), FRIDAY_EVENING)

    assert ticket.sla_policy == policies["Standard"]
    # 30 minutes on Friday, the remaining 3.5 hours from Monday 08:00 CET.
    assert ticket.first_response_due_at == dt.datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
    assert ticket.sla_due_at == ticket.first_response_due_at


def test_holidays_in_the_calendar_are_skipped(policies):
    calendar = policies["Standard"].calendar
    calendar.extra_holidays = ["2026-11-23"]
    calendar.save()

    ticket = started(TicketFactory(), FRIDAY_EVENING)

    assert ticket.first_response_due_at == dt.datetime(2026, 11, 24, 10, 30, tzinfo=UTC)


def test_policies_are_checked_by_position_and_inactive_ones_skipped(policies):
    policies["VIP guarantee"].is_active = False
    policies["VIP guarantee"].save()

    ticket = started(TicketFactory(tier=Tier.VIP), FRIDAY_EVENING)

    assert ticket.sla_policy == policies["Standard"]


def test_no_matching_policy_means_no_clock(policies):
    SLAPolicy.objects.all().delete()

    ticket = started(TicketFactory(), FRIDAY_EVENING)

    assert ticket.sla_policy is None
    assert ticket.sla_due_at is None


def test_a_customer_message_after_the_first_reply_starts_the_next_response_clock(policies):
    ticket = started(TicketFactory(), FRIDAY_EVENING)
    sla.sla_agent_replied(ticket, now=FRIDAY_EVENING + dt.timedelta(minutes=5))

    sla.sla_customer_wrote(ticket, now=FRIDAY_EVENING + dt.timedelta(minutes=10))

    # 20 minutes left on Friday, the other 7 h 40 min from Monday 08:00 CET.
    assert ticket.next_response_due_at == dt.datetime(2026, 11, 23, 14, 40, tzinfo=UTC)
    assert ticket.sla_due_at == ticket.next_response_due_at
