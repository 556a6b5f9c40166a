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


# --- django-tasks-db: core/tasks.py claims and runs tasks with the engine's own parts ----


def test_the_db_worker_is_built_from_these_keywords_and_runs_one_claimed_task():
    from django_tasks_db.management.commands.db_worker import Worker

    init = inspect.signature(Worker.__init__).parameters
    assert sorted(init) == sorted([
        "self", "queue_names", "interval", "batch", "backend_name", "startup_delay",
        "max_tasks", "worker_id", "excluded_queue_names",
    ])  # fmt: skip
    assert all(p.kind is p.KEYWORD_ONLY for name, p in init.items() if name != "self")
    assert parameters(Worker.run_task) == ["self", "db_task_result"]


def test_the_queryset_finds_ready_tasks_and_locks_one():
    from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

    assert isinstance(DBTaskResult.objects.all(), DBTaskResultQuerySet)
    assert parameters(DBTaskResultQuerySet.ready) == ["self"]
    assert parameters(DBTaskResultQuerySet.get_locked) == ["self"]
    assert parameters(DBTaskResult.claim) == ["self", "worker_id"]


@pytest.mark.django_db
def test_ready_means_due_or_without_a_time_and_claim_marks_it_running_for_the_worker():
    import datetime as dt

    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from core.tests import task_samples

    assert get_date_max() == dt.datetime(9999, 1, 1, tzinfo=dt.UTC)  # "no run_after"
    now = timezone.now()
    undated = task_samples.record.enqueue(n=1)
    due = task_samples.record.using(run_after=now - dt.timedelta(seconds=1)).enqueue(n=2)
    task_samples.record.using(run_after=now + dt.timedelta(hours=1)).enqueue(n=3)
    assert DBTaskResult.objects.get(pk=undated.id).run_after == get_date_max()

    ready = DBTaskResult.objects.ready()
    assert {str(row.pk) for row in ready} == {undated.id, due.id}
    locked = ready.get_locked()
    assert str(locked.pk) == due.id  # a time before none
    locked.claim("worker-1")
    locked.refresh_from_db()
    assert locked.status == TaskResultStatus.RUNNING
    assert locked.started_at is not None
    assert locked.worker_ids == ["worker-1"]
    assert locked.task_result.attempts == 1


@pytest.mark.django_db
def test_running_a_failing_task_records_it_and_sends_task_finished_without_raising():
    """core.tasks._retry_or_give_up listens to django_tasks' task_finished: the engine
    must send that very signal (on Django 6 it would send django.tasks' own)."""
    from django_tasks import signals
    from django_tasks.base import TaskResultStatus
    from django_tasks_db import compat
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    from core.tests import task_samples

    assert compat.task_finished is signals.task_finished
    result = task_samples.until_fixed.enqueue(n=1)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("worker-1")
    seen = []

    def listener(sender, task_result, **kwargs):
        seen.append((task_result.status, task_result.attempts))

    signals.task_finished.connect(listener)
    task_samples.BROKEN.set()
    try:
        Worker(queue_names=["*"], excluded_queue_names=[], interval=0, batch=True,
               backend_name="default", startup_delay=False, max_tasks=None,
               worker_id="worker-1").run_task(row)  # fmt: skip
    finally:
        task_samples.BROKEN.clear()
        signals.task_finished.disconnect(listener)

    assert seen == [(TaskResultStatus.FAILED, 1)]
    row.refresh_from_db()
    assert row.exception_class_path == "core.tests.task_samples.SampleFailure"
    assert "still broken 1" in row.traceback


def test_the_exclusive_transaction_and_the_locked_database_test():
    from django.db import OperationalError
    from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

    assert parameters(exclusive_transaction) == ["using"]
    assert is_locked_database_exception(OperationalError("database is locked"))
    assert is_locked_database_exception(OperationalError("database table is locked: x"))
    assert not is_locked_database_exception(OperationalError("no such table: x"))


@pytest.mark.django_db(transaction=True)
def test_the_exclusive_transaction_commits_and_rolls_back():
    from django.db import connection
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    from core.tests import task_samples

    def stored_then_undone():
        with exclusive_transaction(DBTaskResult.objects.db):
            task_samples.record.enqueue(n=1)
            assert connection.in_atomic_block
            raise RuntimeError("undone")

    with pytest.raises(RuntimeError, match="undone"):
        stored_then_undone()
    assert not DBTaskResult.objects.exists()
    with exclusive_transaction(DBTaskResult.objects.db):
        task_samples.record.enqueue(n=2)
    assert DBTaskResult.objects.count() == 1


# --- psycopg_pool: core/db.py ----------------------------------------------------------


def test_the_pool_keeps_the_test_it_runs_before_handing_out_a_connection():
    from psycopg_pool import ConnectionPool

    pool = ConnectionPool("dbname=unused", open=False, check=ConnectionPool.check_connection)

    assert pool._check is ConnectionPool.check_connection
    assert "self._check(conn)" in inspect.getsource(ConnectionPool._check_connection)
