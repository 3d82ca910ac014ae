"""Shared fixtures. No test reads or writes the real home directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa_bot import Bot, load_bot

DATA = Path(__file__).parent / "data"
EVAL_FILE = Path(__file__).parent / "eval" / "questions.yaml"
SHARED_SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="session")
def bot() -> Bot:
    """The bot over the bundled knowledge base, loaded once."""
    return load_bot()


@pytest.fixture(scope="session")
def tiny_bot() -> Bot:
    """A bot over the tiny valid knowledge base in tests/data/valid."""
    return load_bot(DATA / "valid")
