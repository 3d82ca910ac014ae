"""Cross-validated figures for the tuning part, whose in-scope questions are also wordings.

    .venv/bin/python tests/eval/crossval.py

`adopt.py` copies the tuning part's in-scope questions into the knowledge base as wordings, so
`qa-bot eval` answers most of them from memory and its tuning figures say little about new
questions. Here the tuning part is split into `FOLDS` folds; each fold is asked of a bot whose
knowledge base lacks every wording equal to one of that fold's questions, and the folds' results
are tallied together: each question is answered by a bot that has never seen it. (A question that
differs from another fold's only by a synonym or a stopword still finds that one as a wording: the
figure is a shade kind.) `tune.py` judges its settings the same way. The held-out part needs none
of this: nothing of it is ever adopted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from qa_bot.bot import Bot
from qa_bot.evaluation import EvalCase, EvalReport, evaluate_cases, load_cases
from qa_bot.knowledge import KnowledgeBase, load_knowledge
from qa_bot.text import normalise

EVAL_FILE = Path(__file__).with_name("questions.yaml")
FOLDS = 5


def tuning_cases(knowledge: KnowledgeBase) -> list[EvalCase]:
    """The tuning part of the project's evaluation file."""
    return [c for c in load_cases(EVAL_FILE, knowledge.pairs) if c.split == "tuning"]


def cross_validate(knowledge: KnowledgeBase, cases: Sequence[EvalCase]) -> EvalReport:
    """Every case asked of a bot without the wordings that copy its own fold's questions."""
    return ask_folds(folds(knowledge, cases))


def folds(knowledge: KnowledgeBase, cases: Sequence[EvalCase]) -> list[tuple[Bot, list[EvalCase]]]:
    """Each fold's cases, with a bot whose knowledge base lacks their questions."""
    split = []
    for fold in range(FOLDS):
        chosen = list(cases[fold::FOLDS])
        unseen = without_wordings(knowledge, {normalise(c.question) for c in chosen})
        split.append((Bot(unseen), chosen))
    return split


def ask_folds(split: Sequence[tuple[Bot, Sequence[EvalCase]]]) -> EvalReport:
    """Each fold's cases asked of its own bot, tallied together."""
    results = (r for bot, chosen in split for r in evaluate_cases(bot, chosen).results)
    return EvalReport(tuple(results))


def without_wordings(knowledge: KnowledgeBase, normalised: set[str]) -> KnowledgeBase:
    """The knowledge base less every wording that normalises to one of `normalised` (a pair
    keeps its first wording if it would lose them all)."""
    pairs = {}
    for pair_id, pair in knowledge.pairs.items():
        kept = tuple(q for q in pair.questions if normalise(q) not in normalised)
        pairs[pair_id] = dataclasses.replace(pair, questions=kept or pair.questions[:1])
    return dataclasses.replace(knowledge, pairs=pairs)


def main() -> None:
    knowledge = load_knowledge()
    report = cross_validate(knowledge, tuning_cases(knowledge))
    print(f"tuning part, {FOLDS}-fold cross-validated ({len(report.results)} questions)")
    for kind in ("in_scope", "out_of_scope", "sensitive"):
        tally = report.tally(kind=kind)
        print(f"  {kind:<13} {tally.correct:>4}/{tally.total:<4} {tally.accuracy:.1%}")
    for style in report.styles():
        tally = report.tally(kind="in_scope", style=style)
        if tally.total:
            figure = f"{tally.correct:>4}/{tally.total:<4} {tally.accuracy:.1%}"
            print(f"    in scope, {style:<15} {figure}")
    errors = report.errors()
    print(
        f"  answered wrongly {errors['answered wrongly']}, "
        f"abstained wrongly {errors['abstained wrongly']}"
    )


if __name__ == "__main__":
    main()
