"""Database work from async code (websocket consumers).

`run_db` runs a sync function on a thread of the process' database pool of threads
— not on Django's single thread-sensitive thread, which would make every socket of
the process wait in one line — and hands the thread's database connection back when
the call ends (to the pool with PostgreSQL's pool; closed or kept per CONN_MAX_AGE
otherwise). It asks for every alias rather than only "initialized" ones: from a
worker thread Django's own close_old_connections() misses connections opened in the
caller's context.

There are `DB_THREADS` of them (6 by default, at most the pool's connections but
one): with PostgreSQL much of a call is spent waiting on the server, so several calls
in flight help, but past a few the threads mostly fight over the GIL, and every
thread's wait for it lengthens every socket's latency.

`run_chat_write` runs on a thread of its own, with a connection kept for it: storing
customers' messages (core.batching) never waits in line behind assistant turns,
so a busy assistant slows answers, not acknowledgements.
"""

import contextlib
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import psycopg
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, connections
from psycopg_pool import PoolClosed


def release_connections() -> None:
    for each in connections.all():
        each.close_if_unusable_or_obsolete()


def replace_connections_the_server_ended() -> None:
    """Test every idle connection of psycopg's pool (one round trip each) and replace
    those PostgreSQL ended (pg_terminate_backend, a restart). The pool tests a
    connection as it hands it out, but after finding one dead it waits a second, then
    two, then four before trying the next: with every connection ended, a request
    waited its whole 10 s for one. Call it when connections were seen ended, and
    before periodic work. (Sync.)"""
    for each in connections.all():
        if each.vendor == "postgresql" and each.settings_dict["OPTIONS"].get("pool"):
            with contextlib.suppress(PoolClosed):  # closed for good (tests): nothing to test
                each.pool.open()  # as Django does before the first connection; once only
                each.pool.check()


@cache
def _threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.DB_THREADS, thread_name_prefix="db")


@cache
def _chat_write_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-chat")


async def run_db(function, /, *args, **kwargs):
    return await _run(_threads(), function, *args, **kwargs)


async def run_db_reading(function, /, *args, **kwargs):
    """run_db for a `function` that only reads (the assistant's tools, say): if its
    connection failed under it (PostgreSQL ended it mid-statement: terminated,
    restarting), it runs once more, on a fresh connection. Safe, as it wrote nothing."""
    try:
        return await run_db(function, *args, **kwargs)
    except OperationalError:
        return await run_db(function, *args, **kwargs)


async def run_chat_write(function, /, *args, **kwargs):
    return await _run(_chat_write_thread(), function, *args, **kwargs)


async def _run(executor: ThreadPoolExecutor, function, /, *args, **kwargs):
    def call():
        try:
            return function(*args, **kwargs)
        except DatabaseError as error:
            if isinstance(error.__cause__, psycopg.errors.AdminShutdown):
                replace_connections_the_server_ended()  # the others were likely ended too
            raise
        finally:
            release_connections()

    return await sync_to_async(call, thread_sensitive=False, executor=executor)()


def execute_each(sql: str, param_sets: list) -> list[tuple | None]:
    """`sql` once for each parameter set, on this thread's connection and in the
    caller's transaction; the first row each returned, or None. For the chat's
    statements, run for every message: on PostgreSQL they go together in one round trip
    (psycopg's pipeline), with server-side binding, so each is prepared once per
    connection rather than parsed and planned every time (Django's cursors bind on the
    client); elsewhere one after another. Errors are Django's, as the ORM's are."""
    if not param_sets:
        return []
    connection.ensure_connection()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            rows = []
            for params in param_sets:
                cursor.execute(sql, params)
                rows.append(cursor.fetchone())
            return rows
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.executemany(sql, param_sets, returning=True)
        rows = []
        while True:
            rows.append(cursor.fetchone())
            if not cursor.nextset():
                return rows
