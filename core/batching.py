"""Group commit: many sockets' database work done in one trip to a database thread.

Each customer message used to cost its own hop to a database thread and its own
transaction (a commit, that is a disk flush, per message). Under load the hops and
commits, not the work, were the limit. A `Batcher` collects what its callers submit
while earlier batches are in flight and hands the lot to one function call on a
database thread, which can then do it in one transaction.

No caller waits for a timer: when nothing is in flight a submission goes at once, so
a quiet server answers as fast as before; batches form only when work arrives faster
than it is done. At most `max_in_flight` batches run at once. One is the default:
measured with the chat benchmark (bench/chat_bench.py, 100 chats on two processes), one
batch in flight per process stored about 2,450 messages a second, two about 2,100 and
four about 1,750 — the bigger batches cost fewer trips, commits and thread switches.

`handle(items)` runs on a database thread (core.db.run_db, or as `run` says) and
returns one result per item, in order; a result that is an exception is raised to that item's
caller only. If `handle` itself raises, every caller of that batch gets the error.
"""

import asyncio
from collections.abc import Callable, Sequence
from weakref import WeakKeyDictionary

from core.db import run_db
from core.log_context import detached_task


class Batcher:
    def __init__(
        self, handle: Callable[[list], Sequence], *, max_batch=200, max_in_flight=1, run=run_db
    ):
        self.handle, self.max_batch, self.max_in_flight = handle, max_batch, max_in_flight
        self.run = run  # how `handle` gets to a database thread (core.db)
        self.waiting: list[tuple[object, asyncio.Future]] = []
        self.in_flight = 0
        self.drains: set[asyncio.Task] = set()  # referenced until done: the loop's are weak

    async def submit(self, item):
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((item, future))
        if self.in_flight < self.max_in_flight:
            self.in_flight += 1
            drain = detached_task(self._drain())  # many sockets' work: none's log fields
            self.drains.add(drain)
            drain.add_done_callback(self.drains.discard)
        # A caller that goes away (its socket closed) cancels only its own future:
        # its item is done with the batch all the same.
        return await future

    async def _drain(self):
        try:
            while self.waiting:
                batch = self.waiting[: self.max_batch]
                del self.waiting[: self.max_batch]
                await self._run(batch)
        finally:
            self.in_flight -= 1

    async def _run(self, batch):
        try:
            results = await self.run(self.handle, [item for item, _ in batch])
            if len(results) != len(batch):
                name = getattr(self.handle, "__name__", repr(self.handle))
                raise RuntimeError(f"{name} gave {len(results)} results for {len(batch)} items")
        except Exception as error:
            results = [error] * len(batch)
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, BaseException):
                future.set_exception(result)
            else:
                future.set_result(result)


_batchers: WeakKeyDictionary = WeakKeyDictionary()


def batcher_for(handle: Callable[[list], Sequence], **options) -> Batcher:
    """The running event loop's batcher for `handle` (one per loop and function:
    futures belong to the loop that made them)."""
    per_loop = _batchers.setdefault(asyncio.get_running_loop(), {})
    if handle not in per_loop:
        per_loop[handle] = Batcher(handle, **options)
    return per_loop[handle]
