"""Grid search of the matcher's constants and the answer threshold, on the TUNING part only.

    .venv/bin/python tests/eval/tune.py

Each setting is judged exactly as `qa-bot eval` judges the bot (same rules, whole conversations
for follow-ups), on the tuning part alone and cross-validated (`crossval.py`: each question is
answered by a bot whose knowledge base lacks it, since `adopt.py` makes the tuning questions
wordings). The best ten are printed, ranked by the mean of the in-scope and the out-of-scope
accuracy (both kinds count the same, however many questions each has), less a cost for every
in-scope question answered with the wrong pair: a wrong answer is worse than declining.
Never point it at the held-out part: that part exists to say how the bot does on questions it was
not tuned on.
"""

from __future__ import annotations

import itertools

from crossval import cross_validate, tuning_cases

import qa_bot.answering as answering
import qa_bot.matching as matching
from qa_bot.knowledge import load_knowledge

GRID = {
    "UNKNOWN_WEIGHT": [0.5, 1.0],
    "WORDING_WEIGHT": [0.4, 0.6],
    "LEXICAL_WEIGHT": [0.6, 0.75],
    "COVERAGE_CAP_TERMS": [3, 4, 5],
    "PAIR_MODEL_WEIGHT": [0.01, 0.02, 0.04],
}
THRESHOLDS = [0.45, 0.5, 0.55, 0.6]
# Declining is better than a wrong answer: an in-scope question answered with the wrong pair costs
# this much more than one the bot declined.
WRONG_ANSWER_COST = 0.5


def main() -> None:
    knowledge = load_knowledge()
    cases = tuning_cases(knowledge)
    results = []
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            setattr(matching, name, value)
        for threshold in THRESHOLDS:
            answering.ANSWER_THRESHOLD = threshold
            report = cross_validate(knowledge, cases)
            in_scope = report.tally(kind="in_scope")
            out_of_scope = report.tally(kind="out_of_scope")
            wrong = sum(
                r.case.kind == "in_scope" and r.error == "answered wrongly" for r in report.results
            )
            merit = (in_scope.accuracy + out_of_scope.accuracy) / 2
            merit -= WRONG_ANSWER_COST * wrong / max(in_scope.total, 1)
            results.append((merit, in_scope.correct, out_of_scope.correct, threshold, values))
    print(f"tuning questions: {len(cases)}, cross-validated")
    for balanced, in_scope, out_of_scope, threshold, values in sorted(results, reverse=True)[:10]:
        settings = ", ".join(f"{k}={v}" for k, v in zip(GRID, values, strict=True))
        print(
            f"{balanced:.3f}  in {in_scope:>3} out {out_of_scope:>3}  "
            f"threshold={threshold}  {settings}"
        )


if __name__ == "__main__":
    main()
