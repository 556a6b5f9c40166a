"""The three drills (RELIABILITY cases 2, 3 and 4; issue 13, item 9)."""

import asyncio
import signal
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
    """(c) pg_terminate_backend on every connection of the app, three times, 5 s apart."""
    for n in range(3):
        if n:
            await asyncio.sleep(5)
        cut = await asyncio.to_thread(drill.cluster.terminate_backends)
        drill.noted(f"{cut} backends terminated")


@dataclass(frozen=True)
class Plan:
    title: str
    group: str  # its customers: drills.prepare makes 20 per group
    fault: object
    probe_health: bool = False
    desk: bool = False  # a person at the desk (drills.desk) for the fault to use

    def run(self, *, cluster: Cluster, env: dict, cookies: list[str], folder: Path) -> Report:
        drill = Drill(name=self.title, group=self.group, cluster=cluster, cookies=cookies,
                      env=env, folder=folder, probe_health=self.probe_health,
                      desk=self.desk)  # fmt: skip
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
    ),
}
