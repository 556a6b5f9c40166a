"""`seed_demo` fills every panel of the reports, and seeding again changes nothing."""

import io

import pytest
from django.core.management import call_command

from reports import selectors
from reports.scope import Scope
from tickets.models import CSATRating, Ticket, TicketEvent
from vip.models import ServiceCredit


@pytest.fixture
def seeded(db, settings, desk):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_fills_every_panel(seeded):
    scope = Scope.last_days(30)
    counts = selectors.conversation_counts(scope)
    times = selectors.resolution_times(scope)
    sla = selectors.sla_figures(scope)
    csat = selectors.csat(scope)

    assert counts["resolved_by_assistant"] > 0
    assert len([code for code, n in counts["by_code"].items() if n]) >= 3
    assert counts["missed_handoffs"] > 0
    assert counts["needless_handoffs"] > 0
    assert times["assistant"]["median"] < times["person"]["median"]
    assert sla["first_response"]["met"] > 0
    assert sla["vip_promise"]["met"] > 0
    assert selectors.breaches(scope)["total"] > 0
    assert selectors.credits(scope)["count"] > 0
    for path in ["assistant", "handed_off", "from_start"]:
        assert csat[path]["rated"] > 0, path
    assert len(selectors.agent_figures(scope)) == 2
    assert selectors.missed_handoffs(scope)
    assert selectors.needless_handoffs(scope)
    assert selectors.assistant_hours(counts, times) > 0


def test_seeding_again_changes_nothing(seeded):
    def counts():
        return [m.objects.count() for m in (Ticket, TicketEvent, CSATRating, ServiceCredit)]

    before = counts()
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
