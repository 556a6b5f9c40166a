"""A server process loads the assistant's language identifier, triage model and help
indexes as it starts (supportsite.asgi), not while its first customers wait; a
database that is down at start delays the start by a few seconds at most."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import help as help_center
from assistant import language, training
from assistant.tests.test_triage_model import trained
from assistant.triage.storage import dump
from assistant.warm_up import warm_up

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cold():
    training.forget_served_model()
    help_center._cached.clear()
    language.identifier.cache_clear()
    yield
    training.forget_served_model()


@pytest.mark.django_db(transaction=True)
def test_warming_up_loads_the_identifier_the_newest_model_and_each_languages_help(cold):
    from assistant.models import TriageModelVersion

    TriageModelVersion.objects.create(
        intent_count=3, example_count=9, train_seconds=0.5, data=dump(trained())
    )

    warm_up()

    assert language.identifier.cache_info().currsize == 1
    assert training.served_triage_if_fresh() is not None  # no database needed to triage
    assert set(help_center._cached) == {"en", "sv", "de"}


@pytest.mark.django_db(transaction=True)
def test_without_a_trained_model_warming_up_leaves_training_to_the_first_message(cold):
    from assistant.models import TriageModelVersion

    TriageModelVersion.objects.all().delete()

    warm_up()

    assert not TriageModelVersion.objects.exists()
    assert training.served_triage_if_fresh() is None
    assert set(help_center._cached) == {"en", "sv", "de"}


def started(tmp_path, code: str, **env) -> subprocess.CompletedProcess:
    """`code` in a fresh interpreter whose database is down (nothing listens there)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "supportsite.settings",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:1/none", "DATA_DIR": str(tmp_path),
           **env}  # fmt: skip
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip


def test_a_database_that_is_down_delays_the_start_by_the_wait_at_most(tmp_path):
    result = started(tmp_path, (
        "import time, django; django.setup(); from assistant.warm_up import warm_up; "
        "began = time.monotonic(); warm_up(wait_seconds=1); "
        "print(round(time.monotonic() - began, 1))"
    ))  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert float(result.stdout.split()[-1]) < 2.5  # not the pool's 10 s
    assert "assistant_warm_up_unfinished seconds=1" in result.stderr


@pytest.mark.parametrize(("setting", "loaded"), [("true", 1), ("false", 0)])
def test_the_asgi_application_warms_up_unless_told_not_to(tmp_path, setting, loaded):
    result = started(tmp_path, (
        "import supportsite.asgi; from assistant.language import identifier; "
        "print(identifier.cache_info().currsize)"
    ), ASSISTANT_WARM_UP=setting)  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(loaded)
