"""The featurizer gives one message the same vector training gave it, and the
same unseen-word share, so thresholds learnt in training hold when serving."""

import numpy as np

from assistant.tests.test_triage_model import EXAMPLES
from assistant.triage.features import Featurizer, TermCounts, char_terms, word_terms
from assistant.triage.text import normalize_text


def test_one_message_and_a_batch_give_the_same_vectors():
    texts = [normalize_text(text) for text, _ in EXAMPLES]
    counts = TermCounts.of(texts)
    training = np.arange(0, len(texts), 2)
    held_out = np.arange(1, len(texts), 2)
    featurizer, kept = Featurizer.fit(counts, training)

    batch = featurizer.transform_counts(counts, kept, held_out).toarray()
    shares = featurizer.unseen_shares(counts, kept, held_out)

    for row, number in enumerate(held_out):
        columns, values = featurizer.transform_one(texts[number])
        single = np.zeros(featurizer.n_features)
        single[columns] = values
        assert np.allclose(single, batch[row]), texts[number]
        assert np.isclose(featurizer.unseen_share(texts[number]), shares[row])


def test_words_are_stemmed_and_paired_and_characters_stay_inside_words():
    assert word_terms("refunds arrived") == ["refund", "arriv", "refund arriv"]
    assert char_terms("hi") == [" h", "hi", "i ", " hi", "hi ", " hi "]
