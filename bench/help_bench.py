"""Benchmark: help-center retrieval on a labelled set of customer questions.

    .venv/bin/python bench/help_bench.py
    .venv/bin/python bench/help_bench.py --queries bench/data/help_queries.csv --misses

Indexes the default articles (assistant.defaults.ARTICLES, as the data migration installs
them) with the search the site serves (assistant.help.HelpIndex), asks every question of
the set and prints:
- top-1: answerable questions whose first hit is the labelled article;
- top-3: answerable questions with the labelled article among the first three hits;
- no-match: whether "a hit or none" is right, as the mean of its two halves, since the
  set has far fewer unanswerable questions than answerable ones: the share of
  unanswerable questions (empty slug) that get no hit, and of answerable ones that get
  at least one;
- p50 latency of one search (the index's memory of recent questions bypassed).
Then the same for WordLlama (static word embeddings whose weights ship inside the
wordllama wheel), if it is installed, at the threshold that does best on the set, so it
is compared at its best. It must load with no network: the bench refuses a download.
Not a test, and nothing here is served: run it by hand when the articles or the search
change.
"""

import argparse
import csv
import os
import socket
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_QUERIES = ROOT / "bench" / "data" / "help_queries.csv"


@dataclass(frozen=True)
class Figures:
    top1: float
    top3: float
    no_match: float
    unanswerable_rejected: float
    answerable_answered: float
    p50_ms: float

    def line(self, name: str) -> str:
        return (
            f"{name:<34} top-1 {self.top1:6.1%}  top-3 {self.top3:6.1%}  "
            f"no-match {self.no_match:6.1%} (unanswerable rejected "
            f"{self.unanswerable_rejected:6.1%}, answerable answered "
            f"{self.answerable_answered:6.1%})  p50 {self.p50_ms:.2f} ms"
        )


def read_queries(path: Path) -> list[tuple[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [(row["query"], row["slug"].strip()) for row in csv.DictReader(handle)]


def measure(search, queries: list[tuple[str, str]], misses: list | None = None) -> Figures:
    """`search(query)` returns the slugs found, best first, nothing when none is good
    enough."""
    top1 = top3 = rejected = answered = 0
    timings = []
    for query, slug in queries:
        started = time.perf_counter()
        found = search(query)
        timings.append(time.perf_counter() - started)
        top1 += bool(slug) and found[:1] == [slug]
        top3 += bool(slug) and slug in found[:3]
        rejected += not slug and not found
        answered += bool(slug) and bool(found)
        if misses is not None and (found[:1] != [slug] if slug else found):
            misses.append((query, slug or "-", found[:3]))
    answerable = sum(1 for _, slug in queries if slug)
    unanswerable_rejected = rejected / max(len(queries) - answerable, 1)
    answerable_answered = answered / answerable
    return Figures(
        top1=top1 / answerable,
        top3=top3 / answerable,
        no_match=(unanswerable_rejected + answerable_answered) / 2,
        unanswerable_rejected=unanswerable_rejected,
        answerable_answered=answerable_answered,
        p50_ms=statistics.median(timings) * 1000,
    )


def default_articles():
    """The default articles as the migration installs them, unsaved: the index reads
    only their fields."""
    from assistant.defaults import ARTICLES
    from assistant.models import Article

    return [
        Article(
            slug=article["slug"],
            title=article["title"],
            summary=article["summary"],
            keywords=article["keywords"],
            body="\n\n".join(article["paragraphs"]),
        )
        for article in ARTICLES
    ]


def tfidf_search(articles):
    from assistant.help import HelpIndex

    index = HelpIndex(articles)
    # _search, not search: the index remembers recent questions, and the bench measures
    # the search itself.
    return lambda query: [hit.slug for hit in index._search(query, 3, None)]


def refuse_network() -> None:
    """Any connection attempt raises: a model that would download is unusable here."""

    def refuse(*args, **kwargs):
        raise RuntimeError("network access attempted")

    socket.socket.connect = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def load_wordllama():
    """WordLlama from the files inside its wheel. wordllama 0.4.0.post1 looks for its
    tokenizer in `wordllama/tokenizer/` but ships it in `wordllama/tokenizers/`, so it
    would download it; pointing its cache at the package makes it find the shipped one."""
    import wordllama

    package = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True)


class WordLlamaIndex:
    """Cosine similarity of the question's embedding to each article's. An article is
    embedded as a whole (title, keywords, summary, body), and each of its parts on its
    own; its score is the best of them, so one paragraph that matches counts fully."""

    def __init__(self, model, articles, whole_only: bool = False):
        self.model = model
        self.slugs = [article.slug for article in articles]
        texts, owners = [], []
        for number, article in enumerate(articles):
            whole = "\n".join([article.title, article.keywords, article.summary, article.body])
            parts = [] if whole_only else [article.title, article.summary, article.keywords]
            if not whole_only:
                parts += [part for part in article.body.split("\n\n") if part.strip()]
            for text in [whole, *parts]:
                texts.append(text)
                owners.append(number)
        self.vectors = model.embed(texts, norm=True)
        self.owners = np.array(owners)

    def scores(self, query: str) -> np.ndarray:
        similarities = self.vectors @ self.model.embed([query], norm=True)[0]
        best = np.full(len(self.slugs), -1.0)
        np.maximum.at(best, self.owners, similarities)
        return best

    def search(self, query: str, threshold: float) -> list[str]:
        scores = self.scores(query)
        order = np.argsort(-scores, kind="stable")[:3]
        return [self.slugs[row] for row in order if scores[row] >= threshold]


def best_threshold(index: WordLlamaIndex, queries) -> float:
    """The threshold that does best on top-1 plus no-match: WordLlama at its best."""

    def worth(threshold: float) -> float:
        figures = measure(lambda query: index.search(query, threshold), queries)
        return figures.top1 + figures.no_match

    return max(np.arange(0.0, 0.9, 0.01), key=worth)


def print_misses(name: str, misses) -> None:
    print(f"\n{name}: {len(misses)} questions answered wrongly (expected, found):")
    for query, expected, found in misses:
        print(f"  {query!r:<62} {expected:<24} {', '.join(found) or '(nothing)'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--misses", action="store_true", help="List the questions missed.")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    import django

    django.setup()
    queries = read_queries(args.queries)
    articles = default_articles()
    answerable = sum(1 for _, slug in queries if slug)
    print(
        f"{args.queries.name}: {len(queries)} questions, {answerable} answerable, "
        f"{len(queries) - answerable} not; {len(articles)} articles\n"
    )

    from assistant.help import MIN_SCORE

    misses = [] if args.misses else None
    figures = measure(tfidf_search(articles), queries, misses)
    print(figures.line(f"TF-IDF (MIN_SCORE {MIN_SCORE})"))
    tfidf_misses = misses

    try:
        import wordllama  # noqa: F401
    except ImportError:
        print("WordLlama: not installed (pip install wordllama==0.4.0.post1 to compare)")
        if misses is not None:
            print_misses("TF-IDF", tfidf_misses)
        return
    refuse_network()
    started = time.perf_counter()
    model = load_wordllama()
    print(f"WordLlama loaded offline in {(time.perf_counter() - started) * 1000:.0f} ms")
    wordllama_misses = None
    for name, whole_only in (("whole article", True), ("best of article and parts", False)):
        index = WordLlamaIndex(model, articles, whole_only=whole_only)
        threshold = best_threshold(index, queries)
        misses = [] if args.misses else None
        figures = measure(lambda query, i=index, t=threshold: i.search(query, t), queries, misses)
        print(figures.line(f"WordLlama, {name} (>= {threshold:.2f})"))
        wordllama_misses = misses
    if args.misses:
        print_misses("TF-IDF", tfidf_misses)
        print_misses("WordLlama, best of article and parts", wordllama_misses)


if __name__ == "__main__":
    main()
