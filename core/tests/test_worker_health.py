"""`/healthz/workers`: the SLA monitor's and the task workers' heartbeats, fresh (200),
stale or missing (503); and their loops write them."""

import datetime as dt
import os

import pytest
from django.core.management import call_command
from django.utils import timezone

from core import heartbeat
from core.models import Heartbeat
from tickets.management.commands.run_sla_monitor import Command as SLAMonitor

pytestmark = pytest.mark.django_db
TOKEN = "health-token-" + "x" * 24


@pytest.fixture(autouse=True)
def fresh_process():
    """Each test starts as a process that has not beaten yet."""
    heartbeat.last_written.clear()
    yield
    heartbeat.last_written.clear()


def silent_for(minutes: float) -> None:
    Heartbeat.objects.update(beat_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_fresh_beats_of_both_kinds_answer_200(client):
    heartbeat.beat(heartbeat.SLA_MONITOR)
    heartbeat.beat(heartbeat.TASK_WORKER)

    response = client.get("/healthz/workers")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    monitor = body["workers"]["sla_monitor"]
    assert (monitor["status"], monitor["live"]) == ("ok", 1)
    assert 0 <= monitor["age_seconds"] < 10
    assert dt.datetime.fromisoformat(monitor["last_beat"])
    assert body["workers"]["task_worker"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("alive", "silent"), [("sla_monitor", "task_worker"), ("task_worker", "sla_monitor")]
)
def test_either_kind_silent_answers_503(client, alive, silent):
    heartbeat.beat(alive)

    response = client.get("/healthz/workers")

    assert response.status_code == 503
    workers = response.json()["workers"]
    assert (workers[alive]["status"], workers[silent]["status"]) == ("ok", "silent")


def test_a_beat_older_than_two_minutes_answers_503(client):
    heartbeat.beat(heartbeat.SLA_MONITOR)
    silent_for(minutes=2.5)

    response = client.get("/healthz/workers")

    assert response.status_code == 503
    monitor = response.json()["workers"]["sla_monitor"]
    assert (monitor["status"], monitor["live"]) == ("silent", 0)
    assert monitor["age_seconds"] >= 150


def test_no_beat_at_all_answers_503(client):
    response = client.get("/healthz/workers")

    assert response.status_code == 503
    assert response.json()["workers"]["sla_monitor"] == {
        "status": "silent", "live": 0, "last_beat": None, "age_seconds": None,
    }  # fmt: skip


def test_one_live_monitor_among_dead_ones_is_enough(client):
    now = timezone.now()
    Heartbeat.objects.create(kind="sla_monitor", host="old-box", pid=7, started_at=now,
                             beat_at=now - dt.timedelta(hours=3))  # fmt: skip
    heartbeat.beat(heartbeat.SLA_MONITOR)
    heartbeat.beat(heartbeat.TASK_WORKER)

    response = client.get("/healthz/workers")

    assert response.status_code == 200
    assert response.json()["workers"]["sla_monitor"]["live"] == 1


def test_hosts_and_processes_are_shown_only_with_the_token(client, settings):
    settings.HEALTH_TOKEN = TOKEN
    heartbeat.beat(heartbeat.SLA_MONITOR)

    anonymous = client.get("/healthz/workers").json()["workers"]["sla_monitor"]
    wrong = client.get("/healthz/workers", HTTP_AUTHORIZATION="Bearer nope").json()
    operator = client.get("/healthz/workers", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").json()

    assert "processes" not in anonymous
    assert "processes" not in wrong["workers"]["sla_monitor"]
    [process] = operator["workers"]["sla_monitor"]["processes"]
    assert process["pid"] == os.getpid()
    assert process["host"]


def test_without_a_token_set_no_header_shows_the_processes(client, settings):
    settings.HEALTH_TOKEN = ""
    heartbeat.beat(heartbeat.SLA_MONITOR)

    body = client.get("/healthz/workers", HTTP_AUTHORIZATION="Bearer ").json()

    assert "processes" not in body["workers"]["sla_monitor"]


def test_a_process_writes_its_beat_at_most_every_fifteen_seconds():
    assert heartbeat.beat(heartbeat.SLA_MONITOR) is True
    assert heartbeat.beat(heartbeat.SLA_MONITOR) is False

    assert Heartbeat.objects.count() == 1


def test_a_process_gone_for_a_day_is_forgotten_when_a_new_one_starts():
    now = timezone.now()
    Heartbeat.objects.create(kind="sla_monitor", host="old-box", pid=7, started_at=now,
                             beat_at=now - dt.timedelta(days=2))  # fmt: skip

    heartbeat.beat(heartbeat.SLA_MONITOR)

    assert list(Heartbeat.objects.values_list("host", flat=True)) != ["old-box"]
    assert Heartbeat.objects.count() == 1


def test_workers_health_is_read_only(client):
    assert client.post("/healthz/workers").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_one_pass_of_the_monitor_loop_writes_its_beat():
    SLAMonitor()._tick(batch=200)

    beat = Heartbeat.objects.get()
    assert (beat.kind, beat.pid) == ("sla_monitor", os.getpid())


@pytest.mark.django_db(transaction=True)
def test_the_monitor_run_once_beats_too(client):
    call_command("run_sla_monitor", "--once")

    assert client.get("/healthz/workers").json()["workers"]["sla_monitor"]["status"] == "ok"
