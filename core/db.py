"""Database work from async code (websocket consumers).

`run_db` runs a sync function on a thread of the process' database pool of threads
— not on Django's single thread-sensitive thread, which would make every socket of
the process wait in one line. With PostgreSQL's pool each thread keeps its
connection from call to call while it is in good order, dropping it when the server
closed it meanwhile (keep_or_release_connections, drop_connections_the_server_closed);
otherwise the connection goes back when the call ends (closed or kept per
CONN_MAX_AGE). It asks for every alias rather than only "initialized" ones: from a
worker thread Django's own close_old_connections() misses connections opened in the
caller's context. A call whose connection the server ended before answering any of
its statements runs once more, on a fresh connection: nothing of it ran.

There are `DB_THREADS` of them (6 by default, at most the pool's connections but
one): with PostgreSQL much of a call is spent waiting on the server, so several calls
in flight help, but past a few the threads mostly fight over the GIL, and every
thread's wait for it lengthens every socket's latency.

`run_chat_write` runs on a thread of its own, with a connection kept for it: storing
customers' messages (core.batching) never waits in line behind assistant turns,
so a busy assistant slows answers, not acknowledgements.
"""

import asyncio
import contextlib
import contextvars
import os
import select
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import psycopg
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, OperationalError, connection, connections
from django.utils import translation
from psycopg_pool import ConnectionPool, PoolClosed


def release_connections() -> None:
    for each in connections.all():
        each.close_if_unusable_or_obsolete()


def keep_or_release_connections() -> None:
    """After a call on one of our threads: a pooled PostgreSQL connection in good order
    stays with the thread for its next call. Handing it back to psycopg's pool and
    taking it again (with the pool's check, a round trip) cost about 0.8 ms of CPU a
    call, and the chat makes a call or two for every message. Any other is released
    as Django would (one that failed, or left outside autocommit, is closed)."""
    for each in connections.all():
        if each.connection is None:
            continue
        autocommit = each.autocommit == each.settings_dict["AUTOCOMMIT"]
        if not (_pooled(each) and autocommit and not each.errors_occurred):
            each.close_if_unusable_or_obsolete()


def drop_connections_the_server_closed() -> None:
    """Before a call: a connection this thread kept that the server closed while it sat
    idle (pg_terminate_backend, a restart: the server says so on the socket before
    closing it) is dropped, and the call gets a fresh one from the pool. One poll of
    the socket, no round trip. The pool's idle connections were most likely ended
    too: they are tested and replaced at once (replace_connections_the_server_ended),
    or the pool would hand them out one by one, waiting a second and more after each."""
    dropped = False
    for each in connections.all():
        if each.connection is not None and _pooled(each) and _closed_by_the_server(each.connection):
            with contextlib.suppress(Exception):  # it is gone either way
                each.close()
            each.connection, dropped = None, True
    if dropped:
        replace_connections_the_server_ended()


def _pooled(each) -> bool:
    return each.vendor == "postgresql" and bool(each.settings_dict["OPTIONS"].get("pool"))


def _closed_by_the_server(conn) -> bool:
    if conn.closed or conn.broken:
        return True
    try:
        readable, _, _ = select.select([conn.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


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


def check_pooled_connection(conn) -> None:
    """The test psycopg's pool makes of a connection before handing it out: Django's
    (one round trip), and when it finds the connection ended, every idle one is tested
    and the ended ones replaced at once (replace_connections_the_server_ended): its
    neighbours were most likely ended with it (pg_terminate_backend, a restart). Left
    alone, the pool hands them out one by one, and after the second ended one in a
    row waits a second before trying the next, then two: the thread that stores chat
    messages waited that long, and every message behind it (fault drill (c))."""
    try:
        ConnectionPool.check_connection(conn)
    except Exception:
        replace_connections_the_server_ended()
        raise


def use_our_pool_check(sender, connection, **kwargs) -> None:
    """On Django's connection_created (each connection taken from the pool): the pool
    Django made with its health check uses check_pooled_connection instead. Django
    passes the pool its test itself (CONN_HEALTH_CHECKS), so there is no setting for
    another: `_check` is psycopg_pool's own attribute for it (pinned by
    core/tests/test_private_internals.py). A pool made anew (tests that change
    TIME_ZONE) is changed at its first connection, before any of its own sat idle."""
    pool = connection.pool if _pooled(connection) else None  # None: Django's "no db" alias
    if pool is not None and pool._check is ConnectionPool.check_connection:
        pool._check = check_pooled_connection


def release_threads_connections() -> None:
    """Every database thread gives back the connection it kept (before the database is
    dropped or the process stops)."""
    _on_every_thread(_threads(), settings.DB_THREADS, release_connections_now)
    _on_every_thread(_chat_write_thread(), 1, release_connections_now)


def release_connections_now() -> None:
    for each in connections.all():
        each.close()


def _on_every_thread(executor: ThreadPoolExecutor, size: int, function) -> None:
    """`function` once on each of the executor's `size` threads: each call waits at a
    barrier until all have started, so no thread takes two."""
    everyone = threading.Barrier(size, timeout=10)

    def call():
        everyone.wait()
        function()

    for done in [executor.submit(call) for _ in range(size)]:
        done.result()


@cache
def _threads() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.DB_THREADS, thread_name_prefix="db")


@cache
def _chat_write_thread() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-chat")


async def run_db(function, /, *args, **kwargs):
    return await _run(_threads(), function, *args, **kwargs)


async def run_db_repeatable(function, /, *args, **kwargs):
    """run_db for a `function` that may run twice with the same effect: one that only
    reads (the assistant's tools), or a write its own guard makes once (a turn
    finished only while pending). If its connection failed under it (PostgreSQL ended
    it mid-statement: terminated, restarting), it runs again, on a fresh connection, up
    to twice: an assistant turn makes several such calls, so the odds that one meets an
    ended connection twice in a row are not negligible when the server is restarting."""
    for _ in range(2):
        try:
            return await run_db(function, *args, **kwargs)
        except OperationalError:
            pass
    return await run_db(function, *args, **kwargs)


async def run_chat_write(function, /, *args, **kwargs):
    return await _run(_chat_write_thread(), function, *args, **kwargs)


async def _run(executor: ThreadPoolExecutor, function, /, *args, **kwargs):
    # Straight onto the executor, in a copy of the caller's context: asgiref's
    # sync_to_async did the same for about 140 µs of CPU a call against 40 here, and
    # the chat makes four calls for every message. Like it, the thread is told its
    # event loop (tickets.notify hands broadcasts to it), and the caller's language (a
    # socket's, accounts.language.SocketLanguage), which asgiref keeps per thread.
    loop = asyncio.get_running_loop()
    language = translation.get_language()

    def call():
        SyncToAsync.threadlocal.main_event_loop = loop  # as sync_to_async tells its threads
        SyncToAsync.threadlocal.main_event_loop_pid = os.getpid()
        if language:
            translation.activate(language)
        drop_connections_the_server_closed()
        try:
            try:
                return _counting_statements(function, *args, **kwargs)
            except DatabaseError as error:
                if not ended_by_the_server(error):
                    raise
                replace_connections_the_server_ended()  # the others were likely ended too
                if _answered.written:
                    raise  # some of it was written: the caller decides
            # The server ended the connection before any statement of the call was
            # written: before the first write was answered (it was ended between the poll
            # above and that statement: under load PostgreSQL takes a while to act on
            # pg_terminate_backend or a shutdown), or inside a transaction that ending
            # rolled back. Nothing of the call stands: it runs once more, on a fresh one.
            connection.close_if_unusable_or_obsolete()
            return _counting_statements(function, *args, **kwargs)
        finally:
            keep_or_release_connections()

    return await loop.run_in_executor(executor, contextvars.copy_context().run, call)


# Whether a statement of the current call of this thread was written: answered by the
# server outside a transaction (autocommit), or inside one that has committed since.
_answered = threading.local()


def _counting_statements(function, /, *args, **kwargs):
    _answered.written, _answered.lost = False, False
    with connection.execute_wrapper(_count_answered):
        return function(*args, **kwargs)


def _count_answered(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _writes(sql):
        _answered_one()
    return result


def _writes(sql) -> bool:
    """Whether a statement may have changed something that outlives its connection:
    anything but a SELECT (a WITH may hold an INSERT). A SELECT's row locks end with
    its connection, so a call that only read before the server ended its connection
    can run again (the chat checks logins before storing messages)."""
    return not (isinstance(sql, str) and sql.lstrip().upper().startswith("SELECT"))


def _answered_one() -> None:
    if connection.in_atomic_block:
        # Written once its transaction commits; a rollback (the connection ended
        # under it, say) forgets the callback with the statement.
        connection.on_commit(_written)
    else:
        _written()


def _written() -> None:
    _answered.written = True


def ended_by_the_server(error: DatabaseError) -> bool:
    """PostgreSQL ended the call's connection: it says so (admin_shutdown), or psycopg
    finds the connection lost before it reads the notice ("server closed the connection
    unexpectedly"; in a pipeline, "the connection is lost"). Waiting for a connection
    that the pool could not give is not one of these: another try waits as long again.
    Work that meets one should end with the error rather than go on (each further
    statement would likely meet an ended connection too): core.db's call then replaces
    the pool's ended connections and, when nothing was written, runs the call again."""
    if getattr(_answered, "lost", False):
        return True
    cause = error.__cause__
    while cause is not None:  # psycopg may raise an error of its own while handling the notice
        if isinstance(cause, psycopg.errors.AdminShutdown) or _lost(cause):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


def _lost(error: Exception) -> bool:
    """psycopg's own error for a connection found lost ("server closed the connection
    unexpectedly"): its connection is BAD."""
    pgconn = getattr(error, "pgconn", None)
    return (
        type(error) is psycopg.OperationalError
        and pgconn is not None
        and (pgconn.status == psycopg.pq.ConnStatus.BAD)
    )


@dataclass(frozen=True)
class Statement:
    """One SQL statement, to run once for each of its parameter sets.

    `at_once`, if given, does the same for every set in one statement on PostgreSQL:
    it takes, for each parameter position, the array of that position's values over
    the sets (columns_at_once), and each row it returns begins with the number of the
    set it belongs to (from 1). For the statements the chat runs for every message: a
    batch of forty messages is then three statements rather than 120, and each
    statement costs PostgreSQL and psycopg's pipeline about as much as a row does. With
    one set, the statement itself runs: it costs less than arrays of one."""

    sql: str
    param_sets: list
    at_once: str | None = None


def columns_at_once(types: list[str], names: list[str]) -> str:
    """The FROM item of an at_once statement: its parameters' arrays, one per
    position, as a table `v` with columns `names` (of SQL `types`, as the model's
    fields' db_type gives them) and `n`, the set's number."""
    arrays = ", ".join(f"%s::{each}[]" for each in types)
    return f"unnest({arrays}) WITH ORDINALITY AS v({', '.join(names)}, n)"


def run_together(*statements: Statement) -> list[list[list[tuple]]]:
    """The statements in order, each once for each of its parameter sets, on this
    thread's connection and in the caller's transaction; for each statement, each
    set's rows. For the chat's statements, run for every message: on PostgreSQL they
    are sent together (psycopg's pipeline: one round trip for all), with server-side
    binding, so each is prepared once per connection rather than parsed and planned
    every time (Django's cursors bind on the client); elsewhere one after another.
    Errors are Django's, as the ORM's are: the first one stops the rest."""
    results: list[list] = [[] for _ in statements]  # a statement without sets: no rows
    live = [n for n, each in enumerate(statements) if each.param_sets]
    for n, rows in zip(live, _run_sent_together([statements[n] for n in live]), strict=True):
        results[n] = rows
    return results


def _run_sent_together(statements: list[Statement]) -> list[list[list[tuple]]]:
    if not statements:
        return []
    connection.ensure_connection()
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            return [[_rows_of(cursor, each.sql, params) for params in each.param_sets]
                    for each in statements]  # fmt: skip
    if connection.queries_logged:  # as Django's debug cursor logs an executemany: once
        connection.queries_log.extend(
            {"sql": f"{len(each.param_sets)} times: {each.sql}", "time": "0"} for each in statements
        )
    conn = connection.connection
    try:
        return _sent_together(conn, statements)
    except OperationalError:
        _answered.lost = _closed_by_the_server(conn)  # for _run: found lost, not told
        raise


def _sent_together(conn, statements: list[Statement]) -> list[list[list[tuple]]]:
    sent = [_as_sent(each) for each in statements]
    with connection.wrap_database_errors:
        if len(sent) == 1 and len(sent[0].param_sets) == 1:
            with psycopg.Cursor(conn) as cursor:  # one statement: a pipeline only adds cost
                results = [[_rows_of(cursor, sent[0].sql, sent[0].param_sets[0])]]
        else:
            cursors = [psycopg.Cursor(conn) for _ in sent]
            try:
                with conn.pipeline():  # every result arrives as the block ends
                    for cursor, each in zip(cursors, sent, strict=True):
                        cursor.executemany(each.sql, each.param_sets, returning=True)
                results = [_every_set(cursor) for cursor in cursors]
            finally:
                for cursor in cursors:
                    cursor.close()
        if any(_writes(each.sql) for each in statements):
            _answered_one()
    return [
        _by_set(rows, len(each.param_sets)) if _at_once(each) else rows
        for rows, each in zip(results, statements, strict=True)
    ]


def _at_once(statement: Statement) -> bool:
    return bool(statement.at_once) and len(statement.param_sets) > 1


def _as_sent(statement: Statement) -> Statement:
    """The statement as it goes to PostgreSQL: with many sets, its at_once form (where
    it has one) with each position's values as one array."""
    if not _at_once(statement):
        return statement
    columns = [list(values) for values in zip(*statement.param_sets, strict=True)]
    return Statement(statement.at_once, [columns])


def _by_set(rows: list[list[tuple]], sets: int) -> list[list[tuple]]:
    """An at_once statement's rows (of its one set), each set's apart: the first
    column numbers them."""
    [every] = rows
    each_set: list[list[tuple]] = [[] for _ in range(sets)]
    for n, *row in every:
        each_set[n - 1].append(tuple(row))
    return each_set


def _rows_of(cursor, sql, params) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall() if cursor.description is not None else []


def _every_set(cursor) -> list[list[tuple]]:
    sets = []
    while True:
        sets.append(cursor.fetchall() if cursor.description is not None else [])
        if not cursor.nextset():
            return sets


def fetch_all(sql: str, params: list) -> list[tuple]:
    """Every row of one statement (run_together): for the reads the chat makes for every
    message. Outside a transaction, a read whose connection PostgreSQL ended under it
    (terminated, restarting) is made once more on a fresh one: it wrote nothing, and it
    may follow a write of the same call that is already committed (so the whole call
    cannot simply run again)."""
    [[rows]] = once_more_if_ended(run_together, Statement(sql, [params]))
    return rows


def once_more_if_ended(function, /, *args, **kwargs):
    """`function`, one statement outside a transaction, made once more on a fresh
    connection if PostgreSQL ended the connection under it (terminated, restarting):
    it may follow a write of the same call that is already committed, so the whole
    call cannot simply run again (core.db's call), and the statement itself was not
    answered. For the chat's single statements: fetch_all, the start of a turn."""
    try:
        return function(*args, **kwargs)
    except DatabaseError as error:
        if connection.in_atomic_block or not ended_by_the_server(error):
            raise
        replace_connections_the_server_ended()
        connection.close_if_unusable_or_obsolete()
        _answered.lost = False  # this one was: the call goes on, on a fresh connection
        return function(*args, **kwargs)


def insert_statement(objects: list) -> Statement:
    """New rows of one model, each one prepared statement: bulk_create for a fraction
    of its cost. Values are prepared by the model's fields, as the ORM prepares them.
    For rows the chat writes for every message; everything else uses the ORM. Give the
    rows it returned to took_ids."""
    if not objects:
        return Statement("", [])
    model = type(objects[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    db = connections[DEFAULT_DB_ALIAS]  # the thread's own, once (not the proxy per value)
    return Statement(_insert_sql(model), [
        [field.get_db_prep_save(field.pre_save(each, True), db) for field in fields]
        for each in objects
    ], at_once=_insert_at_once(model))  # fmt: skip


def took_ids(objects: list, rows: list[list[tuple]]) -> None:
    """The ids an insert_statement returned, set on its objects as bulk_create would."""
    for each, [(pk,)] in zip(objects, rows, strict=True):
        each.pk = pk
        each._state.adding, each._state.db = False, DEFAULT_DB_ALIAS


def insert_rows(objects: list) -> None:
    """insert_statement run on its own."""
    if objects:
        [rows] = run_together(insert_statement(objects))
        took_ids(objects, rows)


def update_statement(model, pk, values: dict, **where) -> Statement:
    """Set `values` on the row `pk` of `model` if its fields are as `where` says; one
    prepared statement, whose rows say whether it was written. As insert_statement:
    for the chat's rows only."""
    db = connections[DEFAULT_DB_ALIAS]
    fields = [model._meta.get_field(name) for name in [*values, *where]]
    params = [
        field.get_db_prep_save(value, db)
        for field, value in zip(fields, [*values.values(), *where.values()], strict=True)
    ]
    return Statement(_update_sql(model, tuple(values), tuple(where)), [[*params, pk]])


def update_row(model, pk, values: dict, **where) -> bool:
    """update_statement run on its own; whether it was written."""
    [[rows]] = run_together(update_statement(model, pk, values, **where))
    return bool(rows)


def table(model) -> str:
    """The model's table, quoted for SQL: statements built here name only the models'
    own tables and columns, and pass every value as a parameter."""
    return connection.ops.quote_name(model._meta.db_table)


def column(model, name: str) -> str:
    """The column of the model's field `name` ("pk" for its primary key), quoted."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return connection.ops.quote_name(field.column)


@cache
def _insert_sql(model) -> str:
    fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
    names, values = (
        ", ".join(column(model, name) for name in fields),
        ", ".join(["%s"] * len(fields)),
    )
    into, pk = table(model), column(model, "pk")
    return f"INSERT INTO {into} ({names}) VALUES ({values}) RETURNING {pk}"  # noqa: S608  # nosec B608


@cache
def _insert_at_once(model) -> str:
    """_insert_sql for every set at once. The rows go in in the sets' order, so their
    new ids (from the table's sequence, which counts up as rows are inserted) in
    increasing order number them (as Django's bulk_create relies on too)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    names = [f"c{n}" for n in range(len(fields))]
    values = columns_at_once([field.db_type(connection) for field in fields], names)
    into, pk = table(model), column(model, "pk")
    columns = ", ".join(column(model, field.name) for field in fields)
    return (
        f"WITH new AS (INSERT INTO {into} ({columns}) "  # noqa: S608  # nosec B608
        f"SELECT {', '.join(names)} FROM {values} ORDER BY n RETURNING {pk}) "
        f"SELECT row_number() OVER (ORDER BY {pk}), {pk} FROM new"
    )


@cache
def _update_sql(model, values: tuple[str, ...], where: tuple[str, ...]) -> str:
    sets = ", ".join(f"{column(model, name)} = %s" for name in values)
    conditions = " AND ".join(f"{column(model, name)} = %s" for name in [*where, "pk"])
    into, pk = table(model), column(model, "pk")
    return f"UPDATE {into} SET {sets} WHERE {conditions} RETURNING {pk}"  # noqa: S608  # nosec B608
