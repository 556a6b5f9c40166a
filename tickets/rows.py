"""A ticket's changes written under the version guard of tickets.chat, cheaply: the
chat writes a ticket for every message, and the ORM's statement building cost more
than the rest of the work (about 1 ms a row). One statement, built once from the
model's fields, whose values the fields prepare as the ORM does; core.db.run_together
sends it with the operation's other statements (new rows: core.db.insert_statement).
No rule lives here: only the row and its guard."""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

from core.db import Statement, column, columns_at_once, run_together, table
from tickets.models import Ticket


def write_if_unchanged(tickets: list[Ticket], fields) -> set[int]:
    """Each ticket's `fields` written, and its version bumped, where the row is still at
    the ticket's version; the ids written (the others' rows moved on: nothing written)."""
    [rows] = run_together(guarded_update(tickets, fields))
    return mark_written(tickets, rows)


def guarded_update(tickets: list[Ticket], fields) -> Statement:
    """write_if_unchanged's statement, to send with others (core.db.run_together); give
    the rows it returned to mark_written."""
    fields = tuple(fields)
    columns = [Ticket._meta.get_field(name) for name in fields]
    db = connections[DEFAULT_DB_ALIAS]  # the thread's own, once (not the proxy per value)
    return Statement(_guarded_update(fields), [
        [column.get_db_prep_save(getattr(ticket, column.attname), db) for column in columns]
        + [ticket.pk, ticket.version]
        for ticket in tickets
    ], at_once=_guarded_update_at_once(fields))  # fmt: skip


def mark_written(tickets: list[Ticket], rows: list[list[tuple]]) -> set[int]:
    """The ids a guarded_update wrote, those tickets' versions bumped to match."""
    written = written_ids(rows)
    for ticket in tickets:
        if ticket.pk in written:
            ticket.version += 1
    return written


def written_ids(rows: list[list[tuple]]) -> set[int]:
    """The ids a guarded_update wrote."""
    return {pk for each in rows for (pk,) in each}


@cache
def _guarded_update(fields: tuple[str, ...]) -> str:
    version, pk = column(Ticket, "version"), column(Ticket, "pk")
    assignments = ", ".join(f"{column(Ticket, name)} = %s" for name in fields)
    sets, guard = f"{assignments}, {version} = {version} + 1", f"{pk} = %s AND {version} = %s"
    return f"UPDATE {table(Ticket)} SET {sets} WHERE {guard} RETURNING {pk}"  # noqa: S608  # nosec B608


@cache
def _guarded_update_at_once(fields: tuple[str, ...]) -> str:
    """_guarded_update for many tickets in one statement (core.db.Statement.at_once)."""
    version, pk = column(Ticket, "version"), column(Ticket, "pk")
    names = [f"c{n}" for n in range(len(fields))]
    model_fields = [*(Ticket._meta.get_field(name) for name in fields), Ticket._meta.pk,
                    Ticket._meta.get_field("version")]  # fmt: skip
    types = [field.db_type(connection) for field in model_fields]
    values = columns_at_once(types, [*names, "id", "version"])
    assignments = ", ".join(
        f"{column(Ticket, name)} = v.{each}" for name, each in zip(fields, names, strict=True)
    )
    sets = f"{assignments}, {version} = t.{version} + 1"
    guard = f"t.{pk} = v.id AND t.{version} = v.version"
    return f"UPDATE {table(Ticket)} t SET {sets} FROM {values} WHERE {guard} RETURNING v.n, t.{pk}"  # noqa: S608  # nosec B608
