"""What `qa-bot check` warns an author of, as the library reports it (the CLI's output is in
test_cli.py)."""

from __future__ import annotations

from qa_bot import load_bot
from qa_bot.checking import MIN_WORDINGS, WARNING_KINDS, GapClaim, check_knowledge
from tests.conftest import DATA


def test_warnings_come_in_the_order_of_their_kinds_each_naming_its_pair() -> None:
    report = check_knowledge(load_bot(DATA / "warnings", cache=False))
    kinds = [warning.kind for warning in report.warnings]
    assert kinds == sorted(kinds, key=list(WARNING_KINDS).index)
    assert {kind: len(report.of_kind(kind)) for kind in WARNING_KINDS} == {
        "few_wordings": 0,
        "indistinct": 1,
        "unreached": 2,
        "safety": 1,
        "uncited": 0,
    }
    assert report.of_kind("safety")[0].message.startswith("'reader-cats', question 10")


def test_a_known_gap_claims_the_first_clause_of_its_answer() -> None:
    report = check_knowledge(load_bot(DATA / "warnings", cache=False))
    assert report.gaps == (
        GapClaim("huddle-time-gap", "The documents don't say how long rats huddle"),
    )


def test_a_pair_of_fewer_wordings_than_the_curve_asks_is_a_warning() -> None:
    bot = load_bot(DATA / "valid", cache=False)
    assert all(len(pair.questions) < MIN_WORDINGS for pair in bot.knowledge.pairs.values())
    report = check_knowledge(bot)
    assert [w.message for w in report.of_kind("few_wordings")] == [
        "'rats-huddle' has 3 wordings: add the ways people would ask it",
        "'reader-cats' has 2 wordings: add the ways people would ask it",
    ]


def test_a_clean_base_has_no_warnings() -> None:
    assert check_knowledge(load_bot(DATA / "no-warnings", cache=False)).warnings == ()
