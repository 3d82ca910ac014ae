"""The terminal chat, driven headless: keys through a pipe, the screen as plain text."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import ColorDepth, DummyOutput
from prompt_toolkit.output.plain_text import PlainTextOutput
from prompt_toolkit.styles import Attrs, default_ui_style, merge_styles

from qa_bot import Bot, repl
from qa_bot.formatting import SAFETY_BANNER
from qa_bot.session import ChatSession

CTRL_C = "\x03"
CTRL_D = "\x04"
MORE = "-- more -- (Enter: more, q: stop)"


class _Screen(PlainTextOutput):
    """The screen as plain text, of a terminal of the given size."""

    def __init__(self, stdout: io.StringIO, size: Size) -> None:
        super().__init__(stdout)
        self._size = size

    def get_size(self) -> Size:
        return self._size


def _chat(
    bot: Bot, keys: str, *, history: bool = True, rows: int = 40, columns: int = 80
) -> tuple[int, str]:
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        output = _Screen(screen, Size(rows=rows, columns=columns))
        status = repl.run(ChatSession(bot), history=history, input=pipe, output=output)
    return status, screen.getvalue().replace("\r\n", "\n")


def _words(lines: list[str]) -> list[str]:
    """The words of wrapped lines, a word broken after a hyphen at a line's end made whole."""
    return re.sub(r"(?<=\w-)\n\s*", "", "\n".join(lines)).split()


def test_welcome_then_an_answer_with_its_citation_then_quit(bot: Bot) -> None:
    status, screen = _chat(bot, "do animals huddling prove anything?\r/quit\r")
    assert status == 0
    assert "Ask me about two documents" in screen
    assert "[1] Inagaki (2018) summary, p2:" in screen
    assert "You could also ask (type a number to ask it):" in screen
    assert screen.rstrip().endswith("Goodbye.")


def test_ctrl_c_clears_the_line_and_the_chat_goes_on(bot: Bot) -> None:
    status, screen = _chat(bot, f"half a quest{CTRL_C}who wrote the paper?\r/why\r{CTRL_D}")
    assert status == 0
    assert "The paper's author is Tristen K. Inagaki" in screen
    assert "Your question: who wrote the paper?\n" in screen


def test_ctrl_d_leaves(bot: Bot) -> None:
    status, screen = _chat(bot, CTRL_D)
    assert status == 0
    assert "Goodbye." in screen


def test_unknown_command_and_why_after_an_answer_and_after_a_decline(bot: Bot) -> None:
    keys = "/topcs\rwhat is the brain opioid theory?\r/why\rcapital of peru\r/why\r/quit\r"
    _, screen = _chat(bot, keys)
    assert "Unknown command /topcs. Did you mean /topics?" in screen
    assert "(pair brain-opioid-theory)" in screen
    assert "at or over the answer threshold" in screen
    assert "no pair came close" in screen or "under the answer threshold" in screen


def test_clarify_options_are_picked_by_number(bot: Bot) -> None:
    first_option = bot.ask("who wrote it").options[0]
    _, screen = _chat(bot, "who wrote it\r1\r/quit\r")
    assert "Did you mean:\n" in screen and "  1) " in screen
    picked = screen.split("Type a number to pick one")[1]
    opening = " ".join(bot.knowledge.pairs[first_option].answer.split()[:4])
    assert opening in picked


def test_safety_reply_has_a_banner_that_needs_no_colour(bot: Bot) -> None:
    _, screen = _chat(bot, "i want to die\r/quit\r")
    assert "*** Please read: this needs a person, not a bot ***" in screen
    assert "988" in screen


def test_an_unexpected_error_is_one_line_and_the_chat_goes_on(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: ChatSession, line: str) -> None:
        raise RuntimeError("boom")

    real = ChatSession.handle
    monkeypatch.setattr(
        ChatSession,
        "handle",
        lambda self, line: broken(self, line) if "boom" in line else real(self, line),
    )
    status, screen = _chat(bot, "boom\rwho wrote the paper?\r/quit\r")
    assert status == 0
    assert "Error: RuntimeError: boom\n" in screen
    assert "Tristen K. Inagaki" in screen


def test_history_file_is_private_and_keeps_questions(bot: Bot) -> None:
    _chat(bot, "who wrote the paper?\r/quit\r")
    path = repl.history_file()
    assert path == Path(os.environ["XDG_STATE_HOME"]) / "qa-bot" / "history"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "+who wrote the paper?" in path.read_text(encoding="utf-8")


def test_an_existing_history_file_is_made_private(bot: Bot) -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True)
    path.write_text("", encoding="utf-8")
    path.chmod(0o644)
    _chat(bot, "/quit\r")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_no_history_writes_nothing(bot: Bot) -> None:
    _chat(bot, "who wrote the paper?\r/quit\r", history=False)
    assert not repl.history_file().exists()


def test_unwritable_history_warns_once_and_the_chat_goes_on(bot: Bot) -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True)
    path.mkdir()  # a folder where the file should be: it can be neither opened nor written
    status, screen = _chat(bot, "who wrote the paper?\rwhere does she work?\r/quit\r")
    assert status == 0
    assert screen.count("Warning: history is off") == 1
    assert "University of Pittsburgh" in screen


def test_corrupt_history_is_read_without_failing(bot: Bot) -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\n# junk\n+caf\xe9 \xff\xfe\n\x00\x00garbage")
    status, screen = _chat(bot, "who wrote the paper?\r/quit\r")
    assert status == 0
    assert "Tristen K. Inagaki" in screen


def test_tab_completes_commands_and_known_questions(bot: Bot) -> None:
    completer = repl.ChatCompleter(bot)

    def completions(text: str) -> list[str]:
        document = Document(text, len(text))
        return [c.text for c in completer.get_completions(document, CompleteEvent())]

    assert completions("/to") == ["/topics"]
    assert "/source" in completions("/s") and "/sources" in completions("/s")
    found = completions("rats lever")
    assert found and all("rat" in q.casefold() for q in found[:3])
    # Each offered in its pair's own first wording, never a reader's message that matched.
    assert set(found) <= {pair.questions[0] for pair in bot.knowledge.pairs.values()}
    assert completions("ra") == []  # too short to guess


def test_runs_against_prompt_toolkits_dummy_output_too(bot: Bot) -> None:
    with create_pipe_input() as pipe:
        pipe.send_text(f"who wrote the paper?\r{CTRL_D}")
        assert repl.run(ChatSession(bot), input=pipe, output=DummyOutput()) == 0
    assert "+who wrote the paper?" in repl.history_file().read_text(encoding="utf-8")


def test_a_long_reply_is_paged_and_q_stops_it(bot: Bot) -> None:
    """/topics (every question of every topic) is longer than a terminal of 20 rows: it comes a
    page at a time, each under the last, so its first lines never scroll away unseen."""
    _, screen = _chat(bot, "/topics\r q/quit\r", rows=20)
    assert screen.count(MORE) == 2  # two pages shown, then q at the third's prompt
    first_page = screen.split(MORE)[0]
    assert "What I can answer, by topic" in first_page
    # A page leaves room under it for a blank line, the next prompt and its toolbar.
    toolbar_rows = len(repl.toolbar(80).split("\n"))
    page = first_page.split("ask> /topics\n")[-1].split("\n")
    assert page[-1] == ""  # the "-- more --" line comes straight under the page
    assert len(page[:-1]) == 20 - 2 - toolbar_rows
    assert "Future research:" not in screen  # the last topic, after q
    assert screen.rstrip().endswith("Goodbye.")


def test_enter_and_space_page_through_to_the_end(bot: Bot) -> None:
    _, screen = _chat(bot, "/topics\r" + " \r" * 10 + "/quit\r", rows=20)
    assert "Future research:" in screen
    assert "- What should future studies measure?" in screen
    assert screen.rstrip().endswith("Goodbye.")


def test_at_40_columns_the_safety_banner_why_and_toolbar_wrap_between_words(bot: Bot) -> None:
    _, screen = _chat(bot, "i want to die\r/why\r/quit\r", columns=40)
    lines = screen.split("\n")
    banner_at = next(n for n, line in enumerate(lines) if line.startswith("***"))
    banner = lines[banner_at : banner_at + 2]
    assert banner == ["*** Please read: this needs a person,", "not a bot ***"]
    assert _words(banner) == SAFETY_BANNER.split()

    why_at = lines.index("Your question: i want to die")
    why = lines[why_at : lines.index("", why_at)]
    assert max(len(line) for line in why) <= 40
    session = ChatSession(bot)
    session.handle("i want to die")
    assert _words(why) == session.handle("/why").text.split()

    # The toolbar, as drawn: each of its rows, up to where the renderer moves the cursor back.
    toolbar_at = next(n for n, line in enumerate(lines) if line.startswith(" Enter: ask"))
    shown = [line.split("\r")[0].rstrip() for line in lines[toolbar_at : toolbar_at + 3]]
    assert shown == repl.toolbar(40).split("\n")
    assert max(len(line) for line in shown) <= 40


def test_the_toolbar_wraps_between_its_hints() -> None:
    assert repl.toolbar(200) == (
        " Enter: ask · Tab: complete · ↑↓: history · /help: commands · Ctrl-C: clear line · "
        "Ctrl-D: quit"
    )
    assert repl.toolbar(40).split("\n") == [
        " Enter: ask · Tab: complete",
        " ↑↓: history · /help: commands",
        " Ctrl-C: clear line · Ctrl-D: quit",
    ]


def _attributes(style_class: str, depth: ColorDepth) -> Attrs:
    """What an output of `depth` shows of `style_class` in the chat: prompt_toolkit's own style
    under the chat's, with the colours it cannot show left out."""
    style = merge_styles([default_ui_style(), repl.chat_style(depth)])
    attrs = style.get_attrs_for_style_str(style_class)
    return attrs._replace(color="", bgcolor="") if depth is ColorDepth.DEPTH_1_BIT else attrs


def test_with_no_color_a_history_suggestion_still_differs_from_typed_text() -> None:
    depth = ColorDepth.from_env()  # NO_COLOR is set for every test
    assert depth is ColorDepth.DEPTH_1_BIT
    suggestion, typed = _attributes("class:auto-suggestion", depth), _attributes("", depth)
    assert suggestion != typed
    assert suggestion.underline and not typed.underline


def test_in_colour_a_history_suggestion_is_grey_as_prompt_toolkit_makes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR")
    suggestion = _attributes("class:auto-suggestion", ColorDepth.DEPTH_8_BIT)
    assert suggestion.color == "666666" and not suggestion.underline


def test_the_chat_takes_its_style_from_the_colours_its_output_shows(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    depths = []

    def chat_style(depth: ColorDepth) -> object:
        depths.append(depth)
        return repl.STYLE

    monkeypatch.setattr(repl, "chat_style", chat_style)
    _chat(bot, "/quit\r")  # a plain-text screen shows no colour at all
    assert depths == [ColorDepth.DEPTH_1_BIT]
