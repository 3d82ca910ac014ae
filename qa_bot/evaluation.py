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

A run's outcomes can be saved (`save_run`, a JSON file: each question, what was expected, what the
bot gave and whether it was right) and a later run compared with them (`compare_runs`): which
questions an edit fixed, broke or changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_bot.answering import Answer
from qa_bot.bot import Bot
from qa_bot.errors import EvalFileError, KnowledgeError
from qa_bot.knowledge import KnowledgeBase, read_bytes, read_yaml
from qa_bot.matching import Match

# An evaluation file bigger than this is a mistake (the bundled one, 2,822 questions, is 0.5 MiB):
# refused before it is parsed, rather than minutes into asking it.
MAX_EVAL_BYTES = 4 * 2**20

SPLITS = ("tuning", "held_out")
KINDS = ("in_scope", "out_of_scope", "sensitive")
NO_MATCH = "no_match"
SAFETY = "safety"
# A saved run bigger than this was not written by `save_run` (the bundled file's run is 0.6 MiB).
MAX_RUN_BYTES = 16 * 2**20
# What a saved run says it is, so that any other JSON file is refused rather than misread.
RUN_FORMAT = "qa-bot evaluation run"
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

    @property
    def outcome(self) -> Outcome:
        """What is kept of this result in a saved run."""
        return Outcome(
            self.case.split,
            self.case.question,
            self.case.context,
            self.case.expect,
            self.got,
            self.answer.status,
            self.correct,
        )

    @property
    def closest(self) -> Match | None:
        """The pair answered from, or for a decline, which matched nothing, the closest weighed."""
        return self.answer.matched or next(iter(self.answer.considered), None)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        best = self.closest
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


@dataclass(frozen=True)
class Outcome:
    """What the bot did with one question of a run, as a saved run keeps it."""

    split: str
    question: str
    context: tuple[str, ...]
    expect: str
    got: str  # see `EvalResult.got`
    status: str  # the answer's status
    correct: bool

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form, as a saved run holds it."""
        return {
            "split": self.split,
            "question": self.question,
            "context": list(self.context),
            "expect": self.expect,
            "got": self.got,
            "status": self.status,
            "correct": self.correct,
        }


@dataclass(frozen=True)
class Change:
    """A question whose outcome differs between two runs: `fixed` (now right), `broken` (now
    wrong) or `changed` (still wrong, another way)."""

    change: str
    before: Outcome
    after: Outcome

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "change": self.change,
            "split": self.after.split,
            "question": self.after.question,
            "context": list(self.after.context),
            "expect": self.after.expect,
            "before": self.before.got,
            "after": self.after.got,
        }


@dataclass(frozen=True)
class RunComparison:
    """How a run differs from an earlier one: the questions whose outcome changed, in the order
    of the later run, and the totals of each."""

    changes: tuple[Change, ...]
    before: tuple[Outcome, ...]
    after: tuple[Outcome, ...]
    # Questions asked in only one of the runs (the evaluation file changed in between).
    only_before: int = 0
    only_after: int = 0

    def count(self, change: str) -> int:
        """How many questions changed this way."""
        return sum(c.change == change for c in self.changes)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "changes": [c.to_dict() for c in self.changes],
            "counts": {kind: self.count(kind) for kind in CHANGES},
            "only_before": self.only_before,
            "only_after": self.only_after,
            "before": _totals(self.before),
            "after": _totals(self.after),
        }


CHANGES = ("fixed", "broken", "changed")


def tally_outcomes(outcomes: Iterable[Outcome], split: str | None = None) -> Tally:
    """Correct/total among `outcomes` (of one split, when given)."""
    chosen = [o for o in outcomes if split is None or o.split == split]
    return Tally(sum(o.correct for o in chosen), len(chosen))


def _totals(outcomes: Sequence[Outcome]) -> dict[str, object]:
    totals = {split: tally_outcomes(outcomes, split).to_dict() for split in SPLITS}
    return {**totals, "all": tally_outcomes(outcomes).to_dict()}


def compare_runs(before: Sequence[Outcome], after: Sequence[Outcome]) -> RunComparison:
    """Which questions changed outcome from `before` to `after`.

    A question is the same question in both runs when its part, its text and its context are;
    a question asked twice is paired in the order asked.
    """
    earlier: dict[tuple[str, str, tuple[str, ...]], list[Outcome]] = {}
    for outcome in before:
        earlier.setdefault(_key(outcome), []).append(outcome)
    changes, only_after = [], 0
    for outcome in after:
        waiting = earlier.get(_key(outcome))
        if not waiting:
            only_after += 1
            continue
        old = waiting.pop(0)
        if old.correct != outcome.correct:
            changes.append(Change("fixed" if outcome.correct else "broken", old, outcome))
        elif not outcome.correct and old.got != outcome.got:
            # Still wrong, another way. (Right both times, another way, is no change: a decline
            # by a known gap instead of by "I don't know" is as right.)
            changes.append(Change("changed", old, outcome))
    only_before = sum(len(waiting) for waiting in earlier.values())
    return RunComparison(tuple(changes), tuple(before), tuple(after), only_before, only_after)


def _key(outcome: Outcome) -> tuple[str, str, tuple[str, ...]]:
    return outcome.split, outcome.question, outcome.context


def check_writable(path: str | Path) -> None:
    """An `EvalFileError` now, before a long run, if a run could plainly not be saved at `path`
    (its folder missing or read-only, a folder in its place); `save_run` still reports the rest."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise EvalFileError(f"{path}: cannot write: it is a folder")
    if not folder.is_dir():
        raise EvalFileError(f"{path}: cannot write: no folder {str(folder)!r}")
    if not os.access(folder, os.W_OK):
        raise EvalFileError(f"{path}: cannot write: the folder is read-only")


def save_run(report: EvalReport, path: str | Path) -> None:
    """Write each question's outcome to a JSON file, for `load_run` and `compare_runs` later;
    an `EvalFileError` if it cannot be written."""
    data = {"format": RUN_FORMAT, "results": [r.outcome.to_dict() for r in report.results]}
    try:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot write: {exc.strerror or exc}") from None


def load_run(path: str | Path) -> list[Outcome]:
    """The outcomes `save_run` wrote; an `EvalFileError` for a file that is not one."""
    path = Path(path)
    try:
        data = json.loads(read_bytes(path, MAX_RUN_BYTES))
    except KnowledgeError as exc:  # missing, a folder, a device, too big
        raise EvalFileError(str(exc)) from None
    except (ValueError, RecursionError):  # not JSON (nor UTF-8), or nested thousands deep
        raise EvalFileError(f"{path}: not a saved evaluation run (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != RUN_FORMAT:
        raise EvalFileError(f"{path}: not a saved evaluation run (see `qa-bot eval --save`)")
    results = data.get("results")
    if not isinstance(results, list):
        raise EvalFileError(f"{path}: a saved evaluation run, but without its results")
    return [_outcome(path, number, raw) for number, raw in enumerate(results, start=1)]


def _outcome(path: Path, number: int, raw: Any) -> Outcome:
    texts = ("split", "question", "expect", "got", "status")
    context = raw.get("context", []) if isinstance(raw, dict) else None
    if (
        not isinstance(raw, dict)
        or not all(isinstance(raw.get(key), str) for key in texts)
        or not isinstance(raw.get("correct"), bool)
        or not isinstance(context, list)
        or not all(isinstance(q, str) for q in context)
    ):
        raise EvalFileError(
            f"{path}: result {number} is not an outcome ({', '.join(texts)}, correct and context)"
        )
    return Outcome(
        raw["split"],
        raw["question"],
        tuple(context),
        raw["expect"],
        raw["got"],
        raw["status"],
        raw["correct"],
    )


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
