"""Laying answers out as lines of text, shared by `qa-bot ask`, piped chat and the terminal chat.

`answer_lines` decides the layout once: each line comes with its role ("notice", "answer",
"citation", "heading", "suggestion", "banner", "safety", "care", "blank"), so the terminal chat can
colour lines by role while `format_answer` joins them into the plain text that lands in pipes, files
and logs (no colour and no escape codes here).
"""

from __future__ import annotations

import re
import textwrap

from qa_bot.answering import Answer, Citation
from qa_bot.safety.help import NOTES, URGENT

Line = tuple[str, str]  # (role, text)
# What a wrapped line's continuation lines up past: a bullet, a number, a score ("0.53  ").
_LIST_MARKER = re.compile(r"(?:[-*]|\d+[.)]|\d\.\d\d ) ")

# The parts of a word, each up to and with the hyphens after it: "pair-", "id".
_AFTER_HYPHENS = re.compile(r"-*[^-]+(?:-+|$)|-+$")
# Between two lines of the source that a quote spans (a heading and the title under it).
QUOTE_LINE_BREAK = " / "

# Put before an urgent safety reply (an emergency, a crisis, overdose risk) in plain text too, so it
# stands out without colour. A parent asking where to find help gets no banner of alarm.
SAFETY_BANNER = "*** Please read: this needs a person, not a bot ***"


def citation_label(number: int, citation: Citation) -> str:
    """`[1] NIDA blog, p3` or `[2] NIDA blog, p14 (reader comment)`."""
    comment = " (reader comment)" if citation.public_comment else ""
    return f"[{number}] {citation.short}, {citation.passage_label}{comment}"


def answer_lines(answer: Answer, *, width: int = 80) -> list[Line]:
    """The answer, its numbered citations with quotes, then suggestions; wrapped to `width`."""
    width = max(width, 40)
    body = "safety" if answer.status == "safety" else "answer"
    lines: list[Line] = []
    if answer.notice:
        lines.extend(("notice", line) for line in textwrap.wrap(f"({answer.notice})", width))
    if answer.status == "safety" and answer.safety and answer.safety.category in URGENT:
        lines.extend(("banner", line) for line in _wrap(SAFETY_BANNER, width))
    if answer.status == "clarify":
        # The text says the same on one line ("Did you mean: 1) ... 2) ..."); a list reads better.
        lines.append(("answer", "Did you mean:"))
        for number, option in enumerate(answer.suggestions, start=1):
            wrapped = textwrap.wrap(
                option, width, initial_indent=f"  {number}) ", subsequent_indent="     "
            )
            lines.extend(("suggestion", line) for line in wrapped)
        heading = "Type a number to pick one, or ask in other words."
        lines.extend(("heading", line) for line in _wrap(heading, width))
        # Help put beside the question ends its text: it is shown here too, never dropped.
        for note in answer.text.split("\n\n")[1:]:
            lines.append(("blank", ""))
            lines.extend(("care", line) for line in textwrap.wrap(note, width))
        return lines
    for paragraph in answer.text.splitlines() or [""]:
        # Bulleted lines (the help lines of a safety reply) keep their hanging indent.
        indent = "  " if paragraph.startswith("- ") else ""
        wrapped = textwrap.wrap(paragraph, width, subsequent_indent=indent) or [""]
        role = "care" if paragraph in NOTES else body
        lines.extend((role if line else "blank", line) for line in wrapped)
    if answer.citations:
        lines.append(("blank", ""))
        for number, citation in enumerate(answer.citations, start=1):
            label = citation_label(number, citation)
            quote = QUOTE_LINE_BREAK.join(citation.quote_lines or (citation.quote,))
            wrapped = textwrap.wrap(
                f'{label}: "{quote}"',
                width,
                initial_indent="  ",
                subsequent_indent="      ",
            )
            lines.extend(("citation", line) for line in wrapped)
    if answer.suggestions:
        lines.append(("blank", ""))
        heading = "You could also ask" if answer.from_documents else "You could ask"
        heading = f"{heading} (type a number to ask it):"
        lines.extend(("heading", line) for line in _wrap(heading, width))
        for number, suggestion in enumerate(answer.suggestions, start=1):
            wrapped = textwrap.wrap(
                suggestion, width, initial_indent=f"  {number}) ", subsequent_indent="     "
            )
            lines.extend(("suggestion", line) for line in wrapped)
    return lines


def format_answer(answer: Answer, *, width: int = 80) -> str:
    """The answer as plain text: see `answer_lines`."""
    return "\n".join(text for _, text in answer_lines(answer, width=width))


def wrap_text(text: str, *, width: int = 80) -> str:
    """Plain text wrapped line by line to `width`; a line's indent carries to its continuation."""
    width = max(width, 40)
    lines = []
    for line in text.splitlines():
        body = line.lstrip(" ")
        indent = " " * (len(line) - len(body))
        # A list item's continuation lines up with the item's text, past the "- ", "2. " or the
        # score of /why's "0.53  pair-id: wording".
        marker = _LIST_MARKER.match(body)
        hanging = indent + " " * (marker.end() if marker else 0)
        lines.extend(_wrap(body, width, initial_indent=indent, subsequent_indent=hanging) or [""])
    return "\n".join(lines)


def format_explanation(answer: Answer, *, width: int | None = 80) -> str:
    """Why the bot replied as it did: the decision, then the pairs it weighed with their scores.

    Wrapped to `width`; with None, one line for each, for a front end that wraps them to its own
    width with `wrap_text` (the chat's /why): wrapped once, never twice.
    """
    lines = ["Why:", f"  {answer.reason}"]
    if answer.considered:
        lines.append("  Best matches (score, pair, closest wording):")
        lines.extend(f"    {m.score:.2f}  {m.pair_id}: {m.question}" for m in answer.considered)
    text = "\n".join(lines)
    return text if width is None else wrap_text(text, width=width)


class _Wrapper(textwrap.TextWrapper):
    """`textwrap`, keeping hyphenated words whole ("opioids-social-connection#p1" can be copied):
    only a word longer than a line (a long pair id in a narrow terminal) may break, after one of
    its hyphens, and it is cut mid-word only when a part between hyphens is longer still."""

    # textwrap's own `break_on_hyphens` would break every hyphenated word at a line's end.
    def _split(self, text: str) -> list[str]:
        room = self.width - max(len(self.initial_indent), len(self.subsequent_indent))
        chunks: list[str] = []
        for chunk in super()._split(text):
            if len(chunk) > room:
                chunks.extend(_AFTER_HYPHENS.findall(chunk))
            else:
                chunks.append(chunk)
        return chunks


def _wrap(
    text: str, width: int, *, initial_indent: str = "", subsequent_indent: str = ""
) -> list[str]:
    """`text` as lines of at most `width`, broken between words (see `_Wrapper`)."""
    wrapper = _Wrapper(
        width,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
        break_on_hyphens=False,
    )
    return wrapper.wrap(text)
