"""What erasing a person's data (privacy) and forgetting old conversations' text
(retention) do outside the apps' own tables: the rows Django and our libraries keep
beside them, which may quote what a person wrote or who they are.

- **background tasks** (core.tasks): a queued email carries its subject, body and
  recipients in its row, and a finished one keeps them for SUCCEEDED_KEPT; a task that
  mentions the person is deleted, so an email to them or about them is never sent;
- **the admin's log** (django.contrib.admin's LogEntry): each entry keeps the name
  of what it changed (`str()` of a ticket is its subject, of a user their email);
- **history tables** (django-simple-history): a setting's old versions keep what it
  said, a customer's words pasted into a canned response included.

Apps call these from their `erasure` modules with the texts they know to be
personal (an app knows its own; core knows no app), in the caller's transaction."""

import json
import logging
from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, models
from django.db.models import Q
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

# What a removed text is replaced with where a value must stay (a required subject).
REMOVED = "[removed]"
# Shorter texts ("ok", "yes") name nobody, and looking for them would strip the same
# letters out of other people's words.
SHORTEST_SEARCHED = 6
CHUNK = 500
NEEDLES_A_QUERY = 100


def searched(texts: Iterable[str]) -> list[str]:
    """The texts worth looking for: stripped, long enough, each once, longest first
    (so that a text containing another is replaced whole)."""
    found = {text.strip() for text in texts if text and len(text.strip()) >= SHORTEST_SEARCHED}
    return sorted(found, key=len, reverse=True)


def forget_texts(texts: Iterable[str]) -> None:
    """Remove `texts` from the rows kept beside the apps' tables: delete the tasks
    that mention any of them, replace them in the admin's log and in history rows.
    Matching ignores case (an email typed in capitals is the same email)."""
    needles = searched(texts)
    if not needles:
        return
    forget_tasks_mentioning(needles)
    _replace_in(LogEntry, ["object_repr", "change_message"], needles)
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):  # a history table: old versions
            _replace_in(model, _text_fields(model), needles)


def forget_admin_log(model: type[models.Model], pks: Iterable) -> None:
    """The admin log entries about these objects keep that they were changed, by whom
    and when, but no longer the object's name."""
    pks = [str(pk) for pk in pks]
    if pks:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        LogEntry.objects.filter(content_type=content_type, object_id__in=pks).update(
            object_repr=REMOVED
        )


def forget_tasks_mentioning(needles: list[str]) -> int:
    """Delete the task rows whose arguments, result or error mention a needle, except
    those running now (their worker writes the row when it ends; they are sent
    already). Returns how many were deleted."""
    lowered = [needle.casefold() for needle in needles]
    doomed = []
    rows = DBTaskResult.objects.exclude(status=TaskResultStatus.RUNNING).only(
        "id", "args_kwargs", "return_value", "traceback"
    )
    for row in rows.iterator(chunk_size=CHUNK):
        text = _json_text([row.args_kwargs, row.return_value])
        text = f"{text}\n{row.traceback}".casefold()
        if any(needle in text for needle in lowered):
            doomed.append(row.pk)
    deleted = 0
    for start in range(0, len(doomed), CHUNK):
        count, _ = DBTaskResult.objects.filter(pk__in=doomed[start : start + CHUNK]).delete()
        deleted += count
    return deleted


def _text_fields(model) -> list[str]:
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, kinds) and not field.choices and not field.primary_key
    ]


def _replace_in(model, fields: list[str], needles: list[str]) -> None:
    """Replace every needle in these columns of `model`. Text columns are searched by
    the database when it can match the needles in any case (few rows match); JSON
    columns, and text on SQLite with a needle beyond ASCII (its LIKE folds ASCII
    only), are read row by row and searched as decoded text, since a database may
    store "Å" in JSON as "\\u00c5"."""
    is_json = {f: isinstance(model._meta.get_field(f), models.JSONField) for f in fields}
    by_database = connection.vendor != "sqlite" or all(needle.isascii() for needle in needles)
    read_all = [f for f in fields if is_json[f] or not by_database]
    for field in set(fields) - set(read_all):
        # A few at a time: SQLite refuses an expression more than 1,000 deep.
        for start in range(0, len(needles), NEEDLES_A_QUERY):
            matching = Q()
            for needle in needles[start : start + NEEDLES_A_QUERY]:
                matching |= Q(**{f"{field}__icontains": needle})
            rows = model._default_manager.filter(matching).only("pk", field)
            for row in rows.iterator(CHUNK):
                value = _without(getattr(row, field), needles)
                model._default_manager.filter(pk=row.pk).update(**{field: value})
    if read_all:
        _replace_row_by_row(model, read_all, is_json, needles)


def _replace_row_by_row(model, fields: list[str], is_json: dict, needles: list[str]) -> None:
    lowered = [needle.casefold() for needle in needles]
    for row in model._default_manager.only("pk", *fields).iterator(CHUNK):
        changed = {}
        for field in fields:
            value = getattr(row, field)
            text = _json_text(value) if is_json[field] else (value or "")
            if not any(needle in text.casefold() for needle in lowered):
                continue
            if is_json[field]:
                changed[field] = json.loads(_without(text, needles, quote=_json_text))
            else:
                changed[field] = _without(text, needles)
        if changed:
            model._default_manager.filter(pk=row.pk).update(**changed)


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _without(value: str, needles: list[str], *, quote=None) -> str:
    """`value` with each needle, in any case, replaced by REMOVED. For JSON text,
    `quote` escapes the needle and the replacement as JSON strings do."""
    for needle in needles:
        if quote is not None:
            needle, replacement = quote(needle)[1:-1], quote(REMOVED)[1:-1]
        else:
            replacement = REMOVED
        value = _replace_ignoring_case(value, needle, replacement)
    return value


def _replace_ignoring_case(value: str, needle: str, replacement: str) -> str:
    lowered, target, parts, start = value.casefold(), needle.casefold(), [], 0
    if len(lowered) != len(value):  # casefold changed lengths (ß): exact case only
        return value.replace(needle, replacement)
    while (found := lowered.find(target, start)) >= 0:
        parts.append(value[start:found] + replacement)
        start = found + len(needle)
    parts.append(value[start:])
    return "".join(parts)


def compact_database_files() -> None:
    """After an erasure commits, on SQLite: copy the write-ahead log into the database
    and empty it, so the pages holding the text before it was removed are gone from
    disk too (with `secure_delete`, the database's own free space is zeroed). Busy
    readers may delay it to the next checkpoint; never fails the erasure.
    PostgreSQL reuses the old rows' space at its next vacuum."""
    if connection.vendor != "sqlite":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except DatabaseError:
        logger.warning("the checkpoint after an erasure failed; SQLite's next one will do it")
