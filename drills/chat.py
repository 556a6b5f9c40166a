"""Chat clients that follow docs/chat-protocol.md's "robust client", and keep what
they saw so a drill can compare it with the database.

Each client keeps its conversation's public transcript (seq -> author and text, from
`ack` and `message` frames), the highest seq up to which it has seen every one, and
its unacknowledged messages. It reconnects after any close (backoff 0.1 s doubling to
at most 1 s), then sends `resume` after that seq and resends what was not
acknowledged, with the same `client_msg_id`. A seq beyond the next one means a
message was missed: it resumes.
"""

import asyncio
import contextlib
import json
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import websockets

from core.tests.live import ORIGIN

QUESTIONS = [  # routine questions the assistant answers (assistant.defaults.INTENTS)
    "Where is my refund?",
    "When is my next payment due?",
    "Did my last payment go through?",
    "Show my purchases, please.",
    "How do I pay?",
    "Are there any fees?",
]


@dataclass
class Outgoing:
    text: str
    first_sent: float  # time.monotonic() of the first attempt


@dataclass
class Acked:
    seq: int
    ticket_id: int
    latency: float  # from the first attempt to the first ack, in seconds
    sent_at: float


@dataclass
class Close:
    at: float
    code: int


@dataclass
class ChatClient:
    name: str
    port: int
    cookie: str
    transcript: dict = field(default_factory=dict)  # seq -> (author_kind, text)
    seen_up_to: int = 0  # every seq up to this one is in the transcript
    ticket_id: int | None = None
    owner: tuple | None = None  # (kind, status) from the last hello or owner frame
    owner_frames: list = field(default_factory=list)  # (time.monotonic(), kind, status)
    unacked: dict = field(default_factory=dict)  # client_msg_id -> Outgoing
    acked: dict = field(default_factory=dict)  # client_msg_id -> Acked
    server_closes: list = field(default_factory=list)  # Close, sockets the server ended
    connect_failures: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # error frames by code
    outcomes: Counter = field(default_factory=Counter)  # turn outcomes
    conflicts: list = field(default_factory=list)  # one seq, two different messages
    inconsistent_acks: list = field(default_factory=list)  # a resend acked with another seq
    connects: int = 0
    resumes: int = 0
    sent: int = 0

    def __post_init__(self):
        self.socket = None
        self.stopping = False
        self.resuming = False
        self.last_resume = 0.0
        self.resumed = asyncio.Event()

    # --- The connection loop -----------------------------------------------------------

    async def run(self) -> None:
        """Stay connected until `stop()`: reconnect, resume, resend."""
        backoff = 0.1
        while not self.stopping:
            try:
                socket = await websockets.connect(
                    f"ws://127.0.0.1:{self.port}/ws/chat/", origin=ORIGIN,
                    additional_headers={"Cookie": self.cookie}, open_timeout=5,
                    close_timeout=1,
                )  # fmt: skip
            except (OSError, TimeoutError, websockets.InvalidHandshake) as error:
                self.connect_failures[_failure(error)] += 1
                await asyncio.sleep(backoff)
                backoff = min(1.0, backoff * 2)
                continue
            backoff = 0.1
            self.connects += 1
            await self._serve(socket)

    async def _serve(self, socket) -> None:
        self.socket = socket
        try:
            await self._resume()
            for client_msg_id in list(self.unacked):
                await self._send(client_msg_id)
            async for raw in socket:
                await self._on_frame(json.loads(raw))
        except websockets.ConnectionClosed:
            pass
        finally:
            self.socket = None
            self.resuming = False
            if not self.stopping:  # the code the server sent, 1006 if it sent none
                self.server_closes.append(Close(time.monotonic(), socket.close_code or 1006))

    async def stop(self) -> None:
        self.stopping = True
        if self.socket is not None:
            await self.socket.close()

    # --- Sending -------------------------------------------------------------------------

    async def say(self, n: int) -> None:
        """A new message; sent now if connected, else on the next connect."""
        client_msg_id = f"{self.name}-{n}"
        text = f"{QUESTIONS[n % len(QUESTIONS)]} ({self.name} #{n})"
        self.unacked[client_msg_id] = Outgoing(text, time.monotonic())
        self.sent += 1
        await self._send(client_msg_id)

    async def talk(self, *, until: float, every: float) -> None:
        """Say something every `every` seconds until time.monotonic() passes `until`."""
        await asyncio.sleep(random.uniform(0, every))  # noqa: S311 (not a secret)
        n = 0
        while time.monotonic() < until:
            n += 1
            await self.say(n)
            await asyncio.sleep(every)

    async def _send(self, client_msg_id: str) -> None:
        await self._frame({"type": "send", "client_msg_id": client_msg_id,
                           "text": self.unacked[client_msg_id].text})  # fmt: skip

    async def _resume(self) -> None:
        self.resuming, self.last_resume = True, time.monotonic()
        self.resumed.clear()
        self.resumes += 1
        await self._frame({"type": "resume", "after_seq": self.seen_up_to})

    async def _frame(self, frame: dict) -> None:
        socket = self.socket
        if socket is not None:
            with contextlib.suppress(websockets.ConnectionClosed):
                await socket.send(json.dumps(frame))

    # --- Receiving -----------------------------------------------------------------------

    async def _on_frame(self, frame: dict) -> None:
        kind = frame.get("type")
        if kind == "ack":
            self._on_ack(frame)
        elif kind == "message":
            self._keep(frame["seq"], frame["author_kind"], frame["text"])
        elif kind in ("hello", "owner") and frame.get("ticket_id"):
            self._follow(frame["ticket_id"])
            self.owner = (frame["kind"], frame["status"])
            self.owner_frames.append((time.monotonic(), *self.owner))
        elif kind == "resumed":
            self.resuming = False
            self.resumed.set()
        elif kind == "turn" and frame.get("state") == "done":
            self.outcomes[frame.get("outcome")] += 1
        elif kind == "error":
            self.errors[frame.get("code")] += 1
            client_msg_id = frame.get("client_msg_id")
            if client_msg_id in self.unacked:  # refused, nothing stored: try again soon
                asyncio.get_running_loop().call_later(
                    1.0, lambda: asyncio.ensure_future(self._send_if_unacked(client_msg_id))
                )
        if (self.transcript and max(self.transcript) > self.seen_up_to and not self.resuming
                and time.monotonic() - self.last_resume > 0.5):  # fmt: skip
            await self._resume()  # a seq was skipped: ask for it

    async def _send_if_unacked(self, client_msg_id: str) -> None:
        if client_msg_id in self.unacked:
            await self._send(client_msg_id)

    def _on_ack(self, frame: dict) -> None:
        client_msg_id, seq = frame["client_msg_id"], frame["seq"]
        self._follow(frame["ticket_id"])
        earlier = self.acked.get(client_msg_id)
        if earlier is not None:
            if (earlier.seq, earlier.ticket_id) != (seq, frame["ticket_id"]):
                self.inconsistent_acks.append((client_msg_id, earlier.seq, seq))
            return
        outgoing = self.unacked.pop(client_msg_id, None)
        if outgoing is None:
            return
        now = time.monotonic()
        self.acked[client_msg_id] = Acked(seq, frame["ticket_id"], now - outgoing.first_sent,
                                          outgoing.first_sent)  # fmt: skip
        self._keep(seq, "customer", outgoing.text)

    def _follow(self, ticket_id: int) -> None:
        if self.ticket_id not in (None, ticket_id):  # a new conversation: a new transcript
            self.transcript, self.seen_up_to = {}, 0
        self.ticket_id = ticket_id

    def _keep(self, seq: int, author_kind: str, text: str) -> None:
        known = self.transcript.get(seq)
        if known is not None and known != (author_kind, text):
            self.conflicts.append((seq, known, (author_kind, text)))
        self.transcript[seq] = (author_kind, text)
        while self.seen_up_to + 1 in self.transcript:
            self.seen_up_to += 1

    # --- The end of a drill --------------------------------------------------------------

    async def reconnect_and_resume(self, seconds: float = 15) -> bool:
        """After `stop()`: a new socket, resume after the last seq seen, resend what is
        unacknowledged and wait for the acks. False if that did not finish in time."""
        self.stopping = False
        self.resumed.clear()
        task = asyncio.ensure_future(self.run())
        try:
            async with asyncio.timeout(seconds):
                await self.resumed.wait()
                while self.unacked:
                    await asyncio.sleep(0.05)
            return True
        except TimeoutError:
            return False
        finally:
            await self.stop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def _failure(error: Exception) -> str:
    if isinstance(error, websockets.InvalidStatus):
        return f"http {error.response.status_code}"
    return type(error).__name__
