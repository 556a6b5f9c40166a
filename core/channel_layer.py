"""The Redis channel layer, made to ride out a Redis outage.

channels-redis' pub/sub layer subscribes a consumer's channel when the consumer
starts: with Redis down or hung every new socket would fail, and a subscription that
failed is never retried, so a socket opened during an outage would stay deaf after
Redis came back. And with Redis hung, every call waits for the socket timeout.

This layer notices an outage (a call fails or times out), then:
- answers every call at once instead of waiting on Redis: subscriptions are kept
  locally and taken up later, sends fail fast (the services log them; nothing is
  lost, because messages are persisted before they are broadcast and clients replay
  them from the database with `resume`);
- probes Redis every `retry_seconds`, and once it answers again subscribes what is
  still wanted, so live delivery resumes by itself, without a restart;
- tells the chat that realtime delivery is degraded (`realtime_degraded()`), which
  it reports to clients, and logs the outage as one warning line rather than a
  traceback a second.
"""

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque

from channels.layers import get_channel_layer
from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close
from redis.exceptions import RedisError

from core import metrics
from core.log_context import detached_task

logger = logging.getLogger(__name__)
# What an unavailable Redis raises through redis-py and asyncio.
OUTAGE = (RedisError, OSError, TimeoutError)


class RealtimeUnavailable(ConnectionError):
    """Redis is known to be away; the call was not tried."""


async def layer_call(operation, *, timeout: float = 2.0) -> bool:
    """Await a channel-layer call that may fail (Redis away) without failing the
    caller: False if it did. The layer logs the outage, once."""
    try:
        await asyncio.wait_for(operation, timeout)
    except Exception:  # whatever the layer raised, the socket goes on
        return False
    return True


def realtime_note() -> dict:
    """What frames acknowledging a write add while live delivery is degraded."""
    return {"realtime": "degraded"} if realtime_degraded() else {}


def realtime_degraded() -> bool:
    """True while this process cannot deliver live events (clients catch up by resume).
    Call from the event loop the sockets run on."""
    layer = get_channel_layer()
    if not isinstance(layer, ResilientPubSubChannelLayer):
        return False  # the in-memory layer cannot be away
    loop_layer = layer._layers.get(asyncio.get_running_loop())
    return loop_layer is not None and loop_layer.degraded


class Inbox:
    """A channel's messages not yet received, for its one reader (the consumer of a
    socket): what asyncio.Queue does for it in a tenth of the memory. Every open socket
    keeps one for its whole life, and a Queue's four deques and Event take 3 KB, 15 MB
    a process at 5,000 sockets. channels-redis delivers with `put_nowait`."""

    __slots__ = ("_messages", "_waiter")

    def __init__(self):
        self._messages: deque | None = None  # made when a message waits: most of the time none
        self._waiter: asyncio.Future | None = None

    def put_nowait(self, message) -> None:
        if self._messages is None:
            self._messages = deque()
        self._messages.append(message)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def get(self):
        # A reader cancelled after being woken leaves the message here, not lost.
        while not self._messages:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        message = self._messages.popleft()
        if not self._messages:
            self._messages = None
        return message


class ResilientPubSubChannelLayer(RedisPubSubChannelLayer):
    """`RedisPubSubChannelLayer` that keeps working, degraded, while Redis is away."""

    def __init__(self, *args, call_timeout=2.0, retry_seconds=1.0, **kwargs):
        super().__init__(*args, **kwargs)
        self._timing = {"call_timeout": call_timeout, "retry_seconds": retry_seconds}

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        if loop not in self._layers:
            self._layers[loop] = ResilientLoopLayer(
                *self._args, **self._kwargs, **self._timing, channel_layer=self
            )
            _wrap_close(self, loop)
        return self._layers[loop]


class ResilientLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, call_timeout, retry_seconds, **kwargs):
        super().__init__(*args, **kwargs)
        self.call_timeout = call_timeout
        self.retry_seconds = retry_seconds
        self._shards = [ResilientShard(shard.host, self) for shard in self._shards]
        self.failed_at: float | None = None
        self.unsubscribed: set[str] = set()  # wanted, but Redis has not taken them yet
        self._recovering: asyncio.Task | None = None

    @property
    def degraded(self) -> bool:
        return self.failed_at is not None or bool(self.unsubscribed)

    # --- The channel layer API -----------------------------------------------------------

    async def new_channel(self, prefix="specific."):
        channel = f"{self.prefix}{prefix}{uuid.uuid4().hex}"
        self.channels[channel] = Inbox()
        with contextlib.suppress(*OUTAGE):  # kept for recovery: the consumer starts anyway
            await self._subscribe(channel)
        return channel

    async def group_add(self, group, channel):
        group_channel = self._get_group_channel_name(group)
        self.groups.setdefault(group_channel, set()).add(channel)
        await self._subscribe(group_channel)

    async def receive(self, channel):
        if channel not in self.channels:
            self.channels[channel] = Inbox()
            await self._subscribe(channel)
        try:
            message = await self.channels[channel].get()
        except (TimeoutError, asyncio.CancelledError, GeneratorExit):
            # The consumer is leaving: unsubscribe if Redis lets us, without waiting long.
            self.channels.pop(channel, None)
            self.unsubscribed.discard(channel)
            with contextlib.suppress(*OUTAGE):  # Redis away: it drops it with the connection
                await self._call(self._get_shard(channel).unsubscribe(channel))
            raise
        return self.channel_layer.deserialize(message)

    async def send(self, channel, message):
        await self._call(super().send(channel, message))

    async def group_send(self, group, message):
        await self._call(super().group_send(group, message))

    async def flush(self):
        if self._recovering is not None:
            self._recovering.cancel()
        self.unsubscribed.clear()
        self.failed_at = None
        await super().flush()

    # --- Outage and recovery ----------------------------------------------------------------

    async def _call(self, operation):
        """Run a Redis call with a time bound; fail at once while Redis is known away."""
        if self.failed_at is not None:
            operation.close()
            raise RealtimeUnavailable("Redis is unavailable")
        try:
            return await asyncio.wait_for(operation, self.call_timeout)
        except OUTAGE as error:
            self.failed(error)
            raise

    async def _subscribe(self, name: str) -> None:
        try:
            await self._call(self._get_shard(name).subscribe(name))
        except OUTAGE:
            self.unsubscribed.add(name)
            self._recover_soon()
            raise
        self.unsubscribed.discard(name)

    def failed(self, error: BaseException) -> None:
        if self.failed_at is None:
            metrics.REALTIME_DEGRADED.inc()
            logger.warning(
                "realtime delivery degraded: Redis is unavailable (%s); "
                "messages are still stored and clients catch up by resume",
                error.__class__.__name__,
            )
        self.failed_at = time.monotonic()
        self._recover_soon()

    def _recover_soon(self) -> None:
        if self._recovering is None or self._recovering.done():
            self._recovering = detached_task(self._recover())

    async def _recover(self) -> None:
        while self.degraded:
            await asyncio.sleep(self.retry_seconds)
            if self.failed_at is not None and not await self._redis_answers():
                continue
            for name in list(self.unsubscribed):
                if name not in self.channels and name not in self.groups:
                    self.unsubscribed.discard(name)  # nobody wants it any more
                    continue
                try:
                    await self._subscribe(name)
                except OUTAGE:
                    break  # away again: the next round retries
        logger.warning("realtime delivery restored: Redis answers again")

    async def _redis_answers(self) -> bool:
        shard = self._shards[0]
        try:
            shard._ensure_redis()
            await asyncio.wait_for(shard._redis.ping(), self.call_timeout)
        except OUTAGE:
            return False
        self.failed_at = None
        return True


class ResilientShard(RedisSingleShardConnection):
    """channels-redis' connection to one Redis, with publishes sent together.

    channels-redis publishes one message at a time per process, each under a lock
    and waiting for its own round trip to Redis: at a few hundred broadcasts a second
    the lock's queue, not Redis, was the limit. Here a publish joins an outbox, and
    one task sends everything waiting in one pipeline (one round trip) while the
    next publishes gather behind it. Each caller still waits for its own message to
    be sent, and gets the error if it was not."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outbox: list[tuple[str, bytes, asyncio.Future]] = []
        self._publishing: asyncio.Task | None = None

    async def publish(self, channel, message):
        sent = asyncio.get_running_loop().create_future()
        self._outbox.append((channel, message, sent))
        if self._publishing is None or self._publishing.done():
            self._publishing = detached_task(self._publish_waiting())
        await sent

    async def _publish_waiting(self):
        while self._outbox:
            batch, self._outbox = self._outbox, []
            try:
                self._ensure_redis()
                async with self._redis.pipeline(transaction=False) as pipeline:
                    for channel, message, _ in batch:
                        pipeline.publish(channel, message)
                    await pipeline.execute()
            except Exception as error:  # handed to each caller, who reports the outage
                for _, _, sent in batch:
                    if not sent.done():
                        sent.set_exception(error)
            else:
                for _, _, sent in batch:
                    if not sent.done():
                        sent.set_result(None)

    async def _do_receiving(self):
        """channels-redis' receive loop, with an outage reported to the layer (one
        warning) instead of logged as a traceback every second."""
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, GeneratorExit):
                raise
            except OUTAGE as error:
                self.channel_layer.failed(error)
                await asyncio.sleep(self.channel_layer.retry_seconds)
