"""The chat in a real terminal, under tmux: what a person sees when they run `qa-bot`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

QA_BOT = Path(sys.executable).with_name("qa-bot")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Run tmux commands on a private server that is killed afterwards."""
    socket = f"qa-bot-test-{uuid.uuid4().hex[:8]}"

    def run(*args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    yield run
    run("kill-server")


def _wait_for(read: Callable[[], str], text: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    screen = read()
    while text not in screen and time.monotonic() < deadline:
        time.sleep(0.1)
        screen = read()
    assert text in screen, f"{text!r} never appeared; the screen was:\n{screen}"
    return screen


def test_chat_answers_survives_ctrl_c_and_quits(tmux: Callable[..., str], tmp_path: Path) -> None:
    if not QA_BOT.exists():
        pytest.skip(f"{QA_BOT} is not installed beside the test interpreter")
    state = tmp_path / "state"
    command = f"XDG_STATE_HOME={state} HOME={tmp_path} {QA_BOT}"
    tmux("new-session", "-d", "-s", "chat", "-x", "100", "-y", "40", command)
    tmux("set-option", "-t", "chat", "remain-on-exit", "on")

    def screen() -> str:
        return tmux("capture-pane", "-t", "chat", "-p")

    def exited() -> bool:
        return tmux("list-panes", "-t", "chat", "-F", "#{pane_dead}").strip() == "1"

    _wait_for(screen, "ask>")
    tmux("send-keys", "-t", "chat", "do animals huddling prove anything?", "Enter")
    shown = _wait_for(screen, "[1] Inagaki (2018) summary, p2:")
    assert "Not on its own." in shown
    assert "/help: commands" in shown  # the toolbar

    tmux("send-keys", "-t", "chat", "half typed", "C-c")
    time.sleep(0.5)
    assert not exited()

    tmux("send-keys", "-t", "chat", "/quit", "Enter")
    deadline = time.monotonic() + 10
    while not exited() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert exited()
    assert "Goodbye." in screen()
    history = state / "qa-bot" / "history"
    assert oct(history.stat().st_mode & 0o777) == "0o600"
    assert os.path.getsize(history) > 0


def test_ctrl_z_suspends_the_chat_and_fg_brings_it_back(
    tmux: Callable[..., str], tmp_path: Path
) -> None:
    if not QA_BOT.exists() or shutil.which("sh") is None:
        pytest.skip(f"{QA_BOT} or sh is not here")
    # A shell with job control, as a person's terminal has, runs the chat.
    tmux("new-session", "-d", "-s", "shell", "-x", "100", "-y", "40", "sh -i")

    def screen() -> str:
        return tmux("capture-pane", "-t", "shell", "-p")

    tmux("send-keys", "-t", "shell", f"XDG_STATE_HOME={tmp_path} {QA_BOT}", "Enter")
    _wait_for(screen, "ask>")
    tmux("send-keys", "-t", "shell", "C-z")
    _wait_for(screen, "Stopped")  # not a "^Z" typed into the question
    tmux("send-keys", "-t", "shell", "clear; fg", "Enter")
    time.sleep(1)
    tmux("send-keys", "-t", "shell", "who wrote the paper?", "Enter")
    assert "Tristen K. Inagaki" in _wait_for(screen, "[1] Inagaki (2018) summary, p1:")


def test_ctrl_c_in_a_dumb_terminal_clears_the_line_and_the_chat_goes_on(
    tmux: Callable[..., str], tmp_path: Path
) -> None:
    if not QA_BOT.exists():
        pytest.skip(f"{QA_BOT} is not installed beside the test interpreter")
    command = f"TERM=dumb XDG_STATE_HOME={tmp_path} {QA_BOT}"
    tmux("new-session", "-d", "-s", "dumb", "-x", "100", "-y", "40", command)
    tmux("set-option", "-t", "dumb", "remain-on-exit", "on")

    def screen() -> str:
        return tmux("capture-pane", "-t", "dumb", "-p")

    _wait_for(screen, "ask>")
    tmux("send-keys", "-t", "dumb", "half typed", "C-c")
    time.sleep(0.5)
    tmux("send-keys", "-t", "dumb", "who wrote the paper?", "Enter")
    assert "Tristen K. Inagaki" in _wait_for(screen, "[1] Inagaki (2018) summary, p1:")
    assert tmux("list-panes", "-t", "dumb", "-F", "#{pane_dead}").strip() == "0"


def test_the_first_start_says_it_is_reading_and_a_later_one_starts_at_once(
    tmux: Callable[..., str], tmp_path: Path
) -> None:
    if not QA_BOT.exists():
        pytest.skip(f"{QA_BOT} is not installed beside the test interpreter")
    command = f"XDG_CACHE_HOME={tmp_path / 'cache'} HOME={tmp_path} {QA_BOT} --no-history"
    for session, first in (("first", True), ("later", False)):
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "40", command)
        shown = _wait_for(lambda s=session: tmux("capture-pane", "-t", s, "-p"), "ask>")
        assert ("Reading the knowledge base..." in shown) is first
        tmux("send-keys", "-t", session, "/quit", "Enter")
