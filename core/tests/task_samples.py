"""Background tasks for the tests of core.tasks: module-level, as the engine requires,
so that a worker process (core/tests/test_task_worker_process.py) can import them too.

What they did is seen through their rows (status, return value, worker ids), through
`RAN` in this process, and through files for another process."""

import datetime as dt
import threading
import time
from pathlib import Path
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend as LocmemEmailBackend

from core.tasks import Retries, background

FIRST_DELAY = dt.timedelta(seconds=40)
THREE_TRIES = Retries(attempts=3, first_delay=FIRST_DELAY, max_delay=dt.timedelta(hours=1))

# What the tasks below did in this process, in order (tests clear it).
RAN: list = []
_ran_lock = threading.Lock()


class SampleFailure(Exception):
    """What `always_fails` raises."""


@background()
def record(*, n: int) -> int:
    with _ran_lock:
        RAN.append(n)
    return n


@background(retries=THREE_TRIES)
def always_fails(*, n: int) -> None:
    with _ran_lock:
        RAN.append(n)
    raise SampleFailure(f"sample failure {n}")


@background(retries=Retries(attempts=1))
def tried_once(*, n: int) -> int:
    """A task never to be tried twice: a worker lost while running it fails it."""
    with _ran_lock:
        RAN.append(n)
    return n


# While set, `until_fixed` fails.
BROKEN = threading.Event()


@background(retries=Retries(attempts=1))
def until_fixed(*, n: int) -> int:
    """Fails at once for good while BROKEN is set (one attempt), works after."""
    with _ran_lock:
        RAN.append(n)
    if BROKEN.is_set():
        raise SampleFailure(f"still broken {n}")
    return n


@background(retries=THREE_TRIES)
def wait_for_file(*, started: str, release: str, timeout: float = 15.0) -> str:
    """Append a line to `started`, then wait until `release` exists: a task that runs
    as long as the test wants. Gives up (fails) after `timeout` seconds."""
    with open(started, "a") as marker:
        marker.write("started\n")
    deadline = time.monotonic() + timeout
    while not Path(release).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{release} never appeared")
        time.sleep(0.05)
    return "released"


class FlakyEmailBackend(LocmemEmailBackend):
    """The locmem backend behind a mail server that drops the first `failures`
    connections. Every message it is handed, sent or not, goes to `attempted`."""

    failures = 0
    attempted: list = []

    def send_messages(self, messages):
        FlakyEmailBackend.attempted.extend(messages)
        if FlakyEmailBackend.failures > 0:
            FlakyEmailBackend.failures -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)
