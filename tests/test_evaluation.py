"""Answer quality on tests/eval/questions.yaml holds the floor measured when it was last tuned.

Figures from `qa-bot eval tests/eval/questions.yaml`. The held-out part is never tuned on, so its
floor says how the bot does on strangers' questions; raise the floors when the bot improves.
"""

from __future__ import annotations

import pytest

from qa_bot import Bot
from qa_bot.evaluation import EvalReport, evaluate
from tests.conftest import EVAL_FILE

# (split, kind): the accuracy measured, rounded down.
FLOORS = {
    ("tuning", "in_scope"): 0.61,
    ("tuning", "out_of_scope"): 0.89,
    ("tuning", "sensitive"): 1.00,
    ("held_out", "in_scope"): 0.65,
    ("held_out", "out_of_scope"): 0.87,
    ("held_out", "sensitive"): 0.77,
}


@pytest.fixture(scope="module")
def report(bot: Bot) -> EvalReport:
    return evaluate(bot, EVAL_FILE)


def test_eval_file_has_both_parts_and_every_kind(report: EvalReport) -> None:
    for split in ("tuning", "held_out"):
        assert report.tally(split=split).total >= 100
        for kind in ("in_scope", "out_of_scope", "sensitive"):
            assert report.tally(split=split, kind=kind).total >= 20


@pytest.mark.parametrize(("split", "kind"), list(FLOORS))
def test_accuracy_holds_the_measured_floor(report: EvalReport, split: str, kind: str) -> None:
    assert report.tally(split=split, kind=kind).accuracy >= FLOORS[split, kind]
