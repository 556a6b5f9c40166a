"""The intent classifier's learner and its calibration, as plain arrays.

A one-vs-rest linear SVM (liblinear) gives one decision value per intent. A single
temperature turns decision values into probabilities (softmax(d / T)), fitted on
held-out decisions; thresholds are quantiles of held-out scores. Nothing here knows
about any dataset.
"""

import warnings

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from scipy.special import logsumexp, softmax
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm import LinearSVC

# A class missing from a fold's training data must never win in that fold.
ABSENT = -1e3


def fit_svm(
    X: sparse.csr_matrix, y: np.ndarray, n_classes: int, *, C: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes, float32) and biases (classes) for classes 0..n-1;
    a class absent from `y` gets zero weights and a very low bias."""
    weights = np.zeros((X.shape[1], n_classes), dtype=np.float32)
    bias = np.full(n_classes, ABSENT)
    present = np.unique(y)
    if len(present) < 2:  # a fold of a tiny data set: nothing to separate
        bias[present] = 0.0
        return weights, bias
    svm = LinearSVC(C=C, tol=1e-2, max_iter=200, random_state=seed)
    with warnings.catch_warnings():
        # Stopping a little early costs nothing measurable here and bounds the time.
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(X, y)
    coef, intercept = svm.coef_, svm.intercept_
    if len(svm.classes_) == 2:  # liblinear returns one hyperplane for two classes
        coef, intercept = np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    weights[:, svm.classes_] = coef.T
    bias[svm.classes_] = intercept
    return weights, bias


def fit_temperature(decisions: np.ndarray, y: np.ndarray) -> float:
    """The T minimising the log loss of softmax(decisions / T) on held-out rows."""
    rows = np.arange(len(y))

    def log_loss(log_t: float) -> float:
        z = decisions / np.exp(log_t)
        return float(np.mean(logsumexp(z, axis=1) - z[rows, y]))

    best = minimize_scalar(log_loss, bounds=(np.log(1e-3), np.log(10.0)), method="bounded")
    return float(np.exp(best.x))


def probabilities(decisions: np.ndarray, temperature: float) -> np.ndarray:
    return softmax(decisions / temperature, axis=-1)


def oos_scores(decisions: np.ndarray, in_scope: np.ndarray, oos_index: int | None):
    """How far out of scope each row looks: the out-of-scope class' decision (0, the
    SVM's own boundary, without one) minus the best in-scope decision."""
    reference = decisions[..., oos_index] if oos_index is not None else 0.0
    return reference - decisions[..., in_scope].max(axis=-1)


def upper_threshold(scores: np.ndarray, false_alarm: float) -> float:
    """The score above which at most `false_alarm` of these (negative) rows lie."""
    if len(scores) == 0:
        return float("inf")
    ordered = np.sort(scores)
    allowed = int(np.floor(false_alarm * len(ordered)))
    return float(ordered[len(ordered) - 1 - allowed])


def lower_threshold(scores: np.ndarray, recall: float) -> float:
    """The score at or above which at least `recall` of these (positive) rows lie."""
    if len(scores) == 0:
        return float("inf")
    ordered = np.sort(scores)
    missed = int(np.floor((1.0 - recall) * len(ordered) + 1e-9))
    return float(ordered[min(missed, len(ordered) - 1)])
