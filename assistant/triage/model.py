"""The trained triage: intent with confidence, out of scope, route, explicit request
for a person and sentiment for one customer message.

Training (`TriageModel.train`) learns a one-vs-rest linear SVM over TF-IDF features
(assistant.triage.features) from (text, intent) examples, and takes a routes table
(intent -> HUMAN or ROUTINE). Everything else is learnt from held-out training data,
by stratified k-fold cross-validation over the examples:
- a stacker: a multinomial logistic regression (linear.fit_stacker) from the SVM's
  held-out decisions and the share of unseen words to one score per intent. It learns
  which intents the SVM confuses with which. Its own held-out scores come from
  stackers fitted on the other folds' held-out decisions; it is kept only when their
  log loss beats the SVM's, else the scores are the SVM's decisions (small desks,
  where a few held-out messages per intent teach it too little, keep the SVM alone);
- the softmax temperature that turns scores into probabilities (confidence);
- the out-of-scope threshold: at most `oos_false_alarm` of held-out in-scope
  messages may be called out of scope. The score is how far the best intent's
  score falls short (of the "oos" class' score when the examples have an intent
  "oos", else of zero), plus the share of unseen words. With a stacker, two
  shortfalls are added, each in units of its own softmax temperature: the stacker's
  (over the temperature below) and the SVM's own (over the temperature fitted on
  its held-out decisions), plus the share of unseen words;
- the HUMAN threshold on the probability mass of the HUMAN intents: at least
  `human_recall` of held-out HUMAN messages reach it (never above one half, so a
  message more likely HUMAN than not always goes to a person).
A message is routed HUMAN when that mass reaches the threshold (out of scope or not:
recall comes first), when the customer asks for a person, or when it is out of scope
and the routes send "oos" to a person. Sentiment is reported, not routed on: the
escalation rules decide what it leads to. C (1.0) of the SVM and of the stacker
(scikit-learn's default for both) and the other settings are fixed, not searched;
nothing here knows any data set.
"""

import time
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

import numpy as np

from assistant.triage import linear
from assistant.triage.features import Featurizer, TermCounts
from assistant.triage.human_request import detect_human_request
from assistant.triage.sentiment import sentiment
from assistant.triage.text import normalize_text

OOS = "oos"
# Weight of the share of a message's words that training never saw, in the out-of-scope
# score, in score units (SVM margins, or the stacker's log-odds): a message of nothing
# but unseen words is one unit further out. Chosen once on CLINC150's validation split
# for the SVM (0.25 to 2 all helped; 1 is the round middle): without "oos" examples,
# recall at 1% false alarms rose from 53% to 62% there. With the stacker, 0.5 to 2
# made no difference there.
UNSEEN_WEIGHT = 1.0
HUMAN, ROUTINE = "HUMAN", "ROUTINE"
# Below this probability the likeliest intent is a guess: the assistant asks which of a
# few things the customer meant (a person among them) rather than acting on it.
SURE = 0.35


@dataclass(frozen=True)
class TriageResult:
    intent: str  # an intent of the training data, or "oos" when out of scope
    confidence: float  # probability of `intent`; out of scope: 1 - that of the best intent
    out_of_scope: bool
    route: str  # "HUMAN" or "ROUTINE"
    human_request: bool  # the customer explicitly asks for a person
    sentiment: float  # -1 (furious) .. 1 (delighted)
    human_score: float = 0.0  # probability mass of the intents routed HUMAN
    intent_route: str = ROUTINE  # the route of `intent` itself (out of scope: of "oos")
    # The likeliest in-scope intents with their probabilities, best first (at most
    # five): what a clarifying question offers when no reading is sure.
    alternatives: tuple[tuple[str, float], ...] = ()

    @property
    def sure(self) -> bool:
        """In scope, and its likeliest intent is not a guess."""
        return not self.out_of_scope and self.confidence >= SURE

    @property
    def needs_person(self) -> bool:
        """Hand off outright: the customer asks for a person; the intents a person must
        handle are more likely than not; or, sure of the message, its likeliest intent
        is one of them or they together are likelier than it. A message routed HUMAN
        without this is answered on its likeliest reading with a person offered, or,
        when no reading is sure, asked which it meant (a person among the choices)."""
        if self.human_request or self.human_score >= 0.5:
            return True
        risky = self.intent_route == HUMAN or self.human_score > self.confidence
        return self.sure and risky


@dataclass(frozen=True)
class Settings:
    """What training may be told; the defaults are the product's."""

    folds: int = 3
    C: float = 1.0
    oos_false_alarm: float = 0.01
    human_recall: float = 0.99
    seed: int = 0
    stack_C: float = 1.0  # the stacker's inverse penalty (scikit-learn's default C)
    stack_iterations: int = 100  # L-BFGS iterations of one stacker fit


@dataclass(eq=False)
class TriageModel:
    """A trained triage; build with `train` or `from_bytes`. Read-only once built, so
    one instance may serve many threads."""

    classes: list[str]
    routes: dict[str, str]  # every class -> HUMAN or ROUTINE
    featurizer: Featurizer
    weights: np.ndarray  # features x classes, float32
    bias: np.ndarray  # classes
    temperature: float
    oos_threshold: float
    human_threshold: float
    info: dict = field(default_factory=dict)  # training figures, for people to read
    # The stacker ((classes + 1) x classes, and classes), or None: scores are decisions.
    stack_weights: np.ndarray | None = None
    stack_bias: np.ndarray | None = None
    # The SVM's own softmax temperature on held-out decisions, set with a stacker: the
    # out-of-scope score then adds the SVM's shortfall to the stacker's (see
    # _oos_scores). None (no stacker, or stored before it) leaves the stacker's alone.
    svm_temperature: float | None = None

    def __post_init__(self):
        self.oos_index = self.classes.index(OOS) if OOS in self.classes else None
        self.in_scope = np.array([name != OOS for name in self.classes])
        self.human_mask = np.array([self.routes[name] == HUMAN for name in self.classes])
        self.oos_route = self.routes.get(OOS, ROUTINE)

    # --- Training --------------------------------------------------------------------

    @classmethod
    def train(
        cls,
        examples: Iterable[tuple[str, str]],
        routes: Mapping[str, str],
        *,
        seed: int = 0,
        folds: int = 3,
        C: float = 1.0,
        oos_false_alarm: float = 0.01,
        human_recall: float = 0.99,
        stack_C: float = 1.0,
        stack_iterations: int = 100,
        never_held_out: Iterable[tuple[str, str]] = (),
    ) -> "TriageModel":
        """Train on (text, intent) pairs. Raises ValueError on unusable input: fewer
        than two in-scope intents, an empty intent name, a route other than HUMAN or
        ROUTINE. Routes of intents absent from the examples are ignored (and listed
        in `info["routes_without_examples"]`); intents without a route are ROUTINE.

        `never_held_out`: more pairs, learnt in every fold and never held out (the
        Swedish and German examples: assistant.training). A language with a few examples
        an intent would, held out a third at a time, pull the calibration (the human
        threshold is set to catch 99 % of held-out HUMAN examples) towards handing its
        routine questions off; the calibration and the held-out figures stay those of
        `examples`."""
        started = time.perf_counter()
        settings = Settings(
            folds, C, oos_false_alarm, human_recall, seed, stack_C, stack_iterations
        )
        examples, never_held_out = list(examples), list(never_held_out)
        texts, labels = _examples([*examples, *never_held_out])
        held = len(examples)
        classes = sorted(set(labels))
        all_routes, info = _routes(routes, classes)
        y = np.searchsorted(classes, labels)
        counts = TermCounts.of(texts)
        fold_of = np.full(len(y), -1, dtype=np.int64)  # -1: in every fold's training part
        fold_of[:held] = _assign_folds(y[:held], settings.folds, np.random.default_rng(seed))

        def fit(rows: np.ndarray, held_out: np.ndarray | None):
            featurizer, kept = Featurizer.fit(counts, rows)
            X = featurizer.transform_counts(counts, kept, rows)
            weights, bias = linear.fit_svm(X, y[rows], len(classes), C=C, seed=seed)
            if held_out is None:
                return featurizer, weights, bias
            decisions = featurizer.transform_counts(counts, kept, held_out) @ weights + bias
            return decisions, featurizer.unseen_shares(counts, kept, held_out)

        # One fit at a time: liblinear draws from one process-wide random generator,
        # so fits on parallel threads would not be reproducible for a seed.
        decisions, unseen = np.zeros((len(y), len(classes))), np.zeros(len(y))
        for k in range(folds):
            rows, test = np.flatnonzero(fold_of != k), np.flatnonzero(fold_of == k)
            decisions[test], unseen[test] = fit(rows, test)
        featurizer, weights, bias = fit(np.arange(len(y)), None)
        held_out = slice(0, held)
        decisions, unseen, y_held = decisions[held_out], unseen[held_out], y[held_out]
        stack, scores = _stack(decisions, unseen, y_held, fold_of[held_out], settings, info)

        model = cls(classes, all_routes, featurizer, weights, bias, 1.0, 0.0, 0.0, info, *stack)
        model._calibrate(scores, decisions, unseen, y_held, settings)
        model.info.update(
            examples=len(y),
            intents=sum(name != OOS for name in classes),
            oos_examples=int(np.sum(np.asarray(labels) == OOS)),
            features=featurizer.n_features,
            settings=asdict(settings),
            train_seconds=round(time.perf_counter() - started, 3),
        )
        return model

    def _calibrate(
        self,
        scores: np.ndarray,
        decisions: np.ndarray,
        unseen: np.ndarray,
        y: np.ndarray,
        settings: Settings,
    ) -> None:
        """Temperature and thresholds from the held-out scores (and the SVM decisions
        behind them) of the folds; the out-of-scope score is computed as in `triage`."""
        self.temperature = linear.fit_temperature(scores, y)
        probabilities = linear.probabilities(scores, self.temperature)
        in_scope_rows = self.in_scope[y]
        oos = self._oos_scores(scores, decisions, unseen)
        self.oos_threshold = linear.upper_threshold(oos[in_scope_rows], settings.oos_false_alarm)
        human_rows = self.human_mask[y] & in_scope_rows
        mass = probabilities[:, self.human_mask].sum(axis=1)
        threshold = linear.lower_threshold(mass[human_rows], settings.human_recall)
        self.human_threshold = min(threshold, 0.5)
        # What the held-out data says to expect, for the people reading `info`.
        predicted = np.where(self.in_scope, scores, -np.inf).argmax(axis=1)
        flagged = oos > self.oos_threshold
        routed = mass >= self.human_threshold
        truly_oos = ~in_scope_rows
        self.info["held_out"] = {
            "intent_accuracy": _share((predicted == y) & ~flagged, in_scope_rows),
            "oos_false_alarm": _share(flagged, in_scope_rows),
            "oos_recall": _share(flagged, truly_oos) if truly_oos.any() else None,
            "human_recall": _share(routed, human_rows) if human_rows.any() else None,
            "routine_kept": _share(~routed, ~self.human_mask[y]),
        }

    # --- Triage ------------------------------------------------------------------------

    def triage(self, text: str) -> TriageResult:
        normalized = normalize_text(text)
        columns, values = self.featurizer.transform_one(normalized)
        human_request = detect_human_request(text)
        feeling = sentiment(text)
        if len(columns) == 0:  # nothing we have seen before: no evidence for any intent
            route = HUMAN if human_request or self.oos_route == HUMAN else ROUTINE
            return TriageResult(
                OOS, 1.0, True, route, human_request, feeling, intent_route=self.oos_route
            )
        decisions = values @ self.weights[columns] + self.bias
        unseen = self.featurizer.unseen_share(normalized)
        scores = self.scores(decisions, unseen)
        probabilities = linear.probabilities(scores, self.temperature)
        best = int(np.argmax(np.where(self.in_scope, scores, -np.inf)))
        out_of_scope = bool(self._oos_scores(scores, decisions, unseen) > self.oos_threshold)
        human_score = float(probabilities[self.human_mask].sum())
        needs_person = human_request or human_score >= self.human_threshold
        needs_person |= out_of_scope and self.oos_route == HUMAN
        intent = OOS if out_of_scope else self.classes[best]
        return TriageResult(
            intent=intent,
            confidence=float(1.0 - probabilities[best] if out_of_scope else probabilities[best]),
            out_of_scope=out_of_scope,
            route=HUMAN if needs_person else ROUTINE,
            human_request=human_request,
            sentiment=feeling,
            human_score=human_score,
            intent_route=self.oos_route if out_of_scope else self.routes[intent],
            alternatives=self._likeliest(probabilities),
        )

    def _likeliest(self, probabilities: np.ndarray, count: int = 5) -> tuple:
        in_scope = np.where(self.in_scope, probabilities, -1.0)
        best = np.argsort(-in_scope, kind="stable")[:count]
        return tuple((self.classes[n], round(float(probabilities[n]), 3)) for n in best)

    def scores(self, decisions: np.ndarray, unseen) -> np.ndarray:
        """One score per class from the SVM's decisions and the unseen-word share: the
        stacker's, or the decisions themselves when training kept no stacker."""
        if self.stack_weights is None:
            return decisions
        return linear.stack_inputs(decisions, unseen) @ self.stack_weights + self.stack_bias

    def _oos_scores(self, scores: np.ndarray, decisions: np.ndarray, unseen):
        """How far out of scope each message looks (see UNSEEN_WEIGHT): the shortfall
        of the scores; with a stacker and the SVM's temperature, the stacker's
        shortfall over its temperature plus the SVM's over its own, which held-out
        data of CLINC150 (cross-validated training data and its validation split)
        found better than either alone."""
        shortfall = linear.oos_scores(scores, self.in_scope, self.oos_index)
        if self.stack_weights is not None and self.svm_temperature is not None:
            svm = linear.oos_scores(decisions, self.in_scope, self.oos_index)
            shortfall = shortfall / self.temperature + svm / self.svm_temperature
        return shortfall + UNSEEN_WEIGHT * unseen

    # --- Storage -----------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        from assistant.triage.storage import dump

        return dump(self)

    @classmethod
    def from_bytes(cls, data: bytes) -> "TriageModel":
        """A model from `to_bytes`. The format holds only arrays, text and JSON (no
        pickle), so reading bytes cannot run code; still, only load bytes our own
        training produced. Raises ValueError on anything else."""
        from assistant.triage.storage import load

        return load(cls, data)


def _examples(examples: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for number, (text, intent) in enumerate(examples, start=1):
        intent = (intent or "").strip()
        if not intent:
            raise ValueError(f"Example {number} has no intent.")
        texts.append(normalize_text(text))
        labels.append(intent)
    if len(set(labels) - {OOS}) < 2:
        raise ValueError("Training needs examples of at least two intents.")
    return texts, labels


def _routes(routes: Mapping[str, str], classes: list[str]) -> tuple[dict[str, str], dict]:
    cleaned = {}
    for intent, route in routes.items():
        route = (route or "").strip().upper()
        if route not in (HUMAN, ROUTINE):
            raise ValueError(f"Route of {intent!r} is {route!r}; expected HUMAN or ROUTINE.")
        cleaned[intent.strip()] = route
    known = set(classes) | {OOS}
    info = {
        "routes_without_examples": sorted(set(cleaned) - known),
        "intents_without_route": sorted(set(classes) - set(cleaned) - {OOS}),
    }
    all_routes = {name: cleaned.get(name, ROUTINE) for name in classes}
    all_routes.setdefault(OOS, cleaned.get(OOS, ROUTINE))
    return all_routes, info


def _stack(
    decisions: np.ndarray,
    unseen: np.ndarray,
    y: np.ndarray,
    fold_of: np.ndarray,
    settings: Settings,
    info: dict,
) -> tuple[tuple[np.ndarray, np.ndarray, float] | tuple[None, None, None], np.ndarray]:
    """The stacker fitted on all held-out decisions with the SVM's temperature, and
    held-out scores to calibrate
    on: each fold's from a stacker fitted on the other folds' held-out decisions (so
    neither the SVM nor the stacker behind a score was fitted on its message; its label
    reaches the stacker only through the SVMs of the other folds). The stacker learns only
    from messages whose intent their fold's SVM knew. It is kept only when its held-out
    log loss beats the SVM's (temperature-scaled, on the same messages); else
    (None, None, None) and the held-out decisions themselves."""
    n_classes = decisions.shape[1]
    inputs = linear.stack_inputs(decisions, unseen)
    known = decisions[np.arange(len(y)), y] > linear.ABSENT
    svm_temperature = linear.fit_temperature(decisions[known], y[known]) if known.any() else 1.0
    start = 1.0 / svm_temperature

    def fit(rows: np.ndarray):
        if len(np.unique(y[rows])) < 2:
            return None
        return linear.fit_stacker(
            inputs[rows],
            y[rows],
            n_classes,
            C=settings.stack_C,
            max_iter=settings.stack_iterations,
            start=start,
        )

    scores = np.zeros_like(decisions)
    folds = range(settings.folds)
    # L-BFGS on NumPy arrays releases the GIL for most of its time; each fit is
    # deterministic on its own, so threads keep training reproducible.
    # The stacker on all messages is fitted alongside, in case it is kept.
    parts = [np.flatnonzero(known & (fold_of != k)) for k in folds] + [np.flatnonzero(known)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        *fitted, final = pool.map(fit, parts)
    if final is None or any(stacker is None for stacker in fitted):
        info["stacker"] = None  # too few intents known to some fold to learn from
        return (None, None, None), decisions
    for k, (weights, bias) in zip(folds, fitted, strict=True):
        rows = fold_of == k
        scores[rows] = inputs[rows] @ weights + bias
    base = linear.log_loss(decisions[known], y[known], svm_temperature)
    stacked = linear.log_loss(
        scores[known], y[known], linear.fit_temperature(scores[known], y[known])
    )
    kept = bool(stacked < base)
    info["stacker"] = {
        "kept": kept,
        "held_out_log_loss": round(stacked, 4),
        "svm_held_out_log_loss": round(base, 4),
    }
    return ((*final, svm_temperature), scores) if kept else ((None, None, None), decisions)


def _assign_folds(y: np.ndarray, folds: int, rng: np.random.Generator) -> np.ndarray:
    """Stratified: each intent's examples dealt round the folds in a random order, so
    every intent with two or more examples is in every fold's training part."""
    if folds < 2:
        raise ValueError("folds must be at least 2.")
    fold_of = np.empty(len(y), dtype=np.int64)
    for label in np.unique(y):
        rows = np.flatnonzero(y == label)
        rng.shuffle(rows)
        fold_of[rows] = (np.arange(len(rows)) + rng.integers(folds)) % folds
    return fold_of


def _share(hits: np.ndarray, among: np.ndarray) -> float | None:
    total = int(np.sum(among))
    return round(float(np.sum(hits & among)) / total, 4) if total else None
