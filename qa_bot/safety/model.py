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
(pure Python, deterministic) and pruned of the weights too small to matter.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression: a bias and a weight per feature (absent features weigh nothing)."""

    bias: float
    weights: dict[str, float]

    def score(self, features: Features) -> float:
        """The log-odds of the model's class."""
        weights = self.weights
        return self.bias + sum(weights.get(name, 0.0) * value for name, value in features.items())

    def probability(self, features: Features) -> float:
        """The chance of the model's class, 0..1."""
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, self.score(features)))))

    def strongest(self, features: Features, count: int) -> list[str]:
        """The features that speak most for the class, strongest first (for explanations)."""
        contributions = [(self.weights.get(n, 0.0) * v, n) for n, v in features.items()]
        return [n for c, n in sorted(contributions, reverse=True)[:count] if c > 0]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as `model.json` stores it."""
        return {"bias": self.bias, "weights": self.weights}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> LinearModel:
        """The model stored by `to_dict`."""
        bias, weights = data["bias"], data["weights"]
        if not isinstance(bias, (int, float)) or not isinstance(weights, dict):
            raise ValueError("a model needs a number 'bias' and a mapping 'weights'")
        return cls(float(bias), {str(k): float(v) for k, v in weights.items()})


@dataclass(frozen=True)
class RiskModel:
    """Whether a message needs help, and which kind."""

    risk: LinearModel
    categories: dict[Category, LinearModel]

    def probability(self, features: Features) -> float:
        """The chance that the message needs help."""
        return self.risk.probability(features)

    def category(self, features: Features) -> Category:
        """The kind of help a message that needs it most likely needs."""
        return max(CATEGORIES, key=lambda c: self.categories[c].score(features))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> RiskModel:
        """The models stored in `model.json`."""
        risk, categories = data["risk"], data["categories"]
        if not isinstance(risk, dict) or not isinstance(categories, dict):
            raise ValueError("model.json needs 'risk' and 'categories'")
        missing = set(CATEGORIES) - set(categories)
        if missing:
            raise ValueError(f"model.json has no model for {', '.join(sorted(missing))}")
        return cls(
            LinearModel.from_dict(risk),
            {c: LinearModel.from_dict(categories[c]) for c in CATEGORIES},
        )
