"""Turning a ranking of matches into an `Answer`: when to answer, when to say "I don't know".

A wrong answer dressed as a right one is the worst outcome, so the bot answers only when the best
pair scores at least `ANSWER_THRESHOLD`; otherwise it says what it can talk about and suggests
questions it can answer. The threshold was chosen on the tuning part of `tests/eval/questions.yaml`
(never on the held-out part): see the README's "How well it answers" for the method and figures.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from typing import TypedDict

from qa_bot.documents import Parts
from qa_bot.focus import PairFocus, asked_in, content_words, unanswered_phrase
from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.matching import Match, MatchDict, Matcher, SentenceMatch
from qa_bot.polarity import claim_of, verdict
from qa_bot.safety import HelpLine, SafetyConcern, Screen
from qa_bot.safety.help import BESIDE, HELP_NOTE, LINES, NOT_ADVICE, OPENINGS, HelpLineDict
from qa_bot.safety.screen import SafetyConcernDict
from qa_bot.text import normalise, sentences, stem

_log = logging.getLogger(__name__)


class Status(str, Enum):
    """What kind of reply an `Answer` is. A `str`, so `answer.status == "answered"` holds and
    JSON gets the plain value ("answered"); `Status("answered")` is `Status.ANSWERED`.

    ANSWERED     the documents answer it: a prepared answer with its quotes
    QUOTED       no prepared answer fits, but a sentence of the text plainly does: quoted
    NOT_COVERED  the documents don't say (a known gap, another kind of fact than they give,
                 nothing more to tell), with what they do say nearby when there is something
    CLARIFY      two answers fit about equally: "Did you mean: 1) ... 2) ..."
    NO_MATCH     nothing fits: what the bot covers, and questions to ask instead
    SAFETY       someone needs real help: help lines instead of an answer
    CHITCHAT     small talk: a greeting, thanks, a goodbye, a question about the bot
    EMPTY        nothing was asked
    """

    ANSWERED = "answered"
    QUOTED = "quoted"
    NOT_COVERED = "not_covered"
    CLARIFY = "clarify"
    NO_MATCH = "no_match"
    SAFETY = "safety"
    CHITCHAT = "chitchat"
    EMPTY = "empty"

    # A str-valued Enum prints as "Status.ANSWERED" by default (and formats so from Python
    # 3.12): it is shown and logged as its value, like the plain string it stands for.
    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


# Cross-validated on the tuning part, 0.47 scores a hair better, but it sits at the edge where
# out-of-scope questions start being answered (at 0.46, seven more of them); 0.48 keeps a margin.
ANSWER_THRESHOLD = 0.48
# When no pair reaches ANSWER_THRESHOLD, a passage sentence scoring this much is quoted instead
# (with a lower confidence and a plain "this is a quote" label). Set well above every out-of-scope
# question of the tuning part (the highest scores 0.54), so it never quotes at random.
QUOTE_THRESHOLD = 0.6
# When the runner-up pair scores within this margin of the best, ask which was meant.
CLARIFY_MARGIN = 0.01
# A known gap ahead of the answer on its topic by at most this much gives way to it when the
# question names none of the gap's details.
BROAD_GAP_MARGIN = 0.08
# Of the drug names the safety screen knows, those of this many letters or more, and a few short
# ones, name a drug whatever the sentence; shorter ones and some street names are everyday words
# too ("blues", "patch", "script") and are left out.
NAME_LETTERS = 5
SHORT_DRUG_NAMES = frozenset({"meth", "mdma", "oxy", "coke", "wine"})
AMBIGUOUS_DRUG_WORDS = frozenset(
    {"blues", "patch", "patches", "script", "stash", "tablets", "needle", "needles", "crack",
     "smack", "molly", "fetty", "gabbies", "norco", "droga", "drogas", "pastillas"}
)  # fmt: skip
# The words that ask for a verdict ("true or false", "is it right that"): not part of the claim.
_VERDICT_WORDS = frozenset(
    stem(word) for word in ("true", "false", "right", "correct", "accurate", "yes", "really")
)
# The verdict an answer to a yes/no question opens with ("Not on its own.", "Yes, some:").
_OPENING_VERDICT = re.compile(
    r"^(?:yes|no|not on its own|not yet|not much|little|possibly|partly|only partly)"
    r"(?:, (?:some|both hedge))?[:.,] +(?=\S)",
    re.IGNORECASE,
)
# A near miss good enough to be offered as a suggestion when the bot does not answer.
SUGGESTION_FLOOR = 0.25
MAX_SUGGESTIONS = 3


# What the bot says to each kind of small talk (`qa_bot.smalltalk`); all but thanks and goodbyes
# go on to say what it covers. Templates: `{documents}` and `{them}` name the knowledge base's
# documents (`qa_bot.knowledge.document_words`).
_SMALL_TALK_REPLIES = {
    "greeting": "Hello! I answer questions about {documents}, quoting {them}.",
    # "hi, I have an exam on these tomorrow": a hello that tells, and asks nothing yet.
    "hello_told": "Hello! I answer questions about {documents}, quoting {them}: ask me what "
    "you'd like to know about {them}.",
    "thanks": "You're welcome. Ask another question about the documents whenever you like.",
    "goodbye": "Goodbye, and take care.",
    "about_bot": "I'm qa-bot, a program (not a person) that answers questions about "
    "{documents}, quoting {them}. I don't give medical advice.",
    "filler": "I'm here to answer questions about {documents}.",
    "number": "That number picks nothing here: type the number of an option shown, or ask me a "
    "question about the documents.",
    "no_topic": "More about what? Ask me a question about the documents first.",
    "no_answer_yet": "Which answer? Ask me a question about the documents first, and I'll show "
    "where they say it.",
    # "ok" after a reply that gave help: no cheer, no list of documents.
    "acknowledged": "I'm here if you want to ask anything else.",
}


# A question that points back to what was told before it.
_POINTS_BACK = re.compile(r"\b(?:it|its|that|this|them|they|those|these|he|she|his|her)\b")
# A pair whose answer is worth offering, gently, to someone struggling: what the documents say
# about connection and recovery. Used only if the knowledge base has it.
SUPPORTIVE_PAIR = "meaningful-connection-limits-urge"


class CitationDict(TypedDict):
    """`Citation.to_dict()`: the fields of a citation in `qa-bot ask --json`."""

    source: str
    title: str
    author: str
    passage: str
    quote: str
    public_comment: bool


class AnswerDict(TypedDict):
    """`Answer.to_dict()`: the fields of `qa-bot ask --json`."""

    question: str
    status: str
    answer: str
    confidence: float
    citations: list[CitationDict]
    matched: MatchDict | None
    suggestions: list[str]
    reason: str
    considered: list[MatchDict]
    notice: str
    safety: SafetyConcernDict | None
    help: list[HelpLineDict]


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from a passage of a source document.

    source          the source document's id, "nida-social-connections"
    title           the document's title
    author          the document's author
    passage         the passage's id, "nida-social-connections#p3"
    quote           the words quoted, exactly as the passage has them
    short           the document's short name for display, "NIDA blog"
    public_comment  True when the passage is a reader's comment published under the document:
                    its words are the reader's, not the `author`'s, and must never be shown as
                    theirs
    quote_lines     the quote cut where the source starts a new line (a heading, a byline), so
                    that they are shown apart, never run together as one sentence; `(quote,)`,
                    or empty, when it spans none (not in `to_dict()`: `quote` is verbatim)
    """

    source: str
    title: str
    author: str
    passage: str
    quote: str
    short: str
    public_comment: bool = False
    quote_lines: tuple[str, ...] = ()

    @property
    def passage_label(self) -> str:
        """The passage's local id, "p3", as shown beside the short source name."""
        return self.passage.partition("#")[2]

    def to_dict(self) -> CitationDict:
        """JSON-ready form: source, title, author, passage, quote, public_comment."""
        return {
            "source": self.source,
            "title": self.title,
            "author": self.author,
            "passage": self.passage,
            "quote": self.quote,
            "public_comment": self.public_comment,
        }


@dataclass(frozen=True)
class Answer:
    """What the bot says to one question.

    question     the question as it was asked, whole (a long one is matched by its end only:
                 `notice` says so)
    status       what kind of reply this is (`Status`)
    text         the reply to show, help lines included
    confidence   0..1, by status: the matched pair's score (answered, not_covered, clarify),
                 the best pair's score under the answer threshold (no_match, 0 when none), the
                 quoted sentence's score (quoted), 1 (safety, chitchat), 0 (empty, and
                 not_covered when there is nothing more to say)
    citations    the quotes the reply rests on (`Citation`), in the order shown
    matched      the pair the reply comes from (`Match`), or None when nothing was matched
    suggestions  questions to ask next (for clarify, the options in the order shown)
    options      the pair ids a clarify reply offers, in the order shown
    reason       why the bot did what it did, in one line (`ask --explain`, the chat's /why)
    considered   the best-scoring pairs it weighed (`Match`), best first
    notice       something the person should know about how their question was read
    safety       what the safety screen found (`SafetyConcern`), whenever it found something:
                 in a safety reply, or beside an answer to someone who mentioned a hard time
    help         every help line the reply shows (`HelpLine`), also written in `text`, so that
                 an app showing only the text never drops them
    """

    question: str
    status: Status
    text: str
    confidence: float
    citations: tuple[Citation, ...] = ()
    matched: Match | None = None
    suggestions: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    reason: str = ""
    considered: tuple[Match, ...] = ()
    notice: str = ""
    safety: SafetyConcern | None = None
    help: tuple[HelpLine, ...] = ()

    def __post_init__(self) -> None:
        # An app may build an Answer with a plain string ("answered"), as JSON gives it back.
        if not isinstance(self.status, Status):
            object.__setattr__(self, "status", Status(self.status))

    @property
    def answered(self) -> bool:
        """True when the bot gave an answer from the knowledge base."""
        return self.status == "answered"

    @property
    def from_documents(self) -> bool:
        """True when the reply gives something from the documents: an answer or a quote."""
        return self.status in ("answered", "quoted")

    @property
    def from_pair(self) -> bool:
        """True when the reply is a pair's: an answer, or a known gap (`not_covered`) that says
        what the documents don't say. The conversation follows on from either."""
        return self.status in ("answered", "not_covered") and self.matched is not None

    def to_dict(self) -> AnswerDict:
        """JSON-ready form, the fields of `qa-bot ask --json`."""
        return {
            "question": self.question,
            "status": self.status.value,
            "answer": self.text,
            "confidence": round(self.confidence, 3),
            "citations": [c.to_dict() for c in self.citations],
            "matched": self.matched.to_dict() if self.matched else None,
            "suggestions": list(self.suggestions),
            "reason": self.reason,
            "considered": [m.to_dict() for m in self.considered],
            "notice": self.notice,
            "safety": self.safety.to_dict() if self.safety is not None else None,
            "help": [line.to_dict() for line in self.help],
        }


class Answerer:
    """Composes answers from a knowledge base and the matcher's rankings."""

    def __init__(
        self, knowledge: KnowledgeBase, screen: Screen, matcher: Matcher, parts: Parts
    ) -> None:
        """`matcher` reads questions and wordings for the focus check as it does for ranking."""
        self._knowledge = knowledge
        self._prepare = matcher.prepare
        titles = "; ".join(f"“{s.title}” ({s.short})" for s in knowledge.sources.values())
        words = knowledge.document_words
        self.scope = f"I can only answer from {words['these']}: {titles}."
        self._documents = f"The document{'s' if len(knowledge.sources) > 1 else ''}: {titles}."
        self._small_talk = {
            kind: reply.format(**words) for kind, reply in _SMALL_TALK_REPLIES.items()
        }
        self._openings = {category: text.format(**words) for category, text in OPENINGS.items()}
        # Drugs people ask about that the documents never name (the safety screen knows their
        # names, street names too): a question about one is not answered by a pair about
        # something else ("does the nida post say fentanyl is more addictive?").
        in_the_text = {
            stem(word)
            for passage in knowledge.passages.values()
            for word in normalise(passage.text).split()
        }
        self._unmentioned_drugs = frozenset(
            word
            for word in screen.lexicon.words_of("substance")
            if (len(word) >= NAME_LETTERS or word in SHORT_DRUG_NAMES)
            and word not in AMBIGUOUS_DRUG_WORDS
            and not {stem(w) for w in matcher.prepare(word).split()} & in_the_text
        )
        # Each answer's words as the matcher reads them, for the yes/no verdicts: read once.
        self._answer_words = {
            pair.id: content_words(matcher.prepare(pair.answer))
            for pair in knowledge.pairs.values()
        }
        # Words that name a document ("nida", "inagaki", "summary"): not part of a claim.
        self._document_words = parts.name_words
        # The bot never suggests a question it would answer with a safety reply. Screening every
        # pair's question up front took a large base (10k pairs) 2 s; a pair is screened when it
        # is first suggested instead, and remembered (the same answer whichever thread asks).
        self._screen = screen
        self._suggestable_pairs: dict[str, bool] = {}
        # Shown when nothing comes close: the first pair of each topic, in knowledge base order.
        firsts: dict[str, Pair] = {}
        for pair in knowledge.pairs.values():
            if not pair.gap and pair.topic not in firsts and self._suggestable(pair.id):
                firsts.setdefault(pair.topic, pair)
        self.starter_questions = tuple(p.questions[0] for p in firsts.values())
        # The content words of every quote, read once: what "tell me more" has already shown,
        # and which document's quote a question's words come from.
        self._quote_words = {
            ref.quote: frozenset(content_words(matcher.prepare(ref.quote)))
            for pair in knowledge.pairs.values()
            for ref in pair.citations
        }
        self._focus = {
            pair_id: PairFocus.of(
                wordings, matcher.wording_share(pair_id), knowledge.pairs[pair_id].answers
            )
            for pair_id, wordings in matcher.prepared_wordings().items()
        }

    def _suggestable(self, pair_id: str) -> bool:
        """Whether the pair's question may be suggested: not one the screen would take over."""
        known = self._suggestable_pairs.get(pair_id)
        if known is None:
            question = self._knowledge.pairs[pair_id].questions[0]
            known = self._suggestable_pairs[pair_id] = self._screen.check(question) is None
        return known

    def quote_words(self, quote: str) -> frozenset[str]:
        """The content words of a quote, as the matcher reads them (read once for the pairs')."""
        known = self._quote_words.get(quote)
        return known if known is not None else frozenset(content_words(self._prepare(quote)))

    def chitchat(self, question: str, kind: str) -> Answer:
        """The reply to small talk (`qa_bot.smalltalk`): a word about the bot, no document
        answer, no help-line footer."""
        opening = self._small_talk.get(kind, self._small_talk["filler"])
        shows_scope = kind not in ("thanks", "goodbye", "acknowledged")
        return Answer(
            question=question,
            status=Status.CHITCHAT,
            text=f"{opening} {self._documents}" if shows_scope else opening,
            confidence=1.0,
            reason=f"small talk ({kind.replace('_', ' ')}), not a question about the documents",
            suggestions=self.starter_questions[:MAX_SUGGESTIONS] if shows_scope else (),
        )

    def empty(self, question: str) -> Answer:
        """The answer to a blank question."""
        return self._nothing(
            question, Status.EMPTY, "Please type a question.", "the message was empty"
        )

    def safety(self, question: str, concern: SafetyConcern) -> Answer:
        """The safety reply: no answer from the documents, real help instead."""
        lines = LINES[concern.category]
        text = [self._openings[concern.category], *(f"- {line.text}" for line in lines)]
        citations: tuple[Citation, ...] = ()
        supportive = self._knowledge.pairs.get(SUPPORTIVE_PAIR)
        if concern.category in ("crisis", "distress", "help_request") and supportive is not None:
            text.append("For what it's worth, the documents say: " + supportive.answer)
            citations = self.citations(supportive)
        elif concern.category == "medical_advice":
            text.append(self.scope)
        return Answer(
            question=question,
            status=Status.SAFETY,
            text="\n".join(text),
            confidence=1.0,
            citations=citations,
            suggestions=self.starter_questions[:MAX_SUGGESTIONS]
            if concern.category == "medical_advice"
            else (),
            reason=f"the safety screen found {concern.category.replace('_', ' ')} "
            f'("{concern.signal}"), so no answer was matched',
            safety=concern,
            help=lines,
        )

    def decide(
        self,
        question: str,
        ranking: list[Match],
        find_sentence: Callable[[], SentenceMatch | None] = lambda: None,
    ) -> Answer:
        """Answer from the best match if it is good enough, else quote the passage sentence that
        fits if one plainly does (`find_sentence` is only called then), else decline.

        First, the focus check (`qa_bot.focus`): known gaps of another kind of fact than the one
        asked are set aside, and a best pair that doesn't give the kind of fact asked makes the
        reply `not_covered`, with what the documents say on the topic.
        """
        considered = tuple(ranking[:5])
        kinds = asked_in(question, self._prepare)
        ranking = self._broad_question_not_a_gap(
            [m for m in ranking if self._may_answer(m.pair_id, kinds)], kinds, question
        )
        best = ranking[0] if ranking else None
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug(
                "focus check: asks %s; best pair after it: %s",
                ", ".join(sorted(kinds)) or "no particular kind of fact",
                f"{best.pair_id} {best.score:.2f}" if best else "none",
            )
        if best is not None and best.score >= ANSWER_THRESHOLD:
            declined = self._not_given_by(question, best, kinds)
            if declined is not None:
                _log.debug("focus check: %s", declined.reason)
                return replace(
                    declined,
                    reason=f"the best pair scored {best.score:.2f}, but {declined.reason}",
                    considered=considered,
                )
        if best is None or best.score < ANSWER_THRESHOLD:
            sentence = find_sentence()
            scored = (
                "no pair came close"
                if best is None
                else (
                    f"the best pair scored {best.score:.2f}, under the answer threshold "
                    f"{ANSWER_THRESHOLD:.2f}"
                )
            )
            if sentence is not None and sentence.score >= QUOTE_THRESHOLD:
                reason = (
                    f"{scored}; a passage sentence scored {sentence.score:.2f}, over the quote "
                    f"threshold {QUOTE_THRESHOLD:.2f}, so it is quoted"
                )
                return replace(
                    self._quote(question, sentence), reason=reason, considered=considered
                )
            best_sentence = (
                "no passage sentence matched"
                if sentence is None
                else f"the best passage sentence scored {sentence.score:.2f}, under the quote "
                f"threshold {QUOTE_THRESHOLD:.2f}"
            )
            return replace(
                self._decline(question, ranking),
                reason=f"{scored}; {best_sentence}",
                considered=considered,
            )
        close = [m for m in ranking[1:3] if best.score - m.score < CLARIFY_MARGIN]
        if close:
            return replace(
                self._clarify(question, [best, *close]),
                reason=f"{len(close) + 1} pairs scored within {CLARIFY_MARGIN:.2f} of each other "
                f"({best.score:.2f}), so the bot asks which was meant",
                considered=considered,
            )
        return replace(
            self._answer(question, best),
            reason=f"the best pair scored {best.score:.2f}, at or over the answer threshold "
            f"{ANSWER_THRESHOLD:.2f}",
            considered=considered,
        )

    def kind_not_given(self, question: str, pair_id: str) -> Answer | None:
        """`not_covered`, when `question` (a follow-up of the pair `pair_id`'s answer) asks what
        that pair doesn't give; None otherwise."""
        declined = self._not_given_by(
            question, Match(pair_id, question, 1.0), asked_in(question, self._prepare)
        )
        if declined is None:
            return None
        return replace(declined, reason=f"a follow-up of the last answer: {declined.reason}")

    def _not_given_by(self, question: str, best: Match, kinds: frozenset[str]) -> Answer | None:
        """`not_covered` when the best pair's answer is not what the question asks: it names
        drugs the documents never mention, or asks a kind of fact the pair's wordings never ask
        (a known gap already says what the documents don't say). Its reason says which."""
        unmentioned = self._unmentioned(question, best.pair_id)
        if unmentioned:
            return replace(
                self._not_said(question, best, f"mention {' or '.join(unmentioned)}"),
                reason=f"the question names {', '.join(unmentioned)}, which the documents "
                "never mention",
            )
        missing = frozenset() if self._is_gap(best) else self._focus[best.pair_id].missing(kinds)
        if not missing:
            return None
        return replace(
            self._not_said(question, best, f"say {unanswered_phrase(missing)}"),
            reason=f"the question asks {unanswered_phrase(missing)}, which its wordings never ask",
        )

    def no_reason(self, question: str, pair_id: str) -> Answer:
        """`not_covered` for "why?" when the documents give no reason for the pair's answer:
        "The documents don't say why. What they do say on the topic: ...", cited."""
        pair = self._knowledge.pairs[pair_id]
        return replace(
            self._not_said(question, Match(pair_id, pair.questions[0], 1.0), "say why"),
            reason="asks why of the last answer, and the documents give no reason for it",
        )

    def _is_gap(self, match: Match) -> bool:
        return self._knowledge.pairs[match.pair_id].gap

    def _may_answer(self, pair_id: str, kinds: frozenset[str]) -> bool:
        """A known gap answers only questions of a kind of fact its wordings ask: "what did the
        rats do?" is not "which drug were the rats given?"."""
        if not self._knowledge.pairs[pair_id].gap:
            return True
        own = self._focus[pair_id].any_kinds
        return not (own and kinds) or bool(kinds & own)

    def _broad_question_not_a_gap(
        self, ranking: list[Match], kinds: frozenset[str], question: str
    ) -> list[Match]:
        """`ranking`, with the best answer on the topic put first when a known gap leads but the
        question names none of the details the gap is about: "what did the rats do?" asks about
        the rat study, not "which drug were the rats given?"."""
        if kinds or not ranking or not self._knowledge.pairs[ranking[0].pair_id].gap:
            return ranking
        gap = ranking[0]
        topic = next((m for m in ranking if not self._knowledge.pairs[m.pair_id].gap), None)
        if topic is None or topic.score < ANSWER_THRESHOLD:
            return ranking
        words = content_words(self._prepare(question))
        # A question of no word at all ("by how much?") says nothing either way.
        if (
            not words
            or gap.score - topic.score > BROAD_GAP_MARGIN
            or self._focus[gap.pair_id].adds_a_detail(words, self._focus[topic.pair_id])
        ):
            return ranking
        return [topic, *(m for m in ranking if m is not topic and m is not gap)]

    def not_in_named_part(
        self, question: str, answer: Answer, named: str, sources: set[str]
    ) -> Answer:
        """`not_covered`: `named` ("the Inagaki (2018) summary", "the reader comment") doesn't
        say what `answer` says; where it is said (`sources`, the other documents the answer's
        quotes come from), with its citations."""
        pair = self._knowledge.pairs[answer.matched.pair_id] if answer.matched else None
        if pair is None:
            return answer
        where = " and ".join(f"the {self._knowledge.sources[s].short}" for s in sorted(sources))
        does = "do" if len(sources) > 1 else "does"
        # A reply that already says what the documents don't say keeps saying it.
        said = answer.text if answer.status == "not_covered" else f"{where} {does}: {pair.answer}"
        return replace(
            answer,
            status=Status.NOT_COVERED,
            text=f"{named[0].upper()}{named[1:]} doesn't say that. {said[0].upper()}{said[1:]}",
            help=(),
            reason=f"the question names {named}, and the best answer comes from {where} "
            f"({answer.reason})",
        )

    def _unmentioned(self, question: str, pair_id: str) -> list[str]:
        """The drugs a question names that the documents never mention, unless the pair is about
        them (a known gap whose wordings name them: "was it heroin the rats got?"). A drug named
        only in a story told before the question counts when the question points back to it
        ("my son uses fentanyl. does the post say anything about it?"), not otherwise ("I take
        oxycodone for my back. What's the brain opioid theory?")."""
        own = self._focus[pair_id].word_share
        parts = sentences(question)
        asking = [normalise(body) for body, asks in parts if asks]
        if asking and not any(_POINTS_BACK.search(text) for text in asking):
            words = " ".join(asking).split()
        else:
            words = normalise(question).split()
        return [
            word
            for word in dict.fromkeys(words)
            if word in self._unmentioned_drugs and stem(word) not in own
        ]

    def _not_said(self, question: str, best: Match, what: str) -> Answer:
        """`not_covered`: "The documents don't WHAT.", then what they do say on the topic, from
        the best pair, cited."""
        pair = self._knowledge.pairs[best.pair_id]
        return Answer(
            question=question,
            status=Status.NOT_COVERED,
            text=f"The documents don't {what}. What they do say on the topic: {pair.answer}",
            confidence=best.score,
            citations=self.citations(pair),
            matched=best,
        )

    def with_help(self, answer: Answer, concern: SafetyConcern) -> Answer:
        """`answer`, with the help its concern calls for beside it (for someone who mentioned a
        hard time while asking, or whom the screen was unsure about): a note in the text, and its
        lines added to the reply's `help`."""
        note, lines = BESIDE[concern.category]
        heard = "heard" if concern.certain else "may have heard"
        category = concern.category.replace("_", " ")
        # The note takes the place of a decline's general footer: one word of help, not two.
        text = answer.text.replace(f"\n{NOT_ADVICE}", "")
        return replace(
            answer,
            text=text if note in text else f"{text}\n\n{note}",
            reason=f"{answer.reason}; the safety screen {heard} {category} "
            f'("{concern.signal}") alongside the question, so help is offered beside the reply',
            safety=concern,
            help=tuple(dict.fromkeys((*answer.help, *lines))),
        )

    def with_notice(self, answer: Answer, notice: str) -> Answer:
        """`answer`, with `notice` added to any it already has."""
        return replace(answer, notice=" ".join(filter(None, (answer.notice, notice))))

    def answer_pair(
        self, question: str, pair_id: str, *, reason: str, unasked: bool = False
    ) -> Answer:
        """The answer of a pair chosen outright (a clarification picked, "tell me more").

        `unasked`: its question was not asked ("tell me more" gives it), so an answer that opens
        with the verdict to it ("Not on its own.", "Possibly:") starts after the verdict."""
        pair = self._knowledge.pairs[pair_id]
        answer = self._answer(question, Match(pair_id, pair.questions[0], 1.0))
        if unasked and (opening := _OPENING_VERDICT.match(answer.text)):
            rest = answer.text[opening.end() :]
            answer = replace(answer, text=rest[:1].upper() + rest[1:])
        return replace(answer, reason=reason)

    def not_in_document(self, question: str, asked: str, source_id: str) -> Answer:
        """The reply when the last question, asked of another document, finds nothing there."""
        short = self._knowledge.sources[source_id].short
        return self._nothing(
            question,
            Status.NOT_COVERED,
            f"I can't find an answer to “{asked}” in the {short}.",
            f"the last question, asked of the {short}, matched nothing there",
        )

    def nothing_more(self, question: str) -> Answer:
        """The reply to "tell me more" when every related answer was already given."""
        return self._nothing(
            question,
            Status.NOT_COVERED,
            "That's all I have on that.",
            "every related answer was already given",
        )

    def _nothing(self, question: str, status: Status, opening: str, reason: str) -> Answer:
        """A reply with no answer: `opening`, what the bot covers, and questions to start from."""
        return Answer(
            question=question,
            status=status,
            text=f"{opening} {self.scope}",
            confidence=0.0,
            reason=reason,
            suggestions=self.starter_questions[:MAX_SUGGESTIONS],
        )

    def clarify(self, question: str, matches: list[Match], *, reason: str) -> Answer:
        """ "Did you mean: 1) ... 2) ...", offering the pairs of `matches`."""
        return replace(self._clarify(question, matches), reason=reason, considered=tuple(matches))

    def _clarify(self, question: str, matches: list[Match]) -> Answer:
        options = [self._knowledge.pairs[m.pair_id].questions[0] for m in matches]
        listed = " ".join(f"{number}) {text}" for number, text in enumerate(options, start=1))
        return Answer(
            question=question,
            status=Status.CLARIFY,
            text=f"Did you mean: {listed}",
            confidence=matches[0].score,
            matched=matches[0],
            suggestions=tuple(options),
            options=tuple(m.pair_id for m in matches),
        )

    def _answer(self, question: str, best: Match) -> Answer:
        pair = self._knowledge.pairs[best.pair_id]
        text = pair.answer
        if not pair.gap and (word := self._verdict(question, pair)):
            # A yes/no question's answer says which first; an answer's own "Yes, some:" to a
            # claim of "all" becomes "No, only some:".
            own_yes = re.match(r"yes,? ", text, re.IGNORECASE)
            text = f"{word}, only {text[own_yes.end() :]}" if own_yes else f"{word}: {text}"
        return Answer(
            question=question,
            # A known gap says what the documents don't say: not an answer from them.
            status=Status.NOT_COVERED if pair.gap else Status.ANSWERED,
            text=f"{text}\n\n{HELP_NOTE}" if pair.offers_help else text,
            help=LINES["help_request"] if pair.offers_help else (),
            confidence=best.score,
            citations=self.citations(pair),
            matched=best,
            # Never a known gap: a suggestion the documents answer with "they don't say" is a
            # dead end.
            suggestions=tuple(
                self._knowledge.pairs[r].questions[0]
                for r in pair.related
                if not self._knowledge.pairs[r].gap and self._suggestable(r)
            )[:MAX_SUGGESTIONS],
        )

    def _verdict(self, question: str, pair: Pair) -> str | None:
        """The first word of the answer to a yes/no question (`qa_bot.polarity`), if any.

        Only the sentence that asks is the claim ("Does the post call addiction a disease? My
        father always said ..."), and only a short one that offers no choice ("consistent, or
        all over the place?" is answered by what the documents say, not by a "No")."""
        claim_text = claim_of(question)
        if claim_text is None:
            return None
        # Without the document's name: "does the NIDA post say..." is not a claim about NIDA.
        claim = content_words(self._prepare(claim_text)) - self._document_words - _VERDICT_WORDS
        return verdict(
            normalise(claim_text), normalise(pair.answer), claim, self._answer_words[pair.id]
        )

    def _quote(self, question: str, sentence: SentenceMatch) -> Answer:
        citation = self._citation(sentence.passage_id, sentence.sentence)
        whose = "a reader's comment on the " if citation.public_comment else "the "
        return Answer(
            question=question,
            status=Status.QUOTED,
            text=f"I have no prepared answer to that, but this sentence from {whose}"
            f"{citation.short} looks relevant. It is a quote from the text, not a summary, so "
            "read it in context.",
            confidence=sentence.score,
            citations=(citation,),
        )

    def citations(self, pair: Pair) -> tuple[Citation, ...]:
        """The pair's quotes with their sources' details."""
        return tuple(self._citation(ref.passage_id, ref.quote) for ref in pair.citations)

    def _citation(self, passage_id: str, quote: str) -> Citation:
        passage = self._knowledge.passages[passage_id]
        source = self._knowledge.sources[passage.source_id]
        return Citation(
            source=source.id,
            title=source.title,
            author=source.author,
            passage=passage.id,
            quote=quote,
            short=source.short,
            public_comment=passage.public_comment,
            quote_lines=passage.lines_of(quote),
        )

    def _decline(self, question: str, ranking: list[Match]) -> Answer:
        near = [
            self._knowledge.pairs[m.pair_id].questions[0]
            for m in ranking
            if m.score >= SUGGESTION_FLOOR
            and not self._knowledge.pairs[m.pair_id].gap
            and self._suggestable(m.pair_id)
        ]
        suggestions = list(dict.fromkeys(near))[:MAX_SUGGESTIONS]
        for starter in self.starter_questions:
            if len(suggestions) >= MAX_SUGGESTIONS:
                break
            if starter not in suggestions:
                suggestions.append(starter)
        return Answer(
            question=question,
            status=Status.NO_MATCH,
            text="I don't know: the documents I answer from don't seem to cover that. "
            + self.scope
            + "\n"
            + NOT_ADVICE,
            # The best pair, under the threshold, is in `considered`: it was not matched.
            confidence=ranking[0].score if ranking else 0.0,
            suggestions=tuple(suggestions),
        )
