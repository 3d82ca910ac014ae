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
_LIST_MARKER = re.compile(r"(?:[-*]|\d+[.)]) ")

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
        lines.append(("banner", SAFETY_BANNER))
    if answer.status == "clarify":
        # The text says the same on one line ("Did you mean: 1) ... 2) ..."); a list reads better.
        lines.append(("answer", "Did you mean:"))
        for number, option in enumerate(answer.suggestions, start=1):
            wrapped = textwrap.wrap(
                option, width, initial_indent=f"  {number}) ", subsequent_indent="     "
            )
            lines.extend(("suggestion", line) for line in wrapped)
        lines.append(("heading", "Type a number to pick one, or ask in other words."))
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
            wrapped = textwrap.wrap(
                f'{label}: "{citation.quote}"',
                width,
                initial_indent="  ",
                subsequent_indent="      ",
            )
            lines.extend(("citation", line) for line in wrapped)
    if answer.suggestions:
        lines.append(("blank", ""))
        heading = "You could also ask" if answer.from_documents else "You could ask"
        lines.append(("heading", f"{heading} (type a number to ask it):"))
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
        # A list item's continuation lines up with the item's text, past the "- " or "2. ".
        marker = _LIST_MARKER.match(body)
        hanging = indent + " " * (marker.end() if marker else 0)
        wrapped = textwrap.wrap(
            body,
            width,
            initial_indent=indent,
            subsequent_indent=hanging,
            break_on_hyphens=False,  # ids like "opioids-social-connection#p1" stay whole
        )
        lines.extend(wrapped or [""])
    return "\n".join(lines)


def format_explanation(answer: Answer, *, width: int = 80) -> str:
    """Why the bot replied as it did: the decision, then the pairs it weighed with their scores."""
    width = max(width, 40)
    lines = ["Why:"]
    lines.extend(textwrap.wrap(answer.reason, width, initial_indent="  ", subsequent_indent="  "))
    if answer.considered:
        lines.append("  Best matches (score, pair, closest wording):")
        for match in answer.considered:
            lines.extend(
                textwrap.wrap(
                    f"{match.score:.2f}  {match.pair_id}: {match.question}",
                    width,
                    initial_indent="    ",
                    subsequent_indent="          ",
                )
            )
    return "\n".join(lines)
