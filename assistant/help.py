"""Help-center search: TF-IDF retrieval over the published articles.

Used by the /help/ pages and by the assistant's help-center tool. The fitted index
lives in this process and is refitted only when the published articles change (their
count or their latest `updated_at`, which the admin stamps on every save). The
assistant searches on almost every how-to question, so both checks are cheap: the
articles' state is read at most every 2 s outside a transaction (an article saved
in this process counts at once: core.kept), and an index remembers its answers to
the questions asked most recently (customers ask the same few things again and again).

Each language has its own index, over the articles in that language: a question is
searched in the language it is asked in (the active language), and in English when
that finds nothing."""

import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
from django.db.models import Count, Max
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from scipy import sparse

from assistant.language import ENGLISH, answered_language
from assistant.models import Article
from assistant.triage.features import tfidf_rows
from core.kept import KeptForAWhile

# Below this cosine similarity a hit is noise (a shared common word), not an answer:
# "zebra stripes" or "what is the weather" must find nothing rather than something.
# Chosen on bench/help_bench.py's labelled questions: at 0.11, 6 of the 35 questions no
# article answers found an article (4 at 0.12); 0.13 saved one more and lost 10 answers.
MIN_SCORE = 0.12
# An article about the question's topic (Article.topics) is always found (it scores at
# least MIN_SCORE), and comes first unless another matches the words more than this much
# better: a topic is a reading of the question, its words are what it says.
ON_TOPIC = 1.15
# Longer queries are cut: the first thousand characters say what the question is, and
# a 5,000-character paste must not cost more than a short one.
MAX_QUERY_CHARS = 1000
EXCERPT_CHARS = 300
# A question that asks how much something costs wants the paragraph that says the
# amount: "how much do you charge if I pay late?" matched the paragraph on paying late
# best, and the EUR 5 fee is in the next one. Its excerpt is that paragraph, then the
# best match (when they differ).
ASKS_AMOUNT = re.compile(r"\b(?:how much|hur mycket|wie ?viel)\b", re.IGNORECASE)
AMOUNT = re.compile(r"\b(?:EUR|SEK|USD|GBP)\s?\d|\d\s?(?:EUR|SEK|kr\b)|€\s?\d", re.IGNORECASE)
REMEMBERED_QUERIES = 1024
# How many times the title and the keywords count in an article's text: a word in the
# title says far more about the topic than the same word in passing in the body.
TITLE_WEIGHT = 3
KEYWORD_WEIGHT = 2
# Words that say nothing about what a question is about: English function words, and a
# few words too common in the articles' phrasing to tell one article from another. Words
# that carry meaning in our questions stay out: "money back", "next payment", "interest",
# "pay off", "due", "in full", "move a date", "the first/last instalment", "down payment".
# "does", "did", "goes" and "got" count as words, and "one" and "two" are stop words
# while "three" is not: MIN_SCORE was chosen on exactly this choice, and changing it
# moves scores across MIN_SCORE (measure with bench/help_bench.py).
STOP_WORDS = frozenset(
    word
    for words in (
        "a an the this that these those",  # articles and demonstratives
        # pronouns
        "i me my mine myself we us our ours ourselves you your yours yourself yourselves",
        "he him his himself she her hers herself it its itself",
        "they them their theirs themselves",
        "one someone something anyone anything everyone everything nobody none nothing",
        "whoever whatever whichever",
        # auxiliaries and modals
        "am is are was were be been being do done have has had",
        "can cannot cant could may might must shall should will would",
        # prepositions
        "about above across after against along among amongst around as at before behind",
        "below beneath beside besides between beyond by during except for from in inside",
        "into near of on onto out outside over per through throughout to toward towards",
        "under until up upon via with within without",
        # conjunctions and question words
        "and or but nor so yet because although though if unless whether while whereas",
        "since than then once what when where which who whom whose why how however",
        "whenever wherever whereby",
        # quantifiers
        "all any both each either neither every few many much more most several some such",
        "no not other others another same own enough least less only two",
        # adverbs that only qualify or point
        "also again already always ever often sometimes still even else here there thus",
        "hence therefore indeed perhaps rather quite almost very too now meanwhile just",
        "otherwise together alone whole anyway anywhere somewhere somehow nowhere",
        "everywhere elsewhere",
        # the articles' common phrasing ("see the article", "on our side") and politeness
        "get gets give go keep made put see seem seems show side take please",
    )
    for word in words.split()
)


# The Swedish and German articles' function words, likewise (the English ones above
# stay: customers mix English words in).
def word_set(words: str) -> frozenset:
    return frozenset(words.split())


MORE_STOP_WORDS = {
    "sv": word_set(
        "och att det som en ett den de du jag vi ni han hon är var har hade kan ska skulle "
        "vill min mitt mina din ditt dina vår vårt våra er ert era sin sitt sina på av för "
        "med till från om i ur vid hos efter innan under över så men eller när hur vad "
        "vilken vilka varför här där inte nu bara också då sedan än alla något någon några "
        "inget ingen man sig mig dig oss"
    ),
    "de": word_set(
        "und oder aber der die das den dem des ein eine einen einem einer eines ich du er "
        "sie es wir ihr mein meine meinen meinem meiner dein ihre ihren ihrem ihrer unser "
        "unsere ist sind war waren bin hat habe haben hatte kann können muss müssen soll "
        "wird werden würde in im an am auf aus bei mit nach von vom zu zum zur für über "
        "unter vor wenn wann wie was wo warum welche welcher nicht nur auch noch schon so "
        "dann da hier dort jetzt alle etwas man sich mich mir uns ob dass als"
    ),
}

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SENTENCE = re.compile(r"(?<=[.?!])\s+")
# A question that ends in a condition ("how long does a refund take once the shop has
# got the item back?") asks about what comes before it: the condition's words count
# for half, or they pick the article about the condition (returning the item).
# ... after a short lead-in too ("Generally speaking, how long does a refund take once ...").
ASKING_START = re.compile(
    r"^\W*(?:[\w' ]{1,30},\s*)?"
    r"(how|when|what|whats|what's|where|why|which|can|could|do|does|is|are|will|would)\b",
    re.IGNORECASE,
)
TRAILING_CONDITION = re.compile(r"\s(?:once|after|as soon as|now that|since)\s", re.IGNORECASE)
CONDITION_WEIGHT = 0.5
ASKED_TERMS = 3  # what is asked must say enough alone: "do I keep paying after I ..." does not
MAX_SENTENCES = 4
WHITESPACE = re.compile(r"\s+")
# A word: two or more letters or digits (TfidfVectorizer's default token pattern).
WORD = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class ArticleHit:
    title: str
    slug: str
    url: str
    summary: str
    excerpt: str  # the paragraph that best matches the query, at most EXCERPT_CHARS
    # (for a question that asks how much: the paragraph with the amount first)
    score: float  # cosine similarity, 0 to 1
    on_topic: bool = False  # about the topic searched with (Article.topics)
    # False for an article found for its topic alone, none of its words the question's
    words_match: bool = True


@dataclass(frozen=True)
class _IndexedArticle:
    title: str
    slug: str
    url: str
    summary: str
    paragraphs: tuple[str, ...]
    first_paragraph: int  # row of its first paragraph in HelpIndex.paragraph_vectors
    topics: frozenset = frozenset()  # the intents it answers (Article.topics)


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


def strip_accents(text: str) -> str:
    """Accented letters become plain ones ("crème" -> "creme"): decomposed, without
    the combining marks."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def terms(text: str, stop_words: frozenset = STOP_WORDS, spelled=None) -> list[str]:
    """The words of `text` (lowercase, accents stripped) that are not stop words, and
    each pair of them that stand next to each other once the stop words are gone.
    `spelled`: word -> the word as the documents spell it (a question's typos)."""
    words = [word for word in WORD.findall(strip_accents(text.lower())) if word not in stop_words]
    if spelled is not None:
        words = [spelled(word) for word in words]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


# A word of a question the articles do not use, this long or longer, is read as the
# articles' word one letter away ("adress", "refnud", "paymnet"); shorter ones are too
# often another word ("spend" is not "send"). A plural is not a typo: "two accounts" is
# not about the account's closing (bench/help_bench.py: 5 letters and plurals read as
# typos let three questions no article answers find one).
TYPO_MIN_LETTERS = 6


# Past and -ing forms, and what their base form may end in instead.
VERB_ENDINGS = (("ied", ("y",)), ("ed", ("", "e")), ("ing", ("", "e")))


def _one_letter_out(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Spelling:
    """Typos one letter away from a word of the documents: a letter missing, extra,
    wrong, or two swapped. Each word of the documents is filed under itself and each
    of its one-letter-out forms; a question's word and its one-letter-out forms look
    it up (symmetric delete, as SymSpell does at distance one: no pairs are compared).
    Among several, the word most documents use."""

    def __init__(self, document_frequency: dict[str, int]):
        self.known = document_frequency
        self.filed: dict[str, set[str]] = {}
        for word in document_frequency:
            if len(word) >= TYPO_MIN_LETTERS - 1:
                for form in {word} | _one_letter_out(word):
                    self.filed.setdefault(form, set()).add(word)

    def __call__(self, word: str) -> str:
        if word in self.known or not word.isalpha():
            return word
        base = self._base_form(word)
        if base:
            return base
        if len(word) < TYPO_MIN_LETTERS:
            return word
        near = set().union(*(self.filed.get(form, ()) for form in {word} | _one_letter_out(word)))
        near = {known for known in near if known.rstrip("s") != word.rstrip("s")}
        return max(sorted(near), key=self.known.get) if near else word

    def _base_form(self, word: str) -> str:
        """A verb's past or -ing form the documents use only as its base ("pushed back",
        "postponed", "delaying", "stopped"). Not plurals: "two accounts" is not about
        the account."""
        for ending, replacements in VERB_ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 3:
                for replacement in replacements:
                    base = stem + replacement
                    if base in self.known:
                        return base
                doubled = len(stem) >= 4 and stem[-1] == stem[-2]  # "stopped", "planning"
                if doubled and stem[:-1] in self.known:
                    return stem[:-1]
        return ""


class Vectorizer:
    """TF-IDF over the terms of the documents it is fitted on, as scikit-learn's
    TfidfVectorizer computes it (and assistant.triage.features for the triage model):
    sublinear term frequency (1 + ln tf), smoothed idf (ln((1 + n) / (1 + df)) + 1),
    rows L2-normalised. Written here so that serving never imports scikit-learn (about
    100 MB a process); help search needs nothing else from it."""

    def __init__(self, documents: list[str], stop_words: frozenset = STOP_WORDS):
        # Stop words are compared after accents are stripped, as the words are.
        self.stop_words = frozenset(strip_accents(word) for word in stop_words)
        counts = [Counter(terms(document, self.stop_words)) for document in documents]
        # Columns in alphabetical order, as TfidfVectorizer's: the same sums in the same order.
        vocabulary = sorted(set().union(*counts))
        self.index = {term: column for column, term in enumerate(vocabulary)}
        matrix = self._count_matrix(counts)
        df = np.bincount(matrix.indices, minlength=len(vocabulary))
        self.idf = np.log((1 + len(documents)) / (1 + df)) + 1.0
        self.fitted = tfidf_rows(matrix, self.idf)  # the vectors of the documents themselves
        self.spelled = Spelling(
            {term: int(df[column]) for term, column in self.index.items() if " " not in term}
        )

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        """One row per text, its typos read as the documents' words; terms outside the
        vocabulary count for nothing."""
        counts = (Counter(terms(text, self.stop_words, self.spelled)) for text in texts)
        return tfidf_rows(self._count_matrix(counts), self.idf)

    def _count_matrix(self, counts) -> sparse.csr_matrix:
        indptr, indices, values = [0], [], []
        for text_counts in counts:
            known = sorted(
                (self.index[term], count)
                for term, count in text_counts.items()
                if term in self.index
            )
            indices.extend(column for column, _ in known)
            values.extend(count for _, count in known)
            indptr.append(len(indices))
        shape = (len(indptr) - 1, len(self.index))
        return sparse.csr_matrix((values, indices, indptr), shape=shape, dtype=np.float64)


class HelpIndex:
    """A fitted TF-IDF index over some articles. Immutable once built, so any number
    of threads may search it while a newer one is being fitted."""

    def __init__(self, articles, language: str = ENGLISH):
        self.articles: list[_IndexedArticle] = []
        documents, heads, all_paragraphs = [], [], []
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
                    topics=frozenset(
                        t for t in getattr(article, "topics", None) or [] if isinstance(t, str)
                    ),
                )
            )
            all_paragraphs.extend(paragraphs)
            heads.append("\n".join([article.title, article.keywords, article.summary]))
            documents.append(
                "\n".join(
                    [article.title] * TITLE_WEIGHT
                    + [article.keywords] * KEYWORD_WEIGHT
                    + [article.summary, article.body]
                )
            )
        self.vectorizer = Vectorizer(documents, STOP_WORDS | MORE_STOP_WORDS.get(language, set()))
        if not self.vectorizer.index:  # no articles, or nothing in them but stop words
            self.vectorizer = None
            return
        # Rows are L2-normalised, so a dot product is the cosine similarity.
        # A short question that matches one keyword phrase ("I'm broke") scores low against
        # the whole article, where the body's many words dilute it, and high against the
        # article's head alone; an article scores the better of the two. One matrix, the
        # whole articles then their heads, so that a search is one product.
        self.article_vectors = sparse.vstack(
            [self.vectorizer.fitted, self.vectorizer.transform(heads)], format="csr"
        )
        self.paragraph_vectors = self.vectorizer.transform(all_paragraphs or [""])
        self.with_amount = np.array([bool(AMOUNT.search(p)) for p in all_paragraphs] or [False])
        self.topics = [article.topics for article in self.articles]
        # Per index, so a refitted index never answers from the old one's memory.
        self._remembered = lru_cache(maxsize=REMEMBERED_QUERIES)(self._search)

    def search(self, query: str, limit: int = 3, topic: str | None = None) -> list[ArticleHit]:
        """`topic`: the intent the question was read as, when the reading is sure; the
        articles about it (Article.topics) come first, the words deciding among them."""
        query = query[:MAX_QUERY_CHARS]
        if self.vectorizer is None or limit <= 0 or not query.strip():
            return []
        return list(self._remembered(query, limit, topic or None))

    def _search(self, query: str, limit: int, topic: str | None) -> tuple[ArticleHit, ...]:
        # The whole query, and each of its sentences: the question of "The Sephora set
        # isn't for me. How does returning work?" is in one sentence, which the others
        # would dilute.
        sentences = [s for s in SENTENCE.split(query) if s.strip()][:MAX_SENTENCES]
        texts = [query, *sentences] if len(sentences) > 1 else [query]
        vectors = self.vectorizer.transform(texts)
        if vectors.nnz == 0:  # not one word the articles use
            return []
        vectors = self._weigh_condition(texts, vectors)
        query_vector = vectors[0] if vectors[0].nnz else vectors[vectors.getnnz(axis=1).argmax()]
        scores = (
            (self.article_vectors @ vectors.T).toarray().reshape(2, -1, len(texts)).max(axis=(0, 2))
        )
        about = np.array([topic in topics for topics in self.topics], dtype=bool)
        words = scores
        if topic and about.any():
            scores = np.where(about, np.maximum(scores, MIN_SCORE) * ON_TOPIC, scores)
        hits = []
        # Articles on the topic that its floor makes equal are ordered by their words
        # ("change the surname on my account": updating details before closing it).
        for row in np.lexsort((-words, -scores))[:limit]:
            if scores[row] < MIN_SCORE:
                break
            article = self.articles[row]
            hits.append(
                ArticleHit(
                    title=article.title,
                    slug=article.slug,
                    url=article.url,
                    summary=article.summary,
                    excerpt=self._excerpt(article, query_vector, ASKS_AMOUNT.search(query)),
                    score=round(min(float(scores[row]), 1.0), 4),
                    on_topic=bool(topic and about[row]),
                    words_match=bool(words[row] > 0),
                )
            )
        return tuple(hits)

    def _weigh_condition(self, texts: list[str], vectors):
        """Each text that asks and then states a condition, with the condition's words
        counting for CONDITION_WEIGHT."""
        rows = []
        for row, text in enumerate(texts):
            condition = TRAILING_CONDITION.search(text) if ASKING_START.search(text) else None
            if condition is None:
                rows.append(vectors[row])
                continue
            asked, stated = self.vectorizer.transform(
                [text[: condition.start()], text[condition.start() :]]
            )
            if asked.nnz < ASKED_TERMS:
                rows.append(vectors[row])
                continue
            both = asked + stated * CONDITION_WEIGHT
            rows.append(both / np.sqrt(both.multiply(both).sum()))
        return sparse.vstack(rows, format="csr")

    def _excerpt(self, article: _IndexedArticle, query_vector, asks_amount) -> str:
        if not article.paragraphs:
            return shorten(article.summary)
        start, end = article.first_paragraph, article.first_paragraph + len(article.paragraphs)
        scores = (self.paragraph_vectors[start:end] @ query_vector.T).toarray().ravel()
        best = int(np.argmax(scores))
        matching_amounts = self.with_amount[start:end] & (scores > 0)
        if not asks_amount or not matching_amounts.any():
            return shorten(article.paragraphs[best])
        amount = int(np.argmax(np.where(matching_amounts, scores, -1.0)))
        chosen = [amount] if amount == best else [amount, best]
        return "\n\n".join(shorten(article.paragraphs[n]) for n in chosen)


def _published_state() -> tuple:
    state = Article.objects.filter(is_published=True).aggregate(
        count=Count("pk"), latest=Max("updated_at")
    )
    return state["count"], state["latest"]


_state = KeptForAWhile(_published_state, seconds=2.0, model=Article)
_cached: dict[str, tuple[tuple, HelpIndex]] = {}  # by language
_fitting = threading.Lock()


def help_index(language: str = ENGLISH) -> HelpIndex:
    """The index of the published articles in `language`, refitted only when the
    articles have changed."""
    state = _state.get()
    cached = _cached.get(language)
    if cached is not None and cached[0] == state:
        return cached[1]
    with _fitting:  # one thread fits; the others wait for its result
        cached = _cached.get(language)
        if cached is None or cached[0] != state:
            articles = Article.objects.filter(is_published=True, language=language)
            index = HelpIndex(articles.order_by("title", "pk").iterator(), language)
            cached = _cached[language] = (state, index)
    return cached[1]


def search_articles(
    query: str, limit: int = 3, topic: str | None = None, language: str | None = None
) -> list[ArticleHit]:
    """The published articles that answer `query`, best first (those about `topic`, an
    intent, before the others), in `language` (by default the active one's), else in
    English. Nothing when none is relevant enough to be worth showing. Any input is
    safe: a model filling a tool argument may send anything."""
    if not isinstance(query, str):
        return []
    topic = topic if isinstance(topic, str) else None
    language = answered_language(language or get_language())
    hits = help_index(language).search(query, limit=limit, topic=topic)
    if hits or language == ENGLISH:
        return hits
    return help_index(ENGLISH).search(query, limit=limit, topic=topic)


def article_in_language(slug: str, language: str | None = None) -> Article:
    """The published article at `slug` in `language` (by default the active one's),
    else its English one; Http404 when there is neither."""
    language = answered_language(language or get_language())
    found = Article.objects.filter(slug=slug, is_published=True, language__in={language, ENGLISH})
    article = max(found, key=lambda a: a.language == language, default=None)
    if article is None:
        raise Http404("No such article")
    return article
