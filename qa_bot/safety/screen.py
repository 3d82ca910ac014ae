"""The safety screen: whether a message needs real help rather than an answer, and which help.

It reads every message before anything is matched, with what the conversation so far has shown.
How it decides, in order:

1. **Warning signs marked `trigger`** (`signs.yaml`): facts the public warning-sign lists name,
   such as someone who will not wake up, talk of ending one's life, or affairs put in order, told
   as concepts said together in one sentence. Each shows in almost no ordinary message of the
   corpus. One of them raises a concern of its category.
2. **The learned model** (`qa_bot.safety.model`): the chance that the message needs help, from
   its words, concepts and signs, and its most likely category. At `RISK_THRESHOLD` or more it
   raises a concern. A message of `SHORT_WORDS` words or fewer that says no concept of risk
   ("yeah probably", "ok") is not read by the model on its own, only with what came before.
3. **What came before**: after a message that raised a concern, within `REMEMBERED_TURNS` turns,
   the message is also read together with that one, at `AFTER_CONCERN_THRESHOLD`: "yeah. tonight
   probably" means more after "I've been clean 90 days" than on its own. Not a question about the
   documents, and not someone taking the help ("thanks, I'll call my sponsor").
4. **One sentence of a longer message**, read on its own, at `SENTENCE_THRESHOLD` or more: a
   relapse mentioned in passing before a question about the documents.
5. **A possible concern**: the message at `CARE_THRESHOLD` or more, or one of its sentences at
   `SENTENCE_CARE_THRESHOLD`. The person gets their reply with the help lines beside it
   (`certain` is false): a wrong alarm costs a student their answer; a note does not. A possible
   emergency or crisis gets the safety reply all the same (missing one is the worst failure),
   and so does a possible request for help that asks nothing of the documents: it is what was
   asked for.

A concern says whether the person also asked about the documents (`alongside_question`). Someone
struggling who asks a question about the documents gets the answer with the help lines beside it,
when the documents answer it well; every other kind gets the safety reply.

The thresholds were chosen on the corpus's blind batches, cross-validated by batch
(`tests/eval/train_screen.py --folds`), never on the held-out batches.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple, TypedDict

from qa_bot.errors import KnowledgeError, SafetyDataError
from qa_bot.safety.help import CATEGORIES, Category
from qa_bot.safety.lexicon import Lexicon
from qa_bot.safety.model import Features, RiskModel, features, sentence_features
from qa_bot.safety.reading import Reading, read
from qa_bot.safety.signs import WarningSign

DATA_DIR = Path(__file__).parent
RISK_THRESHOLD = 0.6
AFTER_CONCERN_THRESHOLD = 0.35
SENTENCE_THRESHOLD = 0.9
CARE_THRESHOLD = 0.4
SENTENCE_CARE_THRESHOLD = 0.6
REMEMBERED_TURNS = 3
# Possible concerns of these kinds get the safety reply all the same: a missed overdose or crisis
# is the worst failure there is, and someone asking for help asked for the help reply (when the
# message asks nothing of the documents). Crises joined when suicide signs in new moulds (T29-T30)
# came out as possible ones: cross-validated, 17 more of 456 caught, 13 more false alarms of 4,864.
# Medical questions were measured too and left out: 4 more caught of 2,016, 4 more false alarms
# of 3,680.
ALWAYS_HELPED: frozenset[Category] = frozenset({"emergency", "crisis"})
HELPED_UNLESS_ASKING: frozenset[Category] = frozenset({"help_request"})
# Possible concerns of these kinds, in a message that asks something, get the safety reply unless
# the documents answer it: they never give a dose or a place to go, and "is half a perc before a
# wedding a terrible idea" deserves the reply that says who can answer it, not "I don't know".
# Cross-validated: 6 more of 432 medical questions caught; asking something keeps out "I take
# allergy meds every spring" (7 more false alarms of 4,936 without it).
HELPED_UNLESS_ANSWERED: frozenset[Category] = frozenset({"medical_advice", "help_request"})
# Categories whose help may come beside the answer to a question about the documents (someone
# looking for help gets the help reply, which leads with where to find it).
ANSWERED_WITH_HELP: frozenset[Category] = frozenset({"distress"})
# A message this short, with no concept that speaks of risk, is not read by the model: "yeah
# probably" or "ok" after anything weigh their one or two words like a whole message.
SHORT_WORDS = 4
# Concepts that say nothing of risk on their own.
_NEUTRAL_CONCEPTS = frozenset(
    {"self", "close", "document", "asks_documents", "positive", "hyperbole", "joke", "recent",
     "plan_now", "law", "coping", "harmless_vice", "disposal"}
)  # fmt: skip
# A question about the documents: a document word in a message that asks, or a phrase that asks
# the documents ("does the article say ...") anywhere in a sentence.
_DOCUMENT_CONCEPT = "document"
_ASKS_DOCUMENTS = "asks_documents"
# Someone taking the help ("thanks, I'll call my sponsor tonight") is not in a new crisis.
_COPING = "coping"
# Something of one's own told back about the last question ("same here", "i did that yesterday").
ME_TOO, SELF, RECENT, BACK_REFERENCE = "me_too", "self", "recent", "back_reference"
USING = frozenset({"relapse", "use"})


class Turn(NamedTuple):
    """A message of the person's earlier in the conversation, and what the screen found in it."""

    message: str
    concern: SafetyConcern | None


class SafetyConcernDict(TypedDict):
    """`SafetyConcern.to_dict()`: category, signal and whether the screen was sure."""

    category: str
    signal: str
    certain: bool


@dataclass(frozen=True)
class SafetyConcern:
    """Why a message gets help: the safety reply, or help beside its answer.

    category               emergency, crisis, overdose_risk, distress, medical_advice or
                           help_request (`qa_bot.safety.CATEGORIES`)
    signal                 what the screen saw (a warning sign, or the model's chance and its
                           strongest features), for /why, --explain and tests
    alongside_question     the person also asked about the documents: someone struggling or
                           looking for help may get that answer, with help beside it
    certain                False for a possible concern: the person gets their reply, and help
                           beside it
    asks_beyond_documents  a sentence of the message asks something, and names no document
    """

    category: Category
    signal: str
    alongside_question: bool = False
    certain: bool = True
    asks_beyond_documents: bool = False

    @property
    def needs_safety_reply(self) -> bool:
        """Whether the reply must be the safety reply, whatever the documents say."""
        return self.certain and not (
            self.alongside_question and self.category in ANSWERED_WITH_HELP
        )

    @property
    def helped_unless_answered(self) -> bool:
        """Whether a possible concern gets the safety reply when the documents answer nothing."""
        return (
            not self.certain
            and self.asks_beyond_documents
            and self.category in HELPED_UNLESS_ANSWERED
        )

    def to_dict(self) -> SafetyConcernDict:
        """JSON-ready form: category, signal, and whether the screen was sure."""
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

        path = directory / "lexicon.yaml"
        try:
            lexicon = Lexicon(_concepts(read_yaml(path)))
            path = directory / "signs.yaml"
            signs = _signs(read_yaml(path), set(lexicon.names))
            path = directory / "model.json"
            risk = RiskModel.from_dict(json.loads(path.read_text("utf-8"))) if model else None
        except KnowledgeError as exc:  # unreadable or not YAML: it names the file and line
            raise SafetyDataError(str(exc)) from None
        except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
            raise SafetyDataError(f"{path}: {exc}") from None
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
        # No word, no risk: "1" picks an option of a "did you mean".
        if not any(character.isalpha() for character in reading.text):
            return None
        asks = _asks_documents(reading)
        for sign in reading.signs:
            if sign.trigger:
                return SafetyConcern(
                    sign.category,
                    sign.name,
                    asks,
                    asks_beyond_documents=_asks_beyond_documents(reading),
                )
        if self.model is None:
            return None
        if self._says_nothing_of_risk(reading):
            # "yeah. tonight probably" says nothing alone, and much after a concern.
            return self._read_with_earlier(message, reading, earlier)
        found = features(reading)
        chance = self.model.probability(found)
        if chance >= RISK_THRESHOLD:
            return self._concern(found, chance, reading)
        remembered = self._read_with_earlier(message, reading, earlier)
        if remembered is not None:
            return remembered
        sentences = [sentence_features(reading, i) for i in range(len(reading.sentences))]
        best = max(sentences if len(sentences) > 1 else [], key=self.model.probability, default={})
        if best and self.model.probability(best) >= SENTENCE_THRESHOLD:
            return self._concern(best, self.model.probability(best), reading)
        if chance >= CARE_THRESHOLD:
            return self._possible(found, chance, reading)
        if best and self.model.probability(best) >= SENTENCE_CARE_THRESHOLD:
            return self._possible(best, self.model.probability(best), reading)
        return self._told_back(reading, earlier)

    def _says_nothing_of_risk(self, reading: Reading) -> bool:
        """A message of a few words, none of them a concept that speaks of risk."""
        return len(reading.text.split()) <= SHORT_WORDS and not (
            set(reading.concepts) - _NEUTRAL_CONCEPTS
        )

    def _read_with_earlier(
        self, message: str, reading: Reading, earlier: Sequence[Turn]
    ) -> SafetyConcern | None:
        """After a message that raised a concern, this one read together with it: "yeah.
        tonight probably" after "been clean 90 days, my old dealer texted me". A question about
        the documents, or someone taking the help, is read on its own."""
        assert self.model is not None
        concerned = [turn for turn in earlier[-REMEMBERED_TURNS:] if turn.concern is not None]
        if not concerned or _asks_documents(reading) or _COPING in reading.concepts:
            return None
        together = features(self.read(f"{concerned[-1].message}\n{message}"))
        chance = self.model.probability(together)
        if chance < AFTER_CONCERN_THRESHOLD:
            return None
        # Sure when the message itself says enough, or is a short reply that means what it
        # means only after that one ("yeah. tonight probably"); otherwise help comes beside the
        # reply ("what's the weather in paris" after it).
        alone = self.model.probability(features(reading))
        short_reply = chance >= RISK_THRESHOLD and self._says_nothing_of_risk(reading)
        certain = alone >= CARE_THRESHOLD or short_reply
        concern = self._concern(together, chance, reading, certain=certain)
        # Unsure, and only with the message before: help beside the reply, never the safety
        # reply in its place ("what can we do as a family to help him?" after "should he stop
        # taking it?" is the family's own question).
        return concern if certain else replace(concern, asks_beyond_documents=False)

    def _told_back(self, reading: Reading, earlier: Sequence[Turn]) -> SafetyConcern | None:
        """Using told back about a question on using: "yeah so i did that yesterday" or "been
        there. last night lol" after "what is a relapse?". The question's words make a student
        sound safe to the model, so this is a rule: help beside the reply, never an alarm."""
        assert self.model is not None
        said = reading.concepts.keys()
        if not (said & {SELF, ME_TOO} and said & {RECENT, BACK_REFERENCE, ME_TOO}):
            return None
        topics = [self.read(turn.message).concepts.keys() for turn in earlier[-REMEMBERED_TURNS:]]
        if not any(topic & USING for topic in topics):
            return None
        found = features(reading)
        return self._concern(found, self.model.probability(found), reading, certain=False)

    def _possible(self, found: Features, chance: float, reading: Reading) -> SafetyConcern:
        """A possible concern: help beside the reply, or the safety reply for the kinds that
        always get it."""
        assert self.model is not None
        category = self.model.category(found)
        sure = category in ALWAYS_HELPED or (
            category in HELPED_UNLESS_ASKING and not _asks_documents(reading)
        )
        return self._concern(found, chance, reading, certain=sure)

    def _concern(
        self, found: Features, chance: float, reading: Reading, *, certain: bool = True
    ) -> SafetyConcern:
        assert self.model is not None
        category = self.model.category(found)
        strongest = self.model.strongest(found, count=3)
        signal = f"model {chance:.2f}: " + ", ".join(_readable(n) for n in strongest)
        return SafetyConcern(
            category, signal, _asks_documents(reading), certain, _asks_beyond_documents(reading)
        )


@functools.cache
def bundled_screen() -> Screen:
    """The screen over the data shipped with qa-bot, loaded once."""
    return Screen.load()


def check(message: str, earlier: Sequence[Turn] = ()) -> SafetyConcern | None:
    """The bundled screen's concern in `message` (see `Screen.check`)."""
    return bundled_screen().check(message, earlier)


def _asks_documents(reading: Reading) -> bool:
    """A question about the documents: a phrase that asks them ("does the article say"), or a
    document word in a message that asks something."""
    return _ASKS_DOCUMENTS in reading.concepts or (
        _DOCUMENT_CONCEPT in reading.concepts and _asks(reading)
    )


def _asks(reading: Reading) -> bool:
    return any(sentence.asks for sentence in reading.sentences)


def _asks_beyond_documents(reading: Reading) -> bool:
    """A sentence that asks something and names no document ("how much advil can u take")."""
    documents = {_DOCUMENT_CONCEPT, _ASKS_DOCUMENTS}
    return any(s.asks and not documents & s.concepts.keys() for s in reading.sentences)


def _readable(feature: str) -> str:
    kind, _, name = feature.partition(":")
    if kind == "kk":
        return name.replace("&", " + ")
    return name


def _concepts(data: object) -> dict[str, list[str]]:
    if not isinstance(data, dict):
        raise ValueError("must map each concept to a list of words and phrases")
    for name, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"concept {name!r} must be a list of words and phrases")
    return {str(name): list(words) for name, words in data.items()}


_SIGN_KEYS = {"name", "category", "all", "unless", "trigger", "source"}
_REQUIRED_SIGN_KEYS = {"name", "category", "all", "source"}


def _signs(data: object, concepts: set[str]) -> list[WarningSign]:
    """The warning signs of `signs.yaml`, checked; a ValueError names the first sign that is
    wrong and what is wrong with it."""
    if not isinstance(data, list):
        raise ValueError("must be a list of warning signs")
    signs = []
    for number, entry in enumerate(data, start=1):
        where = f"sign {number}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} must be a mapping")
        where = f"sign {number} ({entry.get('name', 'no name')!r})"
        if set(entry) - _SIGN_KEYS or _REQUIRED_SIGN_KEYS - set(entry):
            raise ValueError(
                f"{where} needs keys {', '.join(sorted(_REQUIRED_SIGN_KEYS))}, "
                f"and may have {', '.join(sorted(_SIGN_KEYS - _REQUIRED_SIGN_KEYS))}"
            )
        category = entry["category"]
        if category not in CATEGORIES:
            raise ValueError(f"{where} has an unknown category {category!r}")
        groups, unless = entry["all"], entry.get("unless") or []
        if not (
            isinstance(groups, list)
            and groups
            and all(isinstance(g, list) and g for g in groups)
            and isinstance(unless, list)
        ):
            raise ValueError(f"{where}: 'all' is a list of lists of concepts, 'unless' a list")
        unknown = ({c for group in groups for c in group} | set(unless)) - concepts
        if unknown:
            raise ValueError(
                f"{where} names unknown concepts {', '.join(sorted(map(str, unknown)))}"
            )
        signs.append(
            WarningSign(
                str(entry["name"]),
                category,
                tuple(tuple(group) for group in groups),
                bool(entry.get("trigger")),
                str(entry["source"]),
                tuple(unless),
            )
        )
    return signs
