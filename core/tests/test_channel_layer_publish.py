"""Publishes through the real ResilientPubSubChannelLayer against real Redis: sent
together in pipelines, yet each delivered exactly once, and each caller told when
its own publish failed. Needs Redis (REDIS_URL)."""

import asyncio
import os
import time
import uuid

import pytest
from redis.exceptions import RedisError

from core.channel_layer import ResilientPubSubChannelLayer
from core.tests.redis_fault import FROZEN, REFUSED, UP, RedisFault

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"
)
CALL_TIMEOUT = 1.0


def layer_at(url: str) -> ResilientPubSubChannelLayer:
    options = {"socket_timeout": CALL_TIMEOUT, "socket_connect_timeout": CALL_TIMEOUT}
    return ResilientPubSubChannelLayer(
        hosts=[{"address": url, **options}], call_timeout=CALL_TIMEOUT
    )


async def listening(layer) -> tuple[str, str]:
    """A new group with one member channel: (group, channel)."""
    group, channel = f"publish-test-{uuid.uuid4().hex}", await layer.new_channel()
    await layer.group_add(group, channel)
    return group, channel


async def test_concurrent_group_sends_each_arrive_exactly_once():
    layer = layer_at(os.environ["REDIS_URL"])
    group, channel = await listening(layer)

    await asyncio.gather(*(layer.group_send(group, {"type": "test.n", "n": n}) for n in range(200)))
    received = [(await asyncio.wait_for(layer.receive(channel), 5))["n"] for _ in range(200)]

    assert sorted(received) == list(range(200))
    with pytest.raises(TimeoutError):  # and nothing twice
        await asyncio.wait_for(layer.receive(channel), 0.5)
    await layer.flush()


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
async def test_a_publish_while_redis_is_unreachable_raises_within_the_call_timeout(fault):
    proxy = RedisFault(os.environ["REDIS_URL"]).start()
    layer = layer_at(proxy.url)
    try:
        group, channel = await listening(layer)
        await layer.group_send(group, {"type": "test.n", "n": 0})
        assert (await asyncio.wait_for(layer.receive(channel), 5))["n"] == 0  # working
        proxy.set(fault)

        started = time.monotonic()
        sends = [layer.group_send(group, {"type": "test.n", "n": n}) for n in range(1, 11)]
        results = await asyncio.wait_for(asyncio.gather(*sends, return_exceptions=True), 10)
        seconds = time.monotonic() - started
    finally:
        proxy.set(UP)
        await layer.flush()
        proxy.stop()

    assert all(isinstance(result, RedisError | OSError | TimeoutError) for result in results)
    assert seconds < CALL_TIMEOUT + 0.5
