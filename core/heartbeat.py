"""Worker processes saying they are alive, for `/healthz/workers` (core.health).

Each worker loop calls `beat(kind)` once per iteration; at most every
BEAT_EVERY_SECONDS it writes one row per process (kind, host, pid) with the
database's time, so any number of workers on any number of machines report without
clocks to agree on. A kind is live while its newest beat is younger than
SILENT_AFTER. A new kind of worker adds its name to WATCHED and calls `beat(its kind)`
in its loop: that is all.
"""

import datetime as dt
import logging
import os
import socket
import time

from django.db import DatabaseError
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

from core.models import Heartbeat

logger = logging.getLogger(__name__)

SLA_MONITOR = "sla_monitor"
TASK_WORKER = "task_worker"
# The kinds /healthz/workers answers for: each must have a live beat.
WATCHED = (SLA_MONITOR, TASK_WORKER)

BEAT_EVERY_SECONDS = 15.0
SILENT_AFTER = dt.timedelta(minutes=2)
# Rows of processes gone this long are deleted (when a new process first beats).
FORGET_AFTER = dt.timedelta(days=1)

# kind -> time.monotonic() of this process's last written beat (tests clear it).
last_written: dict[str, float] = {}


def beat(kind: str) -> bool:
    """Say that this process, a worker of `kind`, is alive; True if a row was written
    (at most every BEAT_EVERY_SECONDS). Never raises: a database away is logged and
    the worker carries on (its silence shows on /healthz/workers)."""
    now = time.monotonic()
    if kind in last_written and now - last_written[kind] < BEAT_EVERY_SECONDS:
        return False
    try:
        _write(kind, host=socket.gethostname()[:255], pid=os.getpid())
    except DatabaseError:
        logger.warning("heartbeat of %s not written: the database is unavailable", kind)
        return False
    last_written[kind] = now
    return True


def _write(kind: str, *, host: str, pid: int) -> None:
    mine = Heartbeat.objects.filter(kind=kind, host=host, pid=pid)
    if mine.update(beat_at=Now()):
        return
    # This process's first beat: a good moment to forget processes long gone.
    Heartbeat.objects.filter(beat_at__lt=timezone.now() - FORGET_AFTER).delete()
    Heartbeat.objects.get_or_create(
        kind=kind, host=host, pid=pid, defaults={"started_at": Now(), "beat_at": Now()}
    )


def workers_report(*, details: bool = False) -> dict:
    """Each watched kind's newest beat, its age and how many processes are live;
    `status` ok only if every kind has a live one. `details` adds each process
    (host, pid): for operators, not for the world."""
    rows = (
        Heartbeat.objects.filter(kind__in=WATCHED)
        .annotate(age=Now() - F("beat_at"))
        .order_by("kind", "-beat_at")
    )
    workers = {kind: _kind_report([row for row in rows if row.kind == kind], details)
               for kind in WATCHED}  # fmt: skip
    healthy = all(each["status"] == "ok" for each in workers.values())
    return {
        "status": "ok" if healthy else "down",
        "silent_after_seconds": int(SILENT_AFTER.total_seconds()),
        "workers": workers,
    }


def _kind_report(rows: list[Heartbeat], details: bool) -> dict:
    newest = rows[0] if rows else None
    report = {
        "status": "ok" if newest and newest.age <= SILENT_AFTER else "silent",
        "live": sum(1 for row in rows if row.age <= SILENT_AFTER),
        "last_beat": newest.beat_at.isoformat() if newest else None,
        "age_seconds": round(newest.age.total_seconds(), 1) if newest else None,
    }
    if details:
        report["processes"] = [
            {"host": row.host, "pid": row.pid, "started_at": row.started_at.isoformat(),
             "last_beat": row.beat_at.isoformat(), "age_seconds": round(row.age.total_seconds(), 1)}
            for row in rows
        ]  # fmt: skip
    return report
