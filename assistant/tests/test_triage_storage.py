"""A trained triage model survives to_bytes/from_bytes exactly, and from_bytes refuses
anything that is not such a model."""

import io
import pickle

import numpy as np
import pytest

from assistant.tests.test_triage_model import IN_SCOPE, OUT_OF_SCOPE, trained
from assistant.triage import TriageModel
from assistant.triage.storage import MAGIC

MESSAGES = (
    [text for text, _ in IN_SCOPE]
    + OUT_OF_SCOPE
    + [
        "I want to talk to a human",
        "THIS IS A SCAM!!!",
        "",
        "ñandú €100 — 你好 😡",
    ]
)


def test_a_loaded_model_triages_exactly_as_the_saved_one():
    model = trained()

    loaded = TriageModel.from_bytes(model.to_bytes())

    assert [loaded.triage(text) for text in MESSAGES] == [model.triage(text) for text in MESSAGES]
    assert loaded.classes == model.classes
    assert loaded.routes == model.routes
    assert np.array_equal(loaded.weights, model.weights)
    assert loaded.info == model.info


def test_saving_twice_gives_the_same_bytes():
    model = trained()

    assert model.to_bytes() == TriageModel.from_bytes(model.to_bytes()).to_bytes()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a model at all",
        MAGIC + b"garbage after the magic line",
        pickle.dumps({"classes": ["a", "b"]}),
    ],
)
def test_anything_else_is_refused_with_a_value_error(data):
    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(data)


def test_a_truncated_model_is_refused():
    data = trained().to_bytes()

    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(data[: len(data) // 2])


def test_an_archive_carrying_a_pickled_object_is_refused():
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    np.savez(buffer, header=np.array([{"classes": ["a"]}], dtype=object))

    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(buffer.getvalue())
