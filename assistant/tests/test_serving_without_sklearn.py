"""Serving never imports scikit-learn (nor scipy's optimizers and special functions):
`import sklearn` alone costs about 100 MB of resident memory in every daphne process,
scipy.special 8 MB, and only training needs them. A fresh interpreter, as daphne starts,
loads the serving modules, then triages with a stored model and searches help articles,
and must not have imported them."""

import os
import subprocess
import sys
from pathlib import Path

from assistant.tests.test_triage_model import trained

ROOT = Path(__file__).resolve().parents[2]

SERVE = """
import sys

import django

django.setup()

import supportsite.asgi, assistant.consumers, assistant.help
from types import SimpleNamespace

from assistant.help import HelpIndex
from assistant.triage import TriageModel

with open(sys.argv[1], "rb") as stored:
    model = TriageModel.from_bytes(stored.read())
model.triage("when is my next payment due?")
refunds = SimpleNamespace(
    title="Refunds", slug="refunds", summary="", keywords="refund", body="5 to 10 days."
)
assert HelpIndex([refunds]).search("how long does a refund take")

heavy = [name for name in sys.modules if name.split(".")[0] == "sklearn"]
heavy += [name for name in sys.modules if name.startswith(("scipy.optimize", "scipy.special"))]
print("sklearn" in sys.modules, len(heavy), sorted(heavy)[:5])
"""


def test_serving_does_not_import_scikit_learn(tmp_path):
    stored = tmp_path / "model.triage"
    stored.write_bytes(trained().to_bytes())
    # No warm-up: it would read whatever database the environment names.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "supportsite.settings",
           "ASSISTANT_WARM_UP": "false"}  # fmt: skip

    run = subprocess.run(
        [sys.executable, "-c", SERVE, str(stored)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[:2] == ["False", "0"], run.stdout
