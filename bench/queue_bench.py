"""Benchmark: the agents' queue and ticket pages at 10k and 100k tickets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/queue_bench.py

It creates its own database (`<name>_queue_bench` on the same server), loads tickets
with ten messages each through PostgreSQL's COPY, and times the pages an agent uses
through Django's full request stack: the admin queue (first page and a filtered view),
a ticket page with its transcript, and the staff API list. It prints p50/p95 latency and
the number of SQL queries per page at each size, and the ratio between the sizes
(flat is the goal). Not a test: run it by hand; it takes a few minutes at 100k.
"""

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bench_database_url(url: str) -> str:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_queue_bench"
    return urlunparse(parsed._replace(path="/" + name))


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if value is None else str(value) for value in row) + "\n")
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def load(total_tickets, already, customers, queues, agents, active_share):
    """Add tickets (and ten messages each) until there are `total_tickets`; a share
    of them still being worked (open or pending), the rest solved or closed."""
    from django.db import connection

    rng = random.Random(total_tickets)
    now = datetime.now(UTC)
    new = total_tickets - already
    with connection.cursor() as cursor:
        raw = cursor.cursor
        ticket_rows = []
        for n in range(new):
            created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 90))
            if rng.random() < active_share:
                status = "open" if rng.random() < 0.7 else "pending"
            else:
                status = "closed" if rng.random() < 0.8 else "solved"
            handled = rng.choice(["ai", "queue", "agent"])
            due = created + timedelta(hours=rng.randint(1, 72)) if handled != "ai" else None
            ticket_rows.append(
                (
                    rng.choice(customers), f"Bench ticket {already + n}", status, handled,
                    rng.randint(1, 4), rng.choice(queues),
                    rng.choice(agents) if handled == "agent" else None,
                    "standard", "", "", 0, created, created, due, due, due, created, 10, 0, "", "",
                )
            )  # fmt: skip
        copy_rows(
            raw,
            "tickets_ticket",
            [
                "customer_id", "subject", "status", "handled_by", "priority", "queue_id",
                "assignee_id", "tier", "intent", "handoff_reason", "ai_turns", "created_at",
                "updated_at", "first_response_due_at", "sla_due_at", "sla_next_check_at",
                "last_message_at", "last_seq", "version", "ended_by", "handoff_code",
            ],
            ticket_rows,
        )  # fmt: skip
        cursor.execute("SELECT id, created_at FROM tickets_ticket ORDER BY id DESC LIMIT %s", [new])
        created_tickets = cursor.fetchall()
        message_rows = (
            (ticket_id, seq, "customer" if seq % 2 else "agent", f"Message {seq}", False, "{}",
             created + timedelta(minutes=seq))
            for ticket_id, created in created_tickets
            for seq in range(1, 11)
        )  # fmt: skip
        copy_rows(
            raw,
            "tickets_message",
            ["ticket_id", "seq", "author_kind", "body", "is_internal", "metadata", "created_at"],
            message_rows,
        )
        cursor.execute("ANALYZE")


def measure(client, url: str, rounds: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches
    timings = []
    for _ in range(rounds):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return statistics.median(timings), p95, len(queries.captured_queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Ticket counts to measure at.")
    parser.add_argument("--rounds", type=int, default=40, help="Requests per page and size.")
    parser.add_argument(
        "--active-share",
        type=float,
        default=0.15,
        help="Share of tickets still open or pending (default 0.15; the rest are history).",
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL server (the bench makes its own database)."
        )
    os.environ["DATABASE_URL"] = bench_database_url(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from tickets.models import Queue

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    unusable = "!"  # an unusable password hash: nobody logs in as these users
    customers = [
        user.pk
        for user in User.objects.bulk_create(
            User(email=f"c{n}@bench.example", password=unusable) for n in range(2000)
        )
    ]
    agents = [
        user.pk
        for user in User.objects.bulk_create(
            User(email=f"a{n}@bench.example", password=unusable, is_staff=True) for n in range(20)
        )
    ]
    admin = User.objects.create_superuser("root@bench.example", "bench-password")
    queues = list(Queue.objects.values_list("pk", flat=True))
    client = Client()
    client.force_login(admin)

    results = {}
    loaded = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        load(size, loaded, customers, queues, agents, args.active_share)
        loaded = size
        print(f"\nloaded {size:,} tickets / {size * 10:,} messages in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        sample = size // 2
        pages = {
            "admin queue": "/admin/tickets/ticket/",
            "admin queue, open + breached filter": "/admin/tickets/ticket/?status__exact=open",
            "admin queue, search by email": "/admin/tickets/ticket/?q=c7%40bench.example",
            "admin ticket page": f"/admin/tickets/ticket/{sample}/change/",
            "staff API list": "/api/tickets/?status=open",
        }
        for name, page in pages.items():
            p50, p95, queries = measure(client, page, args.rounds)
            results.setdefault(name, []).append((size, p50, p95, queries))
            print(f"  {name:<38} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} queries")
    if len(results["admin queue"]) > 1:
        print("\nratio of p95 at the largest size to the smallest (1.0 = flat):")
        for name, rows in results.items():
            print(f"  {name:<38} {rows[-1][2] / rows[0][2]:5.2f}x  "
                  f"queries {rows[0][3]} -> {rows[-1][3]}")  # fmt: skip


if __name__ == "__main__":
    main()
