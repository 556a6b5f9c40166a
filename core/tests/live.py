"""daphne as a real process, for tests of what crosses the wire.

Channels' `WebsocketCommunicator` skips the server: close codes daphne cannot send,
a process pinned by one message, sockets that outlive a logout only show through a
real daphne. These tests share the test database with the process, so they need
PostgreSQL (DATABASE_URL); on SQLite they are skipped with that reason.
"""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import websockets
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = "http://127.0.0.1"

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="a daphne process shares the test database: needs PostgreSQL (set DATABASE_URL)",
)
needs_postgres_and_redis = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
    reason="several processes need PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"daphne did not listen on {port}")


def database_url_of_tests(db=None) -> str:
    db = db or connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Daphne:
    """One daphne process on a free port, serving the test database. Its stderr goes
    to `log` (read it with `output()`), so a test can assert it logged no traceback."""

    def __init__(self, tmp_path: Path, port: int | None = None, **env):
        self.port = port or free_port()
        self.log = tmp_path / f"daphne-{self.port}.log"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url_of_tests(),
            "SECRET_KEY": settings.SECRET_KEY,  # sessions are verified with it
            "DATA_DIR": str(tmp_path),
            "LOG_LEVEL": "WARNING",
            **{key: str(value) for key, value in env.items()},
        }
        self.process = None

    def start(self) -> "Daphne":
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
                 "supportsite.asgi:application"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_for_port(self.port)
        return self

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self, sig: int = signal.SIGTERM) -> None:
        self.stop(sig)
        self.start()

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def socket(self, path: str, cookie: str | None = None, **kwargs):
        headers = {"Cookie": cookie} if cookie else {}
        return await websockets.connect(
            f"ws://127.0.0.1:{self.port}{path}", origin=ORIGIN, additional_headers=headers,
            **kwargs,
        )  # fmt: skip


@contextmanager
def daphne_processes(count: int, tmp_path: Path, **env):
    servers = [Daphne(tmp_path, **env) for _ in range(count)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


async def until(socket_, predicate, seconds: float = 10) -> dict:
    """The first frame `predicate` accepts, within `seconds`."""
    async with asyncio.timeout(seconds):
        while True:
            frame = json.loads(await socket_.recv())
            if predicate(frame):
                return frame


async def closed_with(socket_, seconds: float = 10) -> int:
    """The close code the server sent, reading whatever frames come before it."""
    async with asyncio.timeout(seconds):
        try:
            while True:
                await socket_.recv()
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else 1006
