"""Answer quality on tests/eval/questions.yaml holds the floor measured when it was last tuned.

Figures from `qa-bot eval tests/eval/questions.yaml`. The held-out part is never tuned on, so its
floor says how the bot does on strangers' questions; raise the floors when the bot improves. Most
of the tuning part's in-scope questions are also wordings (`tests/eval/adopt.py`), so its floors
guard against regressions only; `tests/eval/crossval.py` gives its figures for unseen questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from qa_bot import Bot
from qa_bot.evaluation import EvalReport, evaluate
from qa_bot.text import normalise
from tests.conftest import EVAL_FILE

# (split, kind): the accuracy measured, rounded down.
FLOORS = {
    ("tuning", "in_scope"): 0.97,
    ("tuning", "out_of_scope"): 0.98,
    ("tuning", "sensitive"): 1.00,
    ("held_out", "in_scope"): 0.95,
    ("held_out", "out_of_scope"): 0.97,
    ("held_out", "sensitive"): 0.96,
}


@pytest.fixture(scope="module")
def report(bot: Bot) -> EvalReport:
    return evaluate(bot, EVAL_FILE)


def test_eval_file_has_both_parts_and_every_kind(report: EvalReport) -> None:
    for split in ("tuning", "held_out"):
        assert report.tally(split=split).total >= 100
        for kind in ("in_scope", "out_of_scope", "sensitive"):
            assert report.tally(split=split, kind=kind).total >= 20


def test_no_held_out_question_is_a_wording_or_a_tuning_question(bot: Bot) -> None:
    # A held-out question the knowledge base or the tuning part already has is answered from
    # memory, and its figure would no longer say how the bot does on strangers' questions.
    data = yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))
    held_out = {normalise(case["question"]) for case in data["held_out"]}
    wordings = {normalise(q) for pair in bot.knowledge.pairs.values() for q in pair.questions}
    tuning = {normalise(case["question"]) for case in data["tuning"]}
    assert not held_out & wordings
    assert not held_out & tuning


@pytest.mark.parametrize(("split", "kind"), list(FLOORS))
def test_accuracy_holds_the_measured_floor(report: EvalReport, split: str, kind: str) -> None:
    assert report.tally(split=split, kind=kind).accuracy >= FLOORS[split, kind]


def _report(bot: Bot, tmp_path: Path, cases: list[dict[str, str]]) -> EvalReport:
    path = tmp_path / "cases.yaml"
    path.write_text(yaml.safe_dump({"tuning": cases}), encoding="utf-8")
    return evaluate(bot, path)


def test_a_known_gap_counts_as_declining(bot: Bot, tmp_path: Path) -> None:
    case = {"question": "how old is tristen inagaki", "expect": "no_match"}
    report = _report(bot, tmp_path, [{**case, "kind": "out_of_scope", "style": "off_topic"}])
    (result,) = report.results
    assert result.got == "author-background-not-given"
    assert result.correct


def test_a_quote_counts_only_when_it_is_the_expected_answers_evidence(
    tiny_bot: Bot, tmp_path: Path
) -> None:
    asked = {"question": "may huddling show a wish to be close?", "kind": "in_scope", "style": "x"}
    report = _report(tiny_bot, tmp_path, [{**asked, "expect": "rats-huddle"}])
    (result,) = report.results
    assert result.got == "quote of tiny-doc#p1"
    assert not result.correct
    assert result.error == "answered wrongly"
