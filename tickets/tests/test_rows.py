"""The chat's statements (core.db.insert_rows, tickets.rows) store exactly what the
ORM would, and the guard writes nothing where the row moved on."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from core.db import insert_rows
from tickets import rows, services
from tickets.models import Message, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_an_inserted_row_reads_back_as_the_orm_would_have_saved_it(customer):
    ticket = services.ticket_open(customer=customer, subject="Help")
    at = timezone.now() - dt.timedelta(minutes=3)
    fields = {"ticket": ticket, "author_kind": "customer", "author": customer,
              "body": "Where is my refund? ✓", "client_msg_id": "c-1", "created_at": at,
              "metadata": {"intent": "refund", "tools": ["a", "b"], "score": 0.5}}  # fmt: skip
    fast = Message(seq=1, **fields)
    saved = Message(seq=2, **{**fields, "client_msg_id": "c-2"})

    insert_rows([fast])
    saved.save()

    fast_row, saved_row = Message.objects.get(pk=fast.pk), Message.objects.get(pk=saved.pk)
    differing = {"id", "seq", "client_msg_id"}
    assert {k: v for k, v in model_to_dict(fast_row).items() if k not in differing} == {
        k: v for k, v in model_to_dict(saved_row).items() if k not in differing
    }
    assert fast_row.created_at == at
    assert fast_row.metadata == fields["metadata"]


def test_events_insert_with_their_json_data(customer):
    ticket = services.ticket_open(customer=customer, subject="Help")
    event = TicketEvent(ticket=ticket, kind=TicketEvent.Kind.RULE_MATCHED, data={"rules": ["x"]},
                        created_at=timezone.now())  # fmt: skip

    insert_rows([event])

    assert TicketEvent.objects.get(pk=event.pk).data == {"rules": ["x"]}


def test_the_guard_writes_only_rows_still_at_the_copys_version(customer):
    current = services.ticket_open(customer=customer, subject="a")
    moved_on = services.ticket_open(customer=customer, subject="b")
    Ticket.objects.filter(pk=moved_on.pk).update(intent="someone else wrote")
    for ticket in (current, moved_on):
        ticket.subject = "changed"
    before = moved_on.version

    written = rows.write_if_unchanged([current, moved_on], ["subject"])

    assert written == {current.pk}
    assert Ticket.objects.get(pk=current.pk).subject == "changed"
    assert Ticket.objects.get(pk=current.pk).version == current.version
    assert Ticket.objects.get(pk=moved_on.pk).subject == "b"
    assert moved_on.version == before  # the copy still says what it was read at
