"""The learned part of the screen: how likely a message is to need help, and which kind of help.

Two kinds of linear model (logistic regression) over the same features of a message:

* `risk`: the chance that the message needs help at all (any category), learned from every
  message of the corpus, ordinary questions, small talk and the knowledge base's wordings
  included;
* one model per category, learned from the messages that need help, which says which kind.

The features, each scaled by 1/sqrt(their number) so that a long message is not alarming for
being long:

* `u:` the stemmed words and `b:` pairs of neighbouring words (pieces of words, which would carry
  misspellings, measured worse: the concepts carry the common misspellings instead);
* `k:` the concepts said (`lexicon.yaml`), `k2:` a concept said more than once, and `kk:` every
  two concepts said together: "clean time" and "tonight" mean more together than apart, which a
  linear model learns only if the pair is a feature of its own;
* `s:` the warning signs shown (`signs.yaml`), counted `SIGN_WEIGHT` times.

The person's message before this one is not a feature: its concepts, alone and paired with this
message's, measured no better on the blind batches' conversations (the screen remembers instead
whether an earlier message raised a concern: `qa_bot.safety.screen`).

The weights are data, in `model.json`, trained from the corpus by `tests/eval/train_screen.py`
(pure Python, deterministic), over the features seen in at least two of its messages.
"""

from __future__ import annotations

import array
import itertools
import math
from collections.abc import Mapping, Sequence

from qa_bot.safety.help import CATEGORIES, Category
from qa_bot.safety.reading import Reading
from qa_bot.text import stem

# A warning sign is one fact, told by several concepts at once: it counts this many features.
SIGN_WEIGHT = 3.0

Features = dict[str, float]


def features(reading: Reading) -> Features:
    """The model's features of a message, with their values."""
    return _features(reading.text, reading.concepts, [sign.name for sign in reading.signs])


def sentence_features(reading: Reading, index: int) -> Features:
    """The features of one sentence of a message on its own (its signs included)."""
    sentence = reading.sentences[index]
    signs = [s.name for s in reading.signs if s.seen_in(sentence.concepts)]
    return _features(sentence.text, sentence.concepts, signs)


def _features(text: str, concepts: Mapping[str, int], signs: list[str]) -> Features:
    words = text.split()
    found: dict[str, float] = dict.fromkeys((f"u:{stem(w)}" for w in words), 1.0)
    found.update(dict.fromkeys((f"b:{a} {b}" for a, b in itertools.pairwise(words)), 1.0))
    said = sorted(concepts)
    for position, concept in enumerate(said):
        found[f"k:{concept}"] = 1.0
        if concepts[concept] > 1:
            found[f"k2:{concept}"] = 1.0
        for other in said[position + 1 :]:
            found[f"kk:{concept}&{other}"] = 1.0
    for sign in signs:
        found[f"s:{sign}"] = SIGN_WEIGHT
    scale = 1.0 / math.sqrt(max(sum(found.values()), 1.0))
    return {name: value * scale for name, value in found.items()}


# The columns of the model: the chance of needing help, then one score per category.
COLUMNS: tuple[str, ...] = ("risk", *CATEGORIES)


class RiskModel:
    """Whether a message needs help (`risk`), and which kind (one column per category).

    Each is logistic regression over the same features: a bias and a weight per feature. The
    weights are kept as one flat array, a row of `len(COLUMNS)` per feature, beside an index of
    feature names: the cached bot loads this in a third of the time of a dictionary per column.
    """

    def __init__(self, bias: Sequence[float], weights: Mapping[str, Sequence[float]]) -> None:
        if len(bias) != len(COLUMNS) or any(len(row) != len(COLUMNS) for row in weights.values()):
            raise ValueError(f"every row of the model needs {len(COLUMNS)} numbers: {COLUMNS}")
        self._bias = tuple(float(b) for b in bias)
        self._index = {name: row for row, name in enumerate(weights)}
        self._weights = array.array("d", (float(w) for row in weights.values() for w in row))

    @property
    def size(self) -> int:
        """How many features the model weighs."""
        return len(self._index)

    def _score(self, features: Features, column: int) -> float:
        width, weights, index = len(COLUMNS), self._weights, self._index
        total = self._bias[column]
        for name, value in features.items():
            row = index.get(name)
            if row is not None:
                total += weights[row * width + column] * value
        return total

    def probability(self, features: Features) -> float:
        """The chance that the message needs help, 0..1."""
        score = self._score(features, 0)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def category(self, features: Features) -> Category:
        """The kind of help a message that needs it most likely needs."""
        return max(CATEGORIES, key=lambda c: self._score(features, COLUMNS.index(c)))

    def strongest(self, features: Features, count: int) -> list[str]:
        """The features that speak most for needing help, strongest first (for explanations)."""
        width, weights, index = len(COLUMNS), self._weights, self._index
        contributions = [
            (weights[index[name] * width] * value, name)
            for name, value in features.items()
            if name in index
        ]
        return [name for c, name in sorted(contributions, reverse=True)[:count] if c > 0]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as `model.json` stores it."""
        width = len(COLUMNS)
        rows = {
            name: list(self._weights[row * width : (row + 1) * width])
            for name, row in self._index.items()
        }
        return {"columns": list(COLUMNS), "bias": list(self._bias), "weights": rows}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RiskModel:
        """The model stored by `to_dict` (in `model.json`)."""
        columns, bias, weights = data.get("columns"), data.get("bias"), data.get("weights")
        if columns != list(COLUMNS) or not isinstance(bias, list) or not isinstance(weights, dict):
            raise ValueError(f"model.json needs 'columns' {list(COLUMNS)}, 'bias' and 'weights'")
        return cls(bias, weights)
