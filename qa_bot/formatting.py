"""Plain-text rendering of answers, shared by `qa-bot ask` and the non-terminal chat.

No colour and no escape codes here: this is what lands in pipes, files and logs.
"""

from __future__ import annotations

import textwrap

from qa_bot.answering import Answer, Citation


def citation_label(number: int, citation: Citation) -> str:
    """`[1] NIDA blog, p3` or `[2] NIDA blog, p14 (reader comment)`."""
    comment = " (reader comment)" if citation.public_comment else ""
    return f"[{number}] {citation.short}, {citation.passage_label}{comment}"


def format_answer(answer: Answer, *, width: int = 80) -> str:
    """The answer, its numbered citations with quotes, then suggestions; wrapped to `width`."""
    width = max(width, 40)
    lines: list[str] = []
    for paragraph in answer.text.splitlines() or [""]:
        # Bulleted lines (the help lines of a safety reply) keep their hanging indent.
        indent = "  " if paragraph.startswith("- ") else ""
        lines.extend(textwrap.wrap(paragraph, width, subsequent_indent=indent) or [""])
    if answer.citations:
        lines.append("")
        for number, citation in enumerate(answer.citations, start=1):
            label = citation_label(number, citation)
            lines.extend(
                textwrap.wrap(
                    f'{label}: "{citation.quote}"',
                    width,
                    initial_indent="  ",
                    subsequent_indent="      ",
                )
            )
    if answer.suggestions:
        lines.append("")
        lines.append("You could also ask:" if answer.from_documents else "You could ask:")
        for suggestion in answer.suggestions:
            lines.extend(
                textwrap.wrap(suggestion, width, initial_indent="  - ", subsequent_indent="    ")
            )
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
