"""The few private internals of our dependencies the product leans on, each pinned: if
an upgrade renames or changes one, this fails, naming which, before the product breaks
quietly. (Issue 14 replaces what it can with public API; what remains is listed here.)"""

import asyncio
import inspect

import pytest
from asgiref.sync import SyncToAsync, async_to_sync
from channels_redis import utils as channels_redis_utils
from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from drf_spectacular.openapi import AutoSchema

from core.db import run_db
from tickets.models import Ticket
from tickets.tests.factories import TicketFactory


def parameters(function) -> list[str]:
    return list(inspect.signature(function).parameters)


# --- channels-redis: core/channel_layer.py --------------------------------------------


def test_channels_redis_closes_each_loops_layer_through_wrap_close():
    assert parameters(channels_redis_utils._wrap_close) == ["proxy", "loop"]


def test_the_pubsub_layer_keeps_one_layer_per_event_loop_built_from_its_arguments():
    layer = RedisPubSubChannelLayer(hosts=["redis://127.0.0.1:1/0"], prefix="x")

    assert layer._args == ()
    assert layer._kwargs == {"hosts": ["redis://127.0.0.1:1/0"], "prefix": "x"}
    assert layer._layers == {}
    assert parameters(RedisPubSubChannelLayer._get_layer) == ["self"]


def test_the_loop_layer_has_one_shard_connection_per_host():
    loop_layer = RedisPubSubLoopLayer(hosts=["redis://127.0.0.1:1/0"], channel_layer=None)

    assert [type(shard) for shard in loop_layer._shards] == [RedisSingleShardConnection]
    assert parameters(RedisPubSubLoopLayer._get_shard) == ["self", "channel_or_group_name"]
    assert parameters(RedisPubSubLoopLayer._get_group_channel_name) == ["self", "group"]


def test_a_shard_connects_lazily_and_receives_in_a_loop_we_replace():
    shard = RedisSingleShardConnection("redis://127.0.0.1:1/0", channel_layer=None)

    assert parameters(RedisSingleShardConnection.__init__) == ["self", "host", "channel_layer"]
    assert (shard._redis, shard._pubsub) == (None, None)
    assert parameters(RedisSingleShardConnection._ensure_redis) == ["self"]
    assert inspect.iscoroutinefunction(RedisSingleShardConnection._do_receiving)
    assert parameters(RedisSingleShardConnection._receive_message) == ["self", "message"]
    assert parameters(RedisSingleShardConnection.publish) == ["self", "channel", "message"]


# --- asgiref: core/db.py tells its threads their event loop as sync_to_async would;
# tickets/notify.py reads it, and asgiref's async_to_sync on such a thread uses it ----


async def test_a_database_thread_knows_its_event_loop():
    def loop_seen_from_the_thread():
        return getattr(SyncToAsync.threadlocal, "main_event_loop", None)

    seen = await run_db(loop_seen_from_the_thread)

    assert seen is asyncio.get_running_loop()


async def test_async_code_called_from_a_database_thread_runs_on_its_event_loop():
    async def where():
        return asyncio.get_running_loop()

    assert await run_db(async_to_sync(where)) is asyncio.get_running_loop()


# --- Django: tickets/services.py (_copy_state) uses only public field API; it relies on
# this behaviour of a foreign key's attribute ------------------------------------------


@pytest.mark.django_db
def test_setting_a_foreign_keys_id_to_another_value_drops_the_related_object_loaded():
    ticket = Ticket.objects.select_related("customer").get(pk=TicketFactory().pk)
    field = Ticket._meta.get_field("customer")

    ticket.customer_id = ticket.customer_id  # unchanged: kept
    assert field.is_cached(ticket)
    ticket.customer_id = ticket.customer_id + 1000
    assert not field.is_cached(ticket)


# --- drf-spectacular: core/api_schema.py ----------------------------------------------


def test_spectacular_maps_a_field_with_extensions_bypassed():
    assert parameters(AutoSchema._map_serializer_field) == [
        "self", "field", "direction", "bypass_extensions",
    ]  # fmt: skip
