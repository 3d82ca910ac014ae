"""The focus check: a question asking a kind of fact a pair doesn't give is not answered by it."""

from __future__ import annotations

import pytest

from qa_bot import Bot
from qa_bot.focus import PairFocus, asked
from qa_bot.text import normalise


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("who came up with the brain opioid theory?", {"who"}),
        ("When was the paper published?", {"when"}),
        ("what year did the rat study happen", {"when"}),
        ("where is inagaki from", {"where"}),
        ("which university does she work at", {"where"}),
        ("how many rats were there", {"count"}),
        ("what share of the rats chose company?", {"count"}),
        ("how old is the author", {"age"}),
        ("how long does it take to get addicted", {"duration"}),
        ("what drug did they give the rats", {"name"}),
        ("which medication blocks opioids?", {"name"}),
        # No kind of fact that a pair on the topic may not give:
        ("what is the brain opioid theory?", set()),
        ("why do people relapse?", set()),
        ("does social connection help recovery?", set()),
        ("rats??", set()),
        # Relative clauses and "where does it say" are not questions of who, when or where:
        ("what happens to people who use drugs", set()),
        ("what happens when rats are alone", set()),
        ("a cage where rats live alone, what does the comment say", set()),
        ("where does it say that?", set()),
        ("where does the nida post mention relapse", set()),
    ],
)
def test_the_kind_of_fact_a_question_asks(question: str, kinds: set[str]) -> None:
    assert asked(normalise(question)) == kinds


def test_a_pair_answers_the_kinds_its_wordings_ask_often_enough() -> None:
    wordings = ["who wrote the paper?", "who is the author", "author?", "name the author"]
    stray = [*wordings * 5, "where is the author from?"]
    assert PairFocus.of((normalise(w) for w in wordings), {}).kinds == {"who"}
    focus = PairFocus.of((normalise(w) for w in stray), {})
    assert focus.kinds == {"who"}  # one wording in 21 does not make it an answer to "where"
    assert focus.any_kinds == {"who", "where"}
    assert focus.missing(frozenset({"where"})) == {"where"}


def test_another_kind_of_fact_about_a_known_topic_is_not_covered(bot: Bot) -> None:
    answer = bot.ask("who came up with the brain opioid theory?")
    assert answer.status == "not_covered"
    assert answer.text.startswith("The documents don't say who.")
    assert answer.citations  # what the documents do say, cited
    assert bot.ask("what is the brain opioid theory?").status == "answered"


def test_a_known_gap_is_not_covered(bot: Bot) -> None:
    answer = bot.ask("which drug were the rats given?")
    assert answer.status == "not_covered"
    assert not answer.from_documents and answer.from_pair
    assert answer.citations


def test_a_broad_question_gets_what_the_documents_say_not_a_gap(bot: Bot) -> None:
    answer = bot.ask("what did the rats do?")
    assert answer.status == "answered"
    assert "hang out with other rats" in answer.text
