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

from qa_bot import Bot, EvalFileError
from qa_bot.evaluation import (
    EvalReport,
    Outcome,
    compare_runs,
    evaluate,
    load_run,
    save_run,
)
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


# --- saved runs and what changed --------------------------------------------------------------


def _outcome(
    question: str, got: str, *, expect: str = "rats-huddle", split: str = "tuning"
) -> Outcome:
    return Outcome(split, question, (), expect, got, "answered", got == expect)


def test_a_run_compared_with_an_earlier_one_says_what_was_fixed_broken_or_changed() -> None:
    before = [
        _outcome("fixed one", "no_match"),
        _outcome("broken one", "rats-huddle"),
        _outcome("changed one", "reader-cats"),
        _outcome("same one", "rats-huddle"),
        _outcome("dropped one", "rats-huddle"),
    ]
    after = [
        _outcome("new one", "no_match"),
        _outcome("changed one", "no_match"),
        _outcome("broken one", "safety"),
        _outcome("fixed one", "rats-huddle"),
        _outcome("same one", "rats-huddle"),
    ]
    comparison = compare_runs(before, after)
    assert [
        (c.change, c.after.question, c.before.got, c.after.got) for c in comparison.changes
    ] == [
        ("changed", "changed one", "reader-cats", "no_match"),
        ("broken", "broken one", "rats-huddle", "safety"),
        ("fixed", "fixed one", "no_match", "rats-huddle"),
    ]
    assert (comparison.only_before, comparison.only_after) == (1, 1)
    assert comparison.to_dict()["counts"] == {"fixed": 1, "broken": 1, "changed": 1}
    assert comparison.to_dict()["before"] == {
        "tuning": {"correct": 3, "total": 5, "accuracy": 0.6},
        "held_out": {"correct": 0, "total": 0, "accuracy": 0.0},
        "all": {"correct": 3, "total": 5, "accuracy": 0.6},
    }


def test_a_question_right_both_times_in_another_way_has_not_changed() -> None:
    """A decline by a known gap instead of by "I don't know" is as right: nothing to review."""
    before = [Outcome("tuning", "pet rat name?", (), "no_match", "no_match", "no_match", True)]
    after = [Outcome("tuning", "pet rat name?", (), "no_match", "a-gap", "not_covered", True)]
    assert compare_runs(before, after).changes == ()


def test_a_question_asked_twice_is_compared_in_the_order_asked() -> None:
    before = [_outcome("again", "no_match"), _outcome("again", "rats-huddle")]
    after = [_outcome("again", "rats-huddle"), _outcome("again", "rats-huddle")]
    (change,) = compare_runs(before, after).changes
    assert change.change == "fixed"


def test_the_same_question_in_another_part_or_context_is_another_question() -> None:
    before = [_outcome("q", "no_match", split="held_out")]
    after = [
        _outcome("q", "rats-huddle"),
        Outcome("held_out", "q", ("earlier",), "x", "x", "a", True),
    ]
    comparison = compare_runs(before, after)
    assert comparison.changes == ()
    assert (comparison.only_before, comparison.only_after) == (1, 2)


def test_a_saved_run_reads_back_as_the_same_outcomes(tiny_bot: Bot, tmp_path: Path) -> None:
    cases = [
        {"question": "why do rats huddle", "expect": "rats-huddle", "kind": "in_scope"},
        {"question": "and cats?", "expect": "reader-cats", "kind": "in_scope", "context": ["hi"]},
    ]
    report = _report(tiny_bot, tmp_path, [{**case, "style": "plain"} for case in cases])
    save_run(report, tmp_path / "run.json")
    assert load_run(tmp_path / "run.json") == [result.outcome for result in report.results]
    assert load_run(tmp_path / "run.json")[1].context == ("hi",)


def test_a_saved_run_that_cannot_be_read_is_an_eval_file_error(tmp_path: Path) -> None:
    with pytest.raises(EvalFileError, match=r"run\.json: cannot read: No such file"):
        load_run(tmp_path / "run.json")
    (tmp_path / "run.json").write_bytes(b"\xff\xfe")
    with pytest.raises(EvalFileError, match=r"run\.json: not a saved evaluation run \(not JSON\)"):
        load_run(tmp_path / "run.json")


def test_an_eval_file_with_duplicate_keys_names_them_without_sending_to_check(
    bot: Bot, tmp_path: Path
) -> None:
    """`qa-bot check` reads knowledge bases, not evaluation files: no pointing there."""
    path = tmp_path / "dup.yaml"
    path.write_text(
        "tuning:\n"
        "  - {question: a, question: b, expect: no_match, kind: out_of_scope, style: x}\n"
        "  - {question: c, expect: no_match, expect: no_match, kind: out_of_scope, style: x}\n",
        encoding="utf-8",
    )
    with pytest.raises(EvalFileError, match="duplicate") as raised:
        evaluate(bot, path)
    assert "and 1 more error)" in str(raised.value)
    assert "qa-bot check" not in str(raised.value)
