"""Shared fixtures. No test reads or writes the real home directory."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from qa_bot import Bot, load_bot

DATA = Path(__file__).parent / "data"
EVAL_FILE = Path(__file__).parent / "eval" / "questions.yaml"
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def pytest_configure(config: pytest.Config) -> None:
    """Before anything runs (session fixtures too), point home and XDG folders at a temp dir."""
    home = Path(tempfile.mkdtemp(prefix="qa-bot-tests-home-"))
    config.stash[_SESSION_HOME] = home
    os.environ["HOME"] = str(home)
    for name, folder in (("STATE", "state"), ("CONFIG", "config"), ("CACHE", "cache")):
        os.environ[f"XDG_{name}_HOME"] = str(home / folder)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(_SESSION_HOME, None) or "/nonexistent", ignore_errors=True)


_SESSION_HOME = pytest.StashKey[Path]()


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("QA_BOT_CACHE", raising=False)  # a developer's own setting stays theirs


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot over the bundled knowledge base, loaded once."""
    return load_bot()


@pytest.fixture(scope="session")
def tiny_bot() -> Bot:
    """A bot over the tiny valid knowledge base in tests/data/valid."""
    return load_bot(DATA / "valid")
