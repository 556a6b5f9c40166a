"""core.db.run_together: the chat's statements sent together (one round trip on
PostgreSQL), each set's rows in order, in the caller's transaction."""

import pytest
from django.db import DatabaseError, transaction

from core.db import Statement, run_together
from tickets.models import Ticket
from tickets.rows import guarded_update, written_ids

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_statement_gives_each_sets_rows_in_order():
    doubled = Statement("SELECT %s * 2", [[1], [2], [3]])
    none = Statement("SELECT 1 WHERE 1 = %s", [[0]])
    nothing_to_run = Statement("SELECT %s", [])

    assert run_together(doubled, nothing_to_run, none) == [[[(2,)], [(4,)], [(6,)]], [], [[]]]


def test_a_failing_statement_keeps_nothing_of_the_transaction(customer):
    ticket = Ticket.objects.create(customer=customer, subject="Help")
    ticket.subject = "changed"

    with pytest.raises(DatabaseError), transaction.atomic():
        run_together(
            guarded_update([ticket], ["subject"]),
            Statement("SELECT * FROM no_such_table WHERE 1 = %s", [[1]]),
        )

    assert Ticket.objects.get(pk=ticket.pk).subject == "Help"


def test_a_guarded_update_sent_with_others_reports_what_it_wrote(customer):
    ticket = Ticket.objects.create(customer=customer, subject="Help")
    moved_on = Ticket.objects.get(pk=ticket.pk)
    Ticket.objects.filter(pk=ticket.pk).update(intent="moved on")
    ticket.refresh_from_db()
    ticket.subject = moved_on.subject = "changed"

    [written] = run_together(guarded_update([ticket, moved_on], ["subject"]))

    assert written_ids(written) == {ticket.pk}
