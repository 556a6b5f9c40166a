"""core.db.run_operation: an operation written once as steps runs on the event loop's
own connection (PostgreSQL), and whatever the loop cannot do goes, whole, to the
general way on a database thread, with nothing of the loop's attempt kept."""

import threading

import pytest
from django.db import OperationalError, connection

from core.db import (
    LOOP_APPLICATION_NAME,
    GeneralPath,
    Statement,
    column,
    insert_statement,
    on_commit,
    run_db,
    run_operation,
    run_steps,
    table,
    together,
    took_ids,
)
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the event loop's connection: PostgreSQL only"
)


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
    on_commit(lambda: recorder.committed.append(ticket.pk))
    if fail_with is not None:
        raise fail_with
    return ticket.pk, found[0][0]


def opening_here(customer_id: int, subject: str, recorder: Recorder, fail_with=None):
    """The general way: the same steps on a database thread, never failing."""
    recorder.general_on.append(threading.current_thread().name)
    return run_steps(opening(customer_id, subject, recorder))


@on_postgresql
async def test_steps_run_on_the_event_loop_and_commit_before_their_after_commit_work(customer):
    recorder = Recorder()

    pk, seen = await run_operation(opening, opening_here, customer.pk, "on the loop", recorder)

    assert recorder.steps_on == [threading.current_thread().name]  # the loop's own thread
    assert recorder.general_on == []
    assert seen == 1  # its second step saw the first's row: one transaction
    assert recorder.committed == [pk]
    assert await run_db(lambda: Ticket.objects.get(pk=pk).subject) == "on the loop"


@on_postgresql
@pytest.mark.parametrize(
    "failure",
    [GeneralPath("the quick way cannot decide"), OperationalError("never raised by a step")],
)
async def test_what_the_loop_gives_up_runs_whole_on_a_thread_and_keeps_nothing_of_the_loop(
    customer, failure
):
    recorder = Recorder()
    if isinstance(failure, GeneralPath):
        pk, _ = await run_operation(
            opening, opening_here, customer.pk, "given up", recorder, failure
        )
        subjects = await run_db(lambda: list(Ticket.objects.values_list("pk", "subject")))
        assert subjects == [(pk, "given up")]  # the loop's row rolled back, the thread's kept
        assert len(recorder.steps_on) == 2
        assert recorder.general_on[0].startswith("db")
        assert recorder.committed == [pk]  # the loop's after-commit work never ran
    else:  # any other error of a step is the caller's, and nothing is kept
        with pytest.raises(OperationalError):
            await run_operation(opening, opening_here, customer.pk, "failed", recorder, failure)
        assert await run_db(Ticket.objects.count) == 0
        assert recorder.general_on == []
        assert recorder.committed == []


@on_postgresql
async def test_steps_that_need_the_orm_go_to_a_thread(customer):
    recorder = Recorder()

    def reading_with_the_orm(customer_id, subject, recorder):
        recorder.steps_on.append("loop")
        Ticket.objects.count()  # Django refuses a query on the event loop
        yield ()

    pk, _ = await run_operation(reading_with_the_orm, opening_here, customer.pk, "orm", recorder)

    assert recorder.steps_on[0] == "loop"
    assert recorder.general_on[0].startswith("db")
    assert await run_db(lambda: Ticket.objects.get(pk=pk).subject) == "orm"


@on_postgresql
async def test_a_failed_statement_on_the_loop_leaves_the_work_to_the_thread(customer):
    recorder = Recorder()

    def breaking(customer_id, subject, recorder):
        recorder.steps_on.append("loop")
        yield (Statement("SELECT * FROM no_such_table WHERE 1 = %s", [[1]]),)

    pk, _ = await run_operation(breaking, opening_here, customer.pk, "after a failure", recorder)

    assert recorder.general_on
    assert await run_db(Ticket.objects.count) == 1
    assert await run_db(lambda: Ticket.objects.get(pk=pk).subject) == "after a failure"


@on_postgresql
async def test_a_connection_the_server_ended_is_replaced_before_the_next_operation(customer):
    recorder = Recorder()
    await run_operation(opening, opening_here, customer.pk, "first", recorder)

    def end_the_loops_connections():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND datname = current_database()",
                [LOOP_APPLICATION_NAME],
            )
            return cursor.fetchone() is not None

    assert await run_db(end_the_loops_connections)
    pk, _ = await run_operation(opening, opening_here, customer.pk, "second", recorder)

    assert await run_db(lambda: Ticket.objects.get(pk=pk).subject) == "second"
    assert await run_db(Ticket.objects.count) == 2  # each once


async def test_without_the_loops_connection_the_thread_runs_it(customer, settings):
    settings.DB_ON_THE_LOOP = False
    recorder = Recorder()

    pk, seen = await run_operation(opening, opening_here, customer.pk, "threaded", recorder)

    assert recorder.general_on[0].startswith("db")
    assert len(recorder.steps_on) == 1
    assert seen == 1
    assert recorder.committed == [pk]


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
