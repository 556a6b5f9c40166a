"""The history of the settings that change how the desk behaves: who changed one, when,
and what it said before and after (django-simple-history; `history = HistoricalRecords()`
on each such model, the staff member taken from the request by its middleware).

A row is recorded on every `save()` and `delete()`; a write that bypasses them
(`QuerySet.update()`, `bulk_create`) records nothing, so these models are written only
through `save()` or simple-history's `bulk_*_with_history`. Migrations' models record
nothing either: a data migration that changes settings ends with
`record_current_state`. `changes` is what the admin's diff page shows
(tickets.admin_history).
"""

import dataclasses
import difflib
import json
from collections.abc import Callable

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

# A migration's reason on the rows it records (history_change_reason: 100 characters).
INITIAL_REASON = "The state when history began"
EMPTY = "—"
# Text longer than this, or of several lines, is compared line by line.
SHORT_TEXT = 80
DIFF_CONTEXT = 2


# --- The history's models ------------------------------------------------------------------------

# --- Recording what migrations wrote -----------------------------------------------------------


def record_current_state(
    apps, app_label: str, model_names, *, reason: str, every: bool = False
) -> int:
    """Record each row of these models (in a migration's app registry) whose newest
    history row is missing or differs from it (`every`: each row): as a creation when
    it has none, else as a change, by nobody. Does nothing before the app's history
    tables exist. Returns how many rows it recorded."""
    recorded = 0
    for name in model_names:
        model = apps.get_model(app_label, name)
        try:
            history = apps.get_model(app_label, f"Historical{name}")
        except LookupError:
            continue
        tracked = [
            field.attname
            for field in history._meta.concrete_fields
            if not field.name.startswith("history_")
        ]
        newest = {}
        for row in history.objects.order_by("history_date", "history_id").values(*tracked):
            newest[row["id"]] = row
        now = timezone.now()
        for obj in model.objects.order_by("pk"):
            state = {attname: getattr(obj, attname) for attname in tracked}
            if newest.get(obj.pk) == state and not every:
                continue
            row = history.objects.create(
                history_date=now,
                history_type="~" if obj.pk in newest else "+",
                history_change_reason=reason[:100],
                history_user=None,
                **state,
            )
            _record_members(apps, app_label, name, model, obj, row)
            recorded += 1
    return recorded


def _record_members(apps, app_label, name, model, obj, row) -> None:
    """The many-to-many rows of a recorded state (a queue's members)."""
    for field in model._meta.many_to_many:
        try:
            members = apps.get_model(app_label, f"Historical{name}_{field.name}")
        except LookupError:
            continue
        through = field.remote_field.through
        own = next(f.name for f in through._meta.fields if f.related_model is model)
        columns = [f.attname for f in through._meta.concrete_fields]
        members.objects.bulk_create(
            members(history=row, **values)
            for values in through.objects.filter(**{own: obj}).values(*columns)
        )


# --- What a change changed ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Line:
    kind: str  # "same", "removed", "added" or "gap" (unchanged lines left out)
    text: str


@dataclasses.dataclass(frozen=True)
class Change:
    field: str  # its label
    before: str
    after: str
    lines: list[Line]  # a line diff, for long text; empty otherwise

    @property
    def removed(self) -> int:
        return sum(line.kind == "removed" for line in self.lines)

    @property
    def added(self) -> int:
        return sum(line.kind == "added" for line in self.lines)


@dataclasses.dataclass(frozen=True)
class Part:
    """Rows of another model that belong to a setting, such as a calendar's opening
    hours: kept in their own history, shown as one more field of the setting's
    versions. A version holds the part as it stood when the next version began (the
    admin saves the setting first, then the rows edited with it)."""

    label: str
    model: type[models.Model]
    parent: str  # the part's foreign key to the setting, e.g. "calendar"
    as_text: Callable[[list], str]  # its rows (historical ones) as staff read them

    def history(self, parent_id) -> list:
        """Every recorded state of the setting's rows, oldest first."""
        rows = self.model.history.filter(**{f"{self.parent}_id": parent_id})
        return list(rows.order_by("history_date", "history_id"))


def part_text(part: Part, history: list, moment) -> str:
    """The part as it stood just before `moment` (None: now), from its `history`."""
    latest = {}
    for row in history:
        if moment is not None and row.history_date >= moment:
            break
        latest[row.id] = row
    return part.as_text([row for row in latest.values() if row.history_type != "-"]) or EMPTY


def part_changes(part: Part, history: list, *, start, end) -> list[Change]:
    """What changed in the part while a version was current: from its date (`start`)
    until the next version's (`end`; None while it still is)."""
    before, after = part_text(part, history, start), part_text(part, history, end)
    if before == after:
        return []
    return [Change(str(part.label), before, after, line_diff(before, after))]


def tracked_fields(model) -> list[models.Field]:
    """The fields whose history is kept, in the model's order (many-to-many last)."""
    history = model.history.model
    kept = {field.name for field in history.tracked_fields}
    return [
        *(f for f in model._meta.concrete_fields if f.name in kept and not f.primary_key),
        *(field for field in history._history_m2m_fields),
    ]


def changes(model, before, after) -> list[Change]:
    """What changed from the historical row `before` to `after`, field by field. A
    creation has no `before`; a deletion no `after` (its row, the state deleted, is
    passed as `before`)."""
    found = []
    for field in tracked_fields(model):
        old = shown(before, field) if before is not None else EMPTY
        new = shown(after, field) if after is not None else EMPTY
        if old != new:
            label = str(field.verbose_name)
            found.append(Change(label[:1].upper() + label[1:], old, new, line_diff(old, new)))
    return found


def shown(record, field) -> str:
    """A field's value in a historical row, as staff read it."""
    if field.many_to_many:
        target = field.m2m_reverse_field_name()
        rows = getattr(record, field.name).select_related(target)
        return ", ".join(sorted(str(getattr(row, target)) for row in rows)) or EMPTY
    value = getattr(record, field.attname)
    if value in (None, "", [], {}):
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.ForeignKey):
        try:  # the admin's History loads them with the rows (select_related)
            return str(getattr(record, field.name))
        except field.related_model.DoesNotExist:
            return gettext("#%(id)s (deleted)") % {"id": value}
    if isinstance(field, models.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def line_diff(before: str, after: str) -> list[Line]:
    """Long or multi-line text compared line by line, with a little unchanged text
    around each change; short values need none (before and after say it)."""
    if not any("\n" in text or len(text) > SHORT_TEXT for text in (before, after)):
        return []
    old = [] if before == EMPTY else before.splitlines()
    new = [] if after == EMPTY else after.splitlines()
    lines, shown_up_to = [], 0
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for group in matcher.get_grouped_opcodes(DIFF_CONTEXT):
        if group[0][1] > shown_up_to:
            lines.append(Line("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(Line("same", text) for text in old[i1:i2])
            else:
                lines.extend(Line("removed", text) for text in old[i1:i2])
                lines.extend(Line("added", text) for text in new[j1:j2])
        shown_up_to = group[-1][2]
    if lines and shown_up_to < len(old):
        lines.append(Line("gap", "…"))
    return lines
