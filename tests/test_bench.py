"""The benchmark's own measures: they measure what they say (the figures are printed, never
asserted: timings on a shared machine are noise)."""

from __future__ import annotations

from qa_bot import Bot
from qa_bot.bench import long_conversation, unknown_word_questions


def test_unknown_word_questions_are_declined_and_the_same_each_run(bot: Bot) -> None:
    questions = unknown_word_questions(50)
    assert questions == unknown_word_questions(50)
    assert len(set(questions)) == 50
    assert not any(bot.ask(question).from_documents for question in questions)


def test_a_long_conversation_is_measured_at_its_start_and_its_end(bot: Bot) -> None:
    first, last, grown = long_conversation(bot, 600)
    assert first > 0 and last > 0  # milliseconds a turn, measured
    assert isinstance(grown, float)
