"""Laying answers out as text: citations, the safety banner, explanations, wrapping."""

from __future__ import annotations

import re

from qa_bot import Bot
from qa_bot.formatting import (
    SAFETY_BANNER,
    answer_lines,
    format_answer,
    format_explanation,
    wrap_text,
)


def _words(text: str) -> list[str]:
    """The words of wrapped text, a word broken after a hyphen at a line's end made whole."""
    return re.sub(r"(?<=\w-)\n\s*", "", text).split()


def test_a_citation_keeps_apart_the_lines_of_the_source_it_spans(bot: Bot) -> None:
    """The NIDA post's byline is two lines, its illustrator's and its authors': quoted together,
    they are printed apart, not run into one sentence."""
    answer = bot.ask("who wrote these documents?")
    cited = {c.passage: c for c in answer.citations}["nida-social-connections#p1"]
    assert cited.quote == "Illustration by Dr. Marco Venniro, NIDA IRP The NIDA Blog Team"
    assert cited.quote_lines == (
        "Illustration by Dr. Marco Venniro, NIDA IRP",
        "The NIDA Blog Team",
    )
    assert (
        '[2] NIDA blog, p1: "Illustration by Dr. Marco Venniro, NIDA IRP / The NIDA Blog Team"'
        in format_answer(answer, width=100)
    )
    # The quote itself stays verbatim, as checked against the passage and given to programs.
    assert cited.quote in bot.knowledge.passages[cited.passage].text
    assert cited.to_dict()["quote"] == cited.quote


def test_a_quote_within_one_line_of_the_source_is_printed_as_it_is(bot: Bot) -> None:
    answer = bot.ask("who wrote the paper?")
    assert answer.citations[0].quote_lines == (answer.citations[0].quote,)
    assert (
        '[1] Inagaki (2018) summary, p1: "Author: Tristen K. Inagaki at the University of '
        'Pittsburgh"' in format_answer(answer, width=100)
    )


def test_at_40_columns_the_safety_banner_wraps_between_words(bot: Bot) -> None:
    lines = answer_lines(bot.ask("i want to die"), width=40)
    banner = [line for role, line in lines if role == "banner"]
    assert banner == ["*** Please read: this needs a person,", "not a bot ***"]
    assert max(len(line) for _, line in lines) <= 40
    assert format_answer(bot.ask("i want to die")).startswith(SAFETY_BANNER + "\n")


def test_at_40_columns_an_explanation_breaks_only_a_pair_id_too_long_for_a_line(
    bot: Bot,
) -> None:
    """A pair id longer than the line breaks after one of its hyphens, never inside a word."""
    answer = bot.ask("what treatments build healthy relationships")
    wrapped = format_explanation(answer, width=40)
    assert max(len(line) for line in wrapped.split("\n")) <= 40
    assert _words(wrapped) == format_explanation(answer, width=None).split()
    assert re.search(
        r"\n    \d\.\d\d  effective-treatments-build-\n {10}healthy-relationships:", wrapped
    )


def test_an_explanation_for_a_front_end_that_wraps_is_one_line_each(bot: Bot) -> None:
    answer = bot.ask("who wrote the paper?")
    lines = format_explanation(answer, width=None).split("\n")
    assert lines[:3] == [
        "Why:",
        f"  {answer.reason}",
        "  Best matches (score, pair, closest wording):",
    ]
    assert lines[3] == "    1.00  paper-author: Who wrote the paper?"


def test_wrap_text_lines_a_continuation_up_past_a_bullet_a_number_or_a_score() -> None:
    words = "word " * 12
    assert wrap_text(f"    0.50  a-pair: {words}", width=40).split("\n") == [
        "    0.50  a-pair: word word word word",
        "          word word word word word word",
        "          word word",
    ]
    assert wrap_text(f"  - {words}", width=40).split("\n")[1].startswith("    word")
    assert wrap_text(f"2. {words}", width=40).split("\n")[1].startswith("   word")


def test_wrap_text_keeps_hyphenated_ids_whole() -> None:
    text = "See /passage opioids-social-connection#p1 for the whole passage."
    wrapped = wrap_text(text, width=40)
    assert "opioids-social-connection#p1" in wrapped.split()
    assert max(len(line) for line in wrapped.split("\n")) <= 40
