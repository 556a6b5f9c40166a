"""core.db.run_together: the chat's statements sent together (one round trip on
PostgreSQL), each set's rows in order, in the caller's transaction."""

import pytest
from django.contrib.sessions.models import Session
from django.db import DatabaseError, transaction
from django.utils import timezone

from core.db import Statement, insert_statement, run_together, took_ids
from core.tests.sockets import session_cookie
from core.websocket import check_login, logins_still_good
from tickets.models import Message, Ticket, TicketEvent
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


def test_a_statement_for_every_set_at_once_gives_each_sets_rows_in_order():
    """On PostgreSQL the at_once form runs (one statement for all the sets); elsewhere
    the statement once per set: the same rows either way."""
    at_once = "SELECT v.n, v.x * 2 FROM unnest(%s::int[]) WITH ORDINALITY AS v(x, n) WHERE v.x > 1"
    doubled = Statement("SELECT %s * 2 WHERE %s > 1", [[1, 1], [2, 2], [3, 3]])
    doubled_at_once = Statement(
        "SELECT %s * 2 WHERE %s > 1", [[1, 1], [2, 2], [3, 3]],
        at_once=at_once.replace("unnest(%s::int[])", "unnest(%s::int[], %s::int[])")
        .replace("v(x, n)", "v(x, y, n)"),
    )  # fmt: skip

    assert run_together(doubled_at_once, doubled) == [[[], [(4,)], [(6,)]]] * 2


def test_rows_inserted_together_each_get_their_own_id(customer):
    ticket = Ticket.objects.create(customer=customer, subject="Help")
    events = [
        TicketEvent(
            ticket=ticket, kind=TicketEvent.Kind.CREATED, data={"n": n}, created_at=timezone.now()
        )
        for n in range(7)
    ]
    messages = [
        Message(ticket=ticket, seq=n + 1, author_kind=Message.Author.CUSTOMER, body=f"m{n}")
        for n in range(5)
    ]

    new_events, new_messages = run_together(insert_statement(events), insert_statement(messages))
    took_ids(events, new_events)
    took_ids(messages, new_messages)

    stored = dict(TicketEvent.objects.values_list("pk", "data"))
    assert [stored[each.pk] for each in events] == [{"n": n} for n in range(7)]
    assert [Message.objects.get(pk=each.pk).body for each in messages] == [
        f"m{n}" for n in range(5)
    ]


def test_the_logins_of_many_sockets_are_checked_together(customer, other_customer, agent):
    keys = {
        user.pk: session_cookie(user).split("=", 1)[1] for user in [customer, other_customer, agent]
    }
    proofs = {pk: check_login(key, pk) for pk, key in keys.items()}
    Session.objects.filter(session_key=keys[other_customer.pk]).delete()  # logged out
    agent.set_password("a new one")  # a password changed elsewhere ends its sessions
    agent.save()

    checked = logins_still_good([(keys[pk], pk, proofs[pk]) for pk in keys] + [
        (keys[customer.pk], other_customer.pk, proofs[customer.pk]),  # someone else's session
    ])  # fmt: skip

    assert checked == [proofs[customer.pk], None, None, None]
