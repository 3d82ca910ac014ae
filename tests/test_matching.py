"""The matcher: how questions are ranked against the pairs (scores, neighbours, restrictions)."""

from __future__ import annotations

import pytest

import qa_bot.matching as matching
from qa_bot import Bot
from qa_bot.answering import ANSWER_THRESHOLD, CLARIFY_MARGIN
from qa_bot.knowledge import load_knowledge
from qa_bot.matching import Matcher
from tests.conftest import DATA

QUESTIONS = [
    "inagaki paper title",
    "which drug did they give the rats",
    "what did the rats do instead of pressing the lever",
    "do animals huddling prove anything?",
    "how much methadone is safe?",
    "what's the difference between methadone and suboxone",
    "who wrote it?",
    "best pizza in town",
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "other" is in nearly every wording of "her other papers": a question without it is not
        # asking for them.
        ("inagaki paper title", "paper-title"),
        # Both pairs are about the titles; only one is the NIDA post's.
        ("What's the heading on the NIDA article?", "nida-post-title"),
        # Both pairs are about huddling animals; only one asks which animals.
        ("wich animals were huddleing in the inagaki paper", "which-animals-not-named"),
    ],
)
def test_neighbouring_pairs_are_told_apart_by_the_words_their_wordings_share(
    bot: Bot, question: str, expected: str
) -> None:
    first, second = bot.search(question, limit=2)
    assert first.pair_id == expected
    assert first.score - second.score > CLARIFY_MARGIN  # an answer, not "did you mean"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge())


def test_the_pair_models_never_raise_a_score(
    matcher: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_models = {question: matcher.rank(question, limit=20) for question in QUESTIONS}
    monkeypatch.setattr(matching, "PAIR_MODEL_WEIGHT", 0.0)  # read at each ranking
    for question, ranking in with_models.items():
        plain = {m.pair_id: m.score for m in matcher.rank(question, limit=20)}
        assert any(m.score < plain[m.pair_id] for m in ranking), question  # the models do act
        for match in ranking:
            assert match.score <= plain[match.pair_id], (question, match)


def test_context_is_matched_with_the_question_never_alone(matcher: Matcher) -> None:
    question, context = "how many of them were there?", "Which drug were the rats given?"
    assert matcher.rank(question, context=context)[0].pair_id == "how-many-rats-gap"
    # Run together, the earlier question's own sentence wins, and with it its own pair.
    assert matcher.rank(f"{question} {context}")[0].pair_id == "which-drug-rats-gap"


def test_among_ranks_only_the_pairs_given(matcher: Matcher) -> None:
    nida = {"nida-post-author", "nida-post-title", "nida-post-illustration"}
    ranking = matcher.rank("who wrote the paper?", among=nida)
    assert ranking and {m.pair_id for m in ranking} <= nida
    assert ranking[0].pair_id == "nida-post-author"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("do ratz press the lever", "do rat press the lever"),  # a wrong letter in a short word
        ("is adiction a brian disease", "is addiction a brain disease"),  # dropped, swapped
        ("is it actualy about opioids", "is it actually about opioid"),  # common slips too
        ("a sincere, petty, literal question", "a sincere petty literal question"),  # not fillers
        ("wich of teh 2 docs", "which of the 2 docs"),  # shorthand and common slips
        ("do dogs press the lever", "do dogs press the lever"),  # "docs" or "dose"? a real word
        ("how is bread made", "how is bread made"),  # not "bored": one wrong letter of five
        ("im sorry it feels weird", "im sorry it feels weird"),  # not "story", not "wired"
    ],
)
def test_typos_are_corrected_to_known_words_and_real_words_are_left_alone(
    matcher: Matcher, typed: str, meant: str
) -> None:
    assert matcher.prepare(typed) == meant


# --- pairs of few wordings ------------------------------------------------------------------


def test_a_pair_of_few_wordings_is_found_by_the_words_of_its_answer_and_quotes() -> None:
    """A new author's pair has a handful of wordings; what its answer and quotes say stands in
    for the wordings nobody wrote yet ("warm" is in the quote, in none of its 3 wordings)."""
    kb = load_knowledge(DATA / "valid")
    assert len(kb.pairs["rats-huddle"].questions) < matching.FEW_WORDINGS
    (found,) = Matcher(kb).rank("what keeps the rats warm?", limit=1)
    assert found.pair_id == "rats-huddle" and found.score >= ANSWER_THRESHOLD


def test_a_pair_of_many_wordings_is_matched_by_its_wordings_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once a pair has FEW_WORDINGS wordings its text adds nothing: every bundled pair has."""
    kb = load_knowledge()
    assert min(len(pair.questions) for pair in kb.pairs.values()) >= matching.FEW_WORDINGS
    questions = ["what did the rats choose?", "rats warm huddle", "why is addiction so hard"]
    ranked = [Matcher(kb).rank(q) for q in questions]
    monkeypatch.setattr(matching, "FEW_WORDINGS", 1)  # no pair leans on its text
    assert [Matcher(kb).rank(q) for q in questions] == ranked


def test_knows_every_term_only_when_no_content_word_is_new_to_the_knowledge_base(
    matcher: Matcher,
) -> None:
    assert matcher.knows_every_term("does the nida post mention rats")
    assert matcher.knows_every_term("does the nida post mention ratts")  # a typo, corrected
    assert not matcher.knows_every_term("does the nida page mention covid")
