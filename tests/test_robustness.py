"""No input breaks the bot: any text, any size, any conversation; every wording finds its pair."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_bot import Bot
from qa_bot.answering import Status
from qa_bot.bot import Bot as BotClass
from qa_bot.conversation import MAX_QUESTION_CHARS
from qa_bot.formatting import format_answer
from qa_bot.knowledge import load_knowledge
from qa_bot.text import normalise, strip_control

STATUSES = set(Status)
# Every code point hypothesis can make, control characters, combining marks and emoji included.
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300)
NASTY = st.sampled_from(
    [
        "\x00",
        "\x1b[31m",
        "\x1b]0;title\x07",
        "\u202e",  # right-to-left override
        "\u0301\u0301\u0301",  # combining marks with nothing to combine with
        "👩‍👩‍👧‍👦",
        "مرحبا",
        "\ufeff",
        "\r\n",
        "?" * 50,
        "rats",
        "opioid",
        "I want to die",
    ]
)
_BOT = BotClass(load_knowledge())
_WORDINGS = [(p.id, q) for p in _BOT.knowledge.pairs.values() for q in p.questions]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(ANY_TEXT, NASTY), max_size=4).map("".join))
def test_ask_never_raises_and_always_says_something(text: str) -> None:
    answer = _BOT.ask(text)
    assert answer.status in STATUSES
    assert answer.text
    format_answer(answer)
    answer.to_dict()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.one_of(ANY_TEXT, NASTY, st.sampled_from(["1", "2", "tell me more"])), max_size=6)
)
def test_a_conversation_of_anything_never_raises(lines: list[str]) -> None:
    chat = _BOT.chat()
    for line in lines:
        assert chat.ask(line).status in STATUSES


def test_lone_surrogates_do_not_break_it(bot: Bot) -> None:
    assert bot.ask("rats \ud800 lever").status in STATUSES


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_WORDINGS))
def test_every_wording_asked_verbatim_finds_its_own_pair(wording: tuple[str, str]) -> None:
    pair_id, question = wording
    assert _BOT.search(question, limit=1)[0].pair_id == pair_id


def test_every_wording_finds_its_own_pair_exhaustively() -> None:
    lost = [(p, q) for p, q in _WORDINGS if _BOT.search(q, limit=1)[0].pair_id != p]
    assert lost == []


@settings(max_examples=200)
@given(ANY_TEXT)
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=200)
@given(st.lists(st.one_of(ANY_TEXT, NASTY), max_size=4).map("".join))
def test_strip_control_leaves_no_escape_or_control_character(text: str) -> None:
    clean = strip_control(text)
    assert not any(ord(c) < 32 and c not in "\t\n" for c in clean)
    assert not any(0x7F <= ord(c) <= 0x9F for c in clean)


def test_a_megabyte_question_is_matched_by_its_end_with_a_notice(bot: Bot) -> None:
    filler = "I pasted a lot of notes from class here, sorry. " * 25_000
    answer = bot.ask(filler + "Do animals huddling prove anything?")
    assert len(filler) > 1_000_000
    assert answer.notice == (
        f"Your message was long: only its last {MAX_QUESTION_CHARS:,} characters were used to "
        "find an answer."
    )
    assert answer.question == filler + "Do animals huddling prove anything?"
    assert answer.matched is not None
    assert answer.matched.pair_id == "huddling-may-support-theory"
    assert "(Your message was long" in format_answer(answer)


def test_a_cry_for_help_at_the_end_of_a_long_paste_is_still_heard(bot: Bot) -> None:
    answer = bot.ask("some notes about the paper. " * 40_000 + "honestly I want to die")
    assert answer.status == "safety"


@pytest.mark.parametrize("question", ["", " ", "\n\t", "\x00", "\x1b[2J", "???"])
def test_nothing_to_ask_is_not_an_error(bot: Bot, question: str) -> None:
    assert bot.ask(question).status in {"empty", "no_match"}
