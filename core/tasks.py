"""Background work: django-tasks and its database backend (the API of Django 6's
`django.tasks`), made durable and retried. The one seam to the task engine.

Why this engine (README, "Background tasks"): a task is a row in our own database,
written in the same transaction as the change that asked for it (an email about a
hand-off exists exactly when the hand-off does), on SQLite and PostgreSQL with no
extra server; workers on any number of machines claim rows with SELECT … FOR UPDATE
SKIP LOCKED. What the engine leaves to its user is added here:
- **retries with backoff**: a failed attempt puts its own row back, ready again after
  a delay that doubles, until the task's attempts are spent (`_retry_or_give_up`);
  then the row stays FAILED, counted in `supportsite_tasks_failed_total`;
- **a worker that died mid-task** (its row RUNNING for TASK_STALLED_AFTER_SECONDS) does not lose
  the task: `reclaim_stalled` puts it back, as a spent attempt;
- **staff see failed tasks** in the admin (core.admin) and retry them (`retry_now`);
- **the worker loop** (`work`) beats for /healthz/workers, survives the database
  going away, deletes the rows of tasks that succeeded a week ago, and enqueues the
  daily tasks (`every_day`: retention).

A task's attempts are its row's worker ids (the engine appends one per claim), so a
task that touches the outside must be safe to run twice: emails carry a Message-ID
made from the task's id (core.mail), Stripe calls an idempotency key.
"""

import dataclasses
import datetime as dt
import logging
import signal
import threading
import time

from django.conf import settings
from django.db import OperationalError, close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from core import heartbeat, metrics
from core.db import replace_connections_the_server_ended

logger = logging.getLogger(__name__)

# Tasks one worker runs between two heartbeats and stalled-task checks.
BATCH = 50
# Succeeded tasks are kept this long (to look into), then deleted by the workers; failed
# ones stay until staff retry them. Their rows hold what emails said.
SUCCEEDED_KEPT = dt.timedelta(days=7)
FORGET_EVERY_SECONDS = 600.0


@dataclasses.dataclass(frozen=True)
class Retries:
    """How often a task is tried, and how long it waits between tries: first_delay,
    doubling up to max_delay. The default gives up after about an hour."""

    attempts: int = 8
    first_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(hours=1)

    def delay_after(self, attempt: int) -> dt.timedelta:
        return min(self.first_delay * 2 ** max(attempt - 1, 0), self.max_delay)


DEFAULT_RETRIES = Retries()
# task path -> its Retries (set by `background`).
_retries: dict[str, Retries] = {}


def background(*, retries: Retries = DEFAULT_RETRIES, takes_context: bool = False):
    """Make a module-level function a background task: `f.enqueue(**kwargs)` stores
    it in the caller's transaction, and a worker runs it after the commit. Arguments
    must be JSON: ids and texts, never model instances."""

    def wrap(function):
        background_task = task(takes_context=takes_context)(function)
        _retries[background_task.module_path] = retries
        return background_task

    return wrap


# task path -> a task the workers enqueue once a day (`every_day`).
_daily: dict = {}
DAY = dt.timedelta(days=1)


def every_day(background_task):
    """Have the task workers enqueue this task (which takes no arguments) once a day,
    in their housekeeping pass. Register it when its app is ready, so that every
    worker knows it. It must be safe to run twice: two workers may both enqueue it."""
    _daily[background_task.module_path] = background_task
    return background_task


def enqueue_daily(*, now: dt.datetime) -> int:
    """Enqueue each daily task that was not enqueued in the last day; returns how many."""
    recent = set(
        DBTaskResult.objects.filter(task_path__in=list(_daily), enqueued_at__gte=now - DAY)
        .values_list("task_path", flat=True)
        .distinct()
    )
    due = [each for path, each in _daily.items() if path not in recent]
    for daily_task in due:
        daily_task.enqueue()
    return len(due)


def retries_of(task_path: str) -> Retries:
    """The task's own Retries. Its module is imported first if this process has not
    imported it yet: a worker putting back a stalled task it never ran itself must
    not count that task's attempts against the default."""
    if task_path not in _retries:
        try:
            import_string(task_path)
        except Exception:
            logger.warning("task %s cannot be imported; counting its attempts against the "
                           "default retries", task_path)  # fmt: skip
    return _retries.get(task_path, DEFAULT_RETRIES)


def _retry_or_give_up(sender, task_result, **kwargs) -> None:
    """After each attempt (the engine's task_finished): a failure with attempts left is
    made ready again after its backoff; one without is left FAILED and counted.
    Never raises: the worker that sends this is in the middle of its loop."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    try:
        task_path = task_result.task.module_path
        retries = retries_of(task_path)
        attempts = task_result.attempts
        if attempts < retries.attempts:
            delay = retries.delay_after(attempts)
            DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
                status=TaskResultStatus.READY, run_after=timezone.now() + delay, finished_at=None
            )
            logger.warning(
                "task %s (%s) failed, attempt %s of %s; retrying in %s",
                task_path, task_result.id, attempts, retries.attempts, delay,
            )  # fmt: skip
            return
        metrics.TASKS_FAILED.inc()
        logger.error("task %s (%s) failed for good after %s attempts; retry it from the admin",
                     task_path, task_result.id, attempts)  # fmt: skip
    except Exception:
        logger.exception("the retry of a failed task could not be scheduled")


task_finished.connect(_retry_or_give_up, dispatch_uid="core.tasks.retry_or_give_up")


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it."""


def reclaim_stalled(*, now: dt.datetime) -> int:
    """Put back the tasks whose worker died mid-task: ready at once if they have
    attempts left, else FAILED. Each is changed only if still stalled, so several
    workers doing this at once change it once. Returns how many were put back."""
    stalled = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=settings.TASK_STALLED_AFTER_SECONDS),
    )
    put_back = 0
    for row in stalled.only("pk", "task_path", "worker_ids", "started_at")[:BATCH]:
        still = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if len(row.worker_ids) < retries_of(row.task_path).attempts:
            put_back += still.update(status=TaskResultStatus.READY, run_after=now)
            continue
        lost = still.update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=f"{__name__}.{WorkerLost.__qualname__}",
            traceback=f"The worker running it stopped; its last try started {row.started_at}.",
        )
        if lost:
            metrics.TASKS_FAILED.inc()
    if put_back:
        logger.warning("%s task(s) whose worker stopped were put back", put_back)
    return put_back


def forget_succeeded(*, now: dt.datetime) -> int:
    """Delete the rows of tasks that succeeded more than SUCCEEDED_KEPT ago."""
    old = DBTaskResult.objects.successful().filter(finished_at__lt=now - SUCCEEDED_KEPT)
    deleted, _ = DBTaskResult.objects.filter(pk__in=old.values("pk")[:1000]).delete()
    return deleted


def retry_now(results) -> int:
    """Staff ask for failed tasks to be tried again now (one more attempt each).
    Returns how many were failed and are now ready."""
    return results.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=get_date_max(), finished_at=None
    )


def run_ready(*, worker_id: str = "inline", max_tasks: int = BATCH, stop=None) -> int:
    """Claim and run the tasks that are ready, up to `max_tasks`, in this process;
    returns how many ran. Used by the worker loop, `run_task_worker --once` and tests.
    Claiming and running are django_tasks_db's own (`claim`, `Worker.run_task`)."""
    runner = Worker(
        queue_names=["*"], excluded_queue_names=[], interval=0, batch=True,
        backend_name="default", startup_delay=False, max_tasks=None, worker_id=worker_id,
    )  # fmt: skip
    ran = 0
    while ran < max_tasks and not (stop and stop.is_set()):
        claimed = _claim(worker_id)
        if claimed is None:
            break
        runner.run_task(claimed)
        ran += 1
    return ran


def _claim(worker_id: str) -> DBTaskResult | None:
    """The next ready task, marked RUNNING for this worker in one short transaction
    (SKIP LOCKED on PostgreSQL, an exclusive one on SQLite), or None."""
    try:
        with exclusive_transaction(DBTaskResult.objects.db):
            claimed = DBTaskResult.objects.ready().get_locked()
            if claimed is not None:
                claimed.claim(worker_id)
            return claimed
    except OperationalError as error:
        if is_locked_database_exception(error):
            return None  # SQLite busy with another writer: the next pass claims it
        raise


def work(*, stop: threading.Event, interval: float = 1.0, worker_id: str = "") -> None:
    """A worker's life: beat, put back stalled tasks, run a batch; rest `interval`
    when nothing was ready. A database away is logged and tried again; `stop` (set by
    a signal) ends the loop after the running task."""
    worker_id = worker_id or get_random_string(32)
    forgotten_at = -FORGET_EVERY_SECONDS
    while not stop.is_set():
        close_old_connections()
        try:
            replace_connections_the_server_ended()
            heartbeat.beat(heartbeat.TASK_WORKER)
            reclaim_stalled(now=timezone.now())
            if time.monotonic() - forgotten_at >= FORGET_EVERY_SECONDS:
                forget_succeeded(now=timezone.now())
                enqueue_daily(now=timezone.now())
                forgotten_at = time.monotonic()
            ran = run_ready(worker_id=worker_id, stop=stop)
        except Exception:
            logger.exception("task worker pass failed; retrying in %s s", interval)
            ran = 0
        if ran < BATCH:
            stop.wait(interval)


def stop_on_signal(stop: threading.Event) -> None:
    """The first SIGINT/SIGTERM ends the worker after the task it is running; a
    second ends it at once (that task fails and is retried)."""

    def request(signum, frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, request)
