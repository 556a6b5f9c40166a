"""Connections PostgreSQL ended (pg_terminate_backend, a restart) are replaced at once,
so nobody waits for psycopg's pool to find them dead one by one (a second's wait after
the first, then two, then four)."""

import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import OperationalError, connection, transaction

from accounts.tests.factories import UserFactory
from core.db import (
    Statement,
    fetch_all,
    insert_statement,
    release_threads_connections,
    replace_connections_the_server_ended,
    run_db,
    run_db_repeatable,
    run_together,
)
from core.tests.live import database_url_of_tests
from tickets.chat import CustomerPost, Posted, messages_post
from tickets.models import Ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not connection.settings_dict["OPTIONS"].get("pool"),
        reason="psycopg's pool: PostgreSQL only; its CI pass runs these",
    ),
]

# psycopg's pool waits 1 s (± 10 %) after the first dead connection it hands out.
POOLS_FIRST_WAIT = 0.9


def idle_connections_of_the_pool() -> list[int]:
    """The server pids of the connections waiting in Django's pool (only those: other
    threads' connections, checked out, are left alone)."""
    pool, borrowed = connection.pool, []
    try:
        for _ in range(pool.get_stats()["pool_available"]):
            borrowed.append(pool.getconn(timeout=1))
        return [each.info.backend_pid for each in borrowed]
    finally:
        for each in borrowed:
            pool.putconn(each)


def end(pids: list[int]) -> int:
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
        user=settings["USER"], dbname="postgres", autocommit=True,
    ) as admin:  # fmt: skip
        return admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM unnest(%s::int[]) AS pid", [pids]
        ).fetchone()[0]


def test_every_ended_connection_is_replaced_before_the_next_query():
    # A test that changed TIME_ZONE made Django replace the pool: a connection kept from
    # the old one goes back to it, and a fresh one opens the current pool.
    connection.close()
    Ticket.objects.count()  # the pool is open and holds connections
    connection.close()  # ours goes back to it
    # At least two idle in the pool, whoever holds the others (the chat's database
    # threads keep theirs between calls, core.db): borrowed and given back, which
    # opens them if the pool has none to spare.
    release_threads_connections()
    borrowed = [connection.pool.getconn(timeout=10) for _ in range(2)]
    for each in borrowed:
        connection.pool.putconn(each)
    assert end(idle_connections_of_the_pool()) >= 2
    time.sleep(0.2)  # the server's notice reaches the idle connections

    replace_connections_the_server_ended()
    started = time.monotonic()
    assert Ticket.objects.count() == 0
    assert time.monotonic() - started < POOLS_FIRST_WAIT
    assert connection.pool.get_stats().get("connections_lost", 0) >= 2


def test_the_pool_replaces_every_ended_connection_when_it_finds_one():
    # Nobody noticed the ends before the next query: the pool finds the first ended
    # connection as it hands it out, and the others are replaced then and there.
    connection.close()
    Ticket.objects.count()  # the pool is open and tests connections our way
    connection.close()
    release_threads_connections()
    borrowed = [connection.pool.getconn(timeout=10) for _ in range(3)]
    for each in borrowed:
        connection.pool.putconn(each)
    lost_before = connection.pool.get_stats().get("connections_lost", 0)
    ended = end(idle_connections_of_the_pool())
    assert ended >= 3
    time.sleep(0.2)  # the server's notice reaches the idle connections

    started = time.monotonic()
    assert Ticket.objects.count() == 0
    assert time.monotonic() - started < POOLS_FIRST_WAIT  # no wait after a second ended one
    assert connection.pool.get_stats().get("connections_lost", 0) - lost_before >= ended


def test_replacing_before_the_process_ever_connected_is_harmless(tmp_path):
    # The monitor does it at its first tick, before anything opened the pool.
    url = database_url_of_tests()
    script = (
        "import django; django.setup(); "
        "from core.db import replace_connections_the_server_ended as replace; "
        "replace(); replace(); from django.db import connection; "
        "print(connection.cursor().execute('SELECT 42').fetchone()[0])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "DATABASE_URL": url, "DATA_DIR": str(tmp_path)},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "42"


@pytest.mark.django_db(transaction=True)
async def test_a_read_whose_connection_is_ended_under_it_runs_again_on_a_fresh_one():
    calls = []

    def read_while_the_server_ends_the_connection():
        calls.append(1)
        with connection.cursor() as cursor:
            if len(calls) == 1:  # the backend ends itself, mid-statement
                cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
            cursor.execute("SELECT 42")
            return cursor.fetchone()[0]

    assert await run_db_repeatable(read_while_the_server_ends_the_connection) == 42
    assert len(calls) == 2


def end_and_wait(pid: int) -> None:
    """End the backend `pid` and wait until it is gone: its notice is then on the socket
    of a connection that has not looked yet (as when the end comes just after the poll
    that run_db makes before a call)."""
    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
        user=settings["USER"], dbname="postgres", autocommit=True,
    ) as admin:  # fmt: skip
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone()[0]


@pytest.mark.django_db(transaction=True)
async def test_a_call_ended_before_its_first_statement_runs_again_and_writes_once():
    customer = await run_db(UserFactory)
    calls = []

    def write_as_the_server_ends_the_connection():
        calls.append(1)
        connection.ensure_connection()
        if len(calls) == 1:
            end_and_wait(connection.connection.info.backend_pid)
        return Ticket.objects.create(customer=customer, subject="once").pk

    pk = await run_db(write_as_the_server_ends_the_connection)

    assert len(calls) == 2
    assert await run_db(lambda: list(Ticket.objects.values_list("pk", flat=True))) == [pk]


@pytest.mark.django_db(transaction=True)
async def test_a_call_ended_after_a_statement_was_answered_is_not_run_again():
    customer = await run_db(UserFactory)
    calls = []

    def write_then_the_server_ends_the_connection():
        calls.append(1)
        Ticket.objects.create(customer=customer, subject="first")
        end_and_wait(connection.connection.info.backend_pid)
        Ticket.objects.create(customer=customer, subject="second")

    with pytest.raises(OperationalError):
        await run_db(write_then_the_server_ends_the_connection)

    assert len(calls) == 1  # the first write stood: running it again would repeat it
    subjects = await run_db(lambda: list(Ticket.objects.values_list("subject", flat=True)))
    assert subjects == ["first"]


@pytest.mark.django_db(transaction=True)
async def test_a_call_that_had_only_read_when_its_connection_was_ended_runs_again():
    # The chat checks the sockets' logins (reads), then stores their messages: the
    # server ends the connection between the two. Nothing was written: it runs again
    # rather than refusing the messages (drill (c) saw an "unavailable" error frame).
    customer = await run_db(UserFactory)
    calls = []

    def read_then_write_as_the_server_ends_the_connection():
        calls.append(1)
        before = Ticket.objects.count()
        if len(calls) == 1:
            end_and_wait(connection.connection.info.backend_pid)
        return Ticket.objects.create(customer=customer, subject=f"after {before}").pk

    pk = await run_db(read_then_write_as_the_server_ends_the_connection)

    assert len(calls) == 2
    subjects = await run_db(lambda: list(Ticket.objects.values_list("pk", "subject")))
    assert subjects == [(pk, "after 0")]


@pytest.mark.django_db(transaction=True)
async def test_a_call_ended_inside_a_transaction_runs_again_and_writes_once():
    # The assistant's turn records the triage and a rule's event in one transaction:
    # the server ends the connection between the two. Its rollback undid the first, so
    # nothing of the call stands and it runs again (drill (c) found it handed off).
    customer = await run_db(UserFactory)
    calls = []

    def write_twice_in_a_transaction_as_the_server_ends_the_connection():
        calls.append(1)
        with transaction.atomic():
            ticket = Ticket.objects.create(customer=customer, subject="once")
            if len(calls) == 1:
                end_and_wait(connection.connection.info.backend_pid)
            Ticket.objects.filter(pk=ticket.pk).update(subject="once, updated")
        return ticket.pk

    pk = await run_db(write_twice_in_a_transaction_as_the_server_ends_the_connection)

    assert len(calls) == 2
    rows = await run_db(lambda: list(Ticket.objects.values_list("pk", "subject")))
    assert rows == [(pk, "once, updated")]


@pytest.mark.django_db(transaction=True)
async def test_a_call_ended_after_a_transaction_committed_is_not_run_again():
    customer = await run_db(UserFactory)
    calls = []

    def commit_then_the_server_ends_the_connection():
        calls.append(1)
        with transaction.atomic():
            Ticket.objects.create(customer=customer, subject="committed")
        with transaction.atomic():
            end_and_wait(connection.connection.info.backend_pid)
            Ticket.objects.create(customer=customer, subject="lost")

    with pytest.raises(OperationalError):
        await run_db(commit_then_the_server_ends_the_connection)

    assert len(calls) == 1
    subjects = await run_db(lambda: list(Ticket.objects.values_list("subject", flat=True)))
    assert subjects == ["committed"]


@pytest.mark.django_db(transaction=True)
async def test_statements_sent_together_on_an_ended_connection_run_again_and_write_once():
    # In psycopg's pipeline the server's notice is not read as AdminShutdown: the
    # connection is found lost. Nothing was answered, so the call runs again.
    customer = await run_db(UserFactory)
    calls = []

    def write_together_as_the_server_ends_the_connection():
        calls.append(1)
        connection.ensure_connection()
        if len(calls) == 1:
            end_and_wait(connection.connection.info.backend_pid)
        with transaction.atomic():
            ticket = Ticket(customer=customer, subject="once")
            [[(pk,)]], _ = run_together(
                insert_statement([ticket]), Statement("SELECT %s", [[1], [2]])
            )
        return pk

    pk = await run_db(write_together_as_the_server_ends_the_connection)

    assert len(calls) == 2
    assert await run_db(lambda: list(Ticket.objects.values_list("pk", flat=True))) == [pk]


@pytest.mark.django_db(transaction=True)
async def test_a_batch_of_chat_messages_whose_connection_is_ended_runs_again_whole():
    # Drill (c) closed a socket: the batch's connection was ended, and then each message
    # on its own met an ended connection too. Now the batch ends with the error and
    # runs again on fresh connections, each message stored once.
    customer = await run_db(UserFactory)
    ticket = await run_db(Ticket.objects.create, customer=customer, subject="chat")
    posts = [CustomerPost(customer, ticket, f"message {n}", f"c-{n}") for n in range(3)]
    calls = []

    def post_as_the_server_ends_the_connection(posts):
        calls.append(1)
        connection.ensure_connection()
        if len(calls) == 1:
            end_and_wait(connection.connection.info.backend_pid)
        return messages_post(posts)

    results = await run_db(post_as_the_server_ends_the_connection, posts)

    assert len(calls) == 2
    assert [(type(each), each.created) for each in results] == [(Posted, True)] * 3
    stored = await run_db(lambda: list(ticket.messages.values_list("seq", "body")))
    assert sorted(stored) == [(1, "message 0"), (2, "message 1"), (3, "message 2")]


async def test_a_read_after_a_committed_write_is_made_again_alone():
    # The assistant's turn records the triage (committed), then reads the conversation
    # (core.db.fetch_all): the read meets an ended connection; it alone runs again.
    customer = await run_db(UserFactory)
    calls = []

    def write_then_read_as_the_server_ends_the_connection():
        calls.append(1)
        ticket = Ticket.objects.create(customer=customer, subject="written once")
        connection.ensure_connection()
        end_and_wait(connection.connection.info.backend_pid)
        return fetch_all("SELECT subject FROM tickets_ticket WHERE id = %s", [ticket.pk])

    assert await run_db(write_then_read_as_the_server_ends_the_connection) == [("written once",)]
    assert len(calls) == 1
    assert await run_db(Ticket.objects.count) == 1


async def test_a_turn_started_after_a_committed_write_starts_on_a_fresh_connection():
    # The turn's triage is written, then the server ends the connection before the
    # turn's row: the row is made on a fresh one, once, and the call goes on.
    from assistant.models import AssistantTurn
    from assistant.turns import turn_start

    customer = await run_db(UserFactory)
    calls = []

    def write_then_start_a_turn_as_the_server_ends_the_connection():
        calls.append(1)
        ticket = Ticket.objects.create(customer=customer, subject="written once")
        connection.ensure_connection()
        end_and_wait(connection.connection.info.backend_pid)
        return turn_start(ticket_id=ticket.pk).pk

    turn_id = await run_db(write_then_start_a_turn_as_the_server_ends_the_connection)

    assert len(calls) == 1
    assert await run_db(lambda: list(AssistantTurn.objects.values_list("pk", flat=True))) == [
        turn_id
    ]
    assert await run_db(Ticket.objects.count) == 1
