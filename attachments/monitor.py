"""Attachments' part of the monitor loop (run_sla_monitor): uploads nobody sent are
removed once they are a day old, files included (a customer who closed the tab leaves
nothing behind for long)."""

from attachments.erasure import forget_unsent
from attachments.services import UNSENT_KEPT


def tick(*, now) -> int:
    return forget_unsent(before=now - UNSENT_KEPT)
