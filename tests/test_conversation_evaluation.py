"""The conversation batches (issue "Conversations that follow the person") hold their figures.

Blind writers' conversations whose last message leans on the earlier ones, judged as
`tests/eval/scope_eval.py` judges them; the floors are the shares measured, rounded down, and
the ceilings on wrong answers the shares measured, rounded up."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from qa_bot import Bot

EVAL_DIR = Path(__file__).parent / "eval"
if str(EVAL_DIR) not in sys.path:
    sys.path.insert(0, str(EVAL_DIR))

from scope_eval import DECLINE, judge, load_cases, reply_to  # noqa: E402

# part: (in scope answered right at least, answered wrongly at most)
BOUNDS = {"held_out": (0.62, 0.14), "tuning": (0.73, 0.14)}


@pytest.fixture(scope="module")
def verdicts(bot: Bot) -> dict[str, list[tuple[bool, str]]]:
    """Per part: (whether the documents answer it, the verdict) for every conversation."""
    return {
        part: [
            (case.expect != DECLINE, judge(case, reply_to(bot, case)))
            for case in load_cases([EVAL_DIR / f"conversation_{part}.yaml"])
        ]
        for part in BOUNDS
    }


@pytest.mark.parametrize("part", list(BOUNDS))
def test_follow_ups_hold_the_measured_figures(
    verdicts: dict[str, list[tuple[bool, str]]], part: str
) -> None:
    in_scope = [verdict for answerable, verdict in verdicts[part] if answerable]
    everything = [verdict for _, verdict in verdicts[part]]
    right_floor, wrong_ceiling = BOUNDS[part]
    assert in_scope.count("right") / len(in_scope) >= right_floor
    assert everything.count("wrong") / len(everything) <= wrong_ceiling
