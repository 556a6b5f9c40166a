"""Benchmark: the reports dashboard at 10k and 100k tickets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reportsbench python bench/reports_bench.py

It creates its own database (`<name>_bench` on the same server) and loads, through
PostgreSQL's COPY, a year of desk history: conversations spread over 365 days, ten
messages each, most resolved by the assistant and the rest handed to people (several
reasons, agents' replies and solves, some marked needless), reopenings, ratings,
breaches and VIP credits. Then it times, through Django's full request stack as a
supervisor, the dashboard for the last 30 days and for 365 days, and the 365-day CSV
export: p50/p95 and the number of SQL queries at each size, and the ratio between the
sizes (flat queries are the goal). Not a test: run it by hand; a few minutes at 100k.
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

CODES = ["asked", "risky_topic", "act_on_account", "distress", "staff_rule", "other"]


def bench_database_url(url: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path="/" + parsed.path.lstrip("/") + "_bench"))


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


def conversation(rng, now, customers, agents):
    """One conversation of the past year, as the ticket's columns and what followed."""
    created = now - timedelta(minutes=rng.randint(1, 60 * 24 * 365))
    minutes = lambda low, high: timedelta(minutes=rng.uniform(low, high))  # noqa: E731
    t = {
        "customer_id": rng.choice(customers), "status": "solved", "handled_by": "ai",
        "tier": "vip" if rng.random() < 0.1 else "standard", "ai_turns": rng.randint(0, 3),
        "created_at": created, "handoff_code": "", "ended_by": "", "assignee_id": None,
        "handed_off_at": None, "first_response_due_at": None, "first_responded_at": None,
        "resolution_due_at": None, "solved_at": None, "marked": False, "reopened": False,
    }  # fmt: skip
    if rng.random() < 0.62:  # the assistant's
        t["ai_turns"] = max(1, t["ai_turns"])
        if rng.random() < 0.06:
            t["status"] = "open"
        else:
            t["solved_at"] = created + minutes(0.5, 6)
            t["ended_by"] = rng.choice(["customer", "customer", "idle"])
            t["reopened"] = rng.random() < 0.03
            t["status"] = "closed" if rng.random() < 0.7 else "solved"
        return t
    handed = created + minutes(0, 5)
    due = handed + timedelta(minutes=15 if t["tier"] == "vip" else 240)
    t.update(
        handed_off_at=handed, handoff_code=rng.choice(CODES), handled_by="agent",
        first_response_due_at=due, resolution_due_at=handed + timedelta(hours=24),
        assignee_id=rng.choice(agents),
    )  # fmt: skip
    if rng.random() < 0.05:
        t.update(status="open", handled_by="queue", assignee_id=None)
        return t
    reply_within = 20 if t["tier"] == "vip" else 300
    t["first_responded_at"] = handed + minutes(1, reply_within)
    t["solved_at"] = t["first_responded_at"] + minutes(5, 120)
    t["ended_by"], t["marked"] = "agent", rng.random() < 0.08
    t["status"] = "closed" if rng.random() < 0.7 else "solved"
    return t


def load(total, already, customers, agents):
    """Add conversations until there are `total`, with their messages, events,
    ratings, breaches and credits."""
    from django.db import connection

    rng = random.Random(total)
    now = datetime.now(UTC)
    new = [conversation(rng, now, customers, agents) for _ in range(total - already)]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        copy_rows(raw, "tickets_ticket", [
            "customer_id", "subject", "status", "handled_by", "priority", "tier", "intent",
            "handoff_reason", "handoff_code", "ended_by", "ai_turns", "created_at", "updated_at",
            "last_seq", "version", "assistant_could_have_handled", "assignee_id", "handed_off_at",
            "first_response_due_at", "first_responded_at", "resolution_due_at", "solved_at",
            "last_message_at",
        ], (
            (t["customer_id"], "Bench conversation", t["status"], t["handled_by"], 2, t["tier"],
             "", "", t["handoff_code"], t["ended_by"], t["ai_turns"], t["created_at"],
             t["created_at"], 10, 0, t["marked"], t["assignee_id"], t["handed_off_at"],
             t["first_response_due_at"], t["first_responded_at"], t["resolution_due_at"],
             t["solved_at"], t["solved_at"] or t["created_at"])
            for t in new
        ))  # fmt: skip
        cursor.execute("SELECT id FROM tickets_ticket ORDER BY id DESC LIMIT %s", [len(new)])
        for t, (ticket_id,) in zip(new, reversed(cursor.fetchall()), strict=True):
            t["id"] = ticket_id
        copy_rows(raw, "tickets_message", [
            "ticket_id", "seq", "author_kind", "body", "is_internal", "metadata", "created_at",
        ], (
            (t["id"], seq, "customer" if seq % 2 else ("agent" if t["handed_off_at"] else
             "assistant"), f"Message {seq}", False, "{}", t["created_at"] + timedelta(seconds=seq))
            for t in new for seq in range(1, 11)
        ))  # fmt: skip
        copy_rows(raw, "tickets_ticketevent", ["ticket_id", "kind", "data", "created_at"], (
            event for t in new for event in events_of(t)
        ))  # fmt: skip
        copy_rows(raw, "tickets_csatrating", ["ticket_id", "score", "comment", "created_at"], (
            (t["id"], rng.choice([1, 2, 3, 4, 5, 5, 5]), "", t["solved_at"])
            for t in new if t["solved_at"] and rng.random() < 0.25
        ))  # fmt: skip
        late = [t for t in new if t["handed_off_at"] and missed_first_response(t, now)]
        copy_rows(raw, "tickets_slabreach", ["ticket_id", "target", "due_at", "detected_at"], (
            (t["id"], "first_response", t["first_response_due_at"], t["first_response_due_at"])
            for t in late
        ))  # fmt: skip
        cursor.execute("SELECT id, ticket_id FROM tickets_slabreach ORDER BY id DESC LIMIT %s",
                       [len(late)])  # fmt: skip
        breach_of = {ticket_id: breach_id for breach_id, ticket_id in cursor.fetchall()}
        copy_rows(raw, "vip_servicecredit", [
            "breach_id", "ticket_id", "customer_id", "amount", "currency", "status", "note",
            "attempts", "stripe_transaction_id", "created_at",
        ], (
            (breach_of[t["id"]], t["id"], t["customer_id"], "9.00", "EUR", "applied", "", 1, "",
             t["first_response_due_at"])
            for t in late if t["tier"] == "vip"
        ))  # fmt: skip
        cursor.execute("ANALYZE")


def missed_first_response(t, now) -> bool:
    replied = t["first_responded_at"]
    return (replied or now) > t["first_response_due_at"]


def events_of(t):
    yield t["id"], "created", '{"tier": "%s"}' % t["tier"], t["created_at"]  # noqa: UP031
    if t["handed_off_at"]:
        data = '{"code": "%s", "reason": "bench"}' % t["handoff_code"]  # noqa: UP031
        yield t["id"], "handed_off", data, t["handed_off_at"]
    if t["solved_at"]:
        data = '{"from": "open", "to": "solved", "ended_by": "%s"}' % t["ended_by"]  # noqa: UP031
        yield t["id"], "status_changed", data, t["solved_at"]
    if t["reopened"]:
        data = '{"from": "solved", "to": "open"}'
        yield t["id"], "status_changed", data, t["solved_at"] - timedelta(seconds=30)


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
    parser.add_argument("--rounds", type=int, default=20, help="Requests per page and size.")
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
    from reports.scope import today

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
            User(
                email=f"a{n}@bench.example",
                full_name=f"Agent {n}",
                password=unusable,
                is_staff=True,
            )
            for n in range(20)
        )
    ]
    admin = User.objects.create_superuser("root@bench.example", "bench-password")
    client = Client()
    client.force_login(admin)
    year = f"from={today() - timedelta(days=364):%Y-%m-%d}&to={today():%Y-%m-%d}"
    pages = {
        "dashboard, last 30 days": "/admin/reports/",
        "dashboard, 365 days": f"/admin/reports/?{year}",
        "CSV export, 365 days": f"/admin/reports/export.csv?{year}",
    }

    results = {}
    loaded = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        started = time.perf_counter()
        load(size, loaded, customers, agents)
        loaded = size
        print(f"\nloaded {size:,} tickets / {size * 10:,} messages in "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        for name, page in pages.items():
            p50, p95, queries = measure(client, page, args.rounds)
            results.setdefault(name, []).append((size, p50, p95, queries))
            print(f"  {name:<26} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  {queries:3d} queries")
    if len(results["dashboard, last 30 days"]) > 1:
        print("\nratio of p95 at the largest size to the smallest (queries should not move):")
        for name, rows in results.items():
            print(f"  {name:<26} {rows[-1][2] / rows[0][2]:5.2f}x  "
                  f"queries {rows[0][3]} -> {rows[-1][3]}")  # fmt: skip


if __name__ == "__main__":
    main()
