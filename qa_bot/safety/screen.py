"""The safety screen: whether a message needs real help rather than an answer, and which help.

It reads every message before anything is matched, with what the conversation so far has shown.
How it decides, in order:

1. **Warning signs marked `trigger`** (`signs.yaml`): facts the public warning-sign lists name,
   such as someone who will not wake up after using, or giving possessions away, told as
   concepts said together in one sentence. Each was checked against every ordinary message of the
   corpus. One of them raises a concern of its category.
2. **The learned model** (`qa_bot.safety.model`): the chance that the message needs help, from its
   words, concepts and signs. At `RISK_THRESHOLD` or more it raises a concern; its category is the
   most likely one. After a message that raised a concern, within `REMEMBERED_TURNS` turns, the
   message is also read together with that one, and the bar is `AFTER_CONCERN_THRESHOLD`: "yeah.
   tonight probably" means more after "I've been clean 90 days" than on its own.
3. **One sentence of a longer message**, read on its own, at `SENTENCE_THRESHOLD` or more: a
   relapse mentioned in passing before a question about the documents.
4. **A possible concern**: the message at `CARE_THRESHOLD` or more, or one of its sentences at
   `SENTENCE_CARE_THRESHOLD`: the person gets their reply, with the help lines beside it
   (`certain` is false). A wrong alarm costs a student their answer; a note does not. A possible
   request for help that asks nothing of the documents gets the help reply: it is what was asked
   for (measured on the blind batches: 7 more of 416 requests answered, 1 more false alarm).

A concern says whether the person also asked about the documents (`alongside_question`). Someone
struggling or looking for help who asks a question about the documents gets the answer with the
help lines beside it, when the documents answer it well; an emergency, a crisis, overdose risk and
medical questions always get the safety reply.

The thresholds were chosen on the corpus's blind batches, cross-validated by batch
(`tests/eval/train_screen.py --folds`), never on the held-out batches.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from qa_bot.safety.help import CATEGORIES, URGENT, Category
from qa_bot.safety.lexicon import Lexicon
from qa_bot.safety.model import RiskModel, features, sentence_features
from qa_bot.safety.reading import Reading, read
from qa_bot.safety.signs import WarningSign

DATA_DIR = Path(__file__).parent
RISK_THRESHOLD = 0.6
# Emergencies, crises and overdose risk: the model's most likely kind is one of these.
URGENT_THRESHOLD = 0.6
AFTER_CONCERN_THRESHOLD = 0.35
SENTENCE_THRESHOLD = 0.9
CARE_THRESHOLD = 0.4
SENTENCE_CARE_THRESHOLD = 0.6
# A possible concern of these kinds, asking nothing of the documents, gets the safety reply (with
# medical questions too, measured: 4 more caught of 2016, 4 more false alarms of 3680).
ANSWERED_BY_HELP: frozenset[Category] = frozenset({"help_request"})
REMEMBERED_TURNS = 3
# Categories whose help may come beside an answer to a question about the documents (someone
# looking for help gets the help reply, which leads with where to find it).
BESIDE_AN_ANSWER: frozenset[Category] = frozenset({"distress"})
# A question about the documents: a document word in a message that asks, or a phrase that asks
# the documents ("does the article say ...") anywhere in a sentence.
_DOCUMENT_CONCEPT = "document"
_ASKS_DOCUMENTS = "asks_documents"


class Turn(NamedTuple):
    """A message of the person's earlier in the conversation, and what the screen found in it."""

    message: str
    concern: SafetyConcern | None


@dataclass(frozen=True)
class SafetyConcern:
    """Why a message gets help: the safety reply, or help beside its answer."""

    category: Category
    signal: str  # what the screen saw, for /why, --explain and tests
    # The person also asked about the documents: someone struggling or looking for help may get
    # that answer, with help beside it.
    alongside_question: bool = False
    # False for a possible concern: the person gets their reply, and help beside it.
    certain: bool = True

    @property
    def needs_safety_reply(self) -> bool:
        """Whether the reply must be the safety reply, whatever the documents say."""
        return self.certain and not (self.alongside_question and self.category in BESIDE_AN_ANSWER)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: category, signal, and whether help came beside an answer."""
        return {"category": self.category, "signal": self.signal, "certain": self.certain}


class Screen:
    """The safety screen over its data: concepts, warning signs and the learned model."""

    def __init__(
        self, lexicon: Lexicon, signs: Sequence[WarningSign], model: RiskModel | None
    ) -> None:
        self.lexicon = lexicon
        self.signs = tuple(signs)
        self.model = model

    @classmethod
    def load(cls, directory: Path = DATA_DIR, *, model: bool = True) -> Screen:
        """The screen over `lexicon.yaml`, `signs.yaml` and `model.json` in `directory`.

        `model=False` leaves the learned model out (for training it).
        """
        from qa_bot.knowledge import read_yaml  # the one place YAML is parsed

        lexicon = Lexicon(_concepts(read_yaml(directory / "lexicon.yaml")))
        signs = _signs(read_yaml(directory / "signs.yaml"), set(lexicon.names))
        risk = None
        if model:
            risk = RiskModel.from_dict(json.loads((directory / "model.json").read_text()))
        return cls(lexicon, signs, risk)

    def read(self, message: str) -> Reading:
        """`message` as the screen reads it."""
        return read(message, self.lexicon, self.signs)

    def check(self, message: str, earlier: Sequence[Turn] = ()) -> SafetyConcern | None:
        """The concern in `message`, or None for an ordinary one.

        `earlier` holds the person's previous messages and what the screen found in them,
        oldest first.
        """
        reading = self.read(message)
        # No word, no risk: "1" picks an option of a "did you mean", and a model reading one
        # lone token weighs it as heavily as a whole message.
        if not any(character.isalpha() for character in reading.text):
            return None
        asks = _ASKS_DOCUMENTS in reading.concepts or (
            _DOCUMENT_CONCEPT in reading.concepts and any(s.asks for s in reading.sentences)
        )
        for sign in reading.signs:
            if sign.trigger:
                return SafetyConcern(sign.category, sign.name, asks)
        if self.model is None:
            return None
        found = features(reading)
        chance = self.model.probability(found)
        if chance >= RISK_THRESHOLD or (
            chance >= URGENT_THRESHOLD and self.model.category(found) in URGENT
        ):
            return self._concern(found, chance, asks)
        concerned = [turn for turn in earlier[-REMEMBERED_TURNS:] if turn.concern is not None]
        if concerned:
            # After a message that raised a concern, this one is read with that one before it:
            # "yeah. tonight probably" after "been clean 90 days, my old dealer texted me".
            together = features(self.read(f"{concerned[-1].message}\n{message}"))
            best_read = max((found, together), key=self.model.probability)
            if self.model.probability(best_read) >= AFTER_CONCERN_THRESHOLD:
                return self._concern(best_read, self.model.probability(best_read), asks)
        sentences = [sentence_features(reading, i) for i in range(len(reading.sentences))]
        best = max(sentences if len(sentences) > 1 else [], key=self.model.probability, default={})
        if best and self.model.probability(best) >= SENTENCE_THRESHOLD:
            return self._concern(best, self.model.probability(best), asks)
        if chance >= CARE_THRESHOLD:
            # Asked for help and nothing about the documents: the help reply is what was asked.
            wanted = not asks and self.model.category(found) in ANSWERED_BY_HELP
            return self._concern(found, chance, asks, certain=wanted)
        if best and self.model.probability(best) >= SENTENCE_CARE_THRESHOLD:
            return self._concern(best, self.model.probability(best), asks, certain=False)
        return None

    def _concern(
        self, found: dict[str, float], chance: float, asks: bool, *, certain: bool = True
    ) -> SafetyConcern:
        assert self.model is not None
        category = self.model.category(found)
        strongest = self.model.strongest(found, count=3)
        signal = f"model {chance:.2f}: " + ", ".join(_readable(n) for n in strongest)
        return SafetyConcern(category, signal, asks, certain)


@functools.cache
def bundled_screen() -> Screen:
    """The screen over the data shipped with qa-bot, loaded once."""
    return Screen.load()


def check(message: str, earlier: Sequence[Turn] = ()) -> SafetyConcern | None:
    """The bundled screen's concern in `message` (see `Screen.check`)."""
    return bundled_screen().check(message, earlier)


def _readable(feature: str) -> str:
    kind, _, name = feature.partition(":")
    if kind == "kk":
        return name.replace("&", " + ")
    return name


def _concepts(data: object) -> dict[str, list[str]]:
    if not isinstance(data, dict) or not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words)
        for words in data.values()
    ):
        raise ValueError("lexicon.yaml must map each concept to a list of words and phrases")
    return {str(name): list(words) for name, words in data.items()}


_SIGN_KEYS = {"name", "category", "all", "unless", "trigger", "source"}


def _signs(data: object, concepts: set[str]) -> list[WarningSign]:
    if not isinstance(data, list):
        raise ValueError("signs.yaml must be a list of warning signs")
    signs = []
    for entry in data:
        if not isinstance(entry, Mapping) or set(entry) - _SIGN_KEYS:
            raise ValueError(f"signs.yaml: each sign has keys {', '.join(sorted(_SIGN_KEYS))}")
        category = entry["category"]
        if category not in CATEGORIES:
            raise ValueError(f"signs.yaml: {entry['name']!r} has an unknown category {category!r}")
        groups = tuple(tuple(group) for group in entry["all"])
        unless = tuple(entry.get("unless") or ())
        unknown = ({c for group in groups for c in group} | set(unless)) - concepts
        if unknown:
            raise ValueError(
                f"signs.yaml: {entry['name']!r} names unknown concepts {', '.join(sorted(unknown))}"
            )
        signs.append(
            WarningSign(
                entry["name"],
                category,
                groups,
                bool(entry.get("trigger")),
                entry["source"],
                unless,
            )
        )
    return signs
