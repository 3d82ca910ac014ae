"""Grid search of the matcher's constants and the answer threshold, on the TUNING part only.

    .venv/bin/python tests/eval/tune.py                        # the grid below
    .venv/bin/python tests/eval/tune.py NAME=V1,V2 [NAME=...]  # any constants, e.g.
    .venv/bin/python tests/eval/tune.py SAME_DOCUMENT_BONUS=0.1,0.15,0.2

Each setting is judged exactly as `qa-bot eval` judges the bot (same rules, whole conversations
for follow-ups), on the tuning part alone and cross-validated (`crossval.py`: each question is
answered by a bot whose knowledge base lacks it, since `adopt.py` makes the tuning questions
wordings). The best ten are printed, ranked by the mean of the in-scope and the out-of-scope
accuracy (both kinds count the same, however many questions each has), less a cost for every
in-scope question answered with the wrong pair: a wrong answer is worse than declining. A
constant named on the command line may belong to `qa_bot.matching`, `qa_bot.answering` or
`qa_bot.conversation`.
Never point it at the held-out part: that part exists to say how the bot does on questions it was
not tuned on.
"""

from __future__ import annotations

import itertools
import sys
from types import ModuleType

from crossval import ask_folds, folds, tuning_cases

import qa_bot.answering as answering
import qa_bot.conversation as conversation
import qa_bot.matching as matching
from qa_bot.evaluation import EvalReport
from qa_bot.knowledge import load_knowledge

GRID: dict[str, list[float]] = {
    "UNKNOWN_WEIGHT": [0.5, 1.0],
    "WORDING_WEIGHT": [0.4, 0.5],
    "LEXICAL_WEIGHT": [0.6, 0.7],
    "COVERAGE_CAP_TERMS": [3, 4],
    "PAIR_MODEL_WEIGHT": [0.02, 0.03, 0.04],
}
THRESHOLDS: list[float | None] = [0.46, 0.48, 0.5, 0.52]
# Declining is better than a wrong answer: an in-scope question answered with the wrong pair costs
# this much more than one the bot declined.
WRONG_ANSWER_COST = 0.5


def main(argv: list[str]) -> None:
    grid = dict(_parse(arg) for arg in argv) or GRID
    # A sweep leaves the threshold as it is (unless it is one of the constants swept).
    thresholds = [None] if argv else THRESHOLDS
    knowledge = load_knowledge()
    cases = tuning_cases(knowledge)
    results = []
    for values in itertools.product(*grid.values()):
        for name, value in zip(grid, values, strict=True):
            setattr(_owner(name), name, value)
        split = folds(knowledge, cases)  # built once: the threshold only decides on the scores
        for threshold in thresholds:
            if threshold is not None:
                answering.ANSWER_THRESHOLD = threshold
            results.append((*_merit(ask_folds(split)), answering.ANSWER_THRESHOLD, values))
    print(f"tuning questions: {len(cases)}, cross-validated")
    for merit, in_scope, out_of_scope, wrong, threshold, values in sorted(results, reverse=True)[
        :10
    ]:
        settings = ", ".join(f"{k}={v}" for k, v in zip(grid, values, strict=True))
        print(
            f"{merit:.4f}  in {in_scope:>4} out {out_of_scope:>3} wrong {wrong:>3}  "
            f"threshold={threshold}  {settings}"
        )


def _merit(report: EvalReport) -> tuple[float, int, int, int]:
    in_scope = report.tally(kind="in_scope")
    out_of_scope = report.tally(kind="out_of_scope")
    wrong = sum(r.case.kind == "in_scope" and r.error == "answered wrongly" for r in report.results)
    merit = (in_scope.accuracy + out_of_scope.accuracy) / 2
    merit -= WRONG_ANSWER_COST * wrong / max(in_scope.total, 1)
    return merit, in_scope.correct, out_of_scope.correct, wrong


def _parse(arg: str) -> tuple[str, list[float]]:
    name, _, values = arg.partition("=")
    _owner(name)
    return name, [float(v) if "." in v else int(v) for v in values.split(",")]


def _owner(name: str) -> ModuleType:
    for module in (matching, answering, conversation):
        if hasattr(module, name):
            return module
    raise SystemExit(f"tune.py: no constant {name} in matching, answering or conversation")


if __name__ == "__main__":
    main(sys.argv[1:])
