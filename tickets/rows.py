"""Storing what the rules decided, cheaply: the chat writes a ticket and a message
for every message, and the ORM's statement building cost more than the rest of the
work (about 1 ms a row). Two statements, built once from the models' own fields: a
ticket's changed fields written if its row is still at the copy's version (the guard
of tickets.chat), and a new row inserted. Values are prepared by the fields
themselves, as the ORM does; core.db.execute_each sends a batch's statements
together. No rule lives here: only rows and the version guard."""

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connection, connections

from core.db import execute_each
from tickets.models import Ticket


def write_if_unchanged(tickets: list[Ticket], fields) -> set[int]:
    """Each ticket's `fields` written, and its version bumped, where the row is still at
    the ticket's version; the ids written (the others' rows moved on: nothing written)."""
    fields = tuple(fields)
    columns = [Ticket._meta.get_field(name) for name in fields]
    db = connections[DEFAULT_DB_ALIAS]  # the thread's own, once (not the proxy per value)
    rows = execute_each(_guarded_update(fields), [
        [column.get_db_prep_save(getattr(ticket, column.attname), db) for column in columns]
        + [ticket.pk, ticket.version]
        for ticket in tickets
    ])  # fmt: skip
    written = {row[0] for row in rows if row is not None}
    for ticket in tickets:
        if ticket.pk in written:
            ticket.version += 1
    return written


def insert(objects: list) -> None:
    """New rows of one model, their ids set on them (as bulk_create does, for less)."""
    if not objects:
        return
    model = type(objects[0])
    columns = [field for field in model._meta.concrete_fields if not field.primary_key]
    db = connections[DEFAULT_DB_ALIAS]
    rows = execute_each(_insert(model), [
        [column.get_db_prep_save(column.pre_save(each, True), db) for column in columns]
        for each in objects
    ])  # fmt: skip
    for each, row in zip(objects, rows, strict=True):
        each.pk = row[0]
        each._state.adding, each._state.db = False, db.alias


@cache
def _guarded_update(fields: tuple[str, ...]) -> str:
    quote, table = connection.ops.quote_name, Ticket._meta.db_table
    assignments = ", ".join(f"{quote(Ticket._meta.get_field(name).column)} = %s" for name in fields)
    version = quote("version")
    return (
        f"UPDATE {quote(table)} SET {assignments}, {version} = {version} + 1 "  # noqa: S608
        f"WHERE {quote('id')} = %s AND {version} = %s RETURNING {quote('id')}"
    )  # nosec B608 (our own model's names only)


@cache
def _insert(model) -> str:
    quote = connection.ops.quote_name
    columns = [field.column for field in model._meta.concrete_fields if not field.primary_key]
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) RETURNING {quote(model._meta.pk.column)}"
    )  # nosec B608 (our own model's names only)
