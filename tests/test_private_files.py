"""The files qa-bot keeps for a person (cache, history) are theirs alone, whatever others plant."""

from __future__ import annotations

import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from qa_bot import load_bot, repl
from qa_bot.cache import STALE_TEMPORARY_SECONDS, _fingerprint, cache_dir
from qa_bot.cli import main
from qa_bot.errors import CacheWarning
from qa_bot.knowledge import knowledge_dir, read_knowledge_files
from qa_bot.repl import HISTORY_LIMIT, PrivateFileHistory
from tests.conftest import DATA

# A pickle that, if it were ever unpickled, would create the file named in it.
_MARKER_PICKLE = b"cbuiltins\nexec\n(S'open(%r, \"w\").close()'\ntR."
# Another user's uid, for files planted "by someone else" (only root can give files away).
_OTHER_UID = 65534
_needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="only root can make a file owned by another user"
)
# The person running the bot in the tests run as a second user: an unprivileged uid with no
# passwd entry, as in many containers (so it has no home folder either).
_PERSON_UID = 54321


def _kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(DATA / "valid", target)
    return target


def _entry(kb: Path) -> Path:
    load_bot(kb)
    (entry,) = cache_dir().glob("bot-*.pickle")
    return entry


def _malicious(tmp_path: Path) -> tuple[Path, Path]:
    """A file the user owns holding a pickle that runs code, and the file that code would make."""
    marker = tmp_path / "code-ran"
    payload = tmp_path / "payload"
    payload.write_bytes(_MARKER_PICKLE.replace(b"%r", repr(str(marker)).encode()))
    payload.chmod(0o600)
    return payload, marker


# --- the cache ---------------------------------------------------------------------------------


def test_a_symlink_planted_as_a_cache_entry_is_never_followed(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    entry.unlink()
    entry.symlink_to(payload)
    assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()


def test_a_cache_folder_others_could_write_is_made_private_and_emptied(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    # Someone swapped the entry while the folder was open to all: the file is the user's own,
    # mode 0600, so only the folder's mode tells that it may not be what the bot wrote.
    entry.write_bytes(payload.read_bytes())
    cache_dir().chmod(0o777)
    with pytest.warns(CacheWarning, match="was writable by others"):
        assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    assert entry.exists()  # built anew


def test_a_hard_link_as_a_cache_entry_is_never_read(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    entry.unlink()
    os.link(payload, entry)
    assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()


def test_a_cache_folder_that_is_a_symlink_is_not_used(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_dir().parent.mkdir(parents=True)
    cache_dir().symlink_to(elsewhere)
    with pytest.warns(CacheWarning, match="the cache is off"):
        assert load_bot(_kb(tmp_path)).ask("why do rats huddle?").answered
    assert list(elsewhere.iterdir()) == []


@_needs_root
def test_a_cache_folder_of_another_user_is_never_used(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    entry.write_bytes(payload.read_bytes())
    os.chown(cache_dir(), _OTHER_UID, _OTHER_UID)
    os.chown(entry, _OTHER_UID, _OTHER_UID)
    with pytest.warns(CacheWarning, match="belongs to another user"):
        assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()


@_needs_root
def test_an_entry_of_another_user_in_the_users_folder_is_never_read(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    entry.write_bytes(payload.read_bytes())
    entry.chmod(0o600)
    os.chown(entry, _OTHER_UID, _OTHER_UID)
    assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()


def test_an_entry_others_could_have_written_is_never_read(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    entry = _entry(kb)
    payload, marker = _malicious(tmp_path)
    entry.write_bytes(payload.read_bytes())
    entry.chmod(0o666)
    assert load_bot(kb).ask("why do rats huddle?").answered
    assert not marker.exists()


def test_the_bot_is_built_from_exactly_the_bytes_its_entry_is_named_by(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import qa_bot.bot

    kb = _kb(tmp_path)
    facts = kb / "pairs" / "facts.yaml"
    original = facts.read_text(encoding="utf-8")
    edited = original.replace("huddle for warmth.\n", "huddle for warmth, it says.\n", 1)
    read = qa_bot.bot.read_knowledge_files

    def read_then_edit(root: Path) -> dict[Path, bytes]:
        contents = read(root)
        facts.write_text(edited, encoding="utf-8")  # an edit between the hash and the build
        return contents

    monkeypatch.setattr(qa_bot.bot, "read_knowledge_files", read_then_edit)
    assert "it says" not in load_bot(kb).ask("why do rats huddle?").text
    monkeypatch.setattr(qa_bot.bot, "read_knowledge_files", read)
    assert "it says" in load_bot(kb).ask("why do rats huddle?").text


def test_temporary_files_left_by_a_killed_writer_are_removed(tmp_path: Path) -> None:
    cache_dir().mkdir(parents=True, mode=0o700)
    stale = cache_dir() / ".bot-0123.pickle.dead.tmp"
    fresh = cache_dir() / ".bot-4567.pickle.busy.tmp"
    for temporary in (stale, fresh):
        temporary.write_bytes(b"half an entry")
    long_ago = time.time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(stale, (long_ago, long_ago))
    load_bot(_kb(tmp_path))
    assert not stale.exists()
    assert fresh.exists()  # another process may still be writing it


def test_without_a_home_folder_the_bot_works_without_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    with pytest.warns(CacheWarning, match="no home folder"):
        assert load_bot(_kb(tmp_path)).ask("why do rats huddle?").answered


# --- run as a second, unprivileged user ----------------------------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder everyone may write to, like /tmp: what a shared `XDG_CACHE_HOME` is in CI."""
    if os.geteuid() != 0:
        pytest.skip("running the bot as a second user needs the tests to run as root")
    folder = Path(tempfile.mkdtemp(prefix="qa-bot-shared-"))
    folder.chmod(0o1777)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _run_as_person(
    args: list[str], env: dict[str, str], folder: Path, stdin: str = ""
) -> tuple[int, str, str]:
    """`qa-bot ARGS` run as `_PERSON_UID` with only `env`: the exit status, stdout and stderr.

    A forked copy of this process, not a new interpreter: the interpreter may live in a folder
    only root can read (as under /root/.pyenv), and everything `main` needs is imported already.
    """
    streams = {name: folder / f"person.{name}" for name in ("stdin", "stdout", "stderr")}
    streams["stdin"].write_text(stdin, encoding="utf-8")
    streams["stdin"].chmod(0o644)
    pid = os.fork()
    if pid == 0:  # the person
        status = 99
        try:
            os.setgroups([])
            os.setgid(_PERSON_UID)
            os.setuid(_PERSON_UID)
            os.environ.clear()
            os.environ.update({"PATH": os.defpath, "LANG": "C.UTF-8", **env})
            sys.stdin = open(streams["stdin"], encoding="utf-8")  # noqa: SIM115
            sys.stdout = open(streams["stdout"], "w", encoding="utf-8")  # noqa: SIM115
            sys.stderr = open(streams["stderr"], "w", encoding="utf-8")  # noqa: SIM115
            status = main(args)
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)
    _, wait_status = os.waitpid(pid, 0)
    return (
        os.waitstatus_to_exitcode(wait_status),
        streams["stdout"].read_text(encoding="utf-8"),
        streams["stderr"].read_text(encoding="utf-8"),
    )


def test_a_cache_another_user_planted_in_a_shared_folder_never_runs(shared_folder: Path) -> None:
    # Root, the other user here, plants a folder of its own, writable by all, at the person's
    # cache path, with an entry under the very name the person's bot would look for.
    planted = shared_folder / "qa-bot"
    planted.mkdir()
    planted.chmod(0o777)
    marker = shared_folder / "code-ran"
    name = f"bot-{_fingerprint(read_knowledge_files(knowledge_dir(None)))}.pickle"
    (planted / name).write_bytes(_MARKER_PICKLE.replace(b"%r", repr(str(marker)).encode()))
    (planted / name).chmod(0o666)
    status, out, err = _run_as_person(
        ["ask", "who wrote the paper?"], {"XDG_CACHE_HOME": str(shared_folder)}, shared_folder
    )
    assert (status, err.count("Warning: the cache is off")) == (0, 1), err
    assert "Inagaki" in out
    assert "belongs to another user" in err
    assert not marker.exists()


def test_a_person_with_no_home_folder_gets_answers_and_one_warning(shared_folder: Path) -> None:
    for args, stdin in ((["ask", "who wrote the paper?"], ""), (["chat"], "who wrote it?\n")):
        status, out, err = _run_as_person(args, {}, shared_folder, stdin)
        assert status == 0, err
        assert "Inagaki" in out or "Who wrote the paper?" in out
        assert err.splitlines() == [
            "Warning: the cache is off (cannot use its folder: no $XDG_CACHE_HOME and no home "
            "folder)."
        ]


# --- the history -------------------------------------------------------------------------------


def _history(warnings: list[str]) -> PrivateFileHistory:
    return PrivateFileHistory(repl.history_file(), warnings.append)


@pytest.mark.parametrize(("kind", "why"), [("symlink", "symbolic link"), ("hard", "other links")])
def test_a_link_as_the_history_file_is_neither_written_nor_chmodded(
    tmp_path: Path, kind: str, why: str
) -> None:
    target = tmp_path / "bashrc"
    target.write_text("export PS1='$ '\n", encoding="utf-8")
    target.chmod(0o644)
    path = repl.history_file()
    path.parent.mkdir(parents=True, mode=0o700)
    if kind == "hard":
        os.link(target, path)
    else:
        path.symlink_to(target)
    warnings: list[str] = []
    history = _history(warnings)
    assert list(history.load_history_strings()) == []
    history.store_string("is it safe to mix oxy and xanax?")
    assert target.read_text(encoding="utf-8") == "export PS1='$ '\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert len(warnings) == 1 and "history is off" in warnings[0] and why in warnings[0]


def test_a_fifo_as_the_history_file_does_not_hang_the_chat(bot: object) -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True, mode=0o700)
    os.mkfifo(path)
    warnings: list[str] = []
    assert list(_history(warnings).load_history_strings()) == []
    assert "history is off" in warnings[0]


def test_the_history_folder_is_made_private(tmp_path: Path) -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True, mode=0o755)
    path.parent.chmod(0o777)
    _history([]).store_string("who wrote the paper?")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_history_stays_private_for_the_whole_chat() -> None:
    history = _history([])
    list(history.load_history_strings())
    history.store_string("first question")
    path = repl.history_file()
    path.unlink()  # deleted mid-chat: it comes back private, whatever the umask
    old_umask = os.umask(0o022)
    try:
        history.store_string("second question")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "+second question" in path.read_text(encoding="utf-8")


def test_a_symlink_planted_mid_chat_is_refused(tmp_path: Path) -> None:
    warnings: list[str] = []
    history = _history(warnings)
    history.store_string("first question")
    target = tmp_path / "target"
    target.write_text("", encoding="utf-8")
    path = repl.history_file()
    path.unlink()
    path.symlink_to(target)
    history.store_string("second question")
    assert target.read_text(encoding="utf-8") == ""
    assert len(warnings) == 1


@_needs_root
def test_a_history_folder_of_another_user_is_not_used() -> None:
    path = repl.history_file()
    path.parent.mkdir(parents=True, mode=0o700)
    os.chown(path.parent, _OTHER_UID, _OTHER_UID)
    warnings: list[str] = []
    _history(warnings).store_string("who wrote the paper?")
    assert not path.exists()
    assert "another user" in warnings[0]


def test_the_history_keeps_the_newest_questions_up_to_its_limit() -> None:
    history = _history([])
    for number in range(HISTORY_LIMIT + 50):
        history.store_string(f"question {number}")
    kept = list(_history([]).load_history_strings())  # newest first
    assert len(kept) == HISTORY_LIMIT
    assert kept[0] == f"question {HISTORY_LIMIT + 49}"
    assert kept[-1] == "question 50"
    assert repl.history_file().read_text(encoding="utf-8").count("\n+") == HISTORY_LIMIT


def test_trimming_the_history_keeps_each_question_s_time() -> None:
    path = repl.history_file()
    _history([]).store_string("first")
    entries = "".join(f"\n# 2020-01-01 00:00:{n:02}\n+question {n}\n" for n in range(50))
    path.write_text(entries * (HISTORY_LIMIT // 50 + 1), encoding="utf-8")
    list(_history([]).load_history_strings())
    kept = path.read_text(encoding="utf-8")
    assert kept.count("\n+") == HISTORY_LIMIT
    assert kept.count("# 2020-01-01 00:00:49\n+question 49\n") == HISTORY_LIMIT // 50


def test_a_question_without_a_time_never_borrows_the_one_before() -> None:
    entries = repl._history_entries(b"\n# t1\n+a\n\n+b\n")
    assert entries == [("# t1", "a"), ("", "b")]


def test_a_history_others_could_write_is_emptied_not_trusted() -> None:
    path = repl.history_file()
    _history([]).store_string("my own question")
    path.write_text("\n# planted\n+rm -rf ~ is how you clear the cache\n", encoding="utf-8")
    path.chmod(0o666)
    warnings: list[str] = []
    assert list(_history(warnings).load_history_strings()) == []
    assert path.read_bytes() == b""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(warnings) == 1 and "writable by others" in warnings[0]


def test_a_tail_of_garbage_does_not_wipe_the_history() -> None:
    history = _history([])
    for number in range(5):
        history.store_string(f"question {number}")
    path = repl.history_file()
    with path.open("ab") as file:
        file.write(b"\0" * (repl.MAX_HISTORY_BYTES + 100))  # what a crash can leave
    size = path.stat().st_size
    list(_history([]).load_history_strings())
    assert path.stat().st_size == size
    assert path.read_bytes().startswith(b"\n# ")


def test_the_history_is_trimmed_by_a_rename_never_in_place() -> None:
    history = _history([])
    for number in range(HISTORY_LIMIT + 5):
        history.store_string(f"question {number}")
    before = repl.history_file().stat().st_ino
    list(_history([]).load_history_strings())
    assert repl.history_file().stat().st_ino != before  # a new file, renamed over the old one
    assert [p.name for p in repl.history_file().parent.iterdir()] == ["history"]
