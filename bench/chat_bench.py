"""Benchmark: live chat through daphne, PostgreSQL and Redis, against a bare
`websockets` echo server measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/chat_bench.py --chats 100 --messages 20

Five measurements (--phases picks some; by default all but scale, which takes several
minutes more):
1. echo, the ceiling: a bare `websockets` echo server in a process of its own, the
   same clients sending back to back;
2. person, saturation: conversations already with a person (no assistant), each
   client sending back to back: messages persisted, acked and broadcast per second;
3. assistant: each client sends a message, waits for the embedded assistant's stored
   answer, and goes on; ack and answer latency p50/p99;
4. realistic load (--open-chats, default 1,000): that many chats open at once with
   the assistant, each sending a message every --interval seconds (default 10) for
   --duration seconds; ack and answer latency p50/p99 (DESIGN.md's first target);
5. scale (--scale-chats, default 10,000): the same with that many chats spread evenly
   over the daphne processes, opened a few hundred a second at most, a message every
   --scale-interval seconds (60) each for --scale-duration seconds (120); ack and
   answer p50/p99, sockets the server dropped, and each daphne process's resident
   memory (VmRSS) before the sockets open, once they are all open and at the end,
   with KB per open socket;
6. metrics (not by default): what Prometheus metrics cost. The person phase again on
   fresh servers, with METRICS_ENABLED=0 and =1 alternated (--metrics-rounds pairs,
   the order swapped each round so that drift falls on both), then on/off of the mean
   msgs/s and of the mean CPU per message (issue: saturation with metrics on at least
   95 % of the same run's with them off).
For each phase, the servers' CPU time per message: the user and system CPU seconds
that the server processes (the daphne processes, or the echo server) spent while
the phase's messages were under way, from their own counters in /proc, divided by
the messages acked; for the chat, also its ratio to the echo server's. The echo's
msgs/s is bounded by this Python client, CPU per message is not, so that ratio is the
fair one. PostgreSQL's and Redis's CPU are not in it. With the assistant, a message's
CPU includes its answer; in the realistic and scale phases, also what the open
sockets cost while idle (keepalive pings, login checks), spread over the messages.
Then it checks the database: every acked message of every phase stored once, none
lost. It makes its own database (`<name>_chat_bench`). Linux only (/proc). Not a
test: run it by hand.
"""

import argparse
import asyncio
import contextlib
import gc
import json
import os
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PHASES = ("echo", "person", "assistant", "realistic", "scale", "metrics")
DEFAULT_PHASES = ("echo", "person", "assistant", "realistic")
QUESTIONS = ["when is my next payment?", "hello", "how do I pay?", "what fees do you charge?"]
# Customers arriving for the scale phase, a second at most: 10,000 chats open in under
# a minute if the servers keep up (else OPENING_AT_ONCE sets the pace).
SCALE_OPENING_RATE = 250
# Chats opening at once, at most: beyond what the servers can take (handshakes, first
# answers), customers wait their turn instead of a queue building up in the servers
# until daphne drops handshakes not accepted in time.
OPENING_AT_ONCE = 100
# Long enough for any answer under load; only there so that a lost frame fails the run
# instead of hanging it.
REPLY_TIMEOUT = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(ports, timeout=120.0):
    """Until every server accepts connections (they take longer to start when
    there are more of them than cores)."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"the server on port {port} did not start") from None
                time.sleep(0.2)
    time.sleep(1)  # and their first requests' imports done


def latency(name, seconds) -> str:
    p50 = statistics.median(seconds) * 1000
    return f"{name} p50 {p50:.1f} ms, p99 {percentile(seconds, 0.99) * 1000:.1f} ms"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


# --- What the servers spend: their own CPU and memory counters ---------------------------


def cpu_seconds(pids) -> float:
    """User and system CPU time the processes (all their threads) have used so far."""
    ticks = 0
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()  # after the name, which may hold spaces
        ticks += int(fields[11]) + int(fields[12])  # utime, stime (proc(5): 14th, 15th)
    return ticks / os.sysconf("SC_CLK_TCK")


def resident_kb(pid) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class CpuMeter:
    """The CPU seconds some server processes spend between start() and stop(), and
    this (client) process's, to tell whether the load client kept up."""

    def __init__(self, pids):
        self.pids = pids
        self.spent = self.client = self.wall = None

    def start(self):
        self._began = (cpu_seconds(self.pids), time.process_time(), time.perf_counter())

    def stop(self):
        servers, client, wall = self._began
        self.spent = cpu_seconds(self.pids) - servers
        self.client = time.process_time() - client
        self.wall = time.perf_counter() - wall

    def per_message(self, messages: int) -> float:
        """µs of server CPU per message."""
        return self.spent / messages * 1e6 if messages else float("nan")


def cpu_line(meter: CpuMeter, messages: int, echo_us: float | None) -> str:
    us = meter.per_message(messages)
    ratio = f" = {us / echo_us:.1f}x the echo server's {echo_us:.0f} µs/msg" if echo_us else ""
    busy = meter.spent / meter.wall / len(meter.pids)
    return (
        f"    CPU {us:.0f} µs/msg{ratio} ({len(meter.pids)} daphne process(es) "
        f"{busy:.0%} busy each, load client {meter.client / meter.wall:.0%})"
    )


def raise_open_files_limit(needed: int) -> None:
    """One descriptor a socket, here and in the servers (which inherit the limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else hard
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    if wanted < needed:
        raise SystemExit(f"{needed} open files needed, the hard limit is {hard}")


# --- Clients --------------------------------------------------------------------------------


class StartingLine:
    """The clients connect first, then start together; the clock and the CPU meter
    run from then until the last one's last message is answered (sockets still open),
    so the figures are for the messages only, not handshakes or closes."""

    def __init__(self, clients: int, meter: CpuMeter):
        self.waiting = self.running = clients
        self.meter, self.go = meter, asyncio.Event()
        self.elapsed = None

    def ready(self):
        self.waiting -= 1
        if self.waiting == 0:
            self.meter.start()
            self.go.set()

    def finished(self):
        self.running -= 1
        if self.running == 0:
            self.meter.stop()
            self.elapsed = self.meter.wall


# A bare echo server, as a process of its own so that its CPU is counted apart from
# its clients'. No permessage-deflate: daphne offers none, the same bytes go by.
ECHO_SERVER = """
import asyncio, sys, websockets

async def echo(connection):
    async for frame in connection:
        await connection.send(frame)

async def serve(port):
    async with websockets.serve(echo, "127.0.0.1", port, compression=None):
        await asyncio.Future()

asyncio.run(serve(int(sys.argv[1])))
"""


async def echo_ceiling(port: int, chats: int, messages: int, meter: CpuMeter) -> float:
    import websockets

    line = StartingLine(chats, meter)

    async def client():
        async with websockets.connect(f"ws://127.0.0.1:{port}", ping_interval=None) as connection:
            line.ready()
            await line.go.wait()
            for n in range(messages):
                await connection.send(json.dumps({"type": "send", "text": f"m{n}"}))
                await connection.recv()
            line.finished()

    await asyncio.gather(*(client() for _ in range(chats)))
    return chats * messages / line.elapsed


def connect(port, cookie):
    import websockets

    # No keepalive pings from the client: browsers send none (daphne pings them).
    return websockets.connect(
        f"ws://127.0.0.1:{port}/ws/chat/", origin="http://127.0.0.1",
        additional_headers={"Cookie": cookie}, max_size=2**20, open_timeout=120,
        ping_interval=None,
    )  # fmt: skip


class Chat:
    """One customer's open socket: says something and waits for the ack (and the
    answer, while the assistant owns the conversation), recording the latencies."""

    def __init__(self, connection, *, with_person=False):
        self.connection, self.with_person = connection, with_person
        self.acks, self.answers, self.seqs = [], [], []
        self.sent = 0

    async def say(self, client_id: str, text: str, *, wait_for_answer: bool) -> float:
        """Returns when it was sent."""
        sent = time.perf_counter()
        frame = {"type": "send", "client_msg_id": client_id, "text": text}
        await self.connection.send(json.dumps(frame))
        self.sent += 1
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                await self._replies(client_id, sent, wait_for_answer)
        except TimeoutError:
            raise RuntimeError(f"{client_id}: no ack or answer in {REPLY_TIMEOUT} s") from None
        return sent

    async def _replies(self, client_id, sent, wait_for_answer):
        acked = False
        while True:
            frame = json.loads(await self.connection.recv())
            if frame["type"] == "error":
                raise RuntimeError(f"the server refused a message: {frame}")
            if frame["type"] == "owner" and frame.get("kind") != "ai":
                self.with_person = True  # handed off (a risky question, a slow turn)
                if acked:
                    return  # no answer will come
            if frame["type"] == "ack" and frame["client_msg_id"] == client_id:
                self.acks.append(time.perf_counter() - sent)
                self.seqs.append(frame["seq"])
                acked = True
                if not wait_for_answer or self.with_person:
                    return
            elif frame["type"] == "turn" and frame.get("state") == "done" and acked:
                self.answers.append(time.perf_counter() - sent)
                return


@dataclass
class Figures:
    acks: list
    answers: list
    meter: CpuMeter
    elapsed: float
    ordered: bool = True  # every chat's seqs increasing
    opened: int = 0  # opening messages (acked, not measured)
    sent: int = 0  # the load's messages, opening ones included
    dropped: int = 0  # the load's sockets closed under it by the server
    opening: float = 0.0  # seconds to open every chat
    memory: dict = field(default_factory=dict)  # when -> each server's VmRSS (KB)
    server_acks: dict = field(default_factory=dict)  # bound (s) -> acks within it, server side


async def chat_client(port, cookie, messages, line, *, wait_for_answer, to_person):
    """One customer: connect (and ask for a person), then wait for the others at the
    starting line, so that the clock runs over the messages only."""
    async with connect(port, cookie) as connection:
        await connection.recv()  # hello
        if to_person:
            await connection.send(json.dumps({"type": "human"}))
            while json.loads(await connection.recv())["type"] != "owner":
                pass
        chat = Chat(connection, with_person=to_person)
        line.ready()
        await line.go.wait()
        for n in range(messages):
            text = f"when is my next payment? ({n})"
            await chat.say(f"{cookie[-8:]}-{n}", text, wait_for_answer=wait_for_answer)
        line.finished()
    return chat.acks, chat.answers, chat.seqs


async def run_chats(ports, servers, cookies, messages, **mode) -> Figures:
    line = StartingLine(len(cookies), CpuMeter([server.pid for server in servers]))
    clients = (
        chat_client(ports[n % len(ports)], cookie, messages, line, **mode)
        for n, cookie in enumerate(cookies)
    )
    results = await asyncio.gather(*clients)
    return Figures(
        acks=[a for r in results for a in r[0]],
        answers=[a for r in results for a in r[1]],
        meter=line.meter,
        elapsed=line.elapsed,
        ordered=all(r[2] == sorted(set(r[2])) for r in results),
    )


async def steady_chat(port, cookie, interval, clock):
    """One customer of the realistic load: opens the conversation with a first
    message (not measured; a few chats at a time, `clock["arriving"]`), then, once
    every chat is open (`clock["go"]`), a message
    every `interval` seconds, the first at a random moment, each waited for until
    answered, until `clock["until"]`."""
    import random

    import websockets

    dropped = False
    async with contextlib.AsyncExitStack() as stack:
        async with clock["arriving"]:
            connection = await stack.enter_async_context(connect(port, cookie))
            await connection.recv()  # hello
            opening = Chat(connection)
            await opening.say(f"{cookie[-8:]}-open", "hello", wait_for_answer=True)
        clock["opened"] += 1
        chat = Chat(connection)
        await clock["go"].wait()
        await asyncio.sleep(random.uniform(0, interval))
        n = random.randrange(len(QUESTIONS))  # customers ask different things at once
        try:
            while time.perf_counter() < clock["until"]:
                text = QUESTIONS[n % len(QUESTIONS)]
                sent = await chat.say(f"{cookie[-8:]}-r{n}", text, wait_for_answer=True)
                n += 1
                await asyncio.sleep(max(0.0, sent + interval - time.perf_counter()))
        except websockets.ConnectionClosed:
            # Closed by the server (its keepalive gave up on us, say): a figure of the
            # run, not the end of it; its messages so far are still checked.
            dropped = True
    return chat.acks, chat.answers, len(opening.acks), opening.sent + chat.sent, dropped


async def until_opened(clock, tasks, count):
    """Until `count` chats have had their first message answered; a client that
    failed meanwhile raises its error here."""
    while clock["opened"] < count:
        for task in tasks:
            if task.done():
                task.result()
        await asyncio.sleep(0.1)


def server_ack_buckets(port: int) -> dict[float, float]:
    """The servers' own count of acks within each bound (Prometheus' cumulative
    buckets of supportsite_chat_ack_seconds, summed over the processes by /metrics):
    from the consumer taking a message to its ack sent, without what the client, the
    network and the socket's own queue add."""
    import http.client

    name = 'supportsite_chat_ack_seconds_bucket{le="'
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/metrics")
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    buckets = {}
    for line in text.splitlines():
        if line.startswith(name):
            bound, count = line[len(name) :].split('"} ')
            buckets[float(bound)] = float(count)
    return buckets


def server_ack_line(buckets: dict[float, float]) -> str:
    total = buckets.get(float("inf"), 0)
    if not total:
        return "    server side: no acks counted (METRICS_ENABLED off?)"
    p99 = min(bound for bound, count in buckets.items() if count >= 0.99 * total)
    p50 = min(bound for bound, count in buckets.items() if count >= 0.5 * total)
    within = buckets.get(0.1, 0) / total
    return (
        f"    server side (message taken by the consumer to its ack sent, {total:.0f} acks): "
        f"p50 <= {p50 * 1000:g} ms, p99 <= {p99 * 1000:g} ms, {within:.1%} within 100 ms"
    )


def resident(servers) -> list[int]:
    return [resident_kb(server.pid) for server in servers]


async def realistic_load(ports, servers, cookies, interval, duration, opening_rate) -> Figures:
    """Open every chat (gradually, as customers arrive, `opening_rate` a second at
    most, each with a first message), then run them together: the figures are for conversations
    under way. The servers' memory is read before the chats open, once every chat is
    open, and at the end; "before" with one chat open on each, so that what a
    server's first chat brings (imports, caches) is not counted per socket."""
    clock = {"go": asyncio.Event(), "until": 0.0, "opened": 0,
             "arriving": asyncio.Semaphore(OPENING_AT_ONCE)}  # fmt: skip
    tasks = []

    def arrive(n):
        port = ports[n % len(ports)]
        tasks.append(asyncio.ensure_future(steady_chat(port, cookies[n], interval, clock)))

    first = min(len(ports), len(cookies))
    for n in range(first):
        arrive(n)
    await until_opened(clock, tasks, first)
    memory = {"before": resident(servers)}
    began = time.perf_counter()
    for n in range(first, len(cookies)):
        arrive(n)
        await asyncio.sleep(max(0.0, began + (n - first + 1) / opening_rate - time.perf_counter()))
    await until_opened(clock, tasks, len(cookies))
    opening = time.perf_counter() - began
    await asyncio.sleep(2)  # the last answers' broadcasts and bookkeeping done
    memory["open"] = resident(servers)
    # The clients are the measuring instrument: a pass of their own collector over
    # thousands of sockets' objects (100 ms and more) would count as server latency.
    gc.collect()
    gc.freeze()
    meter = CpuMeter([server.pid for server in servers])
    acks_before = await asyncio.to_thread(server_ack_buckets, ports[0])
    meter.start()
    clock["until"] = time.perf_counter() + duration
    clock["go"].set()
    await asyncio.sleep(duration)
    meter.stop()  # the messages sent before `until`; their last answers are negligible
    memory["end"] = resident(servers)
    results = await asyncio.gather(*tasks)
    acks_after = await asyncio.to_thread(server_ack_buckets, ports[0])
    server_acks = {bound: acks_after[bound] - acks_before.get(bound, 0) for bound in acks_after}
    return Figures(
        acks=[a for r in results for a in r[0]],
        answers=[a for r in results for a in r[1]],
        meter=meter,
        elapsed=duration,
        opened=sum(r[2] for r in results),
        sent=sum(r[3] for r in results),
        dropped=sum(r[4] for r in results),
        opening=opening,
        memory=memory,
        server_acks=server_acks,
    )


def load_line(name: str, figures: Figures, chats: int, interval: float) -> str:
    return (
        f"{name} ({chats} open chats, a message every {interval:g} s each, with the "
        f"assistant): {len(figures.acks) / figures.elapsed:.0f} msgs/s; "
        f"{latency('ack', figures.acks)}; {latency('answer', figures.answers)}; "
        f"all open in {figures.opening:.0f} s, {figures.dropped} dropped by the server since"
    )


def memory_lines(figures: Figures, chats: int, processes: int) -> list[str]:
    """Each server's resident memory, and KB per socket opened after the baseline
    (chat n is on process n % processes; the first on each is in the baseline)."""
    lines = []
    for p in range(processes):
        before, opened, end = (figures.memory[when][p] for when in ("before", "open", "end"))
        sockets = len(range(p, chats, processes)) - 1
        per_socket = (opened - before) / sockets if sockets > 0 else float("nan")
        lines.append(
            f"    daphne {p + 1}: RSS {before / 1024:.0f} MB before, {opened / 1024:.0f} MB "
            f"with {sockets + 1} sockets open ({per_socket:.1f} KB/socket), "
            f"{end / 1024:.0f} MB at the end"
        )
    return lines


# --- Setup ----------------------------------------------------------------------------------


def setup_database(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_chat_bench"
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path="/" + name))


def make_logins(count: int) -> list[str]:
    """`count` customers, each logged in: their session cookies. In bulk (rows built
    here, as login would store them): one by one, 10,000 take minutes."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import User

    users = [User(email=f"chat{n}@bench.example") for n in range(count)]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=1000)  # PostgreSQL sets their pks
    store, Session = SessionStore(), SessionStore.get_model_class()
    expires = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    sessions = [
        Session(
            session_key=get_random_string(32, VALID_KEY_CHARS),
            session_data=store.encode({
                SESSION_KEY: str(user.pk),
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            }),
            expire_date=expires,
        )
        for user in users
    ]  # fmt: skip
    Session.objects.bulk_create(sessions, batch_size=1000)
    return [f"{settings.SESSION_COOKIE_NAME}={session.session_key}" for session in sessions]


def start_servers(ports, env, python: str = sys.executable) -> list:
    return [
        subprocess.Popen(  # noqa: S603 (a Python interpreter and its daphne module)
            [python, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "supportsite.asgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]  # fmt: skip


def stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:  # daphne waits for stuck application instances
            process.kill()
            process.wait()


def metrics_cost(ports, env, logins, messages: int, rounds: int) -> tuple[list[str], int]:
    """The person phase on fresh servers with metrics off and on, alternated, each run
    with customers of its own (`logins`: a list of cookies per run); the report's lines
    and the messages acked."""
    rates: dict[str, list[float]] = {"0": [], "1": []}
    cpu: dict[str, list[float]] = {"0": [], "1": []}
    acked = 0
    lines = []
    runs = iter(logins)
    for round_ in range(rounds):
        for enabled in ("0", "1") if round_ % 2 == 0 else ("1", "0"):
            cookies = next(runs)
            servers = start_servers(ports, {**env, "METRICS_ENABLED": enabled})
            try:
                wait_until_listening(ports)
                figures = asyncio.run(run_chats(
                    ports, servers, cookies, messages, wait_for_answer=False, to_person=True
                ))  # fmt: skip
            finally:
                stop(servers)
            acked += len(figures.acks)
            rates[enabled].append(len(figures.acks) / figures.elapsed)
            cpu[enabled].append(figures.meter.per_message(len(figures.acks)))
            lines.append(
                f"    metrics {'on ' if enabled == '1' else 'off'}: {rates[enabled][-1]:8.0f} "
                f"msgs/s, CPU {cpu[enabled][-1]:.0f} µs/msg, {latency('ack', figures.acks)}"
            )
    mean = statistics.fmean
    lines.append(
        f"metrics on/off: saturation {mean(rates['1']) / mean(rates['0']):.1%} "
        f"({mean(rates['1']):.0f} / {mean(rates['0']):.0f} msgs/s), CPU per message "
        f"{mean(cpu['1']) / mean(cpu['0']):.1%} ({mean(cpu['1']):.0f} / {mean(cpu['0']):.0f} µs)"
    )
    return lines, acked


def measure_echo(chats: int, messages: int) -> tuple[float, CpuMeter]:
    port = free_port()
    echo = subprocess.Popen(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", ECHO_SERVER, str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_listening([port])
        meter = CpuMeter([echo.pid])
        return asyncio.run(echo_ceiling(port, chats, messages, meter)), meter
    finally:
        stop([echo])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20, help="Per chat and phase.")
    parser.add_argument("--processes", type=int, default=2, help="daphne processes (cores).")
    parser.add_argument("--open-chats", type=int, default=1000, help="Realistic load: chats.")
    parser.add_argument("--interval", type=float, default=10.0, help="Seconds between messages.")
    parser.add_argument("--duration", type=float, default=60.0, help="Realistic load: seconds.")
    parser.add_argument("--scale-chats", type=int, default=10000, help="Scale: open chats.")
    parser.add_argument(
        "--scale-interval", type=float, default=60.0, help="Scale: seconds between messages."
    )
    parser.add_argument("--scale-duration", type=float, default=120.0, help="Scale: seconds.")
    parser.add_argument(
        "--metrics-rounds", type=int, default=3, help="Metrics: off/on pairs (default 3)."
    )
    parser.add_argument(
        "--server-python",
        default=sys.executable,
        help="The interpreter that runs daphne (default: this one). A venv with only "
        "requirements.txt installed measures the memory of a deployment, without the "
        "development tools (pytest, ruff, playwright and what they load).",
    )
    parser.add_argument(
        "--phases", default=",".join(DEFAULT_PHASES),
        help=f"Which measurements, comma-separated, of: {','.join(PHASES)} "
        f"(default: {','.join(DEFAULT_PHASES)}).",
    )  # fmt: skip
    args = parser.parse_args()
    phases = {phase.strip() for phase in args.phases.split(",") if phase.strip()}
    if not phases or phases - set(PHASES):
        parser.error(f"--phases takes some of: {', '.join(PHASES)}")
    if not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    open_chats = args.open_chats if "realistic" in phases else 0
    scale_chats = args.scale_chats if "scale" in phases else 0
    # The largest phase's sockets, on this side (and on each server's), and some spare.
    raise_open_files_limit(max(2 * args.chats, open_chats, scale_chats) + 1000)
    os.environ["DATABASE_URL"] = setup_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    os.environ["LOG_LEVEL"] = "ERROR"
    # Production settings, as deployed (DEBUG off: no query log, no debug cursors),
    # shared with the servers: the sessions made here are signed with this key.
    # Plain HTTP for the one page read here, /metrics (a deployment's proxy does TLS).
    os.environ.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
                      ALLOWED_HOSTS="127.0.0.1,localhost", SECURE_SSL_REDIRECT="0")  # fmt: skip

    import django

    django.setup()
    from django.core.management import call_command

    from assistant.training import train_from_intents
    from tickets.models import Message

    call_command("migrate", verbosity=0)
    train_from_intents()
    metrics_runs = 2 * args.metrics_rounds if "metrics" in phases else 0
    cookies = make_logins(args.chats * (2 + metrics_runs) + open_chats + scale_chats)
    person_cookies = cookies[: args.chats]
    assistant_cookies = cookies[args.chats : 2 * args.chats]
    realistic_cookies = cookies[2 * args.chats : 2 * args.chats + open_chats]
    scale_cookies = cookies[2 * args.chats + open_chats : 2 * args.chats + open_chats + scale_chats]
    metrics_logins = [
        cookies[len(cookies) - (run + 1) * args.chats : len(cookies) - run * args.chats]
        for run in range(metrics_runs)
    ]

    acked = sent = 0
    ceiling = echo_us = None
    if "echo" in phases:
        ceiling, meter = measure_echo(args.chats, args.messages)
        echo_us = meter.per_message(args.chats * args.messages)
        print(
            f"bare websockets echo: {ceiling:8.0f} msgs/s ({args.chats} connections); "
            f"CPU {echo_us:.0f} µs/msg (echo server {meter.spent / meter.wall:.0%} busy, "
            f"load client {meter.client / meter.wall:.0%})"
        )

    ports = [free_port() for _ in range(args.processes)]
    # The per-socket rate limit is lifted: saturation measures the server, not the limit.
    env = {**os.environ, "CHAT_FRAMES_PER_SECOND": "10000", "CHAT_FRAMES_BURST": "10000"}
    env.setdefault("MALLOC_ARENA_MAX", "2")  # as the README's deployment runs daphne
    servers = start_servers(ports, env, args.server_python)
    print(f"{args.processes} daphne process(es) ({args.server_python}), clients spread over them")
    try:
        wait_until_listening(ports)
        if "person" in phases:
            figures = asyncio.run(run_chats(
                ports, servers, person_cookies, args.messages, wait_for_answer=False,
                to_person=True,
            ))  # fmt: skip
            rate = len(figures.acks) / figures.elapsed
            ratio = f" = {rate / ceiling:.3f} of the echo ceiling" if ceiling else ""
            print(
                f"saturation (with a person): {rate:8.0f} msgs/s persisted+acked+broadcast"
                f"{ratio}; {latency('ack', figures.acks)}; seqs in order: {figures.ordered}"
            )
            print(cpu_line(figures.meter, len(figures.acks), echo_us))
            acked, sent = acked + len(figures.acks), sent + args.chats * args.messages
        if "assistant" in phases:
            figures = asyncio.run(run_chats(
                ports, servers, assistant_cookies, args.messages, wait_for_answer=True,
                to_person=False,
            ))  # fmt: skip
            print(
                f"with the assistant: {len(figures.acks) / figures.elapsed:8.0f} msgs/s; "
                f"{latency('ack', figures.acks)}; {latency('answer', figures.answers)}; "
                f"seqs in order: {figures.ordered}"
            )
            print(cpu_line(figures.meter, len(figures.acks), echo_us))
            acked, sent = acked + len(figures.acks), sent + args.chats * args.messages
        if "realistic" in phases:
            figures = asyncio.run(realistic_load(
                ports, servers, realistic_cookies, args.interval, args.duration, opening_rate=50
            ))  # fmt: skip
            print(load_line("realistic load", figures, open_chats, args.interval))
            print(cpu_line(figures.meter, len(figures.acks), echo_us))
            print(server_ack_line(figures.server_acks))
            acked, sent = acked + len(figures.acks) + figures.opened, sent + figures.sent
        if "scale" in phases:
            figures = asyncio.run(realistic_load(
                ports, servers, scale_cookies, args.scale_interval, args.scale_duration,
                opening_rate=SCALE_OPENING_RATE,
            ))  # fmt: skip
            print(load_line("scale", figures, scale_chats, args.scale_interval))
            print(cpu_line(figures.meter, len(figures.acks), echo_us))
            print(server_ack_line(figures.server_acks))
            print("\n".join(memory_lines(figures, scale_chats, args.processes)))
            acked, sent = acked + len(figures.acks) + figures.opened, sent + figures.sent
    finally:
        stop(servers)
    if "metrics" in phases:
        lines, metrics_acked = metrics_cost(
            ports, env, metrics_logins, args.messages, args.metrics_rounds
        )
        print("\n".join(lines))
        acked, sent = (
            acked + metrics_acked,
            sent + 2 * args.metrics_rounds * args.chats * args.messages,
        )
    stored = Message.objects.filter(author_kind="customer").count()
    distinct = (
        Message.objects.filter(author_kind="customer").values("client_msg_id").distinct().count()
    )
    lost = max(0, acked - stored)
    print(
        f"sent {sent}, acked {acked}, stored {stored}, lost {lost}, duplicated {stored - distinct}"
    )


if __name__ == "__main__":
    main()
