"""The assistant's part of the monitor loop (run_sla_monitor): finish turns a
restart cut short."""

from assistant.turns import sweep_orphans


def tick(*, now) -> int:
    return sweep_orphans(now=now)
