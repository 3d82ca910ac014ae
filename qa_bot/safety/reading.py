"""A message as the safety screen reads it, once: its text, its sentences, concepts and signs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa_bot.safety.lexicon import Lexicon
from qa_bot.safety.signs import WarningSign, fired
from qa_bot.text import normalise, sentences


@dataclass(frozen=True)
class Sentence:
    """One sentence of a message: its normalised text, the concepts said in it, and whether it
    asks something (ends with "?" or starts like a question)."""

    text: str
    concepts: dict[str, int]
    asks: bool


@dataclass(frozen=True)
class Reading:
    """What the screen knows of one message."""

    text: str  # normalised
    sentences: tuple[Sentence, ...]
    concepts: dict[str, int]  # over the whole message
    signs: tuple[WarningSign, ...]


def read(message: str, lexicon: Lexicon, signs: Sequence[WarningSign]) -> Reading:
    """Read `message`: normalise it, split it into sentences, find its concepts and signs."""
    parts = []
    for part, asks in sentences(message):
        text = normalise(part)
        if text:
            parts.append(Sentence(text, lexicon.concepts(text), asks))
    concepts: dict[str, int] = {}
    for sentence in parts:
        for concept, count in sentence.concepts.items():
            concepts[concept] = concepts.get(concept, 0) + count
    return Reading(
        text=" ".join(s.text for s in parts),
        sentences=tuple(parts),
        concepts=concepts,
        signs=tuple(fired(signs, [(s.concepts, s.asks) for s in parts])),
    )
