"""The chat's statements on the event loop (core.loop_db), against the real
PostgreSQL."""

import asyncio

import pytest
from django.db import connection, connections
from django.test import override_settings

from core import loop_db
from core.db import run_db
from tickets import services
from tickets.models import Ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),  # the loop's connections see committed rows
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only; its CI pass runs these"
    ),
]


async def test_timestamps_read_on_the_loop_are_the_ones_django_reads(customer):
    ticket = await run_db(services.ticket_open, customer=customer, subject="Help")

    row = await loop_db.fetch_one(
        "SELECT created_at, subject FROM tickets_ticket WHERE id = %(id)s", {"id": ticket.pk}
    )

    assert row == (ticket.created_at, "Help")
    assert row[0].utcoffset().total_seconds() == 0


async def test_a_statement_that_returns_nothing_gives_none(customer):
    assert await loop_db.fetch_one("SELECT id FROM tickets_ticket WHERE id = -1", {}) is None


async def test_a_batch_is_kept_whole_or_not_at_all(customer):
    ticket = await run_db(services.ticket_open, customer=customer, subject="Before")
    rename = (
        "UPDATE tickets_ticket SET subject = %(subject)s "
        "WHERE id = %(id)s AND 1 / %(n)s = 1 RETURNING subject"
    )

    rows = await loop_db.fetch_each(rename, [
        {"subject": "First", "id": ticket.pk, "n": 1},
        {"subject": "Nobody", "id": -1, "n": 1},
        {"subject": "Second", "id": ticket.pk, "n": 1},
    ])  # fmt: skip
    assert rows == [("First",), None, ("Second",)]

    with pytest.raises(Exception, match="division by zero"):
        await loop_db.fetch_each(rename, [
            {"subject": "Kept?", "id": ticket.pk, "n": 1},
            {"subject": "Fails", "id": ticket.pk, "n": 0},
        ])  # fmt: skip
    assert await run_db(lambda: Ticket.objects.get().subject) == "Second"


async def test_no_connection_in_time_is_told_apart_from_a_failed_statement(monkeypatch):
    await loop_db.close()  # a pool of its own, for a server that does not answer
    database = connections["default"]
    params = database.get_connection_params()
    monkeypatch.setattr(type(database), "get_connection_params", lambda self: {**params, "port": 1})

    with override_settings(DB_ON_THE_LOOP_TIMEOUT=0.3), pytest.raises(loop_db.NoConnection):
        await loop_db.fetch_one("SELECT 1", {})


def terminate_the_loops_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'supportsite event loop' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("noticed", [False, True], ids=["at once", "a moment later"])
async def test_a_statement_after_its_connections_were_terminated_runs_on_a_new_one(noticed):
    await loop_db.fetch_each("SELECT 1", [{}, {}])  # the loop's pool holds connections now
    assert await run_db(terminate_the_loops_connections) >= 1
    if noticed:  # the server's notice has reached the idle connections' sockets
        await asyncio.sleep(0.2)

    assert await loop_db.fetch_one("SELECT 41 + 1", {}) == (42,)
    assert await loop_db.fetch_each("SELECT 2 + %(n)s", [{"n": 1}, {"n": 2}]) == [(3,), (4,)]


def test_it_is_on_with_postgresql_unless_turned_off():
    assert loop_db.enabled()
    with override_settings(DB_ON_THE_LOOP=False):
        assert not loop_db.enabled()
