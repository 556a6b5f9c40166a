"""bin/api-fuzz (make api-fuzz) refuses clearly what it cannot run on, and works on a
database of its own on the given server. The fuzzing itself runs in CI's slow checks."""

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bin" / "api-fuzz"


def run_script(**env):
    clean = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, str(SCRIPT)], env={**clean, **env}, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def script():
    loader = importlib.machinery.SourceFileLoader("api_fuzz", str(SCRIPT))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader("api_fuzz", loader))
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("url", ["sqlite:///var/db.sqlite3", "mysql://root@127.0.0.1/x"])
def test_it_refuses_a_database_that_is_not_postgresql(url):
    result = run_script(DATABASE_URL=url)

    assert result.returncode == 2
    assert "must point at PostgreSQL" in result.stderr
    assert "schemathesis" not in result.stdout


def test_it_refuses_to_run_without_a_database_url():
    result = run_script()

    assert result.returncode == 2
    assert "set DATABASE_URL to a PostgreSQL server" in result.stderr


def test_its_database_is_another_on_the_same_server(script):
    url = "postgres://app:secret@db.internal:6432/support?sslmode=require"

    assert script.with_database(url, "supportsite_apifuzz_7") == (
        "postgres://app:secret@db.internal:6432/supportsite_apifuzz_7?sslmode=require"
    )


def test_its_summary_gives_schemathesis_counts(script):
    output = (
        "     Operations:       17 selected / 17 total\n"
        "     Scenarios:    63\n"
        "Test cases:\n  1527 generated, 1527 passed, 30 skipped\n\n"
        "============================= 2 warnings in 46.52s =============================\n"
    )

    assert script.figures(output) == (
        "17 operations; test cases: 1527 generated, 1527 passed, 30 skipped; "
        "63 stateful scenarios; 2 warnings in 46.52s"
    )


def test_it_shows_the_tracebacks_the_server_logged_and_not_the_rest(script):
    log = (
        "2026-12-05 15:28:28,956 WARNING django.request Not Found: /api/vip/credits/1/\n"
        '127.0.0.1:47524 - - [05/Dec/2026:15:28:28] "GET /api/vip/credits/1/" 404 53\n'
        "2026-12-05 15:28:29,000 ERROR django.request Internal Server Error: /api/x/\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "ValueError: Field 'id' expected a number but got 'abc'.\n"
        '127.0.0.1:47524 - - [05/Dec/2026:15:28:29] "GET /api/x/" 500 53\n'
    )

    [error] = script.server_errors(log)

    assert error.startswith("2026-12-05 15:28:29,000 ERROR")
    assert error.endswith("got 'abc'.")
