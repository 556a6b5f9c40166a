"""RETENTION_DAYS: closed conversations lose their text that many days after closing,
by a task the workers enqueue once a day; off (0) by default. The figures stay."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.tasks import enqueue_daily, run_ready
from privacy.retention import forget_old_conversations
from tickets import services as tickets
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db
TASK = "privacy.retention.forget_old_conversations"


def conversation(customer, *, closed_days_ago=None, text="My parcel to Lund is late"):
    ticket = tickets.ticket_open(customer=customer, subject=text)
    tickets.message_post(ticket=ticket, author_kind="customer", author=customer, body=text)
    if closed_days_ago is not None:
        closed = timezone.now() - timedelta(days=closed_days_ago)
        Ticket.objects.filter(pk=ticket.pk).update(status="closed", closed_at=closed)
    return ticket


def texts_of(ticket) -> tuple[str, list[str]]:
    ticket.refresh_from_db()
    bodies = list(Message.objects.filter(ticket=ticket).values_list("body", flat=True))
    return ticket.subject, bodies


def test_off_by_default_nothing_is_forgotten(customer, settings):
    assert settings.RETENTION_DAYS == 0
    old = conversation(customer, closed_days_ago=4000)

    assert forget_old_conversations.call() == "off"
    assert texts_of(old) == ("My parcel to Lund is late", ["My parcel to Lund is late"])


def test_on_the_text_of_conversations_closed_longer_ago_goes_and_the_rest_stays(customer, settings):
    settings.RETENTION_DAYS = 30
    old = conversation(customer, closed_days_ago=31)
    recent = conversation(customer, closed_days_ago=29, text="Recent question about Lund")
    still_open = conversation(customer, text="Open question about Lund")
    tickets.csat_record(ticket=old, customer=customer, score=4, comment="Quick, thanks Lund")

    assert forget_old_conversations.call() == "1 conversation(s) forgotten"

    assert texts_of(old) == ("[removed]", [""])
    old.refresh_from_db()
    assert (old.rating.comment, old.rating.score) == ("", 4)  # the figure stays
    assert texts_of(recent) == ("Recent question about Lund", ["Recent question about Lund"])
    assert texts_of(still_open)[0] == "Open question about Lund"
    mark = TicketEvent.objects.get(ticket=old, kind="text_removed")
    assert (mark.data, mark.actor) == ({"why": "retention"}, None)


def test_run_twice_it_changes_nothing_more(customer, settings):
    settings.RETENTION_DAYS = 30
    old = conversation(customer, closed_days_ago=60)

    forget_old_conversations.call()
    assert forget_old_conversations.call() == "0 conversation(s) forgotten"

    assert TicketEvent.objects.filter(ticket=old, kind="text_removed").count() == 1


def test_it_works_through_a_backlog_in_batches(customer, settings, monkeypatch):
    settings.RETENTION_DAYS = 1
    monkeypatch.setattr("privacy.retention.BATCH", 2)
    old = [conversation(customer, closed_days_ago=10 + n) for n in range(5)]

    assert forget_old_conversations.call() == "5 conversation(s) forgotten"

    assert all(texts_of(ticket)[0] == "[removed]" for ticket in old)


def test_the_workers_enqueue_it_once_a_day(customer, settings):
    settings.RETENTION_DAYS = 30
    old = conversation(customer, closed_days_ago=31)
    now = timezone.now()

    assert enqueue_daily(now=now) == 1
    assert enqueue_daily(now=now + timedelta(hours=23)) == 0  # enqueued today already
    run_ready()

    assert texts_of(old)[0] == "[removed]"
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert enqueue_daily(now=now + timedelta(hours=25)) == 1
