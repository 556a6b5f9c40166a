"""Values read from the database that almost never change but are needed on the hot
path (the escalation rules, the help articles' state): each process keeps its copy for
a moment rather than reading it again for every chat message."""

import time
from collections.abc import Callable

from django.db import connection
from django.db.models.signals import post_delete, post_migrate, post_save


class KeptForAWhile:
    """`read()`'s value, kept by this process for up to `seconds` outside a
    transaction. A change of `model` saved or deleted in this process counts at once
    (and a migrate or flush, as in tests); one made by another process within
    `seconds`. Inside a transaction the value is read afresh: the transaction may
    hold changes of its own, or need the latest rows under a lock."""

    def __init__(self, read: Callable, *, seconds: float, model):
        self.read, self.seconds = read, seconds
        self._kept: tuple[object, float] | None = None  # (value, time.monotonic() read)
        post_save.connect(self.forget, sender=model, weak=False)
        post_delete.connect(self.forget, sender=model, weak=False)
        post_migrate.connect(self.forget, weak=False)

    def get(self):
        if connection.in_atomic_block:
            return self.read()
        kept, now = self._kept, time.monotonic()
        if kept is not None and now - kept[1] < self.seconds:
            return kept[0]
        value = self.read()
        self._kept = (value, now)
        return value

    def fresh(self):
        """The kept value if it may still be used, else None: for the event loop,
        which must not read the database (the caller then reads it on a thread)."""
        kept = self._kept
        if kept is not None and time.monotonic() - kept[1] < self.seconds:
            return kept[0]
        return None

    def keep(self, value) -> None:
        """`value` is what `read()` would return now (this process just made it)."""
        self._kept = (value, time.monotonic())

    def forget(self, **kwargs) -> None:
        self._kept = None
