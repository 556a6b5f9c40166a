"""The stacker: learnt from held-out SVM decisions, kept only when it beats the SVM on
held-out data, stored with the model (with the SVM's own temperature, for the
out-of-scope score), and absent from models stored before it."""

import io
import json
from dataclasses import replace

import numpy as np
import pytest

from assistant.tests.test_triage_model import IN_SCOPE, OUT_OF_SCOPE, trained
from assistant.triage import TriageModel, linear
from assistant.triage.model import UNSEEN_WEIGHT, Settings, _assign_folds, _stack
from assistant.triage.storage import MAGIC, MAGIC_1, MAGIC_2
from assistant.triage.text import normalize_text

MESSAGES = [text for text, _ in IN_SCOPE] + OUT_OF_SCOPE + ["I want to talk to a human", ""]


def confused_decisions(n=600, n_classes=4, seed=0):
    """Held-out decisions of an SVM that reads intent 1 as intent 0 (a little less
    sure) whenever it is intent 1: the best decision is wrong for a quarter of rows."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % n_classes
    decisions = rng.normal(-1.0, 0.2, size=(n, n_classes))
    decisions[np.arange(n), y] = rng.normal(0.5, 0.2, size=n)
    ones = y == 1
    decisions[ones, 0] = decisions[ones, 1] + 0.3
    return decisions, y


def test_the_stacker_learns_which_intents_the_svm_confuses():
    decisions, y = confused_decisions()
    inputs = linear.stack_inputs(decisions, np.zeros(len(y)))

    weights, bias = linear.fit_stacker(inputs, y, 4, C=1.0, max_iter=200, start=1.0)

    assert np.mean(decisions.argmax(axis=1) == y) < 0.8
    assert np.mean((inputs @ weights + bias).argmax(axis=1) == y) > 0.95
    assert weights.shape == (5, 4)
    assert bias.shape == (4,)


def test_the_stacker_is_kept_when_it_beats_the_svm_on_held_out_decisions():
    decisions, y = confused_decisions()
    settings = Settings()
    fold_of = _assign_folds(y, settings.folds, np.random.default_rng(0))
    info = {}

    (weights, _bias, svm_temperature), scores = _stack(
        decisions, np.zeros(len(y)), y, fold_of, settings, info
    )

    assert info["stacker"]["kept"]
    assert svm_temperature == linear.fit_temperature(decisions, y)
    assert info["stacker"]["held_out_log_loss"] < info["stacker"]["svm_held_out_log_loss"]
    assert np.mean(scores.argmax(axis=1) == y) > 0.95  # held out, fold by fold
    again = _stack(decisions, np.zeros(len(y)), y, fold_of, settings, {})
    assert np.array_equal(again[0][0], weights)
    assert np.array_equal(again[1], scores)


def test_a_small_desk_keeps_the_svm_alone_when_the_stacker_does_not_help():
    model = trained()

    assert model.stack_weights is None
    assert model.stack_bias is None
    assert model.svm_temperature is None
    assert model.info["stacker"]["kept"] is False


def test_a_class_absent_from_a_fold_does_not_swamp_the_stacker():
    inputs = linear.stack_inputs(np.array([[linear.ABSENT, 0.5]]), [0.25])

    assert inputs.tolist() == [[linear.STACK_FLOOR, 0.5, 0.25]]


def with_a_stacker(model: TriageModel, svm_temperature: float | None = 0.37) -> TriageModel:
    n = len(model.classes)
    rng = np.random.default_rng(1)
    weights = np.vstack([np.eye(n) * 3.0 + rng.normal(0, 0.1, (n, n)), rng.normal(0, 1, (1, n))])
    return replace(
        model,
        stack_weights=weights,
        stack_bias=rng.normal(0, 0.1, n),
        svm_temperature=svm_temperature,
    )


def test_a_model_with_a_stacker_is_stored_and_loaded_exactly():
    model = with_a_stacker(trained())

    loaded = TriageModel.from_bytes(model.to_bytes())

    assert np.array_equal(loaded.stack_weights, model.stack_weights)
    assert np.array_equal(loaded.stack_bias, model.stack_bias)
    assert loaded.svm_temperature == model.svm_temperature
    assert loaded.to_bytes() == model.to_bytes()
    assert [loaded.triage(text) for text in MESSAGES] == [model.triage(text) for text in MESSAGES]
    assert [model.triage(text) for text in MESSAGES] != [
        trained().triage(text) for text in MESSAGES
    ]


def older_format(data: bytes, magic: bytes, *, drop_header=(), drop_arrays=()) -> bytes:
    """`data` (the current format) rewritten as an older format would have stored it."""
    with np.load(io.BytesIO(data[len(MAGIC) :]), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files if name not in drop_arrays}
    header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    for key in drop_header:
        del header[key]
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    buffer = io.BytesIO()
    buffer.write(magic)
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def test_a_model_stored_before_the_stacker_still_loads_without_one():
    model = trained()
    data = model.to_bytes()
    assert data.startswith(MAGIC)
    version_1 = older_format(data, MAGIC_1, drop_header=("stacker", "svm_temperature"))

    loaded = TriageModel.from_bytes(version_1)

    assert loaded.stack_weights is None
    assert loaded.svm_temperature is None
    assert [loaded.triage(text) for text in MESSAGES] == [model.triage(text) for text in MESSAGES]


def test_a_model_stored_before_the_svm_temperature_keeps_the_stackers_own_score():
    model = with_a_stacker(trained())
    version_2 = older_format(model.to_bytes(), MAGIC_2, drop_header=("svm_temperature",))

    loaded = TriageModel.from_bytes(version_2)

    assert np.array_equal(loaded.stack_weights, model.stack_weights)
    assert loaded.svm_temperature is None
    as_before = replace(model, svm_temperature=None)
    assert [loaded.triage(text) for text in MESSAGES] == [
        as_before.triage(text) for text in MESSAGES
    ]


def test_a_version_1_model_ignores_stacker_arrays_it_could_not_have_had():
    model = with_a_stacker(trained())

    loaded = TriageModel.from_bytes(MAGIC_1 + model.to_bytes()[len(MAGIC) :])

    assert loaded.stack_weights is None
    assert loaded.svm_temperature is None


@pytest.mark.parametrize("magic", [b"supportsite-triage/4\n", b"supportsite-triage/0\n"])
def test_an_unknown_format_version_is_refused(magic):
    data = trained().to_bytes()

    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(magic + data[len(MAGIC) :])


@pytest.mark.parametrize("temperature", [0.0, -1.0, float("inf"), float("nan"), "warm", [1]])
def test_an_svm_temperature_that_is_not_a_positive_number_is_refused(temperature):
    model = with_a_stacker(trained())
    data = older_format(model.to_bytes(), MAGIC, drop_header=("svm_temperature",))
    with np.load(io.BytesIO(data[len(MAGIC) :]), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    header = json.loads(arrays["header"].tobytes().decode("utf-8"))
    header["svm_temperature"] = temperature
    arrays["header"] = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    np.savez(buffer, **arrays)

    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(buffer.getvalue())


def shortfall(model: TriageModel, scores: np.ndarray) -> np.ndarray:
    return linear.oos_scores(scores, model.in_scope, model.oos_index)


def held_out(model: TriageModel, n=300, seed=2):
    rng = np.random.default_rng(seed)
    decisions = rng.normal(-0.8, 0.5, size=(n, len(model.classes)))
    unseen = rng.uniform(0, 1, n)
    y = np.arange(n) % len(model.classes)
    return decisions, unseen, y


def test_with_a_stacker_the_oos_score_adds_both_shortfalls_in_temperature_units():
    model = with_a_stacker(trained())
    decisions, unseen, _ = held_out(model)
    scores = model.scores(decisions, unseen)

    combined = model._oos_scores(scores, decisions, unseen)

    expected = (
        shortfall(model, scores) / model.temperature
        + shortfall(model, decisions) / model.svm_temperature
        + UNSEEN_WEIGHT * unseen
    )
    assert np.allclose(combined, expected, rtol=0, atol=1e-12)
    stacker_alone = shortfall(model, scores) + UNSEEN_WEIGHT * unseen
    assert not np.allclose(combined, stacker_alone)


def test_without_a_stacker_the_oos_score_is_the_svms_shortfall_as_before():
    model = trained()
    decisions, unseen, _ = held_out(model)
    expected = shortfall(model, decisions) + UNSEEN_WEIGHT * unseen

    assert np.array_equal(model._oos_scores(decisions, decisions, unseen), expected)
    # An SVM temperature alone (no stacker) changes nothing.
    odd = replace(model, svm_temperature=0.37)
    assert np.array_equal(odd._oos_scores(decisions, decisions, unseen), expected)
    # A stacker stored without the SVM's temperature: the stacker's shortfall alone.
    old = with_a_stacker(model, svm_temperature=None)
    scores = old.scores(decisions, unseen)
    assert np.array_equal(
        old._oos_scores(scores, decisions, unseen),
        shortfall(old, scores) + UNSEEN_WEIGHT * unseen,
    )


def test_the_oos_threshold_is_calibrated_on_the_combined_held_out_score():
    model = with_a_stacker(trained())
    decisions, unseen, y = held_out(model)
    scores = model.scores(decisions, unseen)

    model._calibrate(scores, decisions, unseen, y, Settings())

    combined = (
        shortfall(model, scores) / model.temperature
        + shortfall(model, decisions) / model.svm_temperature
        + UNSEEN_WEIGHT * unseen
    )
    in_scope = model.in_scope[y]
    assert model.oos_threshold == linear.upper_threshold(
        combined[in_scope], Settings().oos_false_alarm
    )
    assert model.info["held_out"]["oos_false_alarm"] <= Settings().oos_false_alarm


def test_triage_flags_out_of_scope_by_the_combined_score_of_one_message():
    model = with_a_stacker(trained())
    texts = MESSAGES[:-1]  # "" has no features: out of scope before any score
    parts = []
    for text in texts:
        normalized = normalize_text(text)
        columns, values = model.featurizer.transform_one(normalized)
        decisions = values @ model.weights[columns] + model.bias
        unseen = model.featurizer.unseen_share(normalized)
        scores = model.scores(decisions, unseen)
        parts.append(float(model._oos_scores(scores, decisions, unseen)))
    # A threshold between the messages' scores, so both outcomes occur.
    model = replace(model, oos_threshold=float(np.median(parts)))

    flagged = [model.triage(text).out_of_scope for text in texts]

    assert flagged == [part > model.oos_threshold for part in parts]
    assert any(flagged)
    assert not all(flagged)


def test_a_stacker_that_does_not_match_the_classes_is_refused():
    model = with_a_stacker(trained())
    broken = replace(model, stack_weights=model.stack_weights[:-1], stack_bias=model.stack_bias)

    with pytest.raises(ValueError, match="triage model"):
        TriageModel.from_bytes(broken.to_bytes())
