"""Benchmark: live chat through daphne, PostgreSQL and Redis, against a bare
`websockets` echo server measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        python bench/chat_bench.py --chats 100 --messages 20

Four measurements:
1. ceiling: a bare `websockets` echo server, the same clients sending back to back;
2. saturation: conversations already with a person (no assistant), each client sending
   back to back: messages persisted, acked and broadcast per second;
3. with the assistant: each client sends a message, waits for the embedded
   assistant's stored answer, and goes on; ack and answer latency p50/p99;
4. realistic load (--open-chats, default 1,000): that many chats open at once with
   the assistant, each sending a message every --interval seconds (default 10) for
   --duration seconds; ack and answer latency p50/p99 (DESIGN.md's first target).
Then it checks the database: every acked message stored once, none lost.
It makes its own database (`<name>_chat_bench`). Not a test: run it by hand.
"""

import argparse
import asyncio
import gc
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


async def echo_ceiling(chats: int, messages: int) -> float:
    import websockets

    async def echo(connection):
        async for frame in connection:
            await connection.send(frame)

    port = free_port()
    async with websockets.serve(echo, "127.0.0.1", port):

        async def client():
            async with websockets.connect(f"ws://127.0.0.1:{port}") as connection:
                for n in range(messages):
                    await connection.send(json.dumps({"type": "send", "text": f"m{n}"}))
                    await connection.recv()

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(chats)))
        return chats * messages / (time.perf_counter() - started)


def connect(port, cookie):
    import websockets

    return websockets.connect(
        f"ws://127.0.0.1:{port}/ws/chat/", origin="http://127.0.0.1",
        additional_headers={"Cookie": cookie}, max_size=2**20, open_timeout=120,
    )  # fmt: skip


class Chat:
    """One customer's open socket: says something and waits for the ack (and the
    answer, while the assistant owns the conversation), recording the latencies."""

    def __init__(self, connection, *, with_person=False):
        self.connection, self.with_person = connection, with_person
        self.acks, self.answers, self.seqs = [], [], []

    async def say(self, client_id: str, text: str, *, wait_for_answer: bool) -> float:
        """Returns when it was sent."""
        sent = time.perf_counter()
        frame = {"type": "send", "client_msg_id": client_id, "text": text}
        await self.connection.send(json.dumps(frame))
        acked = False
        while True:
            frame = json.loads(await self.connection.recv())
            if frame["type"] == "error":
                raise RuntimeError(f"the server refused a message: {frame}")
            if frame["type"] == "owner" and frame.get("kind") != "ai":
                self.with_person = True  # handed off (a risky question, a slow turn)
                if acked:
                    return sent  # no answer will come
            if frame["type"] == "ack" and frame["client_msg_id"] == client_id:
                self.acks.append(time.perf_counter() - sent)
                self.seqs.append(frame["seq"])
                acked = True
                if not wait_for_answer or self.with_person:
                    return sent
            elif frame["type"] == "turn" and frame.get("state") == "done" and acked:
                self.answers.append(time.perf_counter() - sent)
                return sent


async def chat_client(port, cookie, messages, ready, go, *, wait_for_answer, to_person):
    """One customer: connect (and ask for a person), then wait for `go` with the
    others, so that the clock runs over the messages only."""
    async with connect(port, cookie) as connection:
        await connection.recv()  # hello
        if to_person:
            await connection.send(json.dumps({"type": "human"}))
            while json.loads(await connection.recv())["type"] != "owner":
                pass
        chat = Chat(connection, with_person=to_person)
        ready()
        await go.wait()
        for n in range(messages):
            text = f"when is my next payment? ({n})"
            await chat.say(f"{cookie[-8:]}-{n}", text, wait_for_answer=wait_for_answer)
    return chat.acks, chat.answers, chat.seqs


async def run_chats(ports, cookies, messages, **mode):
    go, waiting = asyncio.Event(), len(cookies)

    def ready():
        nonlocal waiting, started
        waiting -= 1
        if waiting == 0:
            started = time.perf_counter()
            go.set()

    started = None
    clients = (
        chat_client(ports[n % len(ports)], cookie, messages, ready, go, **mode)
        for n, cookie in enumerate(cookies)
    )
    results = await asyncio.gather(*clients)
    elapsed = time.perf_counter() - started
    acks = [a for r in results for a in r[0]]
    answers = [a for r in results for a in r[1]]
    seqs_ok = all(r[2] == sorted(set(r[2])) for r in results)
    return elapsed, acks, answers, seqs_ok


PHASES = ("echo", "person", "assistant", "realistic")
QUESTIONS = ["when is my next payment?", "hello", "how do I pay?", "what fees do you charge?"]


async def steady_chat(port, cookie, interval, clock):
    """One customer of the realistic load: opens the conversation with a first
    message (not measured), then, once every chat is open (`clock["go"]`), a message
    every `interval` seconds, the first at a random moment, each waited for until
    answered, until `clock["until"]`."""
    import random

    async with connect(port, cookie) as connection:
        await connection.recv()  # hello
        opening = Chat(connection)
        await opening.say(f"{cookie[-8:]}-open", "hello", wait_for_answer=True)
        chat = Chat(connection)
        await clock["go"].wait()
        await asyncio.sleep(random.uniform(0, interval))
        n = random.randrange(len(QUESTIONS))  # customers ask different things at once
        while time.perf_counter() < clock["until"]:
            text = QUESTIONS[n % len(QUESTIONS)]
            sent = await chat.say(f"{cookie[-8:]}-r{n}", text, wait_for_answer=True)
            n += 1
            await asyncio.sleep(max(0.0, sent + interval - time.perf_counter()))
    return chat.acks, chat.answers, len(opening.acks)


async def realistic_load(ports, cookies, interval, duration):
    """Open every chat (gradually, as customers arrive, each with a first message),
    then run them together: the figures are for conversations under way."""
    clock = {"go": asyncio.Event(), "until": 0.0}
    tasks = []
    for n, cookie in enumerate(cookies):
        port = ports[n % len(ports)]
        tasks.append(asyncio.ensure_future(steady_chat(port, cookie, interval, clock)))
        await asyncio.sleep(0.02)
    await asyncio.sleep(5)
    # The clients are the measuring instrument: a pass of their own collector over
    # 1,000 sockets' objects (100 ms and more) would count as server latency.
    gc.collect()
    gc.freeze()
    clock["until"] = time.perf_counter() + duration
    clock["go"].set()
    results = await asyncio.gather(*tasks)
    acks, answers = [a for r in results for a in r[0]], [a for r in results for a in r[1]]
    return acks, answers, sum(r[2] for r in results)


def setup_database(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_chat_bench"
    with psycopg.connect(urlunparse(parsed._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path="/" + name))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--messages", type=int, default=20, help="Per chat and phase.")
    parser.add_argument("--processes", type=int, default=2, help="daphne processes (cores).")
    parser.add_argument("--open-chats", type=int, default=1000, help="Realistic load: chats.")
    parser.add_argument("--interval", type=float, default=10.0, help="Seconds between messages.")
    parser.add_argument("--duration", type=float, default=60.0, help="Realistic load: seconds.")
    parser.add_argument(
        "--phases", default=",".join(PHASES),
        help=f"Which measurements, comma-separated (default all: {','.join(PHASES)}).",
    )  # fmt: skip
    args = parser.parse_args()
    phases = {phase.strip() for phase in args.phases.split(",") if phase.strip()}
    if not phases or phases - set(PHASES):
        parser.error(f"--phases takes some of: {', '.join(PHASES)}")
    if not (
        os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")
    ):
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    os.environ["DATABASE_URL"] = setup_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    os.environ["LOG_LEVEL"] = "ERROR"
    # Production settings, as deployed (DEBUG off: no query log, no debug cursors),
    # shared with the servers: the sessions made here are signed with this key.
    os.environ.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
                      ALLOWED_HOSTS="127.0.0.1,localhost")  # fmt: skip

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from accounts.models import User
    from assistant.training import train_from_intents
    from tickets.models import Message

    call_command("migrate", verbosity=0)
    train_from_intents()
    cookies = []
    open_chats = args.open_chats if "realistic" in phases else 0
    for n in range(args.chats * 2 + open_chats):
        user = User.objects.create_user(f"chat{n}@bench.example", None)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")

    acked = sent = 0
    ceiling = None
    if "echo" in phases:
        ceiling = asyncio.run(echo_ceiling(args.chats, args.messages))
        print(f"bare websockets echo: {ceiling:8.0f} msgs/s ({args.chats} connections)")

    ports = [free_port() for _ in range(args.processes)]
    # The per-socket rate limit is lifted: saturation measures the server, not the limit.
    env = {**os.environ, "CHAT_FRAMES_PER_SECOND": "10000", "CHAT_FRAMES_BURST": "10000"}
    servers = [
        subprocess.Popen(  # noqa: S603 (our own interpreter and module)
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "supportsite.asgi:application"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]  # fmt: skip
    print(f"{args.processes} daphne process(es), clients spread over them")
    try:
        wait_until_listening(ports)
        if "person" in phases:
            elapsed, acks, _, ordered = asyncio.run(run_chats(
                ports, cookies[: args.chats], args.messages, wait_for_answer=False, to_person=True
            ))  # fmt: skip
            rate = len(acks) / elapsed
            ratio = f" = {rate / ceiling:.3f} of the echo ceiling" if ceiling else ""
            print(
                f"saturation (with a person): {rate:8.0f} msgs/s persisted+acked+broadcast"
                f"{ratio}; {latency('ack', acks)}; seqs in order: {ordered}"
            )
            acked, sent = acked + len(acks), sent + args.chats * args.messages
        if "assistant" in phases:
            elapsed, acks, answers, ordered = asyncio.run(run_chats(
                ports, cookies[args.chats : 2 * args.chats], args.messages,
                wait_for_answer=True, to_person=False,
            ))  # fmt: skip
            print(
                f"with the assistant: {len(acks) / elapsed:8.0f} msgs/s; {latency('ack', acks)}; "
                f"{latency('answer', answers)}; seqs in order: {ordered}"
            )
            acked, sent = acked + len(acks), sent + args.chats * args.messages
        if "realistic" in phases:
            acks, answers, opened = asyncio.run(realistic_load(
                ports, cookies[2 * args.chats :], args.interval, args.duration
            ))  # fmt: skip
            print(
                f"realistic load ({args.open_chats} open chats, a message every "
                f"{args.interval:g} s each, with the assistant): "
                f"{len(acks) / args.duration:.0f} msgs/s; "
                f"{latency('ack', acks)}; {latency('answer', answers)}"
            )
            acked, sent = acked + len(acks) + opened, sent + len(acks) + opened
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
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
