"""Concepts: the words and phrases that mean one thing to the safety screen.

`lexicon.yaml` names each concept ("substance", "od_signs", "give_away", ...) and lists the ways
people say it, street words and misspellings included. The screen reads concepts rather than
words, so that "my plug", "my dealer" and "my old guy" are one fact, and a new slang word is
added to the lexicon once instead of to every rule. Entries are matched on `text.normalise`
output (lower case, no apostrophes: "im", "wont"), as whole words or phrases, with `FILLERS` left
out of both; an entry ending in `*` matches any word that starts with it ("breath*": "breathing",
"breaths").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from qa_bot.text import normalise

# Prefix entries are looked up by their first letters, so a word is compared only with the few
# prefixes that could match it. No prefix may be shorter.
_PREFIX_KEY = 3
# Words that change nothing a concept means, skipped before matching: "no one would really
# notice" says what "no one would notice" says.
FILLERS = frozenset(
    {"really", "just", "even", "ever", "actually", "honestly", "literally", "truly", "totally"}
    | {"basically", "kinda", "lowkey", "ngl", "tbh", "fr"}
)


class Lexicon:
    """Finds the concepts in normalised text."""

    def __init__(self, concepts: Mapping[str, Sequence[str]]) -> None:
        self.names = tuple(concepts)
        self._entries = {concept: tuple(entries) for concept, entries in concepts.items()}
        self._words: dict[str, list[str]] = {}
        self._phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._prefixes: dict[str, list[tuple[str, str]]] = {}
        for concept, entries in concepts.items():
            for entry in entries:
                words = normalise(entry.removesuffix("*")).split()
                if not words:
                    raise ValueError(f"concept {concept!r}: the entry {entry!r} has no words")
                if FILLERS.intersection(words):
                    raise ValueError(
                        f"concept {concept!r}: the entry {entry!r} has a filler word, which "
                        "matching skips: leave it out"
                    )
                if entry.endswith("*"):
                    if len(words) > 1 or len(words[0]) < _PREFIX_KEY:
                        raise ValueError(
                            f"concept {concept!r}: a prefix entry ({entry!r}) must be one word "
                            f"of at least {_PREFIX_KEY} letters"
                        )
                    prefix = words[0]
                    self._prefixes.setdefault(prefix[:_PREFIX_KEY], []).append((prefix, concept))
                elif len(words) == 1:
                    self._words.setdefault(words[0], []).append(concept)
                else:
                    self._phrases.setdefault(words[0], []).append((tuple(words), concept))

    def words_of(self, concept: str) -> frozenset[str]:
        """The single words (not phrases, not prefixes) a concept lists, normalised: the names
        of drugs for "substance"."""
        return frozenset(
            normalise(entry)
            for entry in self._entries.get(concept, ())
            if not entry.endswith("*") and len(normalise(entry).split()) == 1
        )

    def concepts(self, normalised: str) -> dict[str, int]:
        """How many times each concept is said in `normalised` (concepts not said are absent)."""
        words = [word for word in normalised.split() if word not in FILLERS]
        found: dict[str, int] = {}
        for start, word in enumerate(words):
            hits = list(self._words.get(word, ()))
            for phrase, concept in self._phrases.get(word, ()):
                if tuple(words[start : start + len(phrase)]) == phrase:
                    hits.append(concept)
            for prefix, concept in self._prefixes.get(word[:_PREFIX_KEY], ()):
                if word.startswith(prefix):
                    hits.append(concept)
            for concept in set(hits):
                found[concept] = found.get(concept, 0) + 1
        return found
