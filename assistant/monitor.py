"""The assistant's part of the monitor loop (run_sla_monitor): finish turns a
restart cut short, and hand over conversations whose turn never began."""

from assistant.turns import sweep_orphans, sweep_silent


def tick(*, now) -> int:
    return sweep_orphans(now=now) + sweep_silent(now=now)
