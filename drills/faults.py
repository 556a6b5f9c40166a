"""The three drills (RELIABILITY cases 2, 3 and 4; issue 13, item 9)."""

import asyncio
import contextlib
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from drills.drill import Drill, Report
from drills.postgres import Cluster


async def kill_daphne(drill: Drill) -> None:
    """(a) SIGKILL daphne mid-conversation and start it again at once. While it is down,
    an agent replies in one conversation and sets another to pending (RELIABILITY case
    2): the clients must find both after the restart."""
    await drill.stop_daphne(signal.SIGKILL)
    drill.noted("daphne SIGKILLed")
    replied, pending = drill.clients[0], drill.clients[1]
    text = f"Dana here, picking this up ({replied.name})."
    done = await drill.at_desk({"reply": replied.ticket_id, "text": text})
    drill.noted(f"an agent replied to {replied.name} {done}")
    done = await drill.at_desk({"status": pending.ticket_id, "to": "pending"})
    drill.noted(f"{pending.name}'s conversation set to pending {done}")
    await drill.start_daphne()
    drill.noted("daphne listening again")


async def restart_postgres(drill: Drill) -> None:
    """(b) `pg_ctl restart -m fast` under traffic: every connection is cut and the
    server is away for a moment."""
    drill.noted("pg_ctl restart -m fast")
    await asyncio.to_thread(drill.cluster.restart)
    drill.noted("PostgreSQL back")


async def terminate_backends(drill: Drill) -> None:
    """(c) pg_terminate_backend on every connection of the app, three times, 5 s apart.
    Then (RELIABILITY case 4) a socket idle all the while is woken by a group event
    whose handler queries the database: an agent sets its conversation to pending, and
    the socket must get the new owner frame."""
    for n in range(3):
        if n:
            await asyncio.sleep(5)
        cut = await asyncio.to_thread(drill.cluster.terminate_backends)
        drill.noted(f"{cut} backends terminated")
    await asyncio.sleep(1)
    quiet = drill.quiet
    frames_before, changed_at = len(quiet.owner_frames), time.monotonic()
    done = await drill.at_desk({"status": quiet.ticket_id, "to": "pending"})
    drill.noted(f"an agent set the idle {quiet.name}'s conversation to pending {done}")
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(5):
            while not any(
                status == "pending" for _, _, status in quiet.owner_frames[frames_before:]
            ):
                await asyncio.sleep(0.05)
    woken = [at for at, _, status in quiet.owner_frames[frames_before:] if status == "pending"]
    drill.report.woken_after = woken[0] - changed_at if woken else None
    drill.report.quiet_closes = len(quiet.server_closes)


@dataclass(frozen=True)
class Plan:
    title: str
    group: str  # its customers: drills.prepare makes 20 per group
    fault: object
    probe_health: bool = False
    desk: bool = False  # a person at the desk (drills.desk) for the fault to use
    quiet: bool = False  # a 21st client, idle after its first message (drills.drill)

    def run(self, *, cluster: Cluster, env: dict, cookies: list[str], folder: Path) -> Report:
        drill = Drill(name=self.title, group=self.group, cluster=cluster, cookies=cookies,
                      env=env, folder=folder, probe_health=self.probe_health,
                      desk=self.desk, quiet=self.quiet)  # fmt: skip
        return asyncio.run(drill.run(self.fault))


DRILLS = {
    "daphne_killed": Plan("(a) daphne SIGKILLed and restarted", "a", kill_daphne, desk=True),
    "postgres_restarted": Plan(
        "(b) PostgreSQL restarted (pg_ctl restart -m fast)",
        "b",
        restart_postgres,
        probe_health=True,
    ),
    "backends_terminated": Plan(
        "(c) every app backend terminated, 3 times 5 s apart",
        "c",
        terminate_backends,
        probe_health=True,
        desk=True,
        quiet=True,
    ),
}
