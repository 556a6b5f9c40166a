"""Where a text is still kept: every text, character and JSON column of every table
Django knows (auto-created and third-party ones included), and every file under a
folder."""

import json
from pathlib import Path

from django.apps import apps
from django.db import models

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField)


def rows_holding(needles: list[str]) -> list[str]:
    """'app.Model.field #pk: needle' for each value holding one of `needles` (any
    case; JSON as its decoded text, so that an escaped "Å" counts)."""
    lowered = [needle.casefold() for needle in needles]
    found = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS)]
        if not fields:
            continue
        for pk, *values in model._base_manager.values_list("pk", *fields).iterator():
            for field, value in zip(fields, values, strict=True):
                text = _as_text(value).casefold()
                found += [f"{model._meta.label}.{field} #{pk}: {needles[i]!r}"
                          for i, needle in enumerate(lowered) if needle in text]  # fmt: skip
    return found


def files_holding(needles: list[str], root: Path) -> list[str]:
    """'path: needle' for each file under `root` holding a needle (as UTF-8 bytes)."""
    encoded = [needle.encode() for needle in needles]
    found = []
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path}: {needle!r}" for needle, raw in zip(needles, encoded, strict=True)
                      if raw in data]  # fmt: skip
    return found


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("utf-8", errors="replace")
    return json.dumps(value, ensure_ascii=False)
