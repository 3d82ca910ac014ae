"""A conversation: questions asked one after another, where a follow-up leans on the last answer.

`Bot.chat()` returns a `Conversation`. Its `ask` does what `Bot.ask` does, plus:

* **Follow-ups.** A question that looks like a follow-up ("who wrote it?", "where does she work?",
  "and the rats?": a pronoun, a connector, or very few content words) is matched twice: as it is,
  and with the previous question's words added. Each pair keeps its better score,
  and pairs from the document the last answer came from get a bonus, so the topic in play
  settles "it" and "she" without overriding a follow-up that names something else.
* **Requests of the last answer** (`qa_bot.follow_ups`): "tell me more" gives something of the
  same document not yet said (what it names, the related pairs, the nearest answer), or
  `not_covered` when there is nothing more; "why?" gives the answer its pair names as the reason
  the documents give (`because`), or `not_covered` ("The documents don't say why."); "where does it
  say that?" and "what do you mean?" give the last answer again, with its quotes.
* **A return to an earlier topic** ("going back to the theory, is there evidence for it?") is
  read on its own: the last turn and the document it named lend it nothing.
* **Documents by place.** "Does the other one name any medicine?" and "who wrote the second
  article?" are asked of that document by name, unless "the other one" is the other finding of
  the last answer; with more than two documents, "and the other one?" asks which one is meant.
* **Numbers.** After "Did you mean: 1) ... 2) ...", "1", "2", "the second one" or the words of an
  option pick it; after "You could also ask: 1) ...", a bare number asks that question.
* **State.** `state()` is a small JSON-ready dict a server can keep, and `Bot.chat(state=...)`
  resumes it (`qa_bot.conversation_state`).
"""

from __future__ import annotations

import itertools
import logging
import re
import textwrap
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from qa_bot import answering
from qa_bot.answering import Answer, Answerer
from qa_bot.conversation_state import restored, state_of
from qa_bot.documents import COMMENT, Parts
from qa_bot.focus import content_words
from qa_bot.follow_ups import (
    ORDINALS,
    OTHER,
    asked_elsewhere,
    asks_why,
    bare_request,
    document_reference,
    more_topic,
    picked_number,
    request_in,
    returns_to_topic,
)
from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.matching import QUESTION_WORDS, Match, Matcher, SentenceMatch
from qa_bot.safety import SafetyConcern, Screen, Turn
from qa_bot.safety.screen import REMEMBERED_TURNS as REMEMBERED_SAFETY_TURNS
from qa_bot.smalltalk import (
    acknowledges,
    greets_without_asking,
    kind_of,
    without_mention,
    without_pleasantries,
)
from qa_bot.text import STOPWORDS, normalise, stem, terms

_log = logging.getLogger(__name__)

# Words that point back to something named before: a document, its author.
_POINTERS = r"it|its|this|that|she|her|he|him|his|they|them|their"
_FOLLOW_UP_WORDS = re.compile(
    rf"\b(?:{_POINTERS}|hers|those|these|there|then|also|too|else|again|instead|though)\b"
)
_REFERS_BACK = re.compile(rf"\b(?:{_POINTERS})\b")
# Asked first, "who wrote it?" may mean either document: pairs of different documents this close
# to the best make the bot ask which was meant.
UNRESOLVED_MARGIN = 0.03
_CONNECTOR = re.compile(r"^(?:and|but|so|or|what about|how about|also|then|ok so|okay so)\b")


class _Placed(NamedTuple):
    """A message that named a document by its place, with the document's name put instead."""

    text: str
    source: str
    says_document: bool  # "the other article", not "the other one"
    asks_more: bool  # more than "does the other one say that too?"


# "Does the other one say that too?" asks nothing new: a word of these, and no other of substance.
_SAME_CUES = frozenset(
    "say says said mention mentions mentioned talk talks too also same agree".split()  # noqa: SIM905
)
_SAME_TERMS = frozenset(terms(" ".join(_SAME_CUES) + " thing anything stuff well"))
_SWITCHED = "the last question, of the other document"
SWITCH_THRESHOLD = 0.7
# "Tell me more" gives an answer not yet given only when it matches the topic at least this well.
MORE_THRESHOLD = 0.3
# ... and only an answer that quotes at least this many words the conversation has not shown.
MORE_NEW_WORDS = 3
_POINTER_WORDS = frozenset(terms("it that this those these her him them they about on of"))
# "More about him / her": a person, who is named in the last answer ("Marco Venniro").
_PERSON = re.compile(r"\b(?:him|her|he|she|his)\b")
_NAME = re.compile(r"\b[A-Z][a-z]+\b")
_OPENERS = frozenset({"yes", "no", "not", "both", "only", "possibly", "little", "because"})
# A question with this many content words or fewer may lean on the last answer.
_SHORT = 3
# Longer questions are cut to their end for matching, with a notice (see `Conversation.ask`).
MAX_QUESTION_CHARS = 1000
SAFETY_SCAN_CHARS = 10_000
# A pair is about the reader comments when this share of its wordings say "comment".
ABOUT_SHARE = 0.3
_COMMENT_STEM = stem("comment")
# A question that names a document is answered from that document's best pair when it scores
# within this much of the best pair overall (of the other document).
NAMED_PART_MARGIN = 0.1
# Added to pairs from the document the last answer came from: "it" is most likely that document.
SAME_DOCUMENT_BONUS = 0.15
# Someone who mentions a hard time gets an answer beside the help only when it matches this well;
# a loose match ("was it my fault?" against the paper's title) is worse than the safety reply.
CONCERN_ANSWER_THRESHOLD = 0.6
# A conversation's repr shows this much of the last question, on one line.
REPR_QUESTION_CHARS = 40
# A hello with no question in it is answered from a pair that matches it at least this well;
# below, it is a guess at what the person will ask ("hi, I have a psych exam tomorrow").
TOLD_ANSWER_THRESHOLD = 0.6
# The turns a conversation remembers, the newest: follow-ups and the safety screen look back a
# few turns, and a conversation of 100,000 turns must cost no more per turn, nor more memory,
# than one of a hundred.
REMEMBERED_TURNS = 50


@dataclass
class Conversation:
    """One person's conversation with the bot, from `Bot.chat()`. It belongs to one person and is
    not thread-safe: make one per person (one `Bot` serves them all).

    ask(question)  the answer (`Answer`) in the light of the conversation so far
    last           the last answer, or None
    history        the last answers, oldest first (at most `REMEMBERED_TURNS`)
    state()        a small JSON-ready dict to keep between a person's messages
    restore(state) go on from a `state()` (`Bot.chat(state=...)` does it for you)
    clear()        forget the conversation so far
    """

    knowledge: KnowledgeBase
    matcher: Matcher
    answerer: Answerer
    screen: Screen
    parts: Parts
    history: list[Answer] = field(default_factory=list)  # the last REMEMBERED_TURNS answers
    # The pairs answered so far, oldest first (a dict keeps their order).
    _given: dict[str, None] = field(default_factory=dict)
    # The question of the last answer, as its pair words it: what "and the other one?" asks again.
    _topic: str = ""
    # The document (or the reader comment) the last question named, which "it" may go on naming.
    _named_before: str | None = None

    @property
    def last(self) -> Answer | None:
        """The previous answer, if any."""
        return self.history[-1] if self.history else None

    def ask(self, question: str) -> Answer:
        """Answer a question in the light of the conversation so far. Never raises for a string
        (any string); `TypeError` for anything else."""
        if not isinstance(question, str):
            raise TypeError(f"the question must be a string, not {type(question).__name__}")
        question = without_mention(question)
        # The safety screen reads the start and the end of a very long message (a cry for help
        # may come after a pasted page), in the light of what the person said before; matching
        # reads its last MAX_QUESTION_CHARS, where people put the question after their context.
        concern = self.screen.check(
            _ends(question, SAFETY_SCAN_CHARS), earlier=self._read_with(question)
        )
        if concern is None:
            _log.debug("safety screen: nothing found")
        else:
            _log.debug(
                "safety screen: %s (%s), certain=%s, alongside a question=%s",
                concern.category,
                concern.signal,
                concern.certain,
                concern.alongside_question,
            )
        matched_part = _as_matched(question)
        if matched_part is not question:
            _log.debug("a long question: matched by its last %d characters", len(matched_part))
            answer = replace(
                self.answerer.with_notice(
                    self._answer(matched_part, concern),
                    f"Your message was long: only its last {MAX_QUESTION_CHARS:,} characters "
                    "were used to find an answer.",
                ),
                question=question,
            )
        else:
            answer = self._answer(question, concern)
        if answer.from_pair and answer.matched is not None:
            self._given.pop(answer.matched.pair_id, None)
            self._given[answer.matched.pair_id] = None
            if not answer.reason.startswith(_SWITCHED):  # "and the other one?" keeps the topic
                self._topic = self.knowledge.pairs[answer.matched.pair_id].questions[0]
        if answer.status != "clarify" and answer.suggestions:
            # Never suggest what this conversation has already answered.
            asked = {self.knowledge.pairs[p].questions[0] for p in self._given}
            kept = tuple(s for s in answer.suggestions if s not in asked)
            answer = replace(answer, suggestions=kept)
        self.history.append(answer)
        del self.history[:-REMEMBERED_TURNS]
        _log.debug(
            "reply %s (confidence %.2f): %s", answer.status, answer.confidence, answer.reason
        )
        return answer

    def __repr__(self) -> str:
        if self.last is None:
            return f"Conversation(turns={len(self.history)})"
        asked = textwrap.shorten(self.last.question, REPR_QUESTION_CHARS, placeholder="...")
        last = f", last={self.last.status}: {asked!r}"
        return f"Conversation(turns={len(self.history)}{last})"

    def state(self) -> dict[str, object]:
        """What the next turn needs, as a small JSON-ready dict (a few KB at most): a server keeps
        it between a person's messages and resumes with `Bot.chat(state=...)`. It holds the last
        turns (no answer texts) and pair ids, never the knowledge base
        (`qa_bot.conversation_state`)."""
        return state_of(self.history, list(self._given), self._topic, self._named_before)

    def restore(self, state: object) -> None:
        """Go on from a `state()`; `ValueError` if it is not one."""
        kept = restored(state, self.knowledge, self.answerer.citations, self.parts.ids)
        self.history = kept.history
        self._given = dict.fromkeys(kept.given)
        self._topic, self._named_before = kept.topic, kept.named_before

    def clear(self) -> None:
        """Forget the conversation so far."""
        self.history.clear()
        self._given.clear()
        self._topic = ""
        self._named_before = None

    def _answer(self, question: str, concern: SafetyConcern | None) -> Answer:
        text = normalise(question)
        if not text:
            return self.answerer.empty(question)
        if concern is None:
            # "Interesting. Go on." asks for more; its "go" is no goodbye.
            pending = self._options_pending()
            small_talk = None if request_in(question) else kind_of(text, options_pending=pending)
            if small_talk is not None:
                _log.debug("small talk: %s", small_talk)
                return self._chitchat(question, small_talk)
            if greets_without_asking(question):
                # "hi, I have an exam on these tomorrow": greeted back when nothing answers it,
                # or only a guess; never in place of help or of what the documents don't say.
                told = self._on_the_named_part(question, text, self._asked(question, text))
                guess = told.from_documents and told.confidence < TOLD_ANSWER_THRESHOLD
                if (told.status == "no_match" or guess) and not told.help:
                    return self._chitchat(question, "hello_told")
                return told
            # "And the other one?" alone asks the last question again (`_other_document`).
            by_place = None if asked_elsewhere(text) else self._document_by_place(text)
            previous = self._previous_pair()
            if by_place is not None and previous is not None and not by_place.asks_more:
                # "does the other article say that too?": the last question, asked of it.
                return self._asked_of(question, by_place.source, previous)
            named = self.parts.named(text)
            if (
                previous is not None
                and named in self.knowledge.sources
                and self._asks_the_same(text)
            ):
                # "does the inagaki summary mention it too?": the same, of the one it names.
                return self._asked_of(question, named, previous)
            if by_place is not None:
                return self._asked_by_place(question, text, by_place)
            if returns_to_topic(text):
                # "Going back to the theory, is there evidence from animals for it?" names its
                # topic: neither the last turn nor the document it named settles "it".
                answer = self._asked(question, text, follow_up=False)
                return self._on_the_named_part(question, text, answer, inherit=False)
            return self._on_the_named_part(question, text, self._asked(question, text))
        if acknowledges(text):
            # "ok" after the help was given: a word back, with the help beside it again.
            return self._chitchat(question, "acknowledged", concern)
        if concern.needs_safety_reply:
            return self.answerer.safety(question, concern)
        # A message that carries a concern is read on its own, never as a follow-up: "I keep
        # thinking it's my fault he started using" is not a question about the last answer.
        answer = self._on_the_named_part(
            question, text, self._asked(question, text, follow_up=False)
        )
        if (concern.helped_unless_answered and not answer.from_documents) or (
            concern.certain
            and (
                not (answer.from_documents or answer.from_pair)
                or answer.confidence < CONCERN_ANSWER_THRESHOLD
            )
        ):
            # Hard times mentioned while asking about the documents: the answer and help beside
            # it, if the documents answer well; if they don't, the safety reply is the better one.
            return self.answerer.safety(question, concern)
        return self.answerer.with_help(answer, concern)

    def _asked_by_place(self, question: str, text: str, by_place: _Placed) -> Answer:
        """ "Does the other one name any medicine?" asked of the NIDA post by name, unless "the
        other one" is the other finding the last answer gave and the question, read as it is,
        is answered."""
        named_before = self._named_before
        placed = by_place.text
        answer = self._on_the_named_part(placed, placed, self._asked(placed, placed))
        if answer.from_documents or answer.status == "clarify" or by_place.says_document:
            return replace(answer, question=question)
        placed_named, self._named_before = self._named_before, named_before
        kept = self._on_the_named_part(question, text, self._asked(question, text))
        if kept.from_documents:
            return kept
        self._named_before = placed_named
        return replace(answer, question=question)

    def _read_with(self, question: str) -> list[Turn]:
        """What the safety screen reads a message in the light of: the last turns, unless the
        message only asks something of the last answer ("why?", "tell me more") and that answer
        raised no concern: it says nothing then of a concern further back."""
        recent = self.history[-REMEMBERED_SAFETY_TURNS:]
        if recent and recent[-1].safety is None and bare_request(question):
            return []
        return [Turn(_as_matched(a.question), a.safety) for a in recent]

    def _chitchat(self, question: str, kind: str, concern: SafetyConcern | None = None) -> Answer:
        """The reply to small talk; "thanks" or "bye" soon after a message that raised a concern
        (`concern`, or one of the last turns') keeps the help beside it, for the person who may
        still need it."""
        reply = self.answerer.chitchat(question, kind)
        recent = self.history[-REMEMBERED_SAFETY_TURNS:]
        earlier = (a.safety for a in reversed(recent) if a.safety is not None)
        concern = concern or next(earlier, None)
        if concern is None:
            return reply
        return self.answerer.with_help(reply, replace(concern, certain=False))

    def _asked(self, question: str, text: str, *, follow_up: bool = True) -> Answer:
        """`_reply` to the question without a greeting before it and thanks after it ("hi,
        where does the author work? thanks"), which match nothing and only blur what does."""
        plain = without_pleasantries(text)
        if plain and plain != text:
            return replace(self._reply(plain, plain, follow_up=follow_up), question=question)
        return self._reply(question, text, follow_up=follow_up)

    def _reply(
        self, question: str, text: str, *, follow_up: bool = True, picks: bool = True
    ) -> Answer:
        picked = self._clarification_choice(text)
        if picked is not None:
            _log.debug("follow-up: picks %s, an option of the last clarification", picked)
            return self.answerer.answer_pair(
                question, picked, reason="it picks an option of the last clarification"
            )
        suggested = self._suggestion_choice(text) if picks else None
        if suggested is not None:
            # "2" after "You could also ask: 1) ... 2) ...": that question, asked (once: a
            # suggestion that is itself a number picks nothing).
            answer = self._reply(suggested, normalise(suggested), picks=False)
            return replace(
                self.answerer.with_notice(answer, f"Answering: “{suggested}”"),
                question=question,
                reason=f"it picks a suggestion of the last reply: {answer.reason}",
            )
        previous = self._previous_pair() if follow_up else None
        asked = request_in(question)
        if previous is not None:
            _log.debug(
                "follow-up: may lean on the last answer (pair %s); request: %s",
                previous,
                asked or "none",
            )
        if asked == "more" and previous is None and terms(more_topic(text) or ""):
            asked = None  # "what else causes relapse?" asked first is a question of its own
        if asked is not None and previous is None:
            kind = "no_answer_yet" if asked == "where" else "no_topic"
            return self.answerer.chitchat(question, kind)
        if previous is not None and asked == "more":
            return self._more(question, previous, more_topic(text) or "")
        if previous is not None and asked == "why":
            return self._why(question, previous)
        if previous is not None and asked in ("where", "again"):
            return self.answerer.answer_pair(
                question,
                previous,
                reason="asks where the documents say it: the last answer, with its quotes and "
                "where they are from"
                if asked == "where"
                else "asks what the last answer means: it is all the documents say about it",
            )
        switched = self._other_document(question, text) if previous is not None else None
        if switched is not None:
            return switched
        ranking = self.matcher.rank(question)
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(
                "retrieval: %s",
                ", ".join(f"{m.pair_id} {m.score:.2f}" for m in ranking[:3]) or "no pair",
            )

        def sentence() -> SentenceMatch | None:  # looked for only when no pair is good enough
            return self.matcher.best_sentence(question)

        if (
            previous is None
            or not self._looks_like_follow_up(text)
            or not self.matcher.knows_any_term(question)
        ):
            answer = self.answerer.decide(question, ranking, sentence)
            if previous is None and answer.from_pair and self._refers_back(text):
                return self._which_document(question, answer, ranking)
            return answer
        _log.debug("follow-up: matched with the words of the last question, of pair %s", previous)
        answer = self.answerer.decide(
            question, self._lean_on(question, ranking, previous), sentence
        )
        if answer.status == "clarify":
            # "Who wrote it?" after an answer from the NIDA post means the NIDA post's author.
            source = self._previous_source()
            same_document = [p for p in answer.options if self._sources_of(p) == {source}]
            if source is not None and len(same_document) == 1:
                return self.answerer.answer_pair(
                    question,
                    same_document[0],
                    reason="a follow-up: of the close options, only this one is about the "
                    "document of the last answer",
                )
            return answer
        if self._refers_back(text) and not (
            answer.from_pair
            and answer.matched is not None
            and self._sources_of(answer.matched.pair_id) & self._sources_of(previous)
        ):
            # "who came up with it?" after the theory asks another kind of fact of it: when the
            # last answer's pair doesn't give it and nothing of its document does, the documents
            # don't say (the reader comment's author is not the theory's).
            declined = self.answerer.kind_not_given(question, previous)
            if declined is not None:
                return declined
        if asks_why(text) and answer.from_pair and answer.matched is not None:
            found = answer.matched.pair_id
            # "why would blocking them do that?" asks it of the last answer; "why more work?"
            # after the future directions finds the reason they give; "why are the results so
            # mixed?" finds what the documents say of them, and no reason; "why do rats huddle?"
            # finds the huddling answer, whose own reason (for what it proves) is not asked.
            if found == previous:
                return self._why(question, previous)
            gives_reason = found in self.knowledge.pairs[previous].because
            if not (gives_reason or found in self.knowledge.pairs[found].because):
                return self.answerer.no_reason(question, found)
        if (
            answer.from_pair
            and ranking
            and answer.matched
            and answer.matched.pair_id == ranking[0].pair_id
        ):
            return answer  # the question found it on its own: the last one did not change it
        return replace(
            answer, reason=f"a follow-up, matched with the last question's help: {answer.reason}"
        )

    def _on_the_named_part(
        self, question: str, text: str, answer: Answer, *, inherit: bool = True
    ) -> Answer:
        """`answer`, if it comes from the document (or the reader comment) the question names;
        else that document's own answer, if it has one as good; else `not_covered`, saying the
        named document doesn't say it and where it is said (`qa_bot.documents`)."""
        named = self.parts.named(text)
        if named is None and inherit and _REFERS_BACK.search(text):
            named = self._named_before  # "did she say...?" after "who is Tristen Inagaki?"
        self._named_before = named
        if named is None or not answer.from_pair or answer.matched is None:
            return answer
        _log.debug("document check: the question names %s", named)
        pairs = self.knowledge.pairs
        if self._rests_on(pairs[answer.matched.pair_id], named, text):
            return answer
        theirs = {p for p in pairs if named in self.parts.of_pair(pairs[p])}
        there = self.matcher.rank(without_pleasantries(text) or question, among=theirs)
        if (
            there
            and there[0].score >= answering.ANSWER_THRESHOLD
            and there[0].score >= answer.confidence - NAMED_PART_MARGIN
        ):
            own = self.answerer.decide(question, there)
            if own.from_pair or own.from_documents:  # the focus check may set them all aside
                named_title = self.parts.title(named)
                return replace(own, reason=f"the question names {named_title}: {own.reason}")
        elsewhere = self._sources_of(answer.matched.pair_id) - {named}
        return self.answerer.not_in_named_part(question, answer, self.parts.title(named), elsewhere)

    def _rests_on(self, pair: Pair, named: str, text: str) -> bool:
        """Whether what `pair` answers about the question comes from the part it names.

        A pair about both documents ("both mention animals: the summary ... huddling; the NIDA
        post ... rats") rests on the named one only if the question's words are in that one's
        quotes: "what does the NIDA post say about huddling?" is asked of words only the other
        document's quote has."""
        parts = self.parts.of_pair(pair)
        if named == COMMENT and self._about_the_comments(pair):
            return True  # what the site says of its comments answers a question about them
        if named not in parts:
            return False
        if len(parts - {COMMENT}) == 1:
            return True
        asked = content_words(self.matcher.prepare(text)) - self.parts.name_words
        here: set[str] = set()
        there: set[str] = set()
        for ref in pair.citations:
            quoted = self.answerer.quote_words(ref.quote)
            (here if named in self.parts.of_passage(ref.passage_id) else there).update(quoted)
        return not (asked & (there - here)) or bool(asked & (here - there))

    def _about_the_comments(self, pair: Pair) -> bool:
        """Whether a pair's wordings are mostly about the reader comments (the disclaimer)."""
        return self.matcher.wording_share(pair.id).get(_COMMENT_STEM, 0.0) >= ABOUT_SHARE

    def _refers_back(self, text: str) -> bool:
        """Whether a short question says "it", "she", "this"... of something named earlier."""
        return bool(_REFERS_BACK.search(text)) and len(terms(text)) <= _SHORT

    def _which_document(self, question: str, answer: Answer, ranking: list[Match]) -> Answer:
        """`answer`, unless "it" may as well be the other document: then ask which was meant.

        "Who wrote it?" asked first names no document, and each has an author. When a pair of
        another document scores within UNRESOLVED_MARGIN of the best, the bot asks.
        """
        best = ranking[0]
        rivals = [
            m
            for m in ranking[1:3]
            if best.score - m.score < UNRESOLVED_MARGIN
            and m.score >= answering.ANSWER_THRESHOLD
            and self._sources_of(m.pair_id) != self._sources_of(best.pair_id)
        ]
        if not rivals:
            return answer
        return self.answerer.clarify(
            question,
            [best, rivals[0]],
            reason=f"the question says “it” or “she” before any answer named a document, and "
            f"pairs of different documents scored within {UNRESOLVED_MARGIN:.2f} of each other "
            f"({best.score:.2f}), so the bot asks which was meant",
        )

    def _other_document(self, question: str, text: str) -> Answer | None:
        """The last question asked of another document ("and the other one?"), if this is that."""
        found = asked_elsewhere(text)
        previous = self._previous_pair()
        if found is None or previous is None or not self._topic:
            return None
        source = self._previous_source()
        if found == OTHER:
            source = self._last_asked_of() or source
            if source is None:
                return None  # the last answer was about both: "the other one" is no document
            others = [s for s in self.knowledge.sources if s != source]
            if len(others) > 1:
                return self._which_other(question, others)
        else:
            named = stem(found)
            others = [
                s.id
                for s in self.knowledge.sources.values()
                if named in {stem(w) for w in normalise(f"{s.short} {s.title} {s.author}").split()}
            ]
        if len(others) != 1 or others[0] == source:
            return None
        return self._asked_of(question, others[0], previous)

    def _last_asked_of(self) -> str | None:
        """The document the last question named, if it named one: after "what does Inagaki say
        about peer pressure?" (the NIDA post does), "the other one" is the NIDA post."""
        last = self.last
        named = (
            self.parts.named(normalise(_as_matched(last.question))) if last is not None else None
        )
        return named if named in self.knowledge.sources else None

    def _which_other(self, question: str, others: list[str]) -> Answer | None:
        """ "And the other one?" with more than two documents: the last question's counterpart in
        each of the others that has one; with two or more, the bot asks which was meant."""
        found = []
        for source in others:
            theirs = self._pairs_about(source, only=True)
            there = self.matcher.rank(self._topic_of(source), among=theirs, limit=1)
            if there and there[0].score >= SWITCH_THRESHOLD:
                found.append(there[0])
        if not found:
            return None
        if len(found) == 1:
            answer = self.answerer.answer_pair(question, found[0].pair_id, reason="")
            return replace(answer, reason=f"{_SWITCHED}: the only other one that answers it")
        return self.answerer.clarify(
            question,
            found,
            reason=f"“the other one” with {len(others)} other documents: each has an answer to "
            "the last question, so the bot asks which was meant",
        )

    def _topic_of(self, source: str) -> str:
        """The last question as its pair words it, of the document `source`: "who wrote the
        Alpha note?" becomes "who wrote the beta note", whose wording it should match."""
        names = {
            word
            for other in self.knowledge.sources.values()
            for name in (other.short, *other.names)
            for word in normalise(name).split()
        } - STOPWORDS
        kept = [word for word in normalise(self._topic).split() if word not in names]
        return " ".join([*kept, *normalise(self.knowledge.sources[source].short).split()])

    def _asked_of(self, question: str, source: str, previous: str) -> Answer:
        """The last question, asked of the document `source`."""
        if source in self._sources_of(previous):
            # "and Inagaki?" after an answer about both documents: it said that already. (Or the
            # last question named the other document, and this one is where it is said.)
            covers = "comes from" if self._sources_of(previous) == {source} else "covers"
            return self.answerer.answer_pair(
                question, previous, reason=f"the last answer {covers} that document too"
            )
        # The question is one of a pair's own wordings: its counterpart, if the other document
        # has one, matches it closely. A loose match is another question, not the same one. Its
        # own answers first, then those about both documents ("does it help to connect?"); the
        # pair's wording first, then the person's own ("does the summary say anything about
        # relapse?" finds the NIDA post's definition, which "how could blocking opioids affect
        # relapse?" does not).
        earlier = self._last_asked()
        asked = without_pleasantries(normalise(earlier)) or earlier
        there: list[Match] = []
        for wording, among in itertools.product(
            (self._topic, asked) if asked else (self._topic,),
            (self._pairs_about(source, only=True), self._pairs_about(source, only=False)),
        ):
            there = self.matcher.rank(wording, among=among)
            if there and there[0].score >= SWITCH_THRESHOLD:
                break
        if not there or there[0].score < SWITCH_THRESHOLD:
            return self.answerer.not_in_document(question, self._topic, source)
        answer = self.answerer.answer_pair(question, there[0].pair_id, reason="")
        return replace(
            answer,
            reason=f"{_SWITCHED} ({there[0].score:.2f}, at or over {SWITCH_THRESHOLD:.2f})",
        )

    def _pairs_about(self, source: str, *, only: bool) -> set[str]:
        """The pairs whose quotes come from `source`: only from it, or from it among others."""
        return {
            p
            for p in self.knowledge.pairs
            if (self._sources_of(p) == {source} if only else source in self._sources_of(p))
        }

    def _last_asked(self) -> str:
        """The last question answered from a pair that asked something of its own ("tell me
        more" or "why?" did not: the "more" of "tell me more" is no topic); "" if none."""
        return next(
            (
                _as_matched(a.question)
                for a in reversed(self.history)
                if a.from_pair and not bare_request(a.question)
            ),
            "",
        )

    def _sources_of(self, pair_id: str) -> set[str]:
        passages = self.knowledge.passages
        return {
            passages[ref.passage_id].source_id for ref in self.knowledge.pairs[pair_id].citations
        }

    def _lean_on(self, question: str, ranking: list[Match], previous: str) -> list[Match]:
        """Re-rank a follow-up: the previous question's words help, its document is favoured."""
        earlier = self._last_asked()
        # The last answer's own pair matches the last question by definition: that is no
        # evidence the follow-up asks for it again, so it keeps only its plain score.
        # (Discounting these matches, as found only with help, measured worse on the tuning
        # part: a bare "which ones?" then lost to any short wording that begins "which".)
        merged = {
            m.pair_id: m
            for m in self.matcher.rank(question, context=earlier)
            if m.pair_id != previous
        }
        for m in ranking:
            if m.pair_id not in merged or m.score > merged[m.pair_id].score:
                merged[m.pair_id] = m
        source = self._previous_source()
        if source is not None:
            for pair_id, m in merged.items():
                if self._sources_of(pair_id) == {source}:
                    merged[pair_id] = Match(pair_id, m.question, m.score + SAME_DOCUMENT_BONUS)
        ranked = sorted(merged.values(), key=lambda m: m.score, reverse=True)
        # The bonus may lift scores past 1: all are scaled down alike rather than capped, which
        # would tie two pairs at 1.0 and lose which of them was ahead.
        top = max(ranked[0].score, 1.0) if ranked else 1.0
        return [Match(m.pair_id, m.question, round(m.score / top, 4)) for m in ranked]

    def _looks_like_follow_up(self, text: str) -> bool:
        """Said as a follow-up ("it", "and ...", "what about ..."), or short; but a short message
        with a word the knowledge base never uses names a topic of its own, and the last
        answer's document must not lift a weak match of its other words into an answer ("does
        the nida page mention covid" after a NIDA answer)."""
        return bool(
            _FOLLOW_UP_WORDS.search(text)
            or _CONNECTOR.match(text)
            or (len(terms(text)) <= _SHORT and self.matcher.knows_every_term(text))
        )

    def _previous_pair(self) -> str | None:
        for answer in reversed(self.history):
            if answer.from_pair and answer.matched is not None:
                return answer.matched.pair_id
        return None

    def _previous_source(self) -> str | None:
        """The id of the one document the last answer rests on (None when it used both)."""
        for answer in reversed(self.history):
            if answer.from_pair:
                sources = {c.source for c in answer.citations}
                return sources.pop() if len(sources) == 1 else None
        return None

    def _more(self, question: str, previous: str, topic: str) -> Answer:
        """Something not yet said on the last answer's topic, from its document: what the
        request names ("more about the treatment side"), else the pairs its author listed as
        related, else the nearest answer to the last question; `not_covered` when the documents
        have nothing more on it."""
        pairs = self.knowledge.pairs
        sources = self._sources_of(previous)
        said = {
            word
            for answer in self.history
            for c in answer.citations
            for word in self.answerer.quote_words(c.quote)
        }
        fresh = {
            p
            for p in pairs
            if p not in self._given
            and not pairs[p].gap
            # the same document: after the NIDA post, not an answer about both
            and self._sources_of(p) <= sources
            # Something not yet said: the key findings' overview already gave the first one.
            and len(
                frozenset().union(*(self.answerer.quote_words(r.quote) for r in pairs[p].citations))
                - said
            )
            >= MORE_NEW_WORDS
        }
        if _PERSON.search(topic):
            # "Tell me more about him" after the illustrator: more about that person, which the
            # answers that name them (or say "her") give, or nothing.
            named = {
                word
                for word in _NAME.findall(pairs[previous].answer)
                if word.casefold() not in STOPWORDS | _OPENERS
            } | set(_PERSON.findall(topic))
            fresh = {p for p in fresh if named & set(re.findall(r"\w+", pairs[p].answer))}
        if terms(topic) and not set(terms(topic)) <= _POINTER_WORDS:
            # What it names may be what the documents don't say ("her background or degrees?").
            gaps = {p for p in pairs if pairs[p].gap and self._sources_of(p) <= sources}
            named = self.matcher.rank(topic, among=fresh | gaps)
            if named and named[0].score >= MORE_THRESHOLD:
                return self.answerer.answer_pair(
                    question,
                    named[0].pair_id,
                    unasked=True,
                    reason=f"“tell me more” about what it names: the best answer not yet given "
                    f"({named[0].score:.2f})",
                )
        for related in pairs[previous].related:
            if related in fresh:
                return self.answerer.answer_pair(
                    question,
                    related,
                    unasked=True,
                    reason="“tell me more”: the next related answer not yet given",
                )
        nearest = self.matcher.rank(self._first_question(previous), among=fresh)
        if nearest and nearest[0].score >= MORE_THRESHOLD:
            return self.answerer.answer_pair(
                question,
                nearest[0].pair_id,
                unasked=True,
                reason=f"“tell me more”: the nearest answer not yet given ({nearest[0].score:.2f})",
            )
        return self.answerer.nothing_more(question)

    def _why(self, question: str, previous: str) -> Answer:
        """The reason the documents give for the last answer (its pair's `because`), or
        `not_covered` when they give none."""
        because = self.knowledge.pairs[previous].because
        if because:
            return self.answerer.answer_pair(
                question, because[0], reason="asks why: the answer that gives the documents' reason"
            )
        return self.answerer.no_reason(question, previous)

    def _suggestion_choice(self, text: str) -> str | None:
        """The suggestion of the last reply that a bare number picks ("2"), if any."""
        last = self.last
        number = picked_number(text)
        if last is None or last.status == "clarify" or number is None:
            return None
        return last.suggestions[number - 1] if 1 <= number <= len(last.suggestions) else None

    def _asks_the_same(self, text: str) -> bool:
        """Whether a message that names a document asks it only what was asked before: "does
        the inagaki summary mention it too?"."""
        words = set(text.split())
        rest = set(terms(text)) - self.parts.name_words - _SAME_TERMS
        return bool(words & _SAME_CUES) and bool(_REFERS_BACK.search(text)) and not rest

    def _document_by_place(self, text: str) -> _Placed | None:
        """`text` with "the other one" or "the second article" put as the document's name, when
        the conversation says which that is; else None."""
        reference = document_reference(text)
        if reference is None or (self.last is not None and self.last.status == "clarify"):
            return None  # "the second one" after "Did you mean: 1) ... 2) ..." picks an option
        order = list(self.knowledge.sources)
        if reference.place == "other":
            current = self._last_asked_of() or self._previous_source() or self._named_before
            others = [s for s in order if s != current]
            if current is None or len(others) != 1:
                return None
            source = others[0]
        else:
            # "The second one" is the second document after an answer about both (or none).
            last_sources = {c.source for c in self.last.citations} if self.last else set()
            index = 0 if reference.place == "first" else 1
            if index >= len(order) or not (reference.says_document or len(last_sources) != 1):
                return None
            source = order[index]
        # Its short name without the year: "2018" would match the reference, not the question.
        name = " ".join(
            w for w in normalise(self.knowledge.sources[source].short).split() if w.isalpha()
        )
        placed = f"{text[: reference.start]}the {name}{text[reference.end :]}".strip()
        rest = f"{text[: reference.start]} {text[reference.end :]}"
        asks_the_same = bool(set(rest.split()) & _SAME_CUES) and not set(terms(rest)) - _SAME_TERMS
        asks_more = not asks_the_same
        return _Placed(placed, source, reference.says_document, asks_more)

    def _options_pending(self) -> int:
        """How many numbered options (or suggestions) the last reply offered, which a bare
        number picks."""
        last = self.last
        if last is None:
            return 0
        return len(last.options) if last.status == "clarify" else len(last.suggestions)

    def _clarification_choice(self, text: str) -> str | None:
        last = self.last
        if last is None or last.status != "clarify" or not last.options:
            return None
        words = text.split()
        # The first ordinal picks: "the third one" is the third, not the first ("one").
        index = next((ORDINALS[w] - 1 for w in words[:3] if w in ORDINALS), None)
        if index is not None and index < len(last.options) and len(words) <= 4:
            return last.options[index]
        # Or the words of an option: more than half of the reply's content words must be that
        # option's, and fewer another's. "How many rats?" after "1) Which drug were the rats
        # given? 2) ..." asks something new.
        wanted = set(terms(text)) - QUESTION_WORDS
        shared = {
            pair_id: len(wanted & set(terms(normalise(self._first_question(pair_id)))))
            for pair_id in last.options
        }
        best, most = max(shared.items(), key=lambda item: item[1])
        alone = sum(count == most for count in shared.values()) == 1
        return best if alone and 2 * most > len(wanted) and len(words) <= 6 else None

    def _first_question(self, pair_id: str) -> str:
        return self.knowledge.pairs[pair_id].questions[0]


def _as_matched(question: str) -> str:
    """What matching reads of a question: all of it, or of one longer than MAX_QUESTION_CHARS,
    its last MAX_QUESTION_CHARS from the start of a word."""
    if len(question) <= MAX_QUESTION_CHARS:
        return question
    end = question[-MAX_QUESTION_CHARS:]
    return end.partition(" ")[2] or end


def _ends(text: str, size: int) -> str:
    """`text` if it is at most `size` characters, else its first and last `size` characters."""
    return text if len(text) <= 2 * size else f"{text[:size]}\n{text[-size:]}"
