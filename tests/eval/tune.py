"""Grid search of the matcher's constants and the answer threshold, on the TUNING part only.

    .venv/bin/python tests/eval/tune.py

Prints the best settings by in-scope plus out-of-scope accuracy on the tuning part (sensitive
questions are the safety module's and do not depend on these constants). Never point it at the
held-out part: that part exists to say how the bot does on questions it was not tuned on.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import qa_bot.matching as matching
from qa_bot.evaluation import load_cases
from qa_bot.knowledge import load_knowledge

EVAL_FILE = Path(__file__).with_name("questions.yaml")
GRID = {
    "IDF_SMOOTHING": [0.5, 3.0],
    "UNKNOWN_WEIGHT": [0.5, 1.0],
    "WORDING_WEIGHT": [0.4, 0.6],
    "QUESTION_BETA": [0.7, 1.0],
    "LEXICAL_WEIGHT": [0.6, 0.75],
    "SENTENCE_WEIGHT": [0.85, 0.9, 1.0],
}
THRESHOLDS = [0.45, 0.5, 0.55, 0.6]


def main() -> None:
    knowledge = load_knowledge()
    cases = [
        c
        for c in load_cases(EVAL_FILE, knowledge.pairs)
        if c.split == "tuning" and c.kind != "sensitive" and not c.context
    ]
    results = []
    for values in itertools.product(*GRID.values()):
        for name, value in zip(GRID, values, strict=True):
            setattr(matching, name, value)
        matcher = matching.Matcher(knowledge)
        ranked = [(case, matcher.rank(case.question, limit=1)) for case in cases]
        for threshold in THRESHOLDS:
            right = {"in_scope": 0, "out_of_scope": 0}
            for case, ranking in ranked:
                answered = ranking and ranking[0].score >= threshold
                got = ranking[0].pair_id if answered else "no_match"
                right[case.kind] += got == case.expect
            results.append((right["in_scope"], right["out_of_scope"], threshold, values))
    totals = {k: sum(c.kind == k for c in cases) for k in ("in_scope", "out_of_scope")}
    print(f"tuning questions: {totals}")
    for in_scope, out_of_scope, threshold, values in sorted(
        results, key=lambda r: r[0] + r[1], reverse=True
    )[:10]:
        settings = ", ".join(f"{k}={v}" for k, v in zip(GRID, values, strict=True))
        print(f"in {in_scope:>3} out {out_of_scope:>3}  threshold={threshold}  {settings}")


if __name__ == "__main__":
    main()
