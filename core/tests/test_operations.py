"""core.db's operations: steps run in one transaction on a database thread
(run_operation), the general way behind them when they cannot decide, and the steps
of several operations side by side with their statements sent together (together)."""

import threading

import pytest
from django.db import OperationalError, transaction

from core.db import (
    GeneralPath,
    Statement,
    column,
    insert_statement,
    run_db,
    run_operation,
    run_steps,
    table,
    together,
    took_ids,
)
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)


class Recorder:
    """Where each part of an operation ran, and what came after its commit."""

    def __init__(self):
        self.steps_on, self.general_on, self.committed = [], [], []


def opening(customer_id: int, subject: str, recorder: Recorder, fail_with=None):
    """Steps: a ticket inserted, read back in the same transaction, then maybe a failure."""
    recorder.steps_on.append(threading.current_thread().name)
    ticket = Ticket(customer_id=customer_id, subject=subject)
    [rows] = yield (insert_statement([ticket]),)
    took_ids([ticket], rows)
    counting = f"SELECT count(*) FROM {table(Ticket)} WHERE {column(Ticket, 'pk')} = %s"  # noqa: S608
    [[found]] = yield (Statement(counting, [[ticket.pk]]),)
    transaction.on_commit(lambda: recorder.committed.append(ticket.pk))
    if fail_with is not None:
        raise fail_with
    return ticket.pk, found[0][0]


def opening_here(customer_id: int, subject: str, recorder: Recorder, fail_with=None):
    """The general way: the same steps, never failing."""
    recorder.general_on.append(threading.current_thread().name)
    return run_steps(opening(customer_id, subject, recorder))


async def test_steps_run_in_one_transaction_on_a_database_thread(customer):
    recorder = Recorder()

    pk, seen = await run_operation(opening, opening_here, customer.pk, "quick", recorder)

    assert recorder.steps_on[0].startswith("db")
    assert recorder.general_on == []
    assert seen == 1  # its second step saw the first's row
    assert recorder.committed == [pk]  # after the commit
    assert await run_db(lambda: Ticket.objects.get(pk=pk).subject) == "quick"


async def test_steps_that_cannot_decide_leave_nothing_and_the_general_way_runs(customer):
    recorder = Recorder()

    pk, _ = await run_operation(
        opening, opening_here, customer.pk, "general", recorder, GeneralPath("cannot decide")
    )

    subjects = await run_db(lambda: list(Ticket.objects.values_list("pk", "subject")))
    assert subjects == [(pk, "general")]  # the steps' row rolled back, the general way's kept
    assert recorder.steps_on == recorder.general_on * 2  # both in the same trip to a thread
    assert recorder.committed == [pk]  # the steps' after-commit work never ran


async def test_any_other_error_of_the_steps_is_the_callers_and_keeps_nothing(customer):
    recorder = Recorder()

    with pytest.raises(OperationalError):
        await run_operation(
            opening, opening_here, customer.pk, "failed", recorder, OperationalError("gone")
        )

    assert await run_db(Ticket.objects.count) == 0
    assert recorder.general_on == []
    assert recorder.committed == []


def test_operations_side_by_side_send_each_rounds_statements_together():
    def two_rounds(tag):
        [first] = yield (Statement(f"{tag} 1", [[]]),)
        [second] = yield (Statement(f"{tag} 2", [[]]),)
        return first, second

    def one_round(tag):
        [only] = yield (Statement(f"{tag} 1", [[]]),)
        return only

    rounds = []
    steps = together(two_rounds("a"), one_round("b"))
    statements = steps.send(None)
    try:
        while True:
            rounds.append([each.sql for each in statements])
            statements = steps.send([f"rows of {each.sql}" for each in statements])
    except StopIteration as done:
        results = done.value

    assert rounds == [["a 1", "b 1"], ["a 2"]]
    assert results == [("rows of a 1", "rows of a 2"), "rows of b 1"]
