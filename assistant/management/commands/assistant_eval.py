"""`python manage.py assistant_eval --train T.csv --test S.csv --routes R.csv`

Trains the triage on T (`text,intent`; intent "oos" marks out-of-scope examples, if
any), triages every message of S, and prints a readable report whose last line is one
JSON object: intent_acc, macro_f1, oos_recall, oos_precision, human_recall,
human_precision, routine_kept (fractions; null when there is nothing to count),
p50_ms, p99_ms (one triage call) and train_s. R (`intent,route,reason`) says which
intents go to a person. See assistant.triage.evaluation for the definitions.
Touches no database.
"""

import json
import time

from django.core.management.base import BaseCommand, CommandError

from assistant.triage import TriageModel
from assistant.triage.evaluation import DataError, evaluate, read_examples, read_routes

LABELS = {
    "intent_acc": "intent accuracy (in scope)",
    "macro_f1": "macro-F1 (in-scope intents)",
    "oos_recall": "out-of-scope recall",
    "oos_precision": "out-of-scope precision",
    "human_recall": "HUMAN recall",
    "human_handoff_recall": "HUMAN handed off outright",
    "human_precision": "HUMAN precision",
    "routine_kept": "ROUTINE kept by the assistant",
    "p50_ms": "triage p50 (ms)",
    "p99_ms": "triage p99 (ms)",
    "train_s": "training (s)",
}


class Command(BaseCommand):
    help = "Train the triage on one CSV of examples and measure it on another."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--train", required=True, help="CSV with columns text,intent.")
        parser.add_argument("--test", required=True, help="CSV with columns text,intent.")
        parser.add_argument("--routes", required=True, help="CSV with columns intent,route.")
        parser.add_argument("--seed", type=int, default=0, help="Random seed (default 0).")
        parser.add_argument(
            "--oos-false-alarm",
            type=float,
            default=0.01,
            help="Share of in-scope messages that may be called out of scope (default 0.01).",
        )
        parser.add_argument(
            "--human-recall",
            type=float,
            default=0.99,
            help="Share of HUMAN messages that must reach a person (default 0.99).",
        )

    def handle(self, *args, **options):
        try:
            train = read_examples(options["train"])
            test = read_examples(options["test"])
            routes = read_routes(options["routes"])
        except DataError as error:
            raise CommandError(str(error)) from None
        started = time.perf_counter()
        try:
            model = TriageModel.train(
                train,
                routes,
                seed=options["seed"],
                oos_false_alarm=options["oos_false_alarm"],
                human_recall=options["human_recall"],
            )
        except ValueError as error:
            raise CommandError(f"{options['train']}: {error}") from None
        train_s = time.perf_counter() - started
        evaluation = evaluate(model, test, routes, train_s)
        self._report(model, evaluation, len(train))
        self.stdout.write(json.dumps(evaluation.figures))

    def _report(self, model, evaluation, train_count):
        info, counts = model.info, evaluation.counts
        write = self.stdout.write
        write(
            f"Trained on {train_count} examples of {info['intents']} intents "
            f"({info['oos_examples']} out-of-scope examples) in {info['train_seconds']:.2f} s; "
            f"{info['features']} features."
        )
        for key in ("routes_without_examples", "intents_without_route"):
            if info.get(key):
                what = key.replace("_", " ")
                write(f"  note: {what}: {', '.join(info[key])}")
        held_out = ", ".join(
            f"{name.replace('_', ' ')} {value:.3f}"
            for name, value in info["held_out"].items()
            if value is not None
        )
        write(f"Held-out training estimate: {held_out}.")
        write(
            f"Tested on {counts['test_messages']} messages: {counts['in_scope']} in scope, "
            f"{counts['out_of_scope']} out of scope, {counts['human']} HUMAN; "
            f"{counts['routed_human']} routed HUMAN "
            f"({counts['explicit_requests']} explicit requests for a person)."
        )
        for note in evaluation.notes:
            write(f"  note: {note}")
        for key, label in LABELS.items():
            write(f"  {label:<32} {_shown(key, evaluation.figures[key])}")


def _shown(key: str, value: float | None) -> str:
    if value is None:
        return "n/a (nothing to count)"
    if key.endswith("_ms"):
        return f"{value:.3f}"
    if key.endswith("_s"):
        return f"{value:.2f}"
    return f"{value:.2%}"
