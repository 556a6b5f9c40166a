"""The intent classifier's learners and its calibration, as plain arrays.

A one-vs-rest linear SVM (liblinear) gives one decision value per intent. A stacker,
a multinomial logistic regression fitted on held-out SVM decisions (plus the share of
unseen words), turns those into one score per intent: it learns which intents the SVM
confuses with which, and how far to trust each. A single temperature turns scores into
probabilities (softmax(s / T)), fitted on held-out scores; thresholds are quantiles of
held-out scores. Nothing here knows about any dataset.
"""

import warnings

import numpy as np
from scipy import sparse

# A class missing from a fold's training data must never win in that fold.
ABSENT = -1e3
# The stacker reads decisions no lower than this: below anything the SVM gives a
# class it knows (C = 1 decisions stay within about -2.6 .. 2), so that ABSENT
# is "very unlikely" rather than a number that swamps the regression.
STACK_FLOOR = -3.0


def fit_svm(
    X: sparse.csr_matrix, y: np.ndarray, n_classes: int, *, C: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes, float32) and biases (classes) for classes 0..n-1;
    a class absent from `y` gets zero weights and a very low bias."""
    # Imported here: serving loads the model as plain arrays and must not pay for sklearn.
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

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


def stack_inputs(decisions: np.ndarray, unseen) -> np.ndarray:
    """What the stacker reads: the decisions (floored at STACK_FLOOR) and the share of
    unseen words, as the last column."""
    decisions = np.maximum(decisions, STACK_FLOOR)
    unseen = np.broadcast_to(np.asarray(unseen, dtype=np.float64), decisions.shape[:-1])
    return np.concatenate([decisions, unseen[..., np.newaxis]], axis=-1)


def fit_stacker(
    inputs: np.ndarray, y: np.ndarray, n_classes: int, *, C: float, max_iter: int, start: float
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression from `stack_inputs` rows to classes 0..n-1:
    weights (inputs x classes) and biases (classes). The penalty is scikit-learn's:
    sum of log losses + |W|^2 / (2 C), biases free. L-BFGS starts from the SVM itself
    (identity weights times `start`, the inverse of its temperature) and stops after
    `max_iter` iterations: deterministic, and a bounded time."""
    # Imported here: serving loads the model as plain arrays and must not pay for scipy.optimize.
    from scipy.optimize import minimize

    n, d = inputs.shape
    Z = np.ascontiguousarray(inputs, dtype=np.float64)
    rows = np.arange(n)

    def loss_and_gradient(theta: np.ndarray):
        W, b = theta[: d * n_classes].reshape(d, n_classes), theta[d * n_classes :]
        scores = Z @ W + b
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        total = exp.sum(axis=1)
        loss = np.sum(np.log(total)) - np.sum(scores[rows, y]) + np.sum(W * W) / (2 * C)
        exp /= total[:, np.newaxis]
        exp[rows, y] -= 1.0
        gradient = np.concatenate([(Z.T @ exp + W / C).ravel(), exp.sum(axis=0)])
        return loss / n, gradient / n

    start_weights = np.zeros((d, n_classes))
    start_weights[np.arange(min(d, n_classes)), np.arange(min(d, n_classes))] = start
    theta = np.concatenate([start_weights.ravel(), np.zeros(n_classes)])
    best = minimize(
        loss_and_gradient, theta, jac=True, method="L-BFGS-B", options={"maxiter": max_iter}
    )
    return best.x[: d * n_classes].reshape(d, n_classes), best.x[d * n_classes :]


def log_loss(scores: np.ndarray, y: np.ndarray, temperature: float) -> float:
    """Mean log loss of softmax(scores / T) against classes y."""
    from scipy.special import logsumexp  # training only, as minimize_scalar below

    z = scores / temperature
    return float(np.mean(logsumexp(z, axis=1) - z[np.arange(len(y)), y]))


def fit_temperature(decisions: np.ndarray, y: np.ndarray) -> float:
    """The T minimising the log loss of softmax(decisions / T) on held-out rows."""
    # Imported here: serving loads the model as plain arrays and must not pay for scipy.optimize.
    from scipy.optimize import minimize_scalar

    def loss(log_t: float) -> float:
        return log_loss(decisions, y, np.exp(log_t))

    best = minimize_scalar(loss, bounds=(np.log(1e-3), np.log(10.0)), method="bounded")
    return float(np.exp(best.x))


def probabilities(decisions: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(decisions / T), as scipy.special.softmax computes it; serving does not
    import scipy.special (8 MB a process) for these two lines."""
    z = decisions / temperature
    exponentials = np.exp(z - z.max(axis=-1, keepdims=True))
    return exponentials / exponentials.sum(axis=-1, keepdims=True)


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
