"""The chat in a terminal: a prompt_toolkit prompt over a `ChatSession`.

Everything the chat *says* comes from `qa_bot.session` (replies) and `qa_bot.formatting` (layout);
this module only adds what a terminal offers: history kept in a private file, suggestions from it,
Tab completion of commands and of the questions the bot knows, a bottom toolbar, and colour by
the role of each line. Colour follows prompt_toolkit's colour depth, which honours `NO_COLOR`; a
safety reply also carries a plain-text banner, so it stands out with no colour at all.
"""

from __future__ import annotations

import contextlib
import datetime
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from prompt_toolkit import Application, PromptSession, print_formatted_text
from prompt_toolkit.application import get_app
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.history import History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import FormattedTextControl, Layout, Window
from prompt_toolkit.output import ColorDepth, Output
from prompt_toolkit.styles import BaseStyle, Style, merge_styles

from qa_bot.bot import Bot
from qa_bot.formatting import answer_lines, wrap_text
from qa_bot.private import (
    PrivateFileError,
    home_folder,
    open_file,
    open_folder,
    replace_file,
)
from qa_bot.session import COMMANDS, ChatSession, Reply
from qa_bot.text import strip_control

PROMPT = FormattedText([("class:prompt", "ask> ")])
# The bottom toolbar's hints, in the order shown; on a narrow terminal it wraps between them.
TOOLBAR_HINTS = (
    "Enter: ask",
    "Tab: complete",
    "↑↓: history",
    "/help: commands",
    "Ctrl-C: clear line",
    "Ctrl-D: quit",
)
# Shown under a page of a long reply (the whole of /topics), until a key says what next.
MORE = FormattedText([("class:more", "-- more -- (Enter: more, q: stop)")])
STYLE = Style.from_dict(
    {
        "prompt": "bold ansicyan",
        "notice": "italic",
        "answer": "",
        "citation": "ansigreen",
        "heading": "italic",
        "suggestion": "ansicyan",
        "banner": "bold reverse ansired",
        "safety": "bold",
        "care": "bold",
        "command": "",
        "error": "ansired",
        "welcome": "",
        "bottom-toolbar": "noreverse bg:ansibrightblack ansiwhite",
        "more": "reverse",
    }
)
# With no colour (`NO_COLOR`), what colour set apart is set apart by an attribute instead: a
# suggestion from history would look like typed text, and the toolbar like the chat above it.
MONOCHROME_STYLE = Style.from_dict({"auto-suggestion": "underline", "bottom-toolbar": "reverse"})
# The widest the chat lays text out, even on a very wide terminal: long lines are hard to read.
MAX_WIDTH = 100
# Question completions offered at most, and how well a known question must match to be offered.
MAX_COMPLETIONS = 8
COMPLETION_FLOOR = 0.3
MIN_COMPLETION_CHARS = 3
# The questions the history file keeps, the newest; and the most of its end that is read.
HISTORY_LIMIT = 1000
MAX_HISTORY_BYTES = 2**20


def history_file() -> Path:
    """Where the chat keeps its history: `$XDG_STATE_HOME/qa-bot/history`.

    Raises `PrivateFileError` when there is no home folder to keep it in.
    """
    return home_folder("XDG_STATE_HOME", ".local", "state") / "qa-bot" / "history"


class PrivateFileHistory(History):
    """The chat's history, in a file only its owner can read (`qa_bot.private`: mode 0600, in a
    folder of the user's with mode 0700, never through a symlink, never a FIFO or a device).

    People type health questions here. The file is opened and checked anew for every question
    stored, so the promise holds for the whole chat (a file deleted meanwhile comes back 0600, a
    symlink planted meanwhile is refused). It keeps the newest `HISTORY_LIMIT` questions, as
    shells do with `HISTSIZE`. Written in prompt_toolkit's `FileHistory` format. If the file
    cannot be made, read or written, the history warns once through `warn` and carries on in
    memory: the chat never stops for it.
    """

    def __init__(self, path: Path, warn: Callable[[str], None]) -> None:
        super().__init__()
        self._path = path
        self._warn = warn
        self._working = True

    def load_history_strings(self) -> Iterable[str]:
        if not self._working:
            return []
        try:
            with self._opened(os.O_RDWR | os.O_CREAT) as (folder, descriptor):
                size = os.fstat(descriptor).st_size
                os.lseek(descriptor, max(0, size - MAX_HISTORY_BYTES), os.SEEK_SET)
                entries = _history_entries(_read_up_to(descriptor, MAX_HISTORY_BYTES))
                # Rewritten whole or not at all, and never to nothing: a tail of garbage (NULs
                # after a crash) leaves the file as it was.
                if entries and (len(entries) > HISTORY_LIMIT or size > MAX_HISTORY_BYTES):
                    entries = entries[-HISTORY_LIMIT:]
                    # Each kept question keeps the time it was asked.
                    data = b"".join(_history_entry(entry, stamp) for stamp, entry in entries)
                    replace_file(folder, self._path.name, data)
        except OSError as exc:
            self._fail(exc)
            return []
        # Shown again by the up arrow and the grey suggestion: never with what would drive the
        # terminal or reverse the text around it.
        return [strip_control(entry) for _, entry in reversed(entries)]  # newest first

    def store_string(self, string: str) -> None:
        if not self._working:
            return
        try:
            with self._opened(os.O_WRONLY | os.O_APPEND | os.O_CREAT) as (_, descriptor):
                os.write(descriptor, _history_entry(string))
        except OSError as exc:
            self._fail(exc)

    @contextlib.contextmanager
    def _opened(self, flags: int) -> Iterator[tuple[int, int]]:
        """Descriptors of the history's folder and file, both checked anew. A file that others
        could write to until now (or in a folder they could) may hold what they put there: it is
        emptied, with a warning."""
        distrusted = []
        folder = open_folder(self._path.parent, if_it_was_shared=distrusted.append)
        try:
            descriptor = open_file(
                folder, self._path.name, flags, if_it_was_shared=distrusted.append
            )
            try:
                if distrusted:
                    os.ftruncate(descriptor, 0)
                    self._warn(f"Warning: {self._path} was writable by others, so it was emptied.")
                yield folder, descriptor
            finally:
                os.close(descriptor)
        finally:
            os.close(folder)

    def _fail(self, exc: OSError) -> None:
        if self._working:
            self._working = False
            reason = exc.strerror or str(exc)
            self._warn(f"Warning: history is off ({self._path}: {reason}).")


def _read_up_to(descriptor: int, limit: int) -> bytes:
    chunks, size = [], 0
    while size < limit and (chunk := os.read(descriptor, limit - size)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _history_entry(string: str, stamp: str = "") -> bytes:
    """One question in `FileHistory`'s format: a comment with the time it was asked (`stamp`,
    or now), then `+`-lines."""
    lines = "".join(f"+{line}\n" for line in string.split("\n"))
    stamp = stamp or f"# {datetime.datetime.now()}"
    return f"\n{stamp}\n{lines}".encode("utf-8", errors="replace")


def _history_entries(data: bytes) -> list[tuple[str, str]]:
    """The questions of a `FileHistory` file, oldest first, each with the comment line before it
    (its time)."""
    entries: list[tuple[str, str]] = []
    lines: list[str] = []
    stamp = ""
    for line in data.decode("utf-8", errors="replace").splitlines(keepends=True):
        if line.startswith("+"):
            lines.append(line[1:])
            continue
        if lines:
            entries.append((stamp, "".join(lines)[:-1]))
            lines, stamp = [], ""  # the next question has its own time, or none
        if line.startswith("#"):
            stamp = line.rstrip("\r\n")
    if lines:
        entries.append((stamp, "".join(lines)[:-1]))
    return entries


class ChatCompleter(Completer):
    """Tab completion: command names after "/", otherwise the known questions closest to the text.

    Questions come from the bot's own matcher (typos, synonyms and all), one per pair, each in
    its pair's own first wording: the wording that matched may be a reader's rambling message.
    """

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        text = document.text_before_cursor.lstrip()
        if text.startswith("/"):
            for command in COMMANDS:
                if command.name.startswith(text.casefold()):
                    yield Completion(
                        command.name, start_position=-len(text), display_meta=command.summary
                    )
            return
        if len(text) < MIN_COMPLETION_CHARS:
            return
        pairs = self._bot.knowledge.pairs
        for match in self._bot.search(text, limit=MAX_COMPLETIONS):
            if match.score >= COMPLETION_FLOOR:
                yield Completion(
                    strip_control(pairs[match.pair_id].questions[0]),  # a knowledge base's text
                    start_position=-len(document.text_before_cursor),
                )


def render(reply: Reply, width: int) -> FormattedText:
    """A reply as styled lines, one fragment each: an answer's lines in their roles' styles, or a
    command's text."""
    fragments: list[tuple[str, str]] = []
    if reply.answer is not None:
        for role, line in answer_lines(reply.answer, width=width):
            fragments.append((f"class:{role}", strip_control(line) + "\n"))
    elif reply.text:
        style = "class:error" if reply.error else "class:command"
        for line in strip_control(wrap_text(reply.text, width=width)).split("\n"):
            fragments.append((style, line + "\n"))
    return FormattedText(fragments)


def toolbar(width: int) -> str:
    """The bottom toolbar: the key hints, in lines of at most `width` broken between hints."""
    lines = [""]
    for hint in TOOLBAR_HINTS:
        joined = f"{lines[-1]} · {hint}" if lines[-1] else f" {hint}"
        if len(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(f" {hint}")
    return "\n".join(lines)


def chat_style(color_depth: ColorDepth) -> BaseStyle:
    """The chat's style for an output of `color_depth`: `STYLE`, and in monochrome (`NO_COLOR`)
    attributes where it relies on colour (`MONOCHROME_STYLE`)."""
    if color_depth is ColorDepth.DEPTH_1_BIT:
        return merge_styles([STYLE, MONOCHROME_STYLE])
    return STYLE


def pager_bindings() -> KeyBindings:
    """The keys at a "-- more --" prompt: Enter or space for the next page, q (or Ctrl-C, Ctrl-D)
    to stop; other keys do nothing."""
    bindings = KeyBindings()

    @bindings.add("enter")
    @bindings.add("space")
    def _next(event: KeyPressEvent) -> None:
        event.app.exit(result=True)

    @bindings.add("q")
    @bindings.add("Q")
    @bindings.add("c-c")
    @bindings.add("c-d")
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(result=False)

    return bindings


def run(
    session: ChatSession,
    *,
    history: bool = True,
    input: Input | None = None,
    output: Output | None = None,
) -> int:
    """The chat loop, until /quit or Ctrl-D. Returns the exit status (0)."""

    def say(fragments: FormattedText | str, style: str = "", *, end: str = "\n") -> None:
        if isinstance(fragments, str):
            fragments = FormattedText([(style, strip_control(fragments) + "\n")])
        print_formatted_text(
            fragments, style=STYLE, output=output, include_default_pygments_style=False, end=end
        )

    prompt = PromptSession[str](
        history=_history(say) if history else InMemoryHistory(),
        enable_suspend=True,  # Ctrl-Z suspends the chat, as in any terminal program
        auto_suggest=AutoSuggestFromHistory(),
        completer=ChatCompleter(session.bot),
        complete_while_typing=False,
        bottom_toolbar=lambda: toolbar(get_app().output.get_size().columns),
        input=input,
        output=output,
    )
    prompt.style = chat_style(prompt.app.color_depth)

    def more() -> bool:
        """Whether the person asks for the next page, at a "-- more --" prompt."""
        pager = Application[bool](
            layout=Layout(Window(FormattedTextControl(MORE), height=1)),
            key_bindings=pager_bindings(),
            style=prompt.style,
            erase_when_done=True,
            input=input,
            output=output,
        )
        try:
            return pager.run()
        except EOFError:  # the input has ended: there is no one to read on
            return False

    say(wrap_text(session.welcome(), width=_width(prompt)), "class:welcome")
    while True:
        try:
            line = prompt.prompt(PROMPT)
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line, as in a shell
        except EOFError:
            say("Goodbye.")
            return 0
        try:
            reply = session.handle(line)
        except KeyboardInterrupt:
            continue  # Ctrl-C while it thinks: drop this question, keep the chat
        except Exception as exc:  # the chat must outlive any bug: say it in one line, go on
            say(f"Error: {type(exc).__name__}: {exc}", "class:error")
            continue
        if reply.clear:
            prompt.app.output.erase_screen()
            prompt.app.output.cursor_goto(0, 0)
            prompt.app.output.flush()
        lines, rows = render(reply, _width(prompt)), _page_rows(prompt)
        for start in range(0, len(lines), rows):
            if start and not more():
                break
            say(FormattedText(lines[start : start + rows]), end="")
        say(FormattedText())  # a blank line before the next prompt
        if reply.quit:
            return 0


def _history(warn: Callable[[str], None]) -> History:
    try:
        return PrivateFileHistory(history_file(), warn)
    except PrivateFileError as exc:  # no home folder: the chat goes on without a history file
        warn(f"Warning: history is off ({exc}).")
        return InMemoryHistory()


def _width(prompt: PromptSession[str]) -> int:
    return min(prompt.output.get_size().columns - 1, MAX_WIDTH)


def _page_rows(prompt: PromptSession[str]) -> int:
    """The lines of a reply shown at once: what the terminal holds above what comes under the
    last page (a blank line, the next prompt and its toolbar), so none scrolls away unseen."""
    size = prompt.output.get_size()
    return max(size.rows - 2 - len(toolbar(size.columns).splitlines()), 1)
