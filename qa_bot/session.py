"""A chat session: a conversation plus slash commands, one line in and one `Reply` out.

The terminal chat (`qa_bot.repl`) and the piped chat (`qa-bot < questions.txt`) are both thin
layers over this: it knows nothing of terminals, colours or JSON. A line is either a slash command
(`/help`, `/why`, ...), a way of leaving (`quit`, `exit`), or a question for the conversation.

Commands live in one registry, `COMMANDS`, filled by the `@command` decorator: each has a name,
aliases, a usage line and a one-line summary, and `/help` is generated from it, so a new command is
one decorated function.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from qa_bot.answering import Answer
from qa_bot.bot import Bot
from qa_bot.formatting import citation_label, format_explanation
from qa_bot.text import strip_control

# Typed on their own, these leave the chat like /quit does.
_LEAVE_WORDS = frozenset({"quit", "exit", "bye", "goodbye", ":q"})
# Typed on their own, these show /help.
_HELP_WORDS = frozenset({"help", "?", "commands"})


@dataclass(frozen=True)
class Reply:
    """What the chat shows for one line: an answer, or a command's text."""

    answer: Answer | None = None
    text: str = ""
    command: str | None = None  # the command that ran, "/why", if any
    error: bool = False  # a command could not do what was asked (unknown, bad argument)
    quit: bool = False
    clear: bool = False  # the conversation was forgotten; a terminal may clear the screen too


@dataclass(frozen=True)
class Command:
    """A slash command of the registry."""

    name: str  # "/why"
    aliases: tuple[str, ...]
    usage: str  # "/passage ID"
    summary: str
    run: Callable[[ChatSession, str], Reply]


class ChatSession:
    """One person's chat: their conversation with the bot, and the commands around it."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self.conversation = bot.chat()

    @property
    def last_answer(self) -> Answer | None:
        """The last reply to a question (commands are not answers)."""
        return self.conversation.last

    def welcome(self) -> str:
        """What the chat says first: what it knows, three example questions, how to get help."""
        sources = self.bot.knowledge.sources.values()
        words = self.bot.knowledge.document_words
        lines = [
            f"Ask me about {words['documents']}, and I'll answer from {words['them']}, "
            "quoting the text:"
        ]
        lines.extend(f"  - “{s.title}” ({s.short}), by {s.author}" for s in sources)
        lines.append("For example:")
        lines.extend(f"  - {q}" for q in self.bot.starter_questions[:3])
        lines.append(
            f"Answers come only from {words['these']} and are not medical advice. "
            "Type /help for commands, /quit to leave."
        )
        return "\n".join(lines)

    def handle(self, line: str) -> Reply:
        """The reply to one line typed by the person. Never raises for any text."""
        # Nothing typed is ever echoed back to a terminal with its escape sequences.
        text = strip_control(line).strip()
        if not text:
            return Reply()
        word = text.casefold()
        if word in _LEAVE_WORDS:
            return _quit(self, "")
        if word in _HELP_WORDS:
            return _help(self, "")
        if text.startswith("/"):
            name, _, argument = text.partition(" ")
            command = find_command(name)
            if command is None:
                return self._unknown(name)
            return command.run(self, argument.strip())
        return Reply(answer=self.conversation.ask(text))

    def _unknown(self, name: str) -> Reply:
        names = [n for c in COMMANDS for n in (c.name, *c.aliases)]
        closest = difflib.get_close_matches(name.casefold(), names, n=1, cutoff=0.5)
        command = find_command(closest[0]) if closest else None
        hint = f" Did you mean {command.name}?" if command else ""
        return Reply(
            text=f"Unknown command {name}.{hint} Type /help to see the commands.",
            command=name,
            error=True,
        )


def find_command(name: str) -> Command | None:
    """The command called `name` (or one of its aliases), case-insensitively."""
    wanted = name.casefold()
    for command in COMMANDS:
        if wanted == command.name or wanted in command.aliases:
            return command
    return None


# --- the commands ------------------------------------------------------------------------------

Run = Callable[["ChatSession", str], Reply]
# Every command, in the order /help lists them: filled by the @command decorator below.
COMMANDS: list[Command] = []


def command(name: str, *aliases: str, usage: str = "", summary: str) -> Callable[[Run], Run]:
    """Register the decorated function as slash command `name`; `/help` lists it."""

    def register(run: Run) -> Run:
        COMMANDS.append(Command(name, aliases, usage or name, summary, run))
        return run

    return register


@command("/help", "/h", "/?", summary="show this list")
def _help(session: ChatSession, argument: str) -> Reply:
    width = max(len(c.usage) for c in COMMANDS) + 2
    lines = ["Type a question in your own words, or one of these commands:"]
    for command in COMMANDS:
        aliases = f" (also {', '.join(command.aliases)})" if command.aliases else ""
        lines.append(f"  {command.usage:<{width}}{command.summary}{aliases}")
    lines.append(
        "After “Did you mean”, type the number of the option. “tell me more” follows up on the "
        "last answer; “who wrote it?” and the like refer to the document just discussed."
    )
    return Reply(text="\n".join(lines), command="/help")


@command("/sources", "/docs", summary="the documents, with full references")
def _sources(session: ChatSession, argument: str) -> Reply:
    lines: list[str] = []
    for number, source in enumerate(session.bot.knowledge.sources.values(), start=1):
        if lines:
            lines.append("")
        lines.append(f"{number}. “{source.title}” ({source.short})")
        lines.append(f"   Author: {source.author}")
        lines.append(f"   Published by: {source.publisher}")
        lines.append(f"   Reference: {source.reference}")
    return Reply(text="\n".join(lines), command="/sources")


@command(
    "/topics",
    "/t",
    usage="/topics [NAME]",
    summary="what I can answer: every topic, or one topic's questions",
)
def _topics(session: ChatSession, argument: str) -> Reply:
    by_topic: dict[str, list[str]] = {}
    for pair in session.bot.knowledge.pairs.values():
        if not pair.gap:
            by_topic.setdefault(pair.topic, []).append(pair.questions[0])
    if not argument:
        lines = ["What I can answer, by topic (ask in your own words; /topics NAME for one):"]
        for topic, questions in by_topic.items():
            lines.append(f"{topic}:")
            lines.extend(f"  - {q}" for q in questions)
        return Reply(text="\n".join(lines), command="/topics")
    found = _topics_named(argument, list(by_topic))
    if len(found) != 1:
        text = (
            f"“{argument}” could be: {', '.join(found)}. Type more of its name."
            if found
            else f"No topic “{argument}”. The topics: {', '.join(by_topic)}."
        )
        return Reply(text=text, command="/topics", error=True)
    topic = found[0]
    lines = [f"{topic} (ask in your own words):", *(f"  - {q}" for q in by_topic[topic])]
    return Reply(text="\n".join(lines), command="/topics")


@command("/why", summary="why the last answer: its match, score and runners-up")
def _why(session: ChatSession, argument: str) -> Reply:
    answer = session.last_answer
    if answer is None:
        return Reply(text="Nothing asked yet: /why explains the last answer.", command="/why")
    lines = [f"Your question: {answer.question}"]
    if answer.matched is not None and answer.status in ("answered", "not_covered", "clarify"):
        lines.append(f"Matched: {answer.matched.question} (pair {answer.matched.pair_id})")
    lines.append(format_explanation(answer, width=None))
    return Reply(text="\n".join(lines), command="/why")


@command("/passage", "/p", usage="/passage ID", summary="a passage by its id (as cited)")
def _passage(session: ChatSession, argument: str) -> Reply:
    passages = session.bot.knowledge.passages
    if not argument:
        return Reply(
            text="Usage: /passage ID, for example /passage nida-social-connections#p3, "
            "or /source N for citation [N] of the last answer.",
            command="/passage",
            error=True,
        )
    passage_id = argument if argument in passages else _passage_of_last_answer(session, argument)
    if passage_id is None:
        return Reply(
            text=f"No passage {argument}. Passage ids look like nida-social-connections#p3 "
            "(the ids in citations); /source N shows citation [N] of the last answer.",
            command="/passage",
            error=True,
        )
    return Reply(text=_show_passage(session, passage_id), command="/passage")


@command("/source", usage="/source N", summary="the full passage behind citation [N]")
def _source(session: ChatSession, argument: str) -> Reply:
    answer = session.last_answer
    citations = answer.citations if answer is not None else ()
    if not citations:
        return Reply(
            text="The last answer has no citations: /source N shows the passage behind "
            "citation [N] of an answer.",
            command="/source",
            error=True,
        )
    if not (argument.isascii() and argument.isdigit()) or not 1 <= int(argument) <= len(citations):
        return Reply(
            text=f"Usage: /source N, where N is a citation number of the last answer "
            f"(1 to {len(citations)}).",
            command="/source",
            error=True,
        )
    citation = citations[int(argument) - 1]
    label = citation_label(int(argument), citation)
    return Reply(text=f"{label}\n{_show_passage(session, citation.passage)}", command="/source")


@command("/clear", summary="forget the conversation so far")
def _clear(session: ChatSession, argument: str) -> Reply:
    session.conversation.clear()
    return Reply(
        text="Conversation cleared: the next question starts afresh.",
        command="/clear",
        clear=True,
    )


@command("/quit", "/exit", "/q", summary="leave; Ctrl-D, quit and exit do too")
def _quit(session: ChatSession, argument: str) -> Reply:
    return Reply(text="Goodbye.", command="/quit", quit=True)


def _topics_named(name: str, topics: list[str]) -> list[str]:
    """The topics `name` means: the one it names in full (any case), else those it begins, else
    those it is part of ("/topics animal" is "Animal research")."""
    wanted = " ".join(name.casefold().split())
    for fits in (str.__eq__, str.startswith, str.__contains__):
        found = [topic for topic in topics if fits(topic.casefold(), wanted)]
        if found:
            return found
    return []


def _passage_of_last_answer(session: ChatSession, local_id: str) -> str | None:
    """ "p3" as the last answer's document's passage p3, when only one document fits."""
    answer = session.last_answer
    sources = {c.source for c in answer.citations} if answer is not None else set()
    matches = [f"{source}#{local_id}" for source in sorted(sources)]
    found = [m for m in matches if m in session.bot.knowledge.passages]
    return found[0] if len(found) == 1 else None


def _show_passage(session: ChatSession, passage_id: str) -> str:
    passage = session.bot.knowledge.passages[passage_id]
    source = session.bot.knowledge.sources[passage.source_id]
    where = f" ({passage.section})" if passage.section else ""
    comment = " A reader's comment, not the author's text." if passage.public_comment else ""
    lines = "\n".join(passage.lines)
    return f"“{source.title}”, {passage_id}{where}:{comment}\n{lines}"
