"""The chat's hot statements on the event loop (PostgreSQL).

Every chat message costs a few statements: storing it, starting the assistant's
turn, storing the answer. Run through Django on a database thread (supportsite.db),
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
from contextlib import asynccontextmanager
from weakref import WeakKeyDictionary

import psycopg
from django.conf import settings
from django.db import connection
from psycopg_pool import AsyncConnectionPool, PoolTimeout


class NoConnection(Exception):
    """No connection within DB_ON_THE_LOOP_TIMEOUT; nothing was sent."""


# event loop -> its pool, as a future: the first callers wait for the pool to open
_pools: WeakKeyDictionary = WeakKeyDictionary()


def enabled() -> bool:
    return settings.DB_ON_THE_LOOP and connection.vendor == "postgresql"


async def fetch_one(sql: str, params: dict) -> tuple | None:
    """The first row of one statement, committed on its own."""
    async with _connection() as conn, conn.cursor() as cursor:
        await cursor.execute(sql, params)
        return await cursor.fetchone()


async def fetch_each(sql: str, param_sets: list[dict]) -> list[tuple | None]:
    """`sql` once for each parameter set, sent together (psycopg's pipeline) in one
    transaction; the first row each returned, or None. If any fails, none is kept."""
    async with _connection() as conn, conn.transaction(), conn.cursor() as cursor:
        await cursor.executemany(sql, param_sets, returning=True)
        rows = []
        while True:
            rows.append(await cursor.fetchone())
            if not cursor.nextset():
                break
        return rows


async def close() -> None:
    """Close the running loop's pool (tests: before their loop ends)."""
    opening = _pools.pop(asyncio.get_running_loop(), None)
    if opening is not None:
        await (await opening).close()


@asynccontextmanager
async def _connection():
    pool = await _pool()
    try:
        conn = await pool.getconn()
    except PoolTimeout as error:
        raise NoConnection(str(error)) from error
    try:
        yield conn
    finally:
        await pool.putconn(conn)  # a broken one is thrown away and replaced


async def _pool() -> AsyncConnectionPool:
    loop = asyncio.get_running_loop()
    opening = _pools.get(loop)
    if opening is None:
        opening = _pools[loop] = asyncio.ensure_future(_open())
    return await opening


async def _open() -> AsyncConnectionPool:
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)  # Django's is for sync connections
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
