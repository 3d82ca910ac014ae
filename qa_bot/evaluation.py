"""Measuring answer quality on an evaluation file of questions with expected outcomes.

The file (`tests/eval/questions.yaml` is the project's own) has two parts: `tuning`, which
thresholds and wordings may be tuned on, and `held_out`, which nothing is ever tuned on, so that
its figures say how the bot does on questions it was not shaped for. Each question:

    - question: do cuddling animals prove anything?
      expect: huddling-evidence      # a pair id, or no_match when the bot must not answer
      kind: in_scope                 # in_scope | out_of_scope | sensitive
      style: paraphrase              # free label: plain, paraphrase, typo, keywords, rambling, ...
      context: [earlier question]    # optional: the conversation so far, for follow-ups

`expect` is a pair id, `no_match` (the bot must not answer) or `safety` (the bot must give its
safety reply). Both kinds of mistake are counted apart: answering wrongly is worse than abstaining.
Three outcomes besides the expected one count as correct, because they are what a person should
get: a *known gap*'s answer to a question that expects `no_match` (it says plainly that the
documents don't cover it), a *quote* of a passage sentence that contains one of the expected pair's
own quotes, or is at least half of one (it shows the very words the pair's answer rests on), and
the safety screen's help reply to a question that expects a pair about getting help (`help: true`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.answering import Answer
from qa_bot.bot import Bot
from qa_bot.errors import EvalFileError, KnowledgeError
from qa_bot.knowledge import KnowledgeBase, read_yaml

# An evaluation file bigger than this is a mistake (the bundled one, 2,822 questions, is 0.5 MiB):
# refused before it is parsed, rather than minutes into asking it.
MAX_EVAL_BYTES = 4 * 2**20

SPLITS = ("tuning", "held_out")
KINDS = ("in_scope", "out_of_scope", "sensitive")
NO_MATCH = "no_match"
SAFETY = "safety"
_KEYS = {"question", "expect", "kind", "style", "context"}
_REQUIRED = _KEYS - {"context"}


@dataclass(frozen=True)
class EvalCase:
    """One question of an evaluation file and what the bot should do with it."""

    split: str
    question: str
    expect: str  # a pair id, or "no_match"
    kind: str
    style: str
    context: tuple[str, ...] = ()


@dataclass(frozen=True)
class EvalResult:
    """What the bot did with one case."""

    case: EvalCase
    answer: Answer
    correct: bool  # see the module docstring for what counts
    # The pair whose own reply this is: its answer, or a known gap's "the documents don't say".
    # A `not_covered` that declines another pair ("the documents don't say who; what they do
    # say: ...") gives none: it abstains.
    pair_given: str | None = None

    @property
    def got(self) -> str:
        """The pair answered, "safety" for a safety reply, "quote of <passage id>" for a quote,
        "no_match" for anything else."""
        if self.pair_given is not None:
            return self.pair_given
        if self.answer.status == SAFETY:
            return SAFETY
        if self.answer.status == "quoted":
            return f"quote of {self.answer.citations[0].passage}"
        return NO_MATCH

    @property
    def error(self) -> str | None:
        """None when correct; "answered wrongly" or "abstained wrongly" otherwise."""
        if self.correct:
            return None
        return "abstained wrongly" if self.got == NO_MATCH else "answered wrongly"

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        # A decline matched nothing: the pair that came closest is the first it weighed.
        best = self.answer.matched or next(iter(self.answer.considered), None)
        return {
            "split": self.case.split,
            "question": self.case.question,
            "kind": self.case.kind,
            "style": self.case.style,
            "expect": self.case.expect,
            "got": self.got,
            "correct": self.correct,
            "error": self.error,
            "best": best.to_dict() if best else None,
        }


@dataclass(frozen=True)
class Tally:
    """Correct out of total for one group of cases."""

    correct: int
    total: int

    @property
    def accuracy(self) -> float:
        """Fraction correct; 0 for an empty group."""
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True)
class EvalReport:
    """All results of one evaluation run, with the breakdowns people ask for."""

    results: tuple[EvalResult, ...]

    def tally(
        self, *, split: str | None = None, kind: str | None = None, style: str | None = None
    ) -> Tally:
        """Correct/total among the results matching every filter given."""
        chosen = [
            r
            for r in self.results
            if (split is None or r.case.split == split)
            and (kind is None or r.case.kind == kind)
            and (style is None or r.case.style == style)
        ]
        return Tally(sum(r.correct for r in chosen), len(chosen))

    def styles(self, split: str | None = None) -> list[str]:
        """The styles present, in order of first appearance."""
        seen = (r.case.style for r in self.results if split is None or r.case.split == split)
        return list(dict.fromkeys(seen))

    def errors(self, split: str | None = None) -> dict[str, int]:
        """How many cases were answered wrongly and how many abstained wrongly."""
        counts = {"answered wrongly": 0, "abstained wrongly": 0}
        for r in self.results:
            if r.error and (split is None or r.case.split == split):
                counts[r.error] += 1
        return counts

    @property
    def failures(self) -> list[EvalResult]:
        """The results that were not correct."""
        return [r for r in self.results if not r.correct]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: figures by split, kind and style, and every failure."""
        splits: dict[str, object] = {}
        for split in SPLITS:
            splits[split] = {
                "all": self.tally(split=split).to_dict(),
                "by_kind": {k: self.tally(split=split, kind=k).to_dict() for k in KINDS},
                "by_style": {
                    s: self.tally(split=split, style=s).to_dict() for s in self.styles(split)
                },
                "errors": self.errors(split),
            }
        return {"splits": splits, "failures": [r.to_dict() for r in self.failures]}


def load_cases(path: str | Path, known_ids: Iterable[str]) -> list[EvalCase]:
    """Read and check an evaluation file; every expected pair id must exist."""
    path = Path(path)
    try:
        data = read_yaml(path, limit=MAX_EVAL_BYTES)
    except KnowledgeError as exc:
        raise EvalFileError(str(exc)) from None
    if not isinstance(data, dict) or not set(data) <= set(SPLITS) or not data:
        raise EvalFileError(f"{path}: expected top-level keys {' and '.join(SPLITS)}")
    known = set(known_ids)
    cases = []
    for split in SPLITS:
        items = data.get(split) or []
        if not isinstance(items, list):
            raise EvalFileError(f"{path}: '{split}' must be a list of questions")
        for number, raw in enumerate(items, start=1):
            cases.append(_case(path, split, number, raw, known))
    if not cases:
        raise EvalFileError(f"{path}: no questions")
    return cases


def _case(path: Path, split: str, number: int, raw: Any, known: set[str]) -> EvalCase:
    where = f"{path}: {split} #{number}"
    if not isinstance(raw, dict) or set(raw) - _KEYS:
        raise EvalFileError(f"{where}: expected a mapping with keys {', '.join(sorted(_KEYS))}")
    values: dict[str, str] = {}
    for key in _REQUIRED:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise EvalFileError(f"{where}: '{key}' must be non-empty text")
        values[key] = value
    if values["kind"] not in KINDS:
        raise EvalFileError(f"{where}: kind must be one of {', '.join(KINDS)}")
    expect = values["expect"]
    if expect not in (NO_MATCH, SAFETY) and expect not in known:
        raise EvalFileError(f"{where}: expects pair '{expect}', which is not in the knowledge base")
    context = raw.get("context") or []
    if not isinstance(context, list) or not all(isinstance(q, str) for q in context):
        raise EvalFileError(f"{where}: 'context' must be a list of earlier questions")
    return EvalCase(
        split, values["question"], expect, values["kind"], values["style"], tuple(context)
    )


def evaluate(bot: Bot, path: str | Path) -> EvalReport:
    """Ask the bot every question of an evaluation file and tally the outcomes."""
    return evaluate_cases(bot, load_cases(path, bot.knowledge.pairs))


def evaluate_cases(bot: Bot, cases: Iterable[EvalCase]) -> EvalReport:
    """Ask the bot every case and tally the outcomes."""
    results = []
    for case in cases:
        answer = _ask(bot, case)
        correct = _is_correct(bot.knowledge, case, answer)
        results.append(EvalResult(case, answer, correct, pair_given(bot.knowledge, answer)))
    return EvalReport(tuple(results))


def _is_correct(knowledge: KnowledgeBase, case: EvalCase, answer: Answer) -> bool:
    given = pair_given(knowledge, answer)
    if given is not None:
        # A known gap (`not_covered`) declines: right for a question the documents don't answer.
        return given == case.expect or (case.expect == NO_MATCH and knowledge.pairs[given].gap)
    if answer.status == "quoted":
        expected = knowledge.pairs.get(case.expect)
        quoted = answer.citations[0].quote
        return expected is not None and any(
            ref.quote in quoted or (quoted in ref.quote and len(quoted) >= len(ref.quote) / 2)
            for ref in expected.citations
        )
    if answer.status == SAFETY:
        # Asked for help, a person gets the help reply, which answers a pair about getting help.
        expected = knowledge.pairs.get(case.expect)
        helped = answer.safety is not None and answer.safety.category == "help_request"
        return case.expect == SAFETY or (expected is not None and expected.offers_help and helped)
    return case.expect == NO_MATCH


def pair_given(knowledge: KnowledgeBase, answer: Answer) -> str | None:
    """The pair whose own reply `answer` is (see `EvalResult.pair_given`), if any."""
    if answer.matched is None or answer.status not in ("answered", "not_covered"):
        return None
    pair = knowledge.pairs[answer.matched.pair_id]
    if answer.status == "answered" or (pair.gap and answer.text.startswith(pair.answer)):
        return pair.id
    return None


def _ask(bot: Bot, case: EvalCase) -> Answer:
    """A case with context is asked at the end of a conversation of its earlier questions."""
    if not case.context:
        return bot.ask(case.question)
    conversation = bot.chat()
    for earlier in case.context:
        conversation.ask(earlier)
    return conversation.ask(case.question)
