"""Fault drills through real processes (`make fault-drills`; RELIABILITY cases 2-4).

They run entirely on a PostgreSQL cluster of their own, made for the session in a
temporary folder (initdb, pg_ctl, a free port): the drills restart it and cut its
connections, which must never happen to the shared server. The test process itself
never runs Django against it, so pytest-django's database fixtures are not used (they
would make a test database on DATABASE_URL, the shared server in CI): migrations,
users and sessions are made by `manage.py migrate` and drills.prepare in processes of
their own, and the checks read the database with plain SQL. daphne and the monitor
use Redis database 7 (DRILLS_REDIS_URL).

Not collected by `make test` (pyproject's testpaths lists the apps only). Each drill
prints its figures at the end of the run, passed or failed.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
import redis

from core.tests.live import ROOT, free_port
from drills import postgres
from drills.faults import DRILLS

REDIS_URL = os.environ.get("DRILLS_REDIS_URL", "redis://127.0.0.1:6379/7")
REPORTS = []  # drills.drill.Report, for the summary


@pytest.fixture(scope="session")
def cluster():
    reason = postgres.missing()
    if reason:
        pytest.skip(f"fault drills need their own PostgreSQL cluster: {reason}")
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"fault drills need Redis at {REDIS_URL} (DRILLS_REDIS_URL): {error}")
    cluster = postgres.Cluster(free_port())
    try:
        cluster.create()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def site_env(cluster, tmp_path_factory) -> dict:
    """The environment of the drills' daphne and monitor: production settings on the
    drills' cluster, migrated."""
    with cluster.connect("postgres") as conn:
        conn.execute(f"CREATE DATABASE {postgres.DATABASE}")
    env = {
        "DATABASE_URL": cluster.url(),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ASSISTANT_TIMEOUT": "5",  # drills.drill.ASSISTANT_TIMEOUT
        "LOG_LEVEL": "WARNING",
        "DATA_DIR": str(tmp_path_factory.mktemp("site")),
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env={**os.environ, **env}, check=True, timeout=180,
    )  # fmt: skip
    return env


@pytest.fixture(scope="session")
def cookies(site_env) -> dict[str, list[str]]:
    """Each group's 20 customers' session cookies (drills.prepare)."""
    made = subprocess.run(
        [sys.executable, "-m", "drills.prepare", *(drill.group for drill in DRILLS.values())],
        cwd=ROOT, env={**os.environ, **site_env}, check=True, timeout=180,
        capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(made.stdout)


@pytest.fixture(scope="session")
def drill_report(cluster, site_env, cookies, tmp_path_factory):
    """`drill_report(name)`: the Report of that drill (drills.faults.DRILLS), run the
    first time it is asked for."""
    done = {}

    def report_of(name: str):
        if name not in done:
            drill = DRILLS[name]
            done[name] = drill.run(cluster=cluster, env=site_env, cookies=cookies[drill.group],
                                   folder=tmp_path_factory.mktemp(name))  # fmt: skip
            REPORTS.append(done[name])
        return done[name]

    return report_of


def pytest_terminal_summary(terminalreporter):
    if not REPORTS:
        return
    terminalreporter.section("fault drills: figures")
    for report in REPORTS:
        for line in report.lines():
            terminalreporter.write_line(line)
