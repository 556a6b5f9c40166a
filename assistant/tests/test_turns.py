"""Assistant turns are tracked; one cut short by a restart is finished by the sweep
with exactly one hand-off."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from assistant.llm import EmbeddedChatModel
from assistant.models import AssistantTurn
from assistant.tests.fakes import respond_from_sync_code, triage_as
from assistant.turns import sweep_orphans, turn_start
from tickets import services
from tickets.models import Message, Ticket, TicketEvent


@pytest.fixture
def ticket(customer, desk):
    ticket = services.ticket_open(customer=customer, subject="Chat")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="hi"
    )
    return ticket


@pytest.mark.django_db(transaction=True)  # the turn's database work runs on other threads
def test_an_answered_turn_is_recorded_as_done(ticket):
    triage = triage_as("greeting")

    respond_from_sync_code(
        ticket=ticket, text="hi", triage_fn=triage, model=EmbeddedChatModel(triage=triage)
    )

    turn = AssistantTurn.objects.get()
    assert (turn.state, turn.outcome) == ("done", "answered")
    assert turn.finished_at is not None


def test_a_turn_left_pending_by_a_restart_is_failed_once_with_one_hand_off(ticket, settings):
    settings.ASSISTANT_TIMEOUT = 20
    turn_start(ticket_id=ticket.pk)
    later = timezone.now() + dt.timedelta(seconds=51)

    assert sweep_orphans(now=timezone.now()) == 0  # still within its time
    assert sweep_orphans(now=later) == 1
    assert sweep_orphans(now=later) == 0

    ticket.refresh_from_db()
    assert ticket.handled_by == Ticket.HandledBy.QUEUE
    assert ticket.events.filter(kind=TicketEvent.Kind.HANDED_OFF).count() == 1
    assert AssistantTurn.objects.get().state == "failed"


def test_the_monitor_command_runs_the_sweep(ticket):
    AssistantTurn.objects.create(
        ticket=ticket, started_at=timezone.now() - dt.timedelta(minutes=10)
    )

    call_command("run_sla_monitor", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert AssistantTurn.objects.get().state == "failed"


def test_staff_see_the_turns_in_the_admin(client, superuser, ticket):
    turn_start(ticket_id=ticket.pk)
    client.force_login(superuser)

    response = client.get("/admin/assistant/assistantturn/")

    assert response.status_code == 200
    assert "Pending" in response.content.decode()
