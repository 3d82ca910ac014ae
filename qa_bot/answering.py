"""Turning a ranking of matches into an `Answer`: when to answer, when to say "I don't know".

A wrong answer dressed as a right one is the worst outcome, so the bot answers only when the best
pair scores at least `ANSWER_THRESHOLD`; otherwise it says what it can talk about and suggests
questions it can answer. The threshold was chosen on the tuning part of `tests/eval/questions.yaml`
(never on the held-out part): see the README's "How well it answers" for the method and figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.matching import Match, SentenceMatch
from qa_bot.safety import HelpLine, SafetyConcern, Screen
from qa_bot.safety.help import BESIDE, HELP_NOTE, LINES, NOT_ADVICE, OPENINGS

Status = Literal["answered", "quoted", "no_match", "empty", "safety", "clarify"]

# Cross-validated on the tuning part, 0.47 scores a hair better, but it sits at the edge where
# out-of-scope questions start being answered (at 0.46, seven more of them); 0.48 keeps a margin.
ANSWER_THRESHOLD = 0.48
# When no pair reaches ANSWER_THRESHOLD, a passage sentence scoring this much is quoted instead
# (with a lower confidence and a plain "this is a quote" label). Set well above every out-of-scope
# question of the tuning part (the highest scores 0.54), so it never quotes at random.
QUOTE_THRESHOLD = 0.6
# When the runner-up pair scores within this margin of the best, ask which was meant.
CLARIFY_MARGIN = 0.01
# A near miss good enough to be offered as a suggestion when the bot does not answer.
SUGGESTION_FLOOR = 0.25
MAX_SUGGESTIONS = 3


# A pair whose answer is worth offering, gently, to someone struggling: what the documents say
# about connection and recovery. Used only if the knowledge base has it.
SUPPORTIVE_PAIR = "meaningful-connection-limits-urge"


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from a passage of a source document."""

    source: str  # source id
    title: str
    author: str
    passage: str  # passage id, "nida-social-connections#p3"
    quote: str
    short: str  # short source name for display, "NIDA blog"
    public_comment: bool = False

    @property
    def passage_label(self) -> str:
        """The passage's local id, "p3", as shown beside the short source name."""
        return self.passage.partition("#")[2]

    def to_dict(self) -> dict[str, str]:
        """JSON-ready form: source, title, author, passage, quote."""
        return {
            "source": self.source,
            "title": self.title,
            "author": self.author,
            "passage": self.passage,
            "quote": self.quote,
        }


@dataclass(frozen=True)
class Answer:
    """What the bot says to one question."""

    question: str
    status: Status
    text: str
    confidence: float  # 0..1: the best match's score
    citations: tuple[Citation, ...] = ()
    matched: Match | None = None
    suggestions: tuple[str, ...] = ()
    options: tuple[str, ...] = ()  # pair ids offered by a "clarify" reply, in the order shown
    # Why the bot did what it did, for `ask --explain` and the chat's /why: the decision in one
    # line and the best-scoring pairs it weighed.
    reason: str = ""
    considered: tuple[Match, ...] = ()
    notice: str = ""  # something the person should know about how their question was read
    # What the safety screen found, whenever it found something: in a safety reply, or beside an
    # answer to someone who mentioned a hard time. `help` lists every help line the reply shows
    # (also written in `text`, so that an app showing only the text never drops them).
    safety: SafetyConcern | None = None
    help: tuple[HelpLine, ...] = ()

    @property
    def answered(self) -> bool:
        """True when the bot gave an answer from the knowledge base."""
        return self.status == "answered"

    @property
    def from_documents(self) -> bool:
        """True when the reply gives something from the documents: an answer or a quote."""
        return self.status in ("answered", "quoted")

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, the fields of `qa-bot ask --json`."""
        return {
            "question": self.question,
            "status": self.status,
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

    def __init__(self, knowledge: KnowledgeBase, screen: Screen) -> None:
        self._knowledge = knowledge
        titles = [f"“{s.title}” ({s.short})" for s in knowledge.sources.values()]
        self.scope = "I can only answer from these documents: " + "; ".join(titles) + "."
        # The bot never suggests a question it would answer with a safety reply.
        self._suggestable = frozenset(
            pair.id for pair in knowledge.pairs.values() if screen.check(pair.questions[0]) is None
        )
        # Shown when nothing comes close: the first pair of each topic, in knowledge base order.
        firsts: dict[str, Pair] = {}
        for pair in knowledge.pairs.values():
            if not pair.gap and pair.id in self._suggestable:
                firsts.setdefault(pair.topic, pair)
        self.starter_questions = tuple(p.questions[0] for p in firsts.values())

    def empty(self, question: str) -> Answer:
        """The answer to a blank question."""
        return self._nothing(question, "empty", "Please type a question.", "the message was empty")

    def safety(self, question: str, concern: SafetyConcern) -> Answer:
        """The safety reply: no answer from the documents, real help instead."""
        lines = LINES[concern.category]
        text = [OPENINGS[concern.category], *(f"- {line.text}" for line in lines)]
        citations: tuple[Citation, ...] = ()
        supportive = self._knowledge.pairs.get(SUPPORTIVE_PAIR)
        if concern.category in ("crisis", "distress", "help_request") and supportive is not None:
            text.append("For what it's worth, the documents say: " + supportive.answer)
            citations = self.citations(supportive)
        elif concern.category == "medical_advice":
            text.append(self.scope)
        return Answer(
            question=question,
            status="safety",
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
        fits if one plainly does (`find_sentence` is only called then), else decline."""
        best = ranking[0] if ranking else None
        considered = tuple(ranking[:5])
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

    def with_help(self, answer: Answer, concern: SafetyConcern) -> Answer:
        """`answer`, with the help its concern calls for beside it (for someone who mentioned a
        hard time while asking, or whom the screen was unsure about): a note in the text, and its
        lines added to the reply's `help`."""
        note, lines = BESIDE[concern.category]
        heard = "heard" if concern.certain else "may have heard"
        category = concern.category.replace("_", " ")
        return replace(
            answer,
            text=answer.text if note in answer.text else f"{answer.text}\n\n{note}",
            reason=f"{answer.reason}; the safety screen {heard} {category} "
            f'("{concern.signal}") alongside the question, so help is offered beside the reply',
            safety=concern,
            help=tuple(dict.fromkeys((*answer.help, *lines))),
        )

    def with_notice(self, answer: Answer, notice: str) -> Answer:
        """`answer`, with `notice` added to any it already has."""
        return replace(answer, notice=" ".join(filter(None, (answer.notice, notice))))

    def answer_pair(self, question: str, pair_id: str, *, reason: str) -> Answer:
        """The answer of a pair chosen outright (a clarification picked, "tell me more")."""
        pair = self._knowledge.pairs[pair_id]
        return replace(
            self._answer(question, Match(pair_id, pair.questions[0], 1.0)), reason=reason
        )

    def not_in_document(self, question: str, asked: str, source_id: str) -> Answer:
        """The reply when the last question, asked of another document, finds nothing there."""
        short = self._knowledge.sources[source_id].short
        return self._nothing(
            question,
            "no_match",
            f"I can't find an answer to “{asked}” in the {short}.",
            f"the last question, asked of the {short}, matched nothing there",
        )

    def nothing_more(self, question: str) -> Answer:
        """The reply to "tell me more" when every related answer was already given."""
        return self._nothing(
            question,
            "no_match",
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
            status="clarify",
            text=f"Did you mean: {listed}",
            confidence=matches[0].score,
            matched=matches[0],
            suggestions=tuple(options),
            options=tuple(m.pair_id for m in matches),
        )

    def _answer(self, question: str, best: Match) -> Answer:
        pair = self._knowledge.pairs[best.pair_id]
        return Answer(
            question=question,
            status="answered",
            text=f"{pair.answer}\n\n{HELP_NOTE}" if pair.offers_help else pair.answer,
            help=LINES["help_request"] if pair.offers_help else (),
            confidence=best.score,
            citations=self.citations(pair),
            matched=best,
            suggestions=tuple(
                self._knowledge.pairs[r].questions[0]
                for r in pair.related
                if r in self._suggestable
            )[:MAX_SUGGESTIONS],
        )

    def _quote(self, question: str, sentence: SentenceMatch) -> Answer:
        citation = self._citation(sentence.passage_id, sentence.sentence)
        whose = "a reader's comment on the " if citation.public_comment else "the "
        return Answer(
            question=question,
            status="quoted",
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
        )

    def _decline(self, question: str, ranking: list[Match]) -> Answer:
        near = [
            self._knowledge.pairs[m.pair_id].questions[0]
            for m in ranking
            if m.score >= SUGGESTION_FLOOR
            and not self._knowledge.pairs[m.pair_id].gap
            and m.pair_id in self._suggestable
        ]
        suggestions = list(dict.fromkeys(near))[:MAX_SUGGESTIONS]
        for starter in self.starter_questions:
            if len(suggestions) >= MAX_SUGGESTIONS:
                break
            if starter not in suggestions:
                suggestions.append(starter)
        return Answer(
            question=question,
            status="no_match",
            text="I don't know: the documents I answer from don't seem to cover that. "
            + self.scope
            + "\n"
            + NOT_ADVICE,
            confidence=ranking[0].score if ranking else 0.0,
            matched=ranking[0] if ranking else None,
            suggestions=tuple(suggestions),
        )
