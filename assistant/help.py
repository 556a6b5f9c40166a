"""Help-center search: TF-IDF retrieval over the published articles.

Used by the /help/ pages and by the assistant's help-center tool. The fitted index
lives in this process and is refitted only when the published articles change (their
count or their latest `updated_at`, which the admin stamps on every save). The
assistant searches on almost every how-to question, so both checks are cheap: the
articles' state is read at most every 2 s outside a transaction (an article saved
in this process counts at once: core.kept), and an index remembers its answers to
the questions asked most recently (customers ask the same few things again and again)."""

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from django.db.models import Count, Max
from django.urls import reverse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from assistant.models import Article
from core.kept import KeptForAWhile

# Below this cosine similarity a hit is noise (a shared common word), not an answer:
# "zebra stripes" or "what is the weather" must find nothing rather than something.
MIN_SCORE = 0.11
# Longer queries are cut: the first thousand characters say what the question is, and
# a 5,000-character paste must not cost more than a short one.
MAX_QUERY_CHARS = 1000
EXCERPT_CHARS = 300
REMEMBERED_QUERIES = 1024
# How many times the title and the keywords count in an article's text: a word in the
# title says far more about the topic than the same word in passing in the body.
TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 2
# scikit-learn's English stop words, less those that carry meaning in our questions:
# "money back", "next payment", "interest", "pay off", "due", "in full", "move a date".
STOP_WORDS = sorted(
    ENGLISH_STOP_WORDS
    - {"amount", "back", "bill", "call", "detail", "due", "first", "full", "interest", "last"}
    - {"move", "name", "never", "next", "off", "three", "four", "six", "system"}
)

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class ArticleHit:
    title: str
    slug: str
    url: str
    summary: str
    excerpt: str  # the paragraph that best matches the query, at most EXCERPT_CHARS
    score: float  # cosine similarity, 0 to 1


@dataclass(frozen=True)
class _IndexedArticle:
    title: str
    slug: str
    url: str
    summary: str
    paragraphs: tuple[str, ...]
    first_paragraph: int  # row of its first paragraph in HelpIndex.paragraph_vectors


def paragraphs_of(body: str) -> list[str]:
    """Blank lines separate paragraphs; line breaks inside one are just spaces."""
    paragraphs = (WHITESPACE.sub(" ", part).strip() for part in PARAGRAPH_BREAK.split(body))
    return [paragraph for paragraph in paragraphs if paragraph]


def shorten(text: str, limit: int = EXCERPT_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


class HelpIndex:
    """A fitted TF-IDF index over some articles. Immutable once built, so any number
    of threads may search it while a newer one is being fitted."""

    def __init__(self, articles):
        self.articles: list[_IndexedArticle] = []
        documents, all_paragraphs = [], []
        for article in articles:
            paragraphs = paragraphs_of(article.body)
            self.articles.append(
                _IndexedArticle(
                    title=article.title,
                    slug=article.slug,
                    url=reverse("help_article", args=[article.slug]),
                    summary=article.summary,
                    paragraphs=tuple(paragraphs),
                    first_paragraph=len(all_paragraphs),
                )
            )
            all_paragraphs.extend(paragraphs)
            documents.append(
                "\n".join(
                    [article.title] * TITLE_WEIGHT
                    + [article.keywords] * KEYWORD_WEIGHT
                    + [article.summary, article.body]
                )
            )
        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2),
            stop_words=STOP_WORDS,
            sublinear_tf=True,
            strip_accents="unicode",
        )
        try:
            # Rows are L2-normalised, so a dot product is the cosine similarity.
            self.document_vectors = self.vectorizer.fit_transform(documents)
        except ValueError:  # no articles, or nothing in them but stop words
            self.vectorizer = None
            return
        self.paragraph_vectors = self.vectorizer.transform(all_paragraphs or [""])
        # Per index, so a refitted index never answers from the old one's memory.
        self._remembered = lru_cache(maxsize=REMEMBERED_QUERIES)(self._search)

    def search(self, query: str, limit: int = 3) -> list[ArticleHit]:
        query = query[:MAX_QUERY_CHARS]
        if self.vectorizer is None or limit <= 0 or not query.strip():
            return []
        return list(self._remembered(query, limit))

    def _search(self, query: str, limit: int) -> tuple[ArticleHit, ...]:
        query_vector = self.vectorizer.transform([query])
        if query_vector.nnz == 0:  # not one word the articles use
            return []
        scores = (self.document_vectors @ query_vector.T).toarray().ravel()
        hits = []
        for row in np.argsort(-scores, kind="stable")[:limit]:
            if scores[row] < MIN_SCORE:
                break
            article = self.articles[row]
            hits.append(
                ArticleHit(
                    title=article.title,
                    slug=article.slug,
                    url=article.url,
                    summary=article.summary,
                    excerpt=self._excerpt(article, query_vector),
                    score=round(float(scores[row]), 4),
                )
            )
        return tuple(hits)

    def _excerpt(self, article: _IndexedArticle, query_vector) -> str:
        if not article.paragraphs:
            return shorten(article.summary)
        start = article.first_paragraph
        rows = self.paragraph_vectors[start : start + len(article.paragraphs)]
        best = int(np.argmax((rows @ query_vector.T).toarray().ravel()))
        return shorten(article.paragraphs[best])


def _published_state() -> tuple:
    state = Article.objects.filter(is_published=True).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    return state["count"], state["latest"]


_state = KeptForAWhile(_published_state, seconds=2.0, model=Article)
_cached: tuple[tuple, HelpIndex] | None = None
_fitting = threading.Lock()


def help_index() -> HelpIndex:
    """The index of the published articles, refitted only when they have changed."""
    global _cached
    state = _state.get()
    cached = _cached
    if cached is not None and cached[0] == state:
        return cached[1]
    with _fitting:  # one thread fits; the others wait for its result
        cached = _cached
        if cached is None or cached[0] != state:
            articles = Article.objects.filter(is_published=True).order_by("title", "pk")
            cached = _cached = (state, HelpIndex(articles.iterator()))
    return cached[1]


def search_articles(query: str, limit: int = 3) -> list[ArticleHit]:
    """The published articles that answer `query`, best first. Nothing when none
    is relevant enough to be worth showing. Any input is safe: a model filling a tool
    argument may send anything."""
    if not isinstance(query, str):
        return []
    return help_index().search(query, limit=limit)
