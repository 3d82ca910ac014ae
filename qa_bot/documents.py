"""Which document a question names, and which documents an answer comes from: the document check.

"What does Inagaki say about peer pressure?" names the Inagaki summary, and the answer about peer
pressure comes from the NIDA post. Answering it as asked would credit the summary with what it
never says. So the parts a question names are read from it (each source's `names` in
`sources.yaml`, and "the comment" for the reader comments), and an answer from another part is
checked: the named part's own answer if it has one, else a `not_covered` reply that says so and
points to where it is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa_bot.focus import content_words
from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.text import normalise

# The reader comments: a part of the document they are on, named on their own.
COMMENT = "comment"
_COMMENT_NAMES = (
    "comment",
    "comments",
    "commenter",
    "commentor",
    "commenters",
    "reader comment",
    "readers comment",
    "comment section",
    "comments section",
)


# Words for a document in general, which name neither.
_DOCUMENT_WORDS = (
    "say",
    "says",
    "said",
    "document",
    "documents",
    "article",
    "blog",
    "post",
    "paper",
)


@dataclass(frozen=True)
class Parts:
    """The parts of a knowledge base a question can name: each source, and the reader comments."""

    _patterns: tuple[tuple[str, re.Pattern[str]], ...]
    _titles: dict[str, str]
    _of_passage: dict[str, frozenset[str]]
    _comments_on: str | None  # the source the reader comments are on
    # The content words (stems) that name documents, or documents at all ("nida", "summary",
    # "article", "says"): not what a question is about.
    name_words: frozenset[str]

    @classmethod
    def of(cls, knowledge: KnowledgeBase) -> Parts:
        patterns = []
        titles = {}
        for source in knowledge.sources.values():
            names = {normalise(name) for name in (*source.names, source.short)} - {""}
            if names:  # an empty pattern would match every question
                patterns.append((source.id, _any_of(names)))
            titles[source.id] = f"the {source.short}"
        of_passage = {}
        comments_on = None
        for passage in knowledge.passages.values():
            parts = {passage.source_id}
            if passage.public_comment:
                parts.add(COMMENT)
                comments_on = passage.source_id
            of_passage[passage.id] = frozenset(parts)
        if comments_on is not None:
            patterns.append((COMMENT, _any_of(set(_COMMENT_NAMES))))
            titles[COMMENT] = "the reader comment"
        names = [n for source in knowledge.sources.values() for n in (*source.names, source.short)]
        # Only names of one content word: of "opioid summary" or "university of pittsburgh",
        # "opioid" and "university" are what questions are about as well.
        name_words = frozenset(
            word
            for name in (*names, *_COMMENT_NAMES, *_DOCUMENT_WORDS)
            for words in [content_words(normalise(name))]
            if len(words) == 1
            for word in words
        )
        return cls(tuple(patterns), titles, of_passage, comments_on, name_words)

    def named(self, normalised: str) -> str | None:
        """The one part a normalised question names, or None (none, or more than one: "how do
        the NIDA post and the Inagaki summary differ?"). The comment, named with the document
        it is on ("the comment on the NIDA post"), is that document."""
        named = {part for part, pattern in self._patterns if pattern.search(normalised)}
        if COMMENT in named and named - {COMMENT} == {self._comments_on}:
            # "the comment on the NIDA post", "is the comment written by NIDA?": the document
            # the comment is on, of which the comment is a part.
            named.discard(COMMENT)
        elif COMMENT in named and len(named) == 2:
            # "The comment section under the Inagaki summary" names the summary, which has none
            # ("does the comment agree with the paper?" names both).
            other = (named - {COMMENT}).pop()
            on = _COMMENT_ON.search(normalised)
            if on is not None and dict(self._patterns)[other].match(normalised, on.end()):
                named = {other}
        return named.pop() if len(named) == 1 else None

    def of_passage(self, passage_id: str) -> frozenset[str]:
        """The parts a passage belongs to: its source, and the comment if it is one."""
        return self._of_passage[passage_id]

    def of_pair(self, pair: Pair) -> frozenset[str]:
        """The parts a pair's answer rests on: the sources of its quotes, and the comment."""
        return frozenset().union(*(self._of_passage[ref.passage_id] for ref in pair.citations))

    @property
    def ids(self) -> frozenset[str]:
        """Every part a question can name: the sources' ids, and `COMMENT` if there are any."""
        return frozenset(self._titles)

    def title(self, part: str) -> str:
        """ "the NIDA blog", "the reader comment"."""
        return self._titles[part]


# "comments on", "the comment section under": what follows is the document they are on.
_COMMENT_ON = re.compile(
    r"\b(?:comments?|commenters?|reader comments?)(?: section)? (?:on|under|below|beneath|of|in|"
    r"for|at the bottom of|at the end of) (?:the |that |this )?"
)


def _any_of(names: set[str]) -> re.Pattern[str]:
    longest_first = sorted(names, key=len, reverse=True)
    # "inagaki's" is "inagakis" once normalised
    return re.compile(r"\b(?:" + "|".join(map(re.escape, longest_first)) + r")s?\b")
