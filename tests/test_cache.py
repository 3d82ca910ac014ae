"""The cache of built bots: used when nothing changed, never when anything did, never blindly."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from qa_bot import KnowledgeError, load_bot
from qa_bot.cache import cache_dir
from qa_bot.errors import CacheWarning
from tests.conftest import DATA


def _copy_valid(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(DATA / "valid", target)
    return target


def _entries() -> list[Path]:
    return sorted(cache_dir().glob("bot-*.pickle"))


def test_a_second_load_comes_from_a_private_cache_entry(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    first = load_bot(kb)
    (entry,) = _entries()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache_dir().stat().st_mode) == 0o700
    second = load_bot(kb)
    assert second is not first
    assert second.ask("why do rats huddle?").text == first.ask("why do rats huddle?").text
    assert _entries() == [entry]


def test_an_edited_knowledge_base_is_never_answered_from_the_old_entry(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    assert "warmth" in load_bot(kb).ask("why do rats huddle?").text
    facts = kb / "pairs" / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(
            "huddle for warmth.\n", "huddle for warmth, it says.\n", 1
        ),
        encoding="utf-8",
    )
    assert "it says" in load_bot(kb).ask("why do rats huddle?").text
    assert len(_entries()) == 2


def test_a_corrupt_entry_is_rebuilt(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    load_bot(kb)
    (entry,) = _entries()
    entry.write_bytes(b"not a pickle")
    assert load_bot(kb).ask("why do rats huddle?").answered
    assert entry.read_bytes() != b"not a pickle"


def test_an_entry_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    load_bot(kb)
    (entry,) = _entries()
    entry.write_bytes(b"planted")
    entry.chmod(0o666)
    assert load_bot(kb).ask("why do rats huddle?").answered


def test_an_unusable_cache_is_one_warning_not_an_error(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    cache_dir().parent.mkdir(parents=True, exist_ok=True)
    cache_dir().write_text("a file where the folder should be", encoding="utf-8")
    for _ in range(2):
        with pytest.warns(CacheWarning, match="the cache is off") as caught:
            assert load_bot(kb).ask("why do rats huddle?").answered
        assert len(caught) == 1


def test_an_entry_that_cannot_be_written_is_one_warning(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    load_bot(kb)
    (entry,) = _entries()
    entry.unlink()
    entry.mkdir()  # in the way of the entry, as a read-only or full disk would be
    with pytest.warns(CacheWarning, match="cannot write to it") as caught:
        assert load_bot(kb).ask("why do rats huddle?").answered
    assert len(caught) == 1
    assert [path.name for path in cache_dir().iterdir()] == [entry.name]  # no temporary left


def test_a_broken_knowledge_base_is_reported_not_cached(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "sources.yaml").write_text("sources: [", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        load_bot(kb)
    assert _entries() == []


def test_a_bot_is_built_only_when_the_cache_cannot_spare_it(tmp_path: Path) -> None:
    """`on_build` lets the chat say "Reading the knowledge base..." only when it will wait."""
    kb = _copy_valid(tmp_path)
    builds: list[str] = []
    load_bot(kb, on_build=lambda: builds.append("built"))
    load_bot(kb, on_build=lambda: builds.append("built again"))
    assert builds == ["built"]


def test_cache_false_keeps_no_entry(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    builds: list[str] = []
    for _ in range(2):
        assert (
            load_bot(kb, cache=False, on_build=lambda: builds.append("built"))
            .ask("why do rats huddle?")
            .answered
        )
    assert builds == ["built", "built"]
    assert not cache_dir().exists()


def test_a_folder_of_ones_own_gets_a_private_cache_folder_inside_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """Naming one's home or a project folder, even one others may write to, changes nothing in
    it: the cache lives in a `qa-bot` folder of its own made inside."""
    kb = _copy_valid(tmp_path)
    folder = tmp_path / "project"
    folder.mkdir()
    folder.chmod(0o775)
    for name in ("notes.txt", "old.tmp", ".bot-1.pickle.x.tmp"):
        (folder / name).write_text("mine", encoding="utf-8")
        os.utime(folder / name, (0, 0))  # long ago: a stale temporary file would be pruned
    load_bot(kb, cache=folder)
    load_bot(_copy_valid(tmp_path / "another"), cache=folder)  # a second entry prunes
    assert sorted(p.name for p in folder.iterdir()) == [
        ".bot-1.pickle.x.tmp",
        "notes.txt",
        "old.tmp",
        "qa-bot",
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o775
    assert stat.S_IMODE((folder / "qa-bot").stat().st_mode) == 0o700
    assert len(list((folder / "qa-bot").glob("bot-*.pickle"))) == 2
    assert not cache_dir().exists()


@pytest.mark.parametrize("setting", ["", "relative/folder", "."])
def test_a_cache_folder_that_is_not_absolute_is_refused_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.chdir(tmp_path)
    kb = _copy_valid(tmp_path)
    mode = tmp_path.stat().st_mode
    with pytest.warns(CacheWarning, match="is not an absolute folder") as caught:
        assert load_bot(kb, cache=setting).ask("why do rats huddle?").answered
    assert len(caught) == 1
    assert not (tmp_path / "qa-bot").exists() and not (tmp_path / "relative").exists()
    assert tmp_path.stat().st_mode == mode


@pytest.mark.parametrize("value", ["off", "OFF", "0", "no", "false", "none"])
def test_qa_bot_cache_off_in_the_environment_turns_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("QA_BOT_CACHE", value)
    load_bot(_copy_valid(tmp_path))
    assert not cache_dir().exists()


def test_qa_bot_cache_in_the_environment_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_BOT_CACHE", str(tmp_path / "elsewhere"))
    load_bot(_copy_valid(tmp_path))
    assert len(list((tmp_path / "elsewhere" / "qa-bot").glob("bot-*.pickle"))) == 1
    assert not cache_dir().exists()
    # What the caller says wins over the environment.
    load_bot(_copy_valid(tmp_path / "second"), cache=True)
    assert len(_entries()) == 1


def test_a_cache_folder_that_cannot_be_made_is_one_warning(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    with pytest.warns(CacheWarning, match="the cache is off") as caught:
        assert (
            load_bot(_copy_valid(tmp_path), cache=tmp_path / "a-file")
            .ask("why do rats huddle?")
            .answered
        )
    assert len(caught) == 1


def test_a_knowledge_base_with_errors_past_the_first_is_not_cached() -> None:
    """The loader reads on past each error to find them all, and still builds nothing."""
    with pytest.raises(KnowledgeError):
        load_bot(DATA / "many-errors")
    assert _entries() == []
