"""A TCP proxy in front of the real Redis that tests can make fail on purpose.

Three states, switched from the test:
- `up`: bytes flow both ways;
- `refused`: open connections are dropped and new ones refused, as when the Redis
  process is killed;
- `frozen`: connections stay open (and new ones are accepted) but nothing comes back,
  as when the Redis process is stopped with SIGSTOP.
The proxy runs its own event loop on a thread, like a process outside the test.
"""

import asyncio
import contextlib
import socket
import threading
from urllib.parse import urlparse

UP, REFUSED, FROZEN = "up", "refused", "frozen"


class RedisFault:
    def __init__(self, redis_url: str):
        target = urlparse(redis_url)
        self.target = (target.hostname or "127.0.0.1", target.port or 6379)
        self.database = target.path or "/0"
        self.state = UP
        self.loop = asyncio.new_event_loop()
        self.server = None
        self.writers: set[asyncio.StreamWriter] = set()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}{self.database}"

    def start(self) -> "RedisFault":
        self.thread.start()
        self._call(self._listen())
        return self

    def stop(self) -> None:
        self._call(self._finish())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()

    def set(self, state: str) -> None:
        self._call(self._switch(state))

    # --- On the proxy's loop -------------------------------------------------------------

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=5)

    async def _listen(self):
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def _shut(self):
        if self.server is not None:
            self.server.close()
            self.server = None
        for writer in list(self.writers):
            writer.close()
        self.writers.clear()

    async def _finish(self):
        await self._shut()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    async def _switch(self, state: str):
        self.state = state
        if state == REFUSED:
            await self._shut()
        elif self.server is None:
            await self._listen()

    async def _serve(self, client_reader, client_writer):
        if self.state == REFUSED:
            client_writer.close()
            return
        try:
            redis_reader, redis_writer = await asyncio.open_connection(*self.target)
        except OSError:
            client_writer.close()
            return
        self.writers.update((client_writer, redis_writer))
        with contextlib.suppress(asyncio.CancelledError):  # the proxy is stopping
            await asyncio.gather(
                self._pipe(client_reader, redis_writer), self._pipe(redis_reader, client_writer)
            )
        for writer in (client_writer, redis_writer):
            self.writers.discard(writer)
            writer.close()

    async def _pipe(self, reader, writer):
        with contextlib.suppress(OSError, asyncio.CancelledError):
            while data := await reader.read(65536):
                while self.state == FROZEN:  # hold the bytes, like a stopped process
                    await asyncio.sleep(0.05)
                if writer.is_closing():
                    return
                writer.write(data)
                await writer.drain()
