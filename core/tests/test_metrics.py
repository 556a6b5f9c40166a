"""`/metrics`: who may read it, what it says, and that it sums every process's figures
(core.metrics). The run writes to a directory of its own (core.tests.metrics_directory);
figures only grow during a run, so each test compares before and after."""

import os
import subprocess
import sys
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from prometheus_client.parser import text_string_to_metric_families

from assistant import turns
from assistant.models import AssistantTurn
from core import metrics
from core.env import env_networks
from tickets import services
from tickets.defaults import install_defaults as install_desk
from tickets.models import HandOffCode, Message, Ticket, Tier
from tickets.sla import monitor_pass
from tickets.tests.factories import QueueFactory, TicketFactory

ROOT = Path(__file__).resolve().parents[2]
OUTSIDE = "203.0.113.7"
TOKEN = "a-scrapers-token-of-enough-length"


def scrape(client, **headers) -> dict:
    response = client.get("/metrics", **headers)
    assert response.status_code == 200, response.content
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def in_another_process(code: str) -> None:
    setup = "import django; django.setup(); from core import metrics; "
    subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=ROOT, check=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "supportsite.settings"},
    )  # fmt: skip


# --- Who may read it -------------------------------------------------------------------------


@pytest.mark.django_db
def test_metrics_are_refused_outside_the_allowed_networks_without_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrics", REMOTE_ADDR=OUTSIDE).status_code == 403
    wrong = client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 403


@pytest.mark.django_db
def test_metrics_are_served_anywhere_with_the_token(client, settings):
    settings.METRICS_TOKEN = TOKEN

    samples = scrape(client, REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert ("supportsite_open_sockets", ()) in samples


@pytest.mark.django_db
def test_without_a_token_configured_no_bearer_opens_them(client, settings):
    settings.METRICS_TOKEN = ""

    response = client.get("/metrics", REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 403


@pytest.mark.django_db
def test_an_allowed_network_needs_no_token(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ip_network("10.1.0.0/16")]

    scrape(client, REMOTE_ADDR="10.1.2.3")
    scrape(client, REMOTE_ADDR="::ffff:10.1.2.3")  # IPv4 seen through an IPv6 socket
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


@pytest.mark.django_db
def test_through_a_proxy_only_the_token_opens_them(client, settings):
    settings.METRICS_TOKEN = TOKEN
    # daphne --proxy-headers takes the address from the first X-Forwarded-For, which a
    # client can write itself when the proxy appends to it.
    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": f"127.0.0.1, {OUTSIDE}"}

    assert client.get("/metrics", **forwarded).status_code == 403
    scrape(client, **forwarded, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_loopback_only_by_default_and_a_malformed_network_stops_start_up(monkeypatch):
    assert env_networks("UNSET_NETWORKS", ["127.0.0.0/8", "::1/128"]) == [
        ip_network("127.0.0.0/8"), ip_network("::1/128"),
    ]  # fmt: skip
    monkeypatch.setenv("METRICS_ALLOWED_NETWORKS", "10.0.0.0/8, 10.0.0.300")
    with pytest.raises(ImproperlyConfigured, match="METRICS_ALLOWED_NETWORKS"):
        env_networks("METRICS_ALLOWED_NETWORKS", [])


@pytest.mark.django_db
def test_switched_off_there_is_no_such_page(client, monkeypatch):
    monkeypatch.setattr(metrics, "ENABLED", False)

    assert client.get("/metrics").status_code == 404


# --- What it says --------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_figure_is_there_from_the_start_in_prometheus_text_format(client):
    client.get("/healthz")

    samples = scrape(client)

    names = {name for name, _ in samples}
    for reason in HandOffCode.values:
        assert ("supportsite_handoffs_total", (("reason", reason),)) in samples
    for outcome in AssistantTurn.Outcome.values:
        assert ("supportsite_assistant_turns_total", (("outcome", outcome),)) in samples
    for tier in Tier.values:
        assert ("supportsite_sla_breaches_total", (("tier", tier),)) in samples
    assert {
        "supportsite_chat_ack_seconds_bucket", "supportsite_assistant_answer_seconds_count",
        "supportsite_open_sockets", "supportsite_realtime_degraded_total",
        "supportsite_tasks_failed_total", "supportsite_http_request_seconds_count",
    } <= names  # fmt: skip
    assert value(samples, "supportsite_http_requests_total", method="GET", status="2xx") >= 1


@pytest.mark.django_db
def test_a_request_for_a_person_counts_as_a_hand_off_asked(
    client, customer, django_capture_on_commit_callbacks
):
    before = value(scrape(client), "supportsite_handoffs_total", reason="asked")

    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_request_person(customer=customer, subject="A person, please")

    samples = scrape(client)
    assert value(samples, "supportsite_handoffs_total", reason="asked") == before + 1


@pytest.mark.django_db
def test_an_assistant_turn_counts_with_its_outcome(client):
    ticket = TicketFactory()
    before = scrape(client)

    turn = turns.turn_start(ticket_id=ticket.pk)
    turns.turn_finish(turn_id=turn.pk, outcome=AssistantTurn.Outcome.ANSWERED)
    turns.turn_finish(turn_id=turn.pk, outcome=AssistantTurn.Outcome.FAILED)  # already ended

    after = scrape(client)
    for outcome, more in [("answered", 1), ("failed", 0)]:
        name, label = "supportsite_assistant_turns_total", {"outcome": outcome}
        assert value(after, name, **label) == value(before, name, **label) + more


@pytest.mark.django_db(transaction=True)
def test_a_missed_target_counts_as_a_breach_of_the_tickets_tier(client, customer):
    install_desk()
    ticket = services.ticket_open(customer=customer, subject="Payment failed twice")
    services.message_post(
        ticket=ticket, author_kind=Message.Author.CUSTOMER, author=customer, body="Help!"
    )
    services.ticket_hand_off(ticket=ticket, reason="asked for a person")
    ticket.refresh_from_db()
    before = value(scrape(client), "supportsite_sla_breaches_total", tier="standard")

    monitor_pass(now=ticket.first_response_due_at + timedelta(minutes=1))

    after = value(scrape(client), "supportsite_sla_breaches_total", tier="standard")
    assert after == before + 1


@pytest.mark.django_db
def test_queue_waiting_counts_the_tickets_waiting_for_a_person_in_each_queue(client):
    billing, fraud = QueueFactory(name="Billing"), QueueFactory(name="Fraud")
    waiting = {"status": Ticket.Status.OPEN, "handled_by": Ticket.HandledBy.QUEUE}
    TicketFactory.create_batch(2, queue=billing, **waiting)
    TicketFactory(queue=billing, status=Ticket.Status.OPEN, handled_by=Ticket.HandledBy.AGENT)
    TicketFactory(queue=fraud, status=Ticket.Status.SOLVED, handled_by=Ticket.HandledBy.QUEUE)

    samples = scrape(client)

    assert value(samples, "supportsite_queue_waiting", queue="Billing") == 2
    assert value(samples, "supportsite_queue_waiting", queue="Fraud") == 0


# --- Every process, summed -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_counters_of_every_process_are_summed(client):
    before = value(scrape(client), "supportsite_realtime_degraded_total")

    metrics.REALTIME_DEGRADED.inc(2)
    in_another_process("metrics.REALTIME_DEGRADED.inc(5)")

    assert value(scrape(client), "supportsite_realtime_degraded_total") == before + 7


@pytest.mark.django_db
def test_a_killed_process_leaves_no_open_sockets_behind(client):
    before = value(scrape(client), "supportsite_open_sockets")

    # Killed: it never says that it ended (no atexit), its files stay.
    in_another_process("metrics.OPEN_SOCKETS.inc(3); import os; os._exit(0)")
    metrics.OPEN_SOCKETS.inc()
    try:
        assert value(scrape(client), "supportsite_open_sockets") == before + 1
    finally:
        metrics.OPEN_SOCKETS.dec()
