"""`manage.py assistant_eval`: trains on one CSV, measures on another, ends with one
JSON line of figures; clear errors for unusable files; no database needed (these
tests have none)."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from assistant.tests.test_triage_model import EXAMPLES, IN_SCOPE, OUT_OF_SCOPE, ROUTES
from assistant.triage.evaluation import KEYS

FRACTIONS = KEYS[:7]


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)  # quotes the fields that hold commas or quotes
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def files(tmp_path):
    oos_examples = [
        ("what's the time in tokyo", "oos"),
        ('sing "happy birthday", loudly', "oos"),
        ("how far is the moon", "oos"),
    ]
    train = write_csv(tmp_path / "train.csv", ["text", "intent"], EXAMPLES + oos_examples)
    test_rows = IN_SCOPE + [(text, "oos") for text in OUT_OF_SCOPE]
    test_rows += [("I lost my card, can I talk to a person?", "lost_card")]
    test = write_csv(tmp_path / "test.csv", ["text", "intent"], test_rows)
    route_rows = [
        (name, route, f"reason for {name}, with a comma") for name, route in ROUTES.items()
    ]
    route_rows.append(("close_account", "HUMAN", "not in the training data"))
    routes = write_csv(tmp_path / "routes.csv", ["intent", "route", "reason"], route_rows)
    return {"train": train, "test": test, "routes": routes}


def run(**paths):
    out = io.StringIO()
    arguments = [f"--{name}={path}" for name, path in paths.items()]
    call_command("assistant_eval", *arguments, stdout=out)
    return out.getvalue().strip().splitlines()


def test_the_last_line_is_one_json_object_with_every_figure_in_range(files):
    lines = run(**files)

    figures = json.loads(lines[-1])
    assert set(figures) == set(KEYS)
    for key in FRACTIONS:
        assert 0.0 <= figures[key] <= 1.0, key
    assert 0.0 < figures["p50_ms"] <= figures["p99_ms"]
    assert figures["p50_ms"] < 5.0
    assert figures["train_s"] > 0.0
    assert figures["human_recall"] == 1.0
    assert figures["human_handoff_recall"] <= figures["human_recall"]


def test_the_report_above_names_what_was_trained_and_tested(files):
    report = "\n".join(run(**files)[:-1])

    assert f"Trained on {len(EXAMPLES) + 3} examples of 8 intents" in report
    assert "close_account" in report  # a route for an intent with no examples
    assert f"Tested on {len(IN_SCOPE) + len(OUT_OF_SCOPE) + 1} messages" in report
    assert "HUMAN recall" in report


def test_a_missing_file_is_a_clear_error(files, tmp_path):
    with pytest.raises(CommandError, match=r"nowhere\.csv: no such file"):
        run(**{**files, "test": tmp_path / "nowhere.csv"})


def test_a_missing_column_is_a_clear_error(files, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", ["utterance", "label"], [("hi", "greeting")])

    with pytest.raises(CommandError, match=r"bad\.csv: missing column\(s\) text, intent"):
        run(**{**files, "train": bad})


def test_a_route_other_than_human_or_routine_is_a_clear_error(files, tmp_path):
    routes = write_csv(tmp_path / "routes.csv", ["intent", "route"], [("fees", "SOMETIMES")])

    with pytest.raises(CommandError, match="expected HUMAN or ROUTINE"):
        run(**{**files, "routes": routes})


def test_training_data_with_a_single_intent_is_a_clear_error(files, tmp_path):
    train = write_csv(tmp_path / "one.csv", ["text", "intent"], [("hi", "greeting")] * 5)

    with pytest.raises(CommandError, match="at least two intents"):
        run(**{**files, "train": train})
