"""Small talk gets a word about the bot, never a document answer matched on a stray word."""

from __future__ import annotations

import pytest

from qa_bot import Bot
from qa_bot.smalltalk import (
    acknowledges,
    greets_without_asking,
    kind_of,
    without_mention,
    without_pleasantries,
)
from qa_bot.text import normalise


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("hello", "greeting"),
        ("Hey there!", "greeting"),
        ("hello, good morning", "greeting"),
        ("thanks", "thanks"),
        ("ok thank you so much", "thanks"),
        ("bye", "goodbye"),
        ("that's all", "goodbye"),
        ("who are you?", "about_bot"),
        ("what can you do", "about_bot"),
        ("who made you", "about_bot"),
        ("are you a real person?", "about_bot"),
        ("wait am i talking to a real person or a bot", "about_bot"),
        ("what kinds of things can you help me with?", "about_bot"),
        ("test", "filler"),
        ("ok", "filler"),
        ("lol", "filler"),
        ("no", "filler"),
        ("quit", "filler"),
        ("sorry, pasted the wrong thing", "filler"),
        ("3", "number"),
        ("thank you, this helped a bit", "thanks"),
        ("that helped", "thanks"),
    ],
)
def test_small_talk_is_recognised_as_a_whole(message: str, kind: str) -> None:
    assert kind_of(normalise(message)) == kind


@pytest.mark.parametrize(
    "message",
    [
        "hi, who wrote the paper?",
        "thanks, and what about relapse?",
        "what do you mean",  # asks why, of the last answer
        "what about people?",  # a follow-up
        "what's the name?",
        "who are the authors",
        "are the rats real?",
        "what is the capital of peru",
        "help me",
        "what helped?",
        "is it useful?",
    ],
)
def test_a_question_is_not_small_talk(message: str) -> None:
    assert kind_of(normalise(message)) is None


def test_a_number_picks_an_option_when_options_are_pending() -> None:
    assert kind_of("2", options_pending=2) is None
    assert kind_of("3", options_pending=2) == "number"
    assert kind_of("the second one") == "number"  # nothing to pick
    assert kind_of("the second one", options_pending=2) is None


def test_mentions_and_pleasantries_are_not_part_of_the_question() -> None:
    assert without_mention("<@U012AB3CD> who wrote the paper?") == "who wrote the paper?"
    assert without_mention("<@U012AB3CD|ana>: hi") == "hi"
    assert without_mention("@qa-bot, who wrote it") == "who wrote it"
    assert without_mention("who wrote it? @qa-bot") == "who wrote it? @qa-bot"
    assert without_pleasantries("hi there who wrote the paper thanks") == "who wrote the paper"


@pytest.mark.parametrize("message", ["hello", "thanks", "who are you?", "test", "1", "no"])
def test_small_talk_gets_a_chitchat_reply_without_help_lines(bot: Bot, message: str) -> None:
    answer = bot.ask(message)
    assert answer.status == "chitchat"
    assert answer.citations == () and answer.help == ()
    assert "988" not in answer.text


def test_thanks_mid_chat_does_not_repeat_the_last_answer(bot: Bot) -> None:
    chat = bot.chat()
    chat.ask("who wrote the paper?")
    assert chat.ask("thanks").status == "chitchat"


def test_tell_me_more_with_nothing_before_is_not_an_answer(bot: Bot) -> None:
    assert bot.ask("tell me more").status == "chitchat"
    assert bot.ask("why?").status == "chitchat"


def test_a_platform_mention_is_stripped_before_matching(bot: Bot) -> None:
    answer = bot.ask("<@U123> who wrote the paper?")
    assert answer.status == "answered"
    assert answer.matched is not None and answer.matched.pair_id == "paper-author"


def test_thank_you_thanks_the_bot_and_asks_nothing_about_it() -> None:
    assert kind_of("thank you bye") == "thanks"
    assert kind_of("thank u so much") == "thanks"
    assert kind_of("who are you") == "about_bot"


@pytest.mark.parametrize("message", ["ok", "okay then", "got it", "thanks", "thank you"])
def test_acknowledgements(message: str) -> None:
    assert acknowledges(message)


@pytest.mark.parametrize("message", ["whatever", "im done", "nothing", "yeah tonight probably"])
def test_words_that_may_say_more_after_a_hard_message_are_no_acknowledgement(message: str) -> None:
    assert not acknowledges(message)


def test_a_hello_that_asks_nothing_is_told_apart_from_a_hello_before_a_question() -> None:
    assert greets_without_asking("hello. my son is 3 months into recovery")
    assert greets_without_asking("hi, I have a psych exam tomorrow on these")
    assert not greets_without_asking("hi, who wrote the paper")
    assert not greets_without_asking("hey tell me about relapse")
    assert not greets_without_asking("hello, relapse?")
    assert not greets_without_asking("my son is in recovery")  # no hello
