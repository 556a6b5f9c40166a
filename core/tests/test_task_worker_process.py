"""`manage.py run_task_worker` as a real process: it runs what is stored, beats for
/healthz/workers, stops on SIGTERM after the task it is running (exit code 0), and a
task whose worker was SIGKILLed mid-run is run again by another worker.

The process shares the test database: on PostgreSQL through DATABASE_URL, on SQLite
through a settings module naming the test's database file (tests use a file, not
memory: supportsite/settings.py). Tests are transactional, so what they store is
committed and the process sees it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus as Status
from django_tasks_db.models import DBTaskResult

from core import heartbeat
from core.models import Heartbeat
from core.tests import task_samples as samples
from core.tests.live import database_url_of_tests

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def until(predicate, what: str, seconds: float = 10.0, worker=None):
    """Wait (polling) for `predicate()` to be true; fail naming `what` and showing the
    worker's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    output = worker.output() if worker else ""
    raise AssertionError(f"{what}: not within {seconds} s\n--- worker output ---\n{output}")


class Worker:
    """One `manage.py run_task_worker --interval 0.2` on the test database. Its output
    goes to a file (`output()`)."""

    def __init__(self, tmp_path: Path, name: str, **env):
        self.log = tmp_path / f"worker-{name}.log"
        self.env = {**os.environ, "DATA_DIR": str(tmp_path), "LOG_LEVEL": "INFO"}
        if connection.vendor == "postgresql":
            self.env["DATABASE_URL"] = database_url_of_tests()
        else:
            self.env.pop("DATABASE_URL", None)
            settings_module = tmp_path / "worker_settings.py"
            settings_module.write_text(
                "from supportsite.settings import *  # noqa: F403\n\n"
                f"DATABASES['default']['NAME'] = {str(connection.settings_dict['NAME'])!r}\n"
            )
            self.env["DJANGO_SETTINGS_MODULE"] = "worker_settings"
            self.env["PYTHONPATH"] = os.pathsep.join(
                [str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")]
            ).rstrip(os.pathsep)
        self.env.update({key: str(value) for key, value in env.items()})
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "run_task_worker", "--interval", "0.2"],
                cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        return self

    @property
    def pid(self) -> int:
        return self.process.pid

    def beating(self) -> bool:
        return Heartbeat.objects.filter(kind=heartbeat.TASK_WORKER, pid=self.pid).exists()

    def wait_until_up(self) -> "Worker":
        """Up once it has beaten (its first pass writes the beat at once)."""
        until(lambda: self.beating() or self.process.poll() is not None, "first beat",
              seconds=15, worker=self)  # fmt: skip
        assert self.process.poll() is None, self.output()
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def workers(transactional_db, tmp_path):
    """Start workers with `workers(name, **env)`; any still running are killed at the
    end, before the test database is emptied."""
    started = []

    def start(name: str = "a", **env) -> Worker:
        worker = Worker(tmp_path, name, **env).start()
        started.append(worker)
        return worker.wait_until_up()

    yield start
    for worker in started:
        worker.stop()


def status_of(result) -> str:
    return DBTaskResult.objects.get(pk=result.id).status


def test_a_worker_runs_a_stored_task_and_beats_for_the_health_check(workers, client):
    worker = workers()

    result = samples.record.enqueue(n=42)

    until(lambda: status_of(result) == Status.SUCCESSFUL, "the task run", worker=worker)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.return_value == 42
    assert len(row.worker_ids) == 1
    assert worker.beating()
    health = client.get("/healthz/workers").json()["workers"][heartbeat.TASK_WORKER]
    assert (health["status"], health["live"]) == ("ok", 1)


def test_sigterm_stops_the_worker_after_the_task_it_is_running(workers, tmp_path):
    worker = workers()
    started, release = tmp_path / "started", tmp_path / "release"
    running = samples.wait_for_file.enqueue(started=str(started), release=str(release))
    behind = samples.record.enqueue(n=1)
    until(started.exists, "the long task started", worker=worker)

    worker.process.send_signal(signal.SIGTERM)
    time.sleep(0.5)  # the signal is handled while the task still waits
    assert worker.process.poll() is None, "stopped in the middle of a task"
    release.touch()

    assert worker.process.wait(timeout=10) == 0, worker.output()
    assert status_of(running) == Status.SUCCESSFUL
    assert status_of(behind) == Status.READY  # not started after the stop was asked
    assert "Task worker stopped." in worker.output()
    assert "Traceback" not in worker.output()


def test_a_task_whose_worker_was_killed_is_run_again_by_another_worker(workers, tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    first = workers("first")
    result = samples.wait_for_file.enqueue(started=str(started), release=str(release))
    until(started.exists, "the task started", worker=first)

    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=10)
    lost = DBTaskResult.objects.get(pk=result.id)
    assert lost.status == Status.RUNNING
    assert len(lost.worker_ids) == 1

    release.touch()
    second = workers("second", TASK_STALLED_AFTER_SECONDS=1)

    until(lambda: status_of(result) == Status.SUCCESSFUL, "the task run again", worker=second)
    row = DBTaskResult.objects.get(pk=result.id)
    assert len(row.worker_ids) == 2
    assert row.worker_ids[0] != row.worker_ids[1]
    assert started.read_text().splitlines() == ["started", "started"]
    assert "put back" in second.output()
