"""The learning curve: how well a pair is found from only its first few wordings.

    .venv/bin/python tests/eval/learning_curve.py [--ks 1,3,5,8,12] [--json]    # or: make curve

An author who adds a pair writes a handful of wordings; the bundled pairs carry about 52 each,
most of them questions readers wrote and that were adopted. Each pair's own wordings come first
and the adopted and training ones after them (`knowledge/README.md`), so keeping a pair's first k
wordings is what a new author's pair would hold. For each k, and for all wordings, every pair
keeps only its first k, and a bot built from that knowledge base is asked questions that were
never wordings:

* `held_out`: the held-out part of `questions.yaml` (its in-scope and out-of-scope questions;
  the sensitive ones are the safety screen's, which runs before any pair is matched);
* `unseen`: `learning_unseen.yaml`, questions blind writers wrote for a sample of pairs (at least
  ten per pair, in many voices) and near-topic questions the documents don't answer, measured
  before any change meant to raise this curve, and never adopted as wordings (8 of them happen
  to equal a wording already there, and are left out wherever a pair keeps that wording);
* `tuning` (with `--tuning`): the tuning part of `questions.yaml`, less the questions a pair still
  holds as one of its first k wordings: what changes meant to raise the curve are judged on
  (most of its questions were adopted as wordings, but after the authors' own, so for small k
  they are questions the bot has not seen).

Out-of-scope questions stay in every run: a matcher that finds more by guessing more is no better.
Printed for each k: in scope answered correctly, out of scope declined, and wrong answers (an
in-scope question answered from another pair, or an out-of-scope one answered at all).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from qa_bot.bot import Bot
from qa_bot.evaluation import EvalCase, EvalReport, evaluate_cases, load_cases
from qa_bot.knowledge import KnowledgeBase, load_knowledge
from qa_bot.text import normalise

HERE = Path(__file__).parent
SETS = {"held_out": HERE / "questions.yaml", "unseen": HERE / "learning_unseen.yaml"}
KS = (1, 3, 5, 8, 12)
KINDS = ("in_scope", "out_of_scope")


def first_wordings(knowledge: KnowledgeBase, k: int | None) -> KnowledgeBase:
    """The knowledge base with each pair's first `k` wordings only (all of them for None)."""
    if k is None:
        return knowledge
    pairs = {
        pair_id: dataclasses.replace(pair, questions=pair.questions[:k])
        for pair_id, pair in knowledge.pairs.items()
    }
    return dataclasses.replace(knowledge, pairs=pairs)


def curve_cases(knowledge: KnowledgeBase, *, tuning: bool) -> dict[str, list[EvalCase]]:
    """Each set's in-scope and out-of-scope questions that are not follow-ups."""
    cases = {}
    for name, path in SETS.items():
        chosen = load_cases(path, knowledge.pairs)
        splits = ("held_out", "tuning") if tuning and name == "held_out" else ("held_out",)
        for split in splits:
            cases["tuning" if split == "tuning" else name] = [
                c for c in chosen if c.split == split and c.kind in KINDS and not c.context
            ]
    return cases


def unseen_by(knowledge: KnowledgeBase, cases: list[EvalCase]) -> list[EvalCase]:
    """The cases whose question is none of the knowledge base's wordings."""
    wordings = {normalise(q) for pair in knowledge.pairs.values() for q in pair.questions}
    return [c for c in cases if normalise(c.question) not in wordings]


def figures(report: EvalReport) -> dict[str, list[int]]:
    """In scope right, out of scope declined, wrong answers: counts and totals."""
    in_scope, out_of_scope = (report.tally(kind=kind) for kind in KINDS)
    wrong = report.errors()["answered wrongly"]
    return {
        "in_scope": [in_scope.correct, in_scope.total],
        "out_of_scope": [out_of_scope.correct, out_of_scope.total],
        "wrong": [wrong, len(report.results)],
    }


def measure(
    ks: Sequence[int | None], *, tuning: bool = False
) -> dict[str, dict[str, dict[str, list[int]]]]:
    """Figures for each k (None: all wordings) and each set of questions."""
    knowledge = load_knowledge()
    cases = curve_cases(knowledge, tuning=tuning)
    results: dict[str, dict[str, dict[str, list[int]]]] = {}
    for k in ks:
        kept = first_wordings(knowledge, k)
        bot = Bot(kept)
        results["all" if k is None else str(k)] = {
            name: figures(evaluate_cases(bot, unseen_by(kept, chosen)))
            for name, chosen in cases.items()
        }
    return results


def _share(figure: list[int]) -> str:
    correct, total = figure
    return f"{correct:>3}/{total:<3} {100 * correct / max(total, 1):5.1f}%"


def _wordings_kept(text: str) -> list[int]:
    """`--ks`: whole numbers of 1 or more, comma-separated."""
    try:
        ks = [int(k) for k in text.split(",") if k.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not whole numbers: {text!r}") from None
    if not ks or min(ks) < 1:
        raise argparse.ArgumentTypeError("each k must be 1 or more")
    return ks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ks", type=_wordings_kept, default=list(KS), help="wordings kept per pair: 1,3,5,8,12"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--tuning", action="store_true", help="the tuning part as well")
    args = parser.parse_args(argv)
    results = measure([*args.ks, None], tuning=args.tuning)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"{'k':>4}  {'set':<9} {'in scope right':>16}  {'out of scope declined':>21}  wrong")
    for label, sets in results.items():
        for name, found in sets.items():
            print(
                f"{label:>4}  {name:<9} {_share(found['in_scope']):>16}  "
                f"{_share(found['out_of_scope']):>21}  {_share(found['wrong'])}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
