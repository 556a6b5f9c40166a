"""The chat's hot statements on the event loop (PostgreSQL).

Every chat message costs a few statements: storing it, starting the assistant's
turn, storing the answer. Run through Django on a database thread (core.db),
each cost a thread hop, a pool checkout with its health check, and — worst under
load — a fight for the GIL between the event loop and the threads, which doubled
the CPU a message cost and queued every socket behind it. Here they run on the event
loop itself, over psycopg's async connections from psycopg_pool's async pool: no
thread, no hop, the statement prepared once per connection.

Only a few statements, each one SQL statement written for it (tickets.customer_messages,
assistant.turns); everything else goes through the ORM on a database thread. Each
caller keeps the general path for when this one cannot be used: SQLite,
`DB_ON_THE_LOOP` off, or no connection to be had in time (`NoConnection`: nothing
was sent, so the caller may do the work another way).

A pool belongs to the event loop that opened it (daphne runs one loop per process;
tests one per test, and close theirs with `close`).
"""

import asyncio
import select
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

import psycopg
from django.conf import settings
from django.db import connection
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from core.db import replace_connections_the_server_ended, run_db


class NoConnection(Exception):
    """No connection within DB_ON_THE_LOOP_TIMEOUT; nothing was sent."""


# event loop -> its pool, as a future: the first callers wait for the pool to open
_pools: WeakKeyDictionary = WeakKeyDictionary()


def enabled() -> bool:
    return settings.DB_ON_THE_LOOP and connection.vendor == "postgresql"


async def fetch_one(sql: str, params: dict) -> tuple | None:
    """The first row of one statement, committed on its own."""

    async def run(conn):
        async with conn.cursor() as cursor:
            await cursor.execute(sql, params)
            return await cursor.fetchone()

    return await _on_a_live_connection(run)


async def fetch_each(sql: str, param_sets: list[dict]) -> list[tuple | None]:
    """`sql` once for each parameter set, sent together (psycopg's pipeline) in one
    transaction; the first row each returned, or None. If any fails, none is kept."""

    async def run(conn):
        async with conn.transaction(), conn.cursor() as cursor:
            await cursor.executemany(sql, param_sets, returning=True)
            rows = []
            while True:
                rows.append(await cursor.fetchone())
                if not cursor.nextset():
                    break
            return rows

    return await _on_a_live_connection(run)


async def close() -> None:
    """Close the running loop's pool (tests: before their loop ends)."""
    opening = _pools.pop(asyncio.get_running_loop(), None)
    if opening is not None:
        await (await opening).close()


async def _on_a_live_connection(run):
    """`await run(conn)` on a connection of the pool. A server that ended the connection
    (pg_terminate_backend, a restart) answers the statement with admin_shutdown and
    runs none of it (an interrupted transaction is rolled back), so it is tried again
    on another connection; NoConnection if none is left."""
    for _ in range(settings.DB_ON_THE_LOOP_CONNECTIONS + 1):
        try:
            async with _connection() as conn:
                return await run(conn)
        except psycopg.errors.AdminShutdown:
            _replace_the_threads_connections_soon()
            continue
    raise NoConnection("the server ended every connection of the pool")


@asynccontextmanager
async def _connection():
    pool = await _pool()
    conn = await _live_connection(pool)
    try:
        yield conn
    finally:
        await pool.putconn(conn)  # a broken one is thrown away and replaced


async def _live_connection(pool: AsyncConnectionPool) -> psycopg.AsyncConnection:
    """A connection from `pool` that the server has not closed while it sat idle.

    The pool does not test connections (a round trip per statement would cost what
    running here saves). But a server that ends a connection (pg_terminate_backend, a
    restart) says so on its socket before closing it, so an idle connection with
    anything to read has been closed: it is thrown away, and the statement goes on
    another, rather than failing after the fact. One poll of the socket, no round trip."""
    for _ in range(settings.DB_ON_THE_LOOP_CONNECTIONS + 1):
        try:
            conn = await pool.getconn()
        except PoolTimeout as error:
            raise NoConnection(str(error)) from error
        if not _closed_by_the_server(conn):
            return conn
        await conn.close()
        await pool.putconn(conn)  # closed: the pool replaces it
        _replace_the_threads_connections_soon()
    raise NoConnection("every connection of the pool had been closed by the server")


_replacing: set[asyncio.Task] = set()  # at most one at a time; referenced until done


def _replace_the_threads_connections_soon() -> None:
    """The server ended connections: those the database threads hold in Django's pool
    were most likely ended too (core.db.replace_connections_the_server_ended)."""
    if not _replacing:
        task = asyncio.ensure_future(run_db(replace_connections_the_server_ended))
        _replacing.add(task)
        task.add_done_callback(_replacing.discard)


def _closed_by_the_server(conn: psycopg.AsyncConnection) -> bool:
    if conn.closed:
        return True
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


async def _pool() -> AsyncConnectionPool:
    loop = asyncio.get_running_loop()
    opening = _pools.get(loop)
    if opening is None:
        opening = _pools[loop] = asyncio.ensure_future(_open())
    return await opening


async def _open() -> AsyncConnectionPool:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)  # Django's is for sync connections
    # Named, so an operator can tell them apart in pg_stat_activity.
    params.setdefault("application_name", "supportsite event loop")
    pool = AsyncConnectionPool(
        kwargs={**params, "autocommit": True},
        min_size=1,
        max_size=settings.DB_ON_THE_LOOP_CONNECTIONS,
        timeout=settings.DB_ON_THE_LOOP_TIMEOUT,
        configure=_configure,
        open=False,
        name="loop",
    )
    await pool.open()
    return pool


async def _configure(conn: psycopg.AsyncConnection) -> None:
    # Django's loaders read timestamps in the session's time zone and label them
    # with Django's: the two must agree, as Django makes them for its own connections.
    zone = connection.timezone_name
    if conn.info.parameter_status("TimeZone") != zone:
        await conn.execute("SELECT set_config('TimeZone', %s, false)", [zone])
