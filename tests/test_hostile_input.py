"""What a hostile or broken environment throws at a run: it ends with an answer or one line on
stderr and a documented exit status, never a traceback, never a hang, never a lost answer."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qa_bot import Bot
from qa_bot.cli import EXIT_ERROR, EXIT_OUTPUT, main
from qa_bot.conversation import REMEMBERED_TURNS
from qa_bot.session import ChatSession
from tests.conftest import DATA

# Sequences that would change a terminal's title, write its clipboard (OSC 52), clear the
# screen, make a hyperlink, or reverse the text around them, if they reached it.
_HOSTILE = (
    "\x1b]0;pwned\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b[2J",
    "\x1b]8;;http://evil\x1b\\",
    "\x9b31m",
    "\u202e",
    "\u200b",
)


def _qa_bot(
    *args: str, stdin: bytes = b"", env: dict[str, str] | None = None, **options: object
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "qa_bot", *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "0", **(env or {})},
        **options,  # type: ignore[arg-type]
    )


def _clean(output: bytes) -> None:
    text = output.decode("utf-8")
    for sequence in _HOSTILE:
        assert sequence not in text
    assert "\x1b" not in text
    assert "Traceback" not in text


# --- what reaches the terminal -----------------------------------------------------------------


def test_piped_questions_are_echoed_without_their_escape_sequences() -> None:
    question = "who wrote " + "".join(_HOSTILE) + "the paper?\n"
    run = _qa_bot("ask", stdin=question.encode())
    assert run.returncode in (0, 1)
    _clean(run.stdout)
    assert b"> who wrote the paper?" in run.stdout


def test_text_from_a_knowledge_base_is_printed_without_escape_sequences(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    facts = kb / "pairs" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    hostile = '"The tiny document \\e]0;pwned\\a says\\u202e rats huddle for warmth.\\e[2J"'
    facts.write_text(
        text.replace(
            "answer: The tiny document says rats that live together huddle for warmth.",
            f"answer: {hostile}",
        ),
        encoding="utf-8",
    )
    run = _qa_bot("ask", "--knowledge", str(kb), "why do rats huddle?")
    assert b"tiny document" in run.stdout, run.stderr
    _clean(run.stdout)
    _clean(run.stderr)


def test_a_path_in_an_error_line_is_printed_without_escape_sequences(tmp_path: Path) -> None:
    run = _qa_bot("ask", "--knowledge", str(tmp_path / "no\x1b]0;pwned\x07where"), "hi")
    assert run.returncode == EXIT_ERROR
    _clean(run.stderr)
    assert run.stderr.decode().startswith("Error: ")


def test_json_escapes_c1_controls_and_invisible_characters(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "who wrote\x9b the\u202e paper?"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out and "\u202e" not in out
    assert json.loads(out)["question"] == "who wrote\x9b the\u202e paper?"


def test_a_dumb_terminal_gets_no_escape_code() -> None:
    script = shutil.which("script")
    if script is None:
        pytest.skip("needs script(1) to give the chat a terminal")
    run = subprocess.run(
        [script, "-qec", f"{sys.executable} -m qa_bot --no-history", "/dev/null"],
        input=b"who wrote the paper?\n/quit\n",
        capture_output=True,
        timeout=120,
        env={**os.environ, "TERM": "dumb"},
    )
    assert b"Tristen K. Inagaki" in run.stdout
    assert b"\x1b" not in run.stdout


# --- inputs that used to break a run -----------------------------------------------------------


def test_invalid_utf8_on_stdin_loses_no_answer() -> None:
    lines = b"who wrote the paper?\n\xff\xfe caf\xe9 rats?\nwhat did the rats choose?\n"
    for args in (["ask"], ["ask", "--json"], ["chat"]):
        run = _qa_bot(*args, stdin=lines, env={"LC_ALL": "en_US.UTF-8"})
        assert b"Traceback" not in run.stderr, args
        assert run.stdout.count(b"Inagaki") >= 1, args
        assert b"rats" in run.stdout.split(b"Inagaki", 1)[1], args


def test_batch_answers_each_question_as_it_is_read() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "qa_bot", "ask", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"who wrote the paper?\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())  # before stdin is closed
        assert first["status"] == "answered"
    finally:
        process.stdin.close()
        process.wait(timeout=60)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_the_evaluation_file_is_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    run = _qa_bot("eval", device)
    assert run.returncode == EXIT_ERROR
    assert b"not a regular file" in run.stderr


def test_a_fifo_as_a_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "questions.yaml"
    os.mkfifo(fifo)
    run = _qa_bot("eval", str(fifo))
    assert run.returncode == EXIT_ERROR
    assert b"not a regular file" in run.stderr
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    (kb / "sources.yaml").unlink()
    os.mkfifo(kb / "sources.yaml")
    run = _qa_bot("ask", "--knowledge", str(kb), "hi")
    assert run.returncode == EXIT_ERROR
    assert b"not a regular file" in run.stderr


def test_an_evaluation_file_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as file:
        file.truncate(5 * 2**20)  # sparse: costs no disk
    run = _qa_bot("eval", str(big))
    assert run.returncode == EXIT_ERROR
    assert b"too large" in run.stderr


def test_yaml_aliases_are_refused_not_expanded(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}] " for i in range(8)]
    bomb.write_text("\n".join(lines).replace("] ", "]") + "\n", encoding="utf-8")
    run = _qa_bot("eval", str(bomb))
    assert run.returncode == EXIT_ERROR
    assert b"aliases" in run.stderr


def test_source_with_a_digit_that_is_not_ascii_is_a_usage_line(bot: Bot) -> None:
    session = ChatSession(bot)
    session.handle("who wrote the paper?")
    reply = session.handle("/source \u00b2")
    assert reply.error and "Usage: /source N" in reply.text


def test_without_a_home_folder_ask_and_the_chat_still_work() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HOME", "XDG_"))}
    for args, stdin in ((["ask", "who wrote the paper?"], b""), (["chat"], b"who wrote it?\n")):
        run = subprocess.run(
            [sys.executable, "-m", "qa_bot", *args],
            input=stdin,
            capture_output=True,
            timeout=120,
            env=env,
        )
        assert run.returncode == 0, run.stderr
        assert b"Traceback" not in run.stderr


def test_a_full_disk_is_one_line_and_its_own_exit_status() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "wb") as full:
        run = subprocess.run(
            [sys.executable, "-m", "qa_bot", "ask", "who wrote the paper?"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    assert run.returncode == EXIT_OUTPUT
    assert run.stderr.decode().splitlines() == [
        "Error: cannot write the output: No space left on device"
    ]


def test_a_closed_stdout_is_one_line_and_its_own_exit_status() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "who wrote the paper?"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=120,
        preexec_fn=lambda: os.close(1),
    )
    assert run.returncode == EXIT_OUTPUT
    assert run.stderr.decode().startswith("Error: cannot write the output")
    assert "Traceback" not in run.stderr.decode()


# --- long conversations ------------------------------------------------------------------------


def test_a_conversation_remembers_a_bounded_number_of_turns(bot: Bot) -> None:
    chat = bot.chat()
    for _ in range(REMEMBERED_TURNS * 3):
        chat.ask("zxqv blorf quandle")
    assert len(chat.history) == REMEMBERED_TURNS
    chat.ask("who wrote the paper?")
    assert chat.ask("where does she work?").answered


# --- found by the second hostile test ----------------------------------------------------------


def test_a_line_that_never_ends_is_one_error_not_all_the_memory() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with open("/dev/zero", "rb") as zero:
        run = subprocess.run(
            [sys.executable, "-m", "qa_bot", "ask"],
            stdin=zero,
            capture_output=True,
            timeout=120,
        )
    assert run.returncode == EXIT_ERROR
    assert run.stderr == b"Error: a line on stdin is longer than 10,000,000 characters\n"


def test_a_very_long_line_keeps_both_its_ends() -> None:
    from qa_bot.cli import LINE_END_CHARS, _bounded_lines

    line = "I want to give up. " + "filler " * 10_000 + "who wrote the paper?\n"
    (kept,) = _bounded_lines(io.StringIO(line))
    assert len(kept) <= 2 * LINE_END_CHARS + 3
    assert kept.startswith("I want to give up.") and kept.endswith("who wrote the paper?\n")
    assert list(_bounded_lines(io.StringIO("one\ntwo\n"))) == ["one\n", "two\n"]
    # Up to twice LINE_END_CHARS, a line is kept whole, as typed.
    whole = "x" * (LINE_END_CHARS + 123) + " who wrote the paper?\n"
    assert list(_bounded_lines(io.StringIO(whole))) == [whole]


@pytest.mark.parametrize("command", [["ask"], ["chat"]])
def test_a_closed_stdin_is_nothing_to_read(command: list[str]) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "qa_bot", *command],
        capture_output=True,
        timeout=120,
        preexec_fn=lambda: os.close(0),
    )
    assert run.returncode == 0, run.stderr
    assert b"Traceback" not in run.stderr


def test_a_folder_where_a_file_should_be_is_a_knowledge_error(tmp_path: Path) -> None:
    assert _qa_bot("eval", str(tmp_path)).returncode == EXIT_ERROR
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    (kb / "pairs" / "folder.yaml").mkdir()
    run = _qa_bot("check", "--knowledge", str(kb))
    assert run.returncode == EXIT_ERROR
    assert run.stderr.endswith(b"folder.yaml: not a regular file\n")


@pytest.mark.parametrize("depth", [500, 5000])
def test_yaml_nested_hundreds_deep_is_one_error_line(tmp_path: Path, depth: int) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    # A pair right in every other field: the nesting is its one error.
    deep = (
        "pairs:\n- id: x\n  topic: t\n  questions: [hi]\n"
        "  citations: [{passage: tiny-doc#p1, quote: Rats}]\n"
        "  answer: " + "[" * depth + "]" * depth + "\n"
    )
    (kb / "pairs" / "deep.yaml").write_text(deep, encoding="utf-8")
    run = _qa_bot("check", "--knowledge", str(kb))
    assert run.returncode == EXIT_ERROR
    assert run.stderr.startswith(b"Error: ") and run.stderr.count(b"\n") == 1, run.stderr


def test_invisible_characters_and_colour_codes_do_not_stop_a_question_matching(bot: Bot) -> None:
    for question in ("who wrote\u200b the pa\u200bper?", "who \x1b[31mwrote\x1b[0m the paper?"):
        answer = bot.ask(question)
        # The best pair it weighed: "pa\u200bper" is two words, so that one is not answered.
        assert answer.considered[0].pair_id == "paper-author"


def test_a_relative_xdg_folder_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    from qa_bot.cache import cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir() == Path(os.environ["HOME"]) / ".cache" / "qa-bot"


def test_missing_folders_above_the_cache_are_made_private(tmp_path: Path) -> None:
    from qa_bot.private import open_folder

    old_umask = os.umask(0)
    try:
        os.close(open_folder(tmp_path / "a" / "b" / "qa-bot"))
    finally:
        os.umask(old_umask)
    for folder in ("a", "a/b", "a/b/qa-bot"):
        assert stat.S_IMODE((tmp_path / folder).stat().st_mode) == 0o700


def test_completions_and_history_show_no_invisible_characters(tmp_path: Path) -> None:
    from prompt_toolkit.completion import CompleteEvent
    from prompt_toolkit.document import Document

    from qa_bot import load_bot, repl
    from qa_bot.text import INVISIBLE

    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    pairs = next((kb / "pairs").glob("*.yaml"))
    text = pairs.read_text(encoding="utf-8")
    pairs.write_text(
        text.replace("Why do rats huddle?", "Why do \u202erats\u200b huddle?"), "utf-8"
    )
    completer = repl.ChatCompleter(load_bot(kb))
    shown = [c.text for c in completer.get_completions(Document("why do rats"), CompleteEvent())]
    assert shown and not any(INVISIBLE.search(c) for c in shown)

    history = repl.PrivateFileHistory(repl.history_file(), lambda warning: None)
    history.store_string("planted \u202eevil\u2066 text")
    loaded = list(repl.PrivateFileHistory(repl.history_file(), print).load_history_strings())
    assert loaded == ["planted evil text"]


# --- found by the re-test ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "who wrote the pa\u00adper?",  # a soft hyphen
        "who\u200bwrote\u200bthe\u200bpaper?",  # zero-width spaces between the words
        "who wrote the paper? \U000e0068\U000e0069",  # tag characters, which can hide text
    ],
)
def test_more_invisible_characters_neither_show_nor_stop_a_match(bot: Bot, question: str) -> None:
    from qa_bot.text import INVISIBLE, strip_control

    answer = bot.ask(question)
    assert answer.matched is not None and answer.matched.pair_id == "paper-author"
    assert not INVISIBLE.search(strip_control(question))  # what is echoed shows none of them


def test_json_escapes_characters_above_the_basic_plane_as_surrogate_pairs() -> None:
    run = _qa_bot("ask", "--json", "who wrote the paper? \U000e0041")
    record = json.loads(run.stdout)
    assert record["question"] == "who wrote the paper? \U000e0041"
    assert b"\\udb40\\udc41" in run.stdout


def test_a_stdin_that_cannot_be_read_is_an_input_error(tmp_path: Path) -> None:
    with (tmp_path / "out").open("w") as write_only:
        run = subprocess.run(
            [sys.executable, "-m", "qa_bot", "ask"], stdin=write_only, capture_output=True
        )
    assert run.returncode == EXIT_ERROR
    assert run.stderr.startswith(b"Error: cannot read the input:")


def _fifo(path: Path, tmp_path: Path) -> None:
    os.mkfifo(path)


def _dangling(path: Path, tmp_path: Path) -> None:
    path.symlink_to(tmp_path / "nowhere")


def _loop(path: Path, tmp_path: Path) -> None:
    path.symlink_to(path)


@pytest.mark.parametrize(
    ("name", "plant", "said"),
    [
        ("synonyms.yaml", _fifo, b"not a regular file"),
        ("synonyms.yaml", _dangling, b"cannot read"),
        ("pairs/loop.yaml", _loop, b"cannot read"),
    ],
)
def test_a_knowledge_file_that_is_not_a_file_is_reported_not_skipped(
    tmp_path: Path, name: str, plant: Callable[[Path, Path], None], said: bytes
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    (kb / name).unlink(missing_ok=True)
    plant(kb / name, tmp_path)
    run = _qa_bot("check", "--knowledge", str(kb))
    assert run.returncode == EXIT_ERROR
    assert said in run.stderr
