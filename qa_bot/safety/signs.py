"""Warning signs: facts that the public warning-sign lists name, told as concepts said together.

`signs.yaml` lists them: "giving possessions away" is a `give_away` concept and a `possession`
concept in one sentence; "lowered tolerance with a plan to use" is clean time, a time soon and
using. A sign may name concepts that rule it out: "where can I find a rehab" asks for help, unless
the sentence, or a question next to it, is about the documents. Each sign names its category and
where it comes from (the 988 Lifeline's and AFSP's suicide warning signs, SAMHSA's Overdose
Prevention Toolkit). Every sign is a feature of the learned model (`qa_bot.safety.model`); a sign
marked `trigger` raises a concern on its own, and is kept only where almost no ordinary message of
the corpus shows it (`tests/test_safety_data.py`: at most one in a thousand).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from qa_bot.safety.help import Category


@dataclass(frozen=True)
class WarningSign:
    """A warning sign: one concept of each group, said in one sentence."""

    name: str  # "giving possessions away"
    category: Category
    groups: tuple[tuple[str, ...], ...]  # every group must have one of its concepts present
    trigger: bool  # raises a concern on its own
    source: str  # the public list it comes from
    unless: tuple[str, ...] = ()  # concepts that, said in or next to the sentence, mean otherwise

    def seen_in(self, concepts: Mapping[str, int]) -> bool:
        """Whether a sentence with these concepts has one concept of every group."""
        return all(any(c in concepts for c in group) for group in self.groups)


def fired(
    signs: Sequence[WarningSign], sentences: Sequence[tuple[Mapping[str, int], bool]]
) -> list[WarningSign]:
    """The signs shown by a message, in list order. `sentences` holds each sentence's concepts
    and whether it asks something. A sign shows when a sentence has a concept of every group,
    and neither it nor a question just before or after it says one of the sign's `unless`
    concepts: "Is suicide mentioned in these articles? It's our seminar topic" asks about the
    documents; "some notes about the paper. honestly I want to die" does not."""
    shown = []
    for sign in signs:
        for index, (concepts, _) in enumerate(sentences):
            nearby = [concepts] + [
                other for other, asks in sentences[max(index - 1, 0) : index + 2] if asks
            ]
            if sign.seen_in(concepts) and not any(c in n for n in nearby for c in sign.unless):
                shown.append(sign)
                break
    return shown
