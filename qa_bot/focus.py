"""What a question asks for, and whether a pair gives that: the focus check after retrieval.

Retrieval finds the pair about the right topic; it cannot tell "what is the brain opioid theory?"
from "who came up with the brain opioid theory?", which share every topic word. The second asks
another kind of fact, one the documents don't give, and answering it with the theory's definition
is a confident wrong answer. So each question is read for the kind of fact it asks (`asked`), and
each pair for the kinds its wordings ask (`PairFocus`, derived from the wordings the knowledge
base gives it: an author writes "who wrote it?" for the author pair, never for the theory):

    who       who, whose, which researcher or scientist
    when      when, what year or date, how recent
    where     where, which university, journal or country
    count     how many, how much, what share, how often, how common, what number
    age       how old, at what age
    duration  how long, for how much time
    name      which drug, which study, which program... by name

A question that asks one of these kinds of a pair whose wordings never ask it is not answered by
that pair: the documents don't say (`not_covered`), and the reply gives what they do say.

A *known gap* (a pair that says what the documents don't say) answers only the kinds its own
wordings ask: "rats?" or "what did the rats do?" is not "which drug were the rats given?", and
gets the rat study rather than "the documents don't name the drug".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from qa_bot.matching import QUESTION_WORDS
from qa_bot.text import normalise, sentences, stem, terms

# The kinds of fact a question can ask that a pair may not give, each with what a reply says the
# documents don't give.
KINDS = {
    "who": "who",
    "when": "when",
    "where": "where",
    "count": "how many or how much",
    "age": "how old",
    "duration": "how long",
    "name": "which one by name",
}
_THINGS = (
    r"drugs?|medications?|medicines?|meds|opioids?|substances?|blockers?|studies|study|"
    r"experiments?|programs?|programmes?|treatments?|therapy|therapies|animals?|species|"
    r"videos?|neurochemicals?|chemicals?|hormones?|brands?|pills?|journals?|groups?|"
    r"organi[sz]ations?|websites?|sites?|papers?|articles?|books?"
)
_PATTERNS = {
    "age": r"\bhow old\b|\b(?:what|which) age\b|\bage of\b",
    "duration": r"\bhow long\b|\bhow much time\b|\bfor how many (?:days|weeks|months|years)\b",
    "count": r"\bhow (?:many|often|common|frequent)\b|\bhow much (?:money|drugs?|time)\b|"
    r"\bby how much\b|\bhow much (?:more|less|higher|lower|bigger|smaller|larger)\b|"
    r"\bhow much (?:does|do|did|is|was|will|would|can|could) (?:it|they|that|this)\b|"
    r"\ba little or a lot\b|"
    r"\b(?:any|the|what|exact) (?:numbers?|figures?|statistics|stats|percentages?)\b|"
    r"\bwhat (?:share|percent(?:age)?|proportion|fraction|number|amount|rate|ratio)\b|"
    r"\b(?:number|percentage|share|proportion) of\b",
    # "When" asked, not "what happens when they...": first, or before a verb of the question.
    "when": r"\bwhen (?:was|were|did|does|do|is|are|will|had|has|exactly)\b|"
    r"\b(?:what|which|in which|in what) (?:years?|dates?|months?|days?|decades?)\b|\bhow recent\b|"
    r"\bhow long ago\b",
    "where": r"^where\b|\bwhere (?:was|were|did|does|do|is|are|can|could|should|exactly|else)\b|"
    r"\b(?:what|which) (?:university|college|country|city|state|place|lab|laboratory|institute|"
    r"institution|journal|hospital|school)\b",
    "who": r"\bwho(?:m|se|'s)?\b|\bwhich (?:researchers?|scientists?|authors?|doctors?|team|"
    r"professor|man|woman|guy|persons?|people)\b",
    "name": rf"\b(?:what|which) (?:kind of |type of |specific |exact |particular )?(?:{_THINGS})\b"
    rf"|\bname (?:of )?(?:the |that |this )?(?:{_THINGS})\b|\bwhat (?:is|was|were) the names?\b",
}
# "People who use", "a cage where": a relative clause, not a question word.
_RELATIVE = re.compile(
    r"\b(?:people|person|persons|someone|somebody|anyone|anybody|everyone|those|rats?|teens?|"
    r"kids?|children|friends?|others|ones?|users?|men|women|individuals?|patients?|adults?|folks|"
    r"family|families|researchers?|scientists?|guys?|girls?|boys?|authors?|humans?|animals?|"
    r"parents?|them|place|places|environment|cage|world|situations?|cases?|times?|point|moments?|"
    r"days?|state|country|home|house|period|stage|area|setting|life|lives|studies|study|"
    r"experiments?|age|ages)\s+(?:who(?:m|se)?|where|when)\b"
)
_COMPILED = {kind: re.compile(pattern) for kind, pattern in _PATTERNS.items()}
# "how long" is a duration, not a count; "how long ago" is a time.
_SUPERSEDES = {"duration": {"count"}, "when": {"duration"}}
# Words that ask for more than was said: one detail a known gap is about ("anything more about
# the university?"), whichever of them a wording uses.
_BEYOND = frozenset(stem(w) for w in ("more", "else", "besides", "further", "beyond", "details"))
_BEYOND_TERM = "<beyond>"
_QUESTION_STEMS = frozenset(stem(word) for word in QUESTION_WORDS)
# A pair answers a kind when at least this share of its wordings ask it, and two of them at least
# (a stray wording adopted from a writer's question does not make the theory's definition an
# answer to "who").
ANSWERS_SHARE = 0.05
ANSWERS_WORDINGS = 2
# A word of the question is a detail that a known gap is about, rather than its topic, when this
# share of the gap's wordings use it, and this many times the share of the topic's answer.
DETAIL_SHARE = 0.05
DETAIL_RATIO = 3.0


_PERCENT = re.compile(r"%")
# "Where does it say that?" asks for the passage, not for a place.
_ASKS_FOR_THE_TEXT = re.compile(
    r"\bwhere (?:exactly |else )?(?:does|do|did|is|in) (?:it|this|that|the \w+|they|she|he|"
    r"inagaki|nida|the text)\b(?: \w+)? (?:say|said|mention|mentioned|talk|discuss|state|"
    r"describe|write|wrote|claim|written|stated)"
)


def asked_in(question: str, prepare: Callable[[str], str]) -> frozenset[str]:
    """The kinds of fact a typed question asks, read from the sentences that ask (a story told
    before the question, "my brother who is using ...", asks nothing), normalised and as
    `prepare` reads them (typos fixed: "wich drug"), and from its symbols ("what % of")."""
    parts = [body for body, asks in sentences(question) if asks] or [question]
    found: set[str] = set(asked_raw(question))
    for part in parts:
        # Relative clauses go before synonyms fold "spend time with others who..." away.
        text = _RELATIVE.sub("that", normalise(part))
        found |= asked(text) | asked(prepare(text))
    return frozenset(found)


def asked(text: str) -> frozenset[str]:
    """The kinds of fact the normalised question `text` asks (none for "what is...", "why...",
    yes/no questions and keywords, which any pair on the topic may answer)."""
    if "wh" in text:  # the relative clauses start "who", "where" or "when" (a quick test first)
        text = _ASKS_FOR_THE_TEXT.sub("", _RELATIVE.sub("that", text))
    kinds = {kind for kind, pattern in _COMPILED.items() if pattern.search(text)}
    for kind, overrides in _SUPERSEDES.items():
        if kind in kinds:
            kinds -= overrides
    return frozenset(kinds)


@dataclass(frozen=True)
class PairFocus:
    """The kinds of fact a pair's wordings ask, so the kinds it answers, and the words they use."""

    kinds: frozenset[str]  # asked by at least ANSWERS_SHARE of its wordings
    any_kinds: frozenset[str]  # asked by any of its wordings
    # The share of its wordings that use each (stemmed, prepared) content word.
    word_share: Mapping[str, float] = field(default_factory=dict, compare=False)

    @classmethod
    def of(
        cls,
        prepared: Iterable[str],
        word_share: Mapping[str, float],
        declared: Iterable[str] = (),
    ) -> PairFocus:
        """From a pair's wordings, as the matcher prepares them, the share of them that use each
        word (the matcher's), and the kinds its author says it answers (`answers:`)."""
        counts: Counter[str] = Counter()
        total = 0
        for wording in prepared:
            total += 1
            counts.update(asked(wording))
        return cls(
            kinds=frozenset(
                k for k, n in counts.items() if n >= max(ANSWERS_WORDINGS, ANSWERS_SHARE * total)
            )
            | frozenset(declared),
            any_kinds=frozenset(counts) | frozenset(declared),
            word_share=word_share,
        )

    def adds_a_detail(self, words: Iterable[str], other: PairFocus) -> bool:
        """Whether one of the question's `words` (`content_words`) is this pair's much more than
        `other`'s: what sets a known gap ("rats drug name") apart from the answer on its topic
        ("rats")."""
        return any(
            self._share(word) >= DETAIL_SHARE
            and self._share(word) > DETAIL_RATIO * other._share(word)
            for word in words
        )

    def missing(self, kinds: frozenset[str]) -> frozenset[str]:
        """The kinds of `kinds` this pair does not answer, when it answers none of them ("what
        journal, and what year?" is answered by a pair that gives the journal)."""
        return frozenset() if kinds & self.kinds else kinds

    def _share(self, word: str) -> float:
        if word == _BEYOND_TERM:
            return max(self.word_share.get(beyond, 0.0) for beyond in _BEYOND)
        return self.word_share.get(word, 0.0)


def content_words(prepared: str) -> set[str]:
    """The stemmed content words of a prepared question, words asking for more folded into one,
    and the question words left out ("what", "how")."""
    words = {_BEYOND_TERM if word in _BEYOND else word for word in terms(prepared)}
    return words - _QUESTION_STEMS


def asked_raw(question: str) -> frozenset[str]:
    """The kinds of fact that only the question as typed shows ("what % of the rats"), its
    symbols being gone once it is normalised."""
    return frozenset({"count"}) if _PERCENT.search(question) else frozenset()


def unanswered_phrase(kinds: frozenset[str]) -> str:
    """ "who", "who or when": the kinds of fact a reply says the documents don't give."""
    return " or ".join(KINDS[kind] for kind in KINDS if kind in kinds)
