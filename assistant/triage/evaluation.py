"""Reading `text,intent` and `intent,route,reason` CSV files, and measuring a triage
model on a test set. Used by `manage.py assistant_eval` and `bench/triage_bench.py`.

Definitions (the JSON keys):
- intent_acc: accuracy over test messages whose true intent is not "oos" (a prediction
  of out of scope counts as wrong); macro_f1: F1 averaged over those intents;
- oos_recall: of truly out-of-scope messages, the share triage called out of scope;
  oos_precision: of messages it called out of scope, the share truly so;
- a HUMAN message is one whose true intent routes HUMAN; human_recall: the share of
  those triage routed HUMAN (by intent or by an explicit request for a person): the
  assistant hands them off, or answers with a person offered; human_handoff_recall:
  the share handed off outright (TriageResult.needs_person);
  human_precision: of messages routed HUMAN, the share truly HUMAN; routine_kept: of
  truly ROUTINE messages (out of scope included), the share not routed HUMAN;
- p50_ms, p99_ms: wall time of one `triage()` call over the test messages; train_s.
A figure with nothing to count (no out-of-scope message in the test set, say) is null.
"""

import csv
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.triage.model import HUMAN, OOS, ROUTINE, TriageModel

KEYS = (
    "intent_acc",
    "macro_f1",
    "oos_recall",
    "oos_precision",
    "human_recall",
    "human_handoff_recall",
    "human_precision",
    "routine_kept",
    "p50_ms",
    "p99_ms",
    "train_s",
)


class DataError(ValueError):
    """An input file that cannot be used, with a message naming the file and why."""


def read_csv(path: str | Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: no such file.")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip().lower() for name in reader.fieldnames or []]
            missing = [name for name in columns if name not in header]
            if missing:
                found = ", ".join(header) or "nothing"
                raise DataError(
                    f"{path}: missing column(s) {', '.join(missing)}; the header has {found}."
                )
            reader.fieldnames = header
            rows = [
                {name: (row.get(name) or "").strip() for name in columns}
                for row in reader
                if any((value or "").strip() for value in row.values() if isinstance(value, str))
            ]
    except UnicodeDecodeError as error:
        raise DataError(f"{path}: not UTF-8 text ({error}).") from error
    except csv.Error as error:
        raise DataError(f"{path}: not valid CSV ({error}).") from error
    if not rows:
        raise DataError(f"{path}: no rows.")
    return rows


def read_examples(path: str | Path) -> list[tuple[str, str]]:
    """(text, intent) pairs; a row without an intent is an error, one without text is
    skipped."""
    examples = []
    for line, row in enumerate(read_csv(path, ("text", "intent")), start=2):
        if not row["intent"]:
            raise DataError(f"{path}: row {line} has text but no intent.")
        if row["text"]:
            examples.append((row["text"], row["intent"]))
    if not examples:
        raise DataError(f"{path}: no row has both text and an intent.")
    return examples


def read_routes(path: str | Path) -> dict[str, str]:
    routes = {}
    for line, row in enumerate(read_csv(path, ("intent", "route")), start=2):
        route = row["route"].upper()
        if route not in (HUMAN, ROUTINE):
            raise DataError(
                f"{path}: row {line} routes {row['intent']!r} to {row['route']!r}; "
                "expected HUMAN or ROUTINE."
            )
        if row["intent"]:
            routes[row["intent"]] = route
    return routes


@dataclass
class Evaluation:
    figures: dict
    counts: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def evaluate(
    model: TriageModel, test: list[tuple[str, str]], routes: dict[str, str], train_s: float
) -> Evaluation:
    texts = [text for text, _ in test]
    truth = [intent for _, intent in test]
    model.triage("warm up")  # first-call costs (caches, lazy imports) are not a message's
    results, times = [], []
    for text in texts:
        started = time.perf_counter()
        results.append(model.triage(text))
        times.append((time.perf_counter() - started) * 1000.0)
    predicted = [result.intent for result in results]
    routed = np.array([result.route == HUMAN for result in results])
    handed_off = np.array([result.needs_person for result in results])
    is_oos = np.array([intent == OOS for intent in truth])
    said_oos = np.array([result.out_of_scope for result in results])
    right = np.array([p == t for p, t in zip(predicted, truth, strict=True)])
    true_route = np.array([routes.get(intent, ROUTINE) == HUMAN for intent in truth])

    figures = {
        "intent_acc": _ratio(right & ~is_oos, ~is_oos),
        "macro_f1": _macro_f1(truth, predicted),
        "oos_recall": _ratio(said_oos & is_oos, is_oos),
        "oos_precision": _ratio(said_oos & is_oos, said_oos),
        "human_recall": _ratio(routed & true_route, true_route),
        "human_handoff_recall": _ratio(handed_off & true_route, true_route),
        "human_precision": _ratio(routed & true_route, routed),
        "routine_kept": _ratio(~routed & ~true_route, ~true_route),
        "p50_ms": round(float(np.percentile(times, 50)), 3),
        "p99_ms": round(float(np.percentile(times, 99)), 3),
        "train_s": round(train_s, 2),
    }
    counts = {
        "test_messages": len(test),
        "in_scope": int(np.sum(~is_oos)),
        "out_of_scope": int(np.sum(is_oos)),
        "human": int(np.sum(true_route)),
        "routed_human": int(np.sum(routed)),
        "explicit_requests": sum(result.human_request for result in results),
    }
    notes = []
    trained = set(model.classes)
    unseen = sorted({intent for intent in truth if intent not in trained and intent != OOS})
    if unseen:
        notes.append(f"test intents never seen in training (always wrong): {', '.join(unseen)}")
    unrouted = sorted({intent for intent in truth if intent not in routes and intent != OOS})
    if unrouted:
        notes.append(f"test intents without a route (counted ROUTINE): {', '.join(unrouted)}")
    return Evaluation(figures, counts, notes)


def _ratio(hits: np.ndarray, among: np.ndarray) -> float | None:
    total = int(np.sum(among))
    return round(float(np.sum(hits & among)) / total, 4) if total else None


def _macro_f1(truth: list[str], predicted: list[str]) -> float | None:
    """F1 per in-scope intent of the test set, over all test messages, averaged."""
    intents = sorted({intent for intent in truth if intent != OOS})
    if not intents:
        return None
    true_counts, predicted_counts = Counter(truth), Counter(predicted)
    hits = Counter(t for t, p in zip(truth, predicted, strict=True) if t == p)
    scores = []
    for intent in intents:
        denominator = true_counts[intent] + predicted_counts[intent]
        scores.append(2.0 * hits[intent] / denominator if denominator else 0.0)
    return round(float(np.mean(scores)), 4)
