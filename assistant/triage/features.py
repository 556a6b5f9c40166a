"""What the intent classifier sees of a message: sparse TF-IDF vectors.

Two blocks, each L2-normalised on its own, with sublinear term frequency (1 + log tf)
and smoothed idf (ln((1 + n) / (1 + df)) + 1), as scikit-learn's TfidfVectorizer
computes them:
- words: unigrams and bigrams of lightly stemmed words ("payments" -> "payment");
- characters: 2- to 4-grams inside word boundaries (" car", "ard?"), which survive
  typos and inflections the word block misses.

Written here rather than with TfidfVectorizer so that a trained model is plain arrays
and a vocabulary (nothing executable to unpickle), and so that one message becomes a
vector in tens of microseconds.
"""

import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from scipy import sparse

WORD = re.compile(r"\w+")
SUFFIXES = ("ing", "ed", "es", "s", "ly")
CHAR_SIZES = (2, 4)


def stem(word: str) -> str:
    """Strip one common English suffix from words long enough to keep a stem."""
    for suffix in SUFFIXES:
        if len(word) >= len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_terms(text: str) -> list[str]:
    tokens = [stem(token) for token in WORD.findall(text)]
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def char_terms(text: str) -> list[str]:
    low, high = CHAR_SIZES
    terms = []
    for word in text.split():
        padded = f" {word} "
        if len(padded) < low:
            continue
        for size in range(low, min(high, len(padded)) + 1):
            terms.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return terms


# Block name -> (analyzer, minimum document frequency of a kept term).
BLOCKS = {"word": (word_terms, 1), "char": (char_terms, 2)}


@dataclass
class TermCounts:
    """Raw term counts of a corpus, one matrix per block over the corpus' own terms.
    Training featurises once and derives every fold's vocabulary from these."""

    terms: dict[str, list[str]]  # block -> term of each column
    counts: dict[str, sparse.csr_matrix]  # block -> documents x terms

    @classmethod
    def of(cls, texts: list[str]) -> "TermCounts":
        terms, counts = {}, {}
        for name, (analyzer, _) in BLOCKS.items():
            index: dict[str, int] = {}
            indptr, indices, values = [0], [], []
            for text in texts:
                for term, count in Counter(analyzer(text)).items():
                    indices.append(index.setdefault(term, len(index)))
                    values.append(count)
                indptr.append(len(indices))
            shape = (len(texts), len(index))
            matrix = sparse.csr_matrix((values, indices, indptr), shape=shape, dtype=np.float64)
            terms[name], counts[name] = list(index), matrix
        return cls(terms, counts)


def tfidf_rows(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Raw term counts (documents x terms; its data is replaced) as TF-IDF rows:
    sublinear term frequency, times `idf`, each row L2-normalised."""
    counts.data = 1.0 + np.log(counts.data)
    matrix = sparse.csr_matrix(counts.multiply(idf[np.newaxis, :]))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


@dataclass
class Block:
    name: str
    index: dict[str, int]  # term -> column within the block
    idf: np.ndarray


class Featurizer:
    """A fitted vocabulary and idf weights: turns normalised text into a vector."""

    def __init__(self, blocks: list[Block]):
        self.blocks = blocks
        self.offsets = np.cumsum([0] + [len(block.idf) for block in blocks])
        self.n_features = int(self.offsets[-1])

    @classmethod
    def fit(cls, counts: TermCounts, rows: np.ndarray) -> tuple["Featurizer", list[np.ndarray]]:
        """Fit on the documents `rows` of `counts`. Also returns, per block, the
        columns of `counts` that were kept (to transform any rows of `counts`)."""
        blocks, kept = [], []
        for name, (_, min_df) in BLOCKS.items():
            matrix = counts.counts[name][rows]
            df = np.bincount(matrix.indices, minlength=matrix.shape[1])
            columns = np.flatnonzero(df >= min_df)
            idf = np.log((1 + len(rows)) / (1 + df[columns])) + 1.0
            index = {counts.terms[name][c]: i for i, c in enumerate(columns)}
            blocks.append(Block(name, index, idf))
            kept.append(columns)
        return cls(blocks), kept

    def transform_counts(
        self, counts: TermCounts, kept: list[np.ndarray], rows: np.ndarray
    ) -> sparse.csr_matrix:
        """The vectors of documents `rows` of the corpus this featurizer was fit on."""
        parts = [
            tfidf_rows(counts.counts[block.name][rows][:, columns].tocsr(), block.idf)
            for block, columns in zip(self.blocks, kept, strict=True)
        ]
        return sparse.hstack(parts, format="csr")

    def unseen_share(self, text: str) -> float:
        """The share of the text's words never seen in training (1.0 for no words)."""
        words = [stem(token) for token in WORD.findall(text)]
        if not words:
            return 1.0
        index = self.blocks[0].index  # the word block
        return sum(word not in index for word in words) / len(words)

    def unseen_shares(
        self, counts: TermCounts, kept: list[np.ndarray], rows: np.ndarray
    ) -> np.ndarray:
        """`unseen_share` of documents `rows` of the corpus this featurizer was fit on."""
        matrix = counts.counts["word"][rows]
        single = np.array([" " not in term for term in counts.terms["word"]])
        seen = np.zeros(len(single), dtype=bool)
        seen[kept[0]] = True
        total = np.asarray(matrix[:, single].sum(axis=1)).ravel()
        known = np.asarray(matrix[:, single & seen].sum(axis=1)).ravel()
        return np.where(total > 0, 1.0 - known / np.maximum(total, 1), 1.0)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The vector of one normalised text as (column indices, values)."""
        all_columns, all_values = [], []
        for block, offset in zip(self.blocks, self.offsets, strict=False):
            analyzer = BLOCKS[block.name][0]
            columns, tfs = [], []
            for term, count in Counter(analyzer(text)).items():
                column = block.index.get(term)
                if column is not None:
                    columns.append(column)
                    tfs.append(count)
            if not columns:
                continue
            columns = np.asarray(columns, dtype=np.int64)
            values = (1.0 + np.log(np.asarray(tfs, dtype=np.float64))) * block.idf[columns]
            all_columns.append(columns + offset)
            all_values.append(values / np.sqrt(values @ values))
        if not all_columns:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(all_columns), np.concatenate(all_values)
