"""One fault drill: daphne and the monitor as processes, 20 chat clients talking, a
fault at a set moment, then the checks of drills.verify and the figures.

Timeline (seconds from the clients' start): 20 clients send a message every 1.5 s
each until TRAFFIC_SECONDS (a 21st, quiet one sends one message and then sits idle,
for a fault that wakes it later); the fault runs at FAULT_AT (it may take a while: three
terminations 5 s apart); then everything unacknowledged is given time to be
acknowledged, and the drill waits until every turn that was pending at the last fault
is past its bound (ASSISTANT_TIMEOUT + 30 s grace, plus one monitor interval), so that
a turn the sweep failed to finish would show. Last, each client reconnects, resumes
after the last seq it saw and its transcript is compared with the database.
"""

import asyncio
import contextlib
import json
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.tests.live import ROOT, Daphne
from drills.chat import ChatClient
from drills.postgres import Cluster
from drills.verify import Verdict, check_messages, check_turns, compare_transcript

ASSISTANT_TIMEOUT = 5  # the daphne's, so that the sweep's bound comes within a drill
GRACE = 30  # assistant.turns.GRACE
MONITOR_INTERVAL = 2
TURN_BOUND = ASSISTANT_TIMEOUT + GRACE
FAULT_AT = 10
TRAFFIC_SECONDS = 25
SEND_EVERY = 1.5
DRILL_SECONDS = 90  # the whole drill, processes started to verdict: a hard limit
TALKERS = 20


@dataclass
class Probe:
    at: float  # seconds from the clients' start
    status: int | None  # None: no answer (refused, or nothing within 10 s)
    seconds: float


@dataclass
class Report:
    name: str
    verdict: Verdict = field(default_factory=Verdict)
    latencies: list = field(default_factory=list)  # every ack's, in seconds
    server_closes: Counter = field(default_factory=Counter)  # close code -> sockets
    close_times: list = field(default_factory=list)  # seconds from start
    connect_failures: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)
    resumes: int = 0
    faults: list = field(default_factory=list)  # (seconds from start, what)
    probes: list = field(default_factory=list)
    daphne_pids: list = field(default_factory=list)
    log_lines: list = field(default_factory=list)  # daphne's and the monitor's errors
    tracebacks: int = 0
    # When a fault woke the quiet client: seconds until it got the news (None: not
    # within 5 s), and how many of its sockets the server closed.
    woken_after: float | None = None
    quiet_closes: int | None = None
    folder: str = ""  # the processes' logs
    seconds: float = 0.0
    timed_out: bool = False

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        ranked = sorted(self.latencies)
        return ranked[min(len(ranked) - 1, max(0, round(p / 100 * len(ranked)) - 1))]

    def lines(self) -> list[str]:
        v, ms = self.verdict, _ms
        lines = [
            f"{self.name}: {self.seconds:.0f} s"
            + (" (TIMED OUT: the drill passed its limit)" if self.timed_out else ""),
            "  faults: " + ", ".join(f"{what} at {at:.1f} s" for at, what in self.faults),
            f"  messages: {v.sent} sent, {v.acked} acked, {v.stored} stored, "
            f"{len(v.unacked)} never acked, {len(v.lost)} acked but lost, "
            f"{len(v.duplicates)} stored twice, {len(v.wrong_seq)} acked with a wrong seq",
            f"  ack latency: p50 {ms(self.percentile(50))}, p95 {ms(self.percentile(95))}, "
            f"p99 {ms(self.percentile(99))}, max {ms(max(self.latencies, default=None))}",
            f"  transcripts: {len(v.gaps)} clients with gaps{_few(v.gaps)}, "
            f"{len(v.extras)} with messages the database lacks{_few(v.extras)}, "
            f"{len(v.differ)} with different text{_few(v.differ)}, "
            f"{v.conflicts} seqs seen twice with different messages, "
            f"{len(v.owner_differs)} with another owner or status{_few(v.owner_differs)}",
            f"  turns: {v.pending} pending at the end, {len(v.pending_past_bound)} pending past "
            f"{TURN_BOUND} s, {v.failed_turns} failed ({len(v.failed_not_handed_off)} not handed "
            f"off), outcomes seen by clients {dict(self.outcomes)}, {len(v.unanswered)} "
            "conversations owned by the assistant with the customer's message unanswered; "
            f"hand-offs {v.hand_off_reasons}",
            f"  sockets closed by the server: {sum(self.server_closes.values())} "
            f"{dict(self.server_closes)} at {_times(self.close_times)}; failed connects "
            f"{dict(self.connect_failures)}; error frames {dict(self.errors)}; "
            f"{self.resumes} resumes",
            f"  daphne pids {self.daphne_pids}; {self.tracebacks} tracebacks in the logs "
            f"({self.folder})",
        ]
        if self.quiet_closes is not None:
            lines.append(
                "  idle socket woken after the fault: "
                + (
                    f"the news after {ms(self.woken_after)}"
                    if self.woken_after is not None
                    else "no news within 5 s"
                )
                + f", {self.quiet_closes} of its sockets closed by the server"
            )
        if self.probes:
            answered = [p for p in self.probes if p.status is not None]
            statuses = Counter(p.status for p in self.probes)
            slow = [p for p in self.probes if p.status is None or p.seconds > 3]
            lines.append(
                f"  /healthz every 0.5 s: {len(self.probes)} probes, statuses {dict(statuses)}, "
                f"slowest {ms(max((p.seconds for p in answered), default=None))}, "
                f"{len(slow)} unanswered or over 3 s"
                + (f" (at {_times([p.at for p in slow])})" if slow else "")
            )
        lines += [f"  log: {line}" for line in self.log_lines[:12]]
        return lines


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def _few(found: dict) -> str:
    return f" {dict(list(found.items())[:3])}" if found else ""


def _times(moments: list) -> str:
    shown = ", ".join(f"{at:.1f}" for at in sorted(moments)[:10])
    return f"[{shown}{', …' if len(moments) > 10 else ''}] s"


class Drill:
    """Run one drill: `await Drill(...).run(fault)`, where `fault(drill)` is a
    coroutine that injects the fault and notes it with `drill.noted(what)`."""

    def __init__(self, *, name: str, group: str, cluster: Cluster, cookies: list[str],
                 env: dict, folder: Path, probe_health: bool = False,
                 desk: bool = False, quiet: bool = False):  # fmt: skip
        self.name, self.group, self.cluster, self.cookies = name, group, cluster, cookies
        self.env, self.folder, self.probe_health = env, folder, probe_health
        self.report = Report(name)
        self.daphne: Daphne | None = None
        self.monitor: subprocess.Popen | None = None
        self.wants_desk = desk
        self.desk: asyncio.subprocess.Process | None = None
        self.clients: list[ChatClient] = []
        self.quiet: ChatClient | None = None  # sits idle after its first message
        self.wants_quiet = quiet
        self.started = time.monotonic()

    def noted(self, what: str) -> None:
        self.report.faults.append((time.monotonic() - self.started, what))

    async def run(self, fault) -> Report:
        began = time.monotonic()
        try:
            async with asyncio.timeout(DRILL_SECONDS):
                await self._run(fault)
        except TimeoutError:
            self.report.timed_out = True
        finally:
            for client in self.clients:
                await client.stop()
            await asyncio.to_thread(self._stop_processes)
            self._read_logs()
            self.report.folder = str(self.folder)
            self.report.seconds = time.monotonic() - began
        return self.report

    async def _run(self, fault) -> None:
        self.daphne = Daphne(self.folder, **self.env)
        await asyncio.to_thread(self.daphne.start)
        self.report.daphne_pids.append(self.daphne.process.pid)
        self.monitor = subprocess.Popen(
            [sys.executable, "manage.py", "run_sla_monitor", "--interval", str(MONITOR_INTERVAL)],
            cwd=ROOT, env=self.daphne.env, stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "monitor.log", "a"),  # noqa: SIM115 (the child keeps it)
        )  # fmt: skip
        if self.wants_desk:
            await self._open_desk()
        self.started = time.monotonic()
        talkers = [
            ChatClient(f"{self.group}{n:02}", self.daphne.port, cookie)
            for n, cookie in enumerate(self.cookies[:TALKERS])
        ]
        self.clients = list(talkers)
        if self.wants_quiet:
            self.quiet = ChatClient(f"{self.group}-quiet", self.daphne.port, self.cookies[TALKERS])
            self.clients.append(self.quiet)
        connections = [asyncio.ensure_future(client.run()) for client in self.clients]
        until = self.started + TRAFFIC_SECONDS
        talking = [asyncio.ensure_future(c.talk(until=until, every=SEND_EVERY))
                   for c in talkers]  # fmt: skip
        if self.quiet:
            await self.quiet.say(1)
        probing = asyncio.ensure_future(self._probe_health(until)) if self.probe_health else None
        await asyncio.sleep(FAULT_AT)
        await fault(self)
        await asyncio.gather(*talking)
        if probing:
            await probing
        await self._settle(seconds=15)
        last_fault = max((at for at, _ in self.report.faults), default=0)
        await self._sleep_until(last_fault + TURN_BOUND + MONITOR_INTERVAL + 2)
        for client in self.clients:
            await client.stop()
        for task in connections:
            task.cancel()
        for ended in await asyncio.gather(*connections, return_exceptions=True):
            if isinstance(ended, Exception):  # a client's own bug: say so, not hide it
                raise ended
        await self._verify()

    async def _settle(self, *, seconds: float) -> None:
        """Wait (at most `seconds`) for every message to be acknowledged."""
        deadline = time.monotonic() + seconds
        while any(client.unacked for client in self.clients) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)

    async def _sleep_until(self, moment: float) -> None:
        await asyncio.sleep(max(0.0, self.started + moment - time.monotonic()))

    async def _verify(self) -> None:
        verdict = self.report.verdict
        with self.cluster.connect() as conn:
            for client in self.clients:
                for _ in range(3):  # a message stored while resuming comes next time
                    await client.reconnect_and_resume()
                    found = Verdict()
                    compare_transcript(client, conn, found)
                    if found.transcripts_equal:
                        break
                    await asyncio.sleep(1)
                compare_transcript(client, conn, verdict)
            check_messages(conn, self.group, self.clients, verdict)
            check_turns(conn, self.group, TURN_BOUND + MONITOR_INTERVAL + 1, verdict)
        for client in self.clients:
            self.report.latencies += [ack.latency for ack in client.acked.values()]
            for close in client.server_closes:
                self.report.server_closes[close.code] += 1
                self.report.close_times.append(close.at - self.started)
            self.report.connect_failures += client.connect_failures
            self.report.errors += client.errors
            self.report.outcomes += client.outcomes
            self.report.resumes += client.resumes

    async def _probe_health(self, until: float) -> None:
        probes = []
        while time.monotonic() < until:
            probes.append(asyncio.ensure_future(self._probe()))
            await asyncio.sleep(0.5)
        await asyncio.gather(*probes)

    async def _probe(self) -> None:
        started = time.monotonic()
        status = None
        with contextlib.suppress(OSError, TimeoutError, ValueError, IndexError):
            async with asyncio.timeout(10):
                reader, writer = await asyncio.open_connection("127.0.0.1", self.daphne.port)
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                             b"Connection: close\r\n\r\n")  # fmt: skip
                status = int((await reader.readline()).split()[1])
                writer.close()
        self.report.probes.append(Probe(started - self.started, status, time.monotonic() - started))

    # --- Processes ---------------------------------------------------------------------

    async def stop_daphne(self, sig: int = signal.SIGKILL) -> None:
        await asyncio.to_thread(self.daphne.stop, sig)

    async def start_daphne(self) -> None:
        await asyncio.to_thread(self.daphne.start)
        self.report.daphne_pids.append(self.daphne.process.pid)

    async def at_desk(self, command: dict) -> dict:
        """Have drills.desk do `command` (a staff reply or a status change)."""
        self.desk.stdin.write(json.dumps(command).encode() + b"\n")
        async with asyncio.timeout(15):
            return json.loads(await self.desk.stdout.readline())

    async def _open_desk(self) -> None:
        # Connections of its own, checked before use (no pool): the desk stands for the
        # admin, whose own recovery is not what the drills measure.
        env = {**self.daphne.env, "DATABASE_POOL": "0"}
        self.desk = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "drills.desk", cwd=ROOT, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(self.folder / "desk.log", "a"),  # noqa: SIM115 (the child keeps it)
        )  # fmt: skip
        async with asyncio.timeout(60):
            await self.desk.stdout.readline()  # {"ready": true}

    def _stop_processes(self) -> None:
        if self.desk is not None and self.desk.returncode is None:
            self.desk.kill()
        if self.monitor is not None and self.monitor.poll() is None:
            self.monitor.terminate()
            try:
                self.monitor.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.monitor.kill()
        if self.daphne is not None:
            self.daphne.stop()

    def _read_logs(self) -> None:
        text = (self.daphne.output() if self.daphne else "") + "".join(
            _read(self.folder / name) for name in ("monitor.log", "desk.log")
        )
        self.report.tracebacks = text.count("Traceback (most recent call last)")
        seen = set()
        for line in text.splitlines():
            if not re.search(r" (ERROR|CRITICAL|WARNING) |^\w+(\.\w+)*(Error|Exception): ", line):
                continue
            key = re.sub(r"0x[0-9a-f]+|\d+", "N", line.split(" ", 2)[-1])[:100]
            if key not in seen:
                seen.add(key)
                self.report.log_lines.append(line[:300])


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""
