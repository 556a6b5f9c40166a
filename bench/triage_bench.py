"""Benchmark: the assistant's triage on CLINC150.

    .venv/bin/python bench/triage_bench.py              # train on train.csv
    .venv/bin/python bench/triage_bench.py --with-val   # train on train.csv + val.csv

Trains the triage on CLINC150's training split (optionally with its validation split),
triages every message of the test split and prints the figures `manage.py
assistant_eval` prints (intent accuracy, macro-F1, out-of-scope recall and precision,
HUMAN recall and precision, ROUTINE kept), the p50/p99 latency of one triage call and
the training time; then the size of the saved model, and the explicit-request
detector's precision and recall on the development sample. Nothing is tuned on the
test split: every threshold comes from held-out training data. Not a test: it takes
about half a minute.
"""

import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"


def detector_figures(path: Path) -> str:
    from assistant.triage import detect_human_request

    with path.open(newline="", encoding="utf-8") as handle:
        rows = [(row["text"], row["label"].strip() == "1") for row in csv.DictReader(handle)]
    said = [(detect_human_request(text), truth) for text, truth in rows]
    hits = sum(1 for guess, truth in said if guess and truth)
    guessed = sum(1 for guess, _ in said if guess)
    actual = sum(1 for _, truth in said if truth)
    return (
        f"explicit request for a person on {path.name} ({len(rows)} rows): "
        f"precision {hits / max(guessed, 1):.2%}, recall {hits / max(actual, 1):.2%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "clinc150")
    parser.add_argument("--with-val", action="store_true", help="Train on val.csv too.")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from assistant.triage import TriageModel
    from assistant.triage.evaluation import evaluate, read_examples, read_routes

    train = read_examples(args.data / "train.csv")
    if args.with_val:
        train += read_examples(args.data / "val.csv")
    test = read_examples(args.data / "test.csv")
    routes = read_routes(args.data / "routes.csv")

    started = time.perf_counter()
    model = TriageModel.train(train, routes, seed=args.seed)
    train_s = time.perf_counter() - started
    evaluation = evaluate(model, test, routes, train_s)

    split = "train + val" if args.with_val else "train"
    print(f"CLINC150: trained on {split} ({len(train)} examples) in {train_s:.1f} s")
    print(f"held-out training estimate: {json.dumps(model.info['held_out'])}")
    print(f"test split: {json.dumps(evaluation.counts)}")
    for key, value in evaluation.figures.items():
        if value is None:
            shown = "n/a"
        elif key.endswith(("_ms", "_s")):
            shown = f"{value}"
        else:
            shown = f"{value:.2%}"
        print(f"  {key:<16} {shown}")
    data = model.to_bytes()
    started = time.perf_counter()
    TriageModel.from_bytes(data)
    load_ms = (time.perf_counter() - started) * 1000
    print(f"saved model: {len(data) / 1e6:.1f} MB, loads in {load_ms:.0f} ms")
    dev = SHARED / "human_request_dev.csv"
    if dev.is_file():
        print(detector_figures(dev))
    print(json.dumps(evaluation.figures))


if __name__ == "__main__":
    main()
