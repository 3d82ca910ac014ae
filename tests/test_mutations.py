"""Broken knowledge bases, made by mutating the bundled one: each is reported clearly, exit 2.

Every mutation must give `Error: FILE...` lines on stderr, one per problem, one of them naming the
file it broke, with no traceback, and a YAML tag must never be executed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from qa_bot.cli import main
from qa_bot.knowledge import bundled_knowledge_dir

PAIRS = "pairs/nida-social-connections.yaml"
SOURCES = "sources.yaml"
SYNONYMS = "synonyms.yaml"


def _data(kb: Path, name: str) -> Any:
    return yaml.safe_load((kb / name).read_text(encoding="utf-8"))


def _save(kb: Path, name: str, data: Any) -> None:
    (kb / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _edit(
    name: str, key: str, index: int
) -> Callable[[Callable[[Any], None]], Callable[[Path], str]]:
    """A mutation that changes entry `index` of the `key` list of file `name`."""

    def with_change(change: Callable[[Any], None]) -> Callable[[Path], str]:
        def mutate(kb: Path) -> str:
            data = _data(kb, name)
            change(data[key][index])
            _save(kb, name, data)
            return name

        return mutate

    return with_change


_edit_pair = _edit(PAIRS, "pairs", 3)
_edit_source = _edit(SOURCES, "sources", 1)


def _raw(name: str, change: Callable[[bytes], bytes]) -> Callable[[Path], str]:
    def mutate(kb: Path) -> str:
        path = kb / name
        path.write_bytes(change(path.read_bytes()))
        return name

    return mutate


def _duplicate_pair(kb: Path) -> str:
    data = _data(kb, PAIRS)
    data["pairs"].append(dict(data["pairs"][0], questions=["a brand new wording"]))
    _save(kb, PAIRS, data)
    return PAIRS


def _huge(kb: Path) -> str:
    with (kb / PAIRS).open("r+b") as file:
        file.truncate(65 * 2**20)  # sparse: costs no disk
    return PAIRS


MUTATIONS: dict[str, Callable[[Path], str]] = {
    **{
        f"pair without {key}": _edit_pair(lambda pair, key=key: pair.pop(key))
        for key in ("id", "topic", "questions", "answer", "citations")
    },
    "questions as text": _edit_pair(lambda pair: pair.update(questions="what?")),
    "a question as a number": _edit_pair(lambda pair: pair["questions"].append(42)),
    "answer as a list": _edit_pair(lambda pair: pair.update(answer=["a", "b"])),
    "citations as a mapping": _edit_pair(lambda pair: pair.update(citations={"a": 1})),
    "gap as yes": _edit_pair(lambda pair: pair.update(gap="yes")),
    "related as text": _edit_pair(lambda pair: pair.update(related="nida-post-title")),
    "related to nothing": _edit_pair(lambda pair: pair.update(related=["no-such-pair"])),
    "unknown key": _edit_pair(lambda pair: pair.update(anwser="typo")),
    "quote not verbatim": _edit_pair(
        lambda pair: pair["citations"][0].update(quote="Something the text never says.")
    ),
    "cites a missing passage": _edit_pair(
        lambda pair: pair["citations"][0].update(passage="nida-social-connections#p99")
    ),
    "bad id": _edit_pair(lambda pair: pair.update(id="Not An Id")),
    "duplicate pair id": _duplicate_pair,
    "passage text as a number": _edit_source(lambda source: source["passages"][0].update(text=7)),
    "duplicate passage id": _edit_source(
        lambda source: source["passages"].append(dict(source["passages"][0]))
    ),
    "source without title": _edit_source(lambda source: source.pop("title")),
    "pairs file truncated mid-line": _raw(
        PAIRS, lambda b: b[: len(b) // 2].rsplit(b"\n", 1)[0][:-7]
    ),
    # Cut inside a quoted title: wherever the file ends, a truncated file must be reported.
    "sources file truncated": _raw(SOURCES, lambda b: b[: b.index(b'title: "') + 12]),
    "invalid UTF-8": _raw(PAIRS, lambda b: b.replace(b"rats", b"r\xffts", 1)),
    "a NUL byte": _raw(PAIRS, lambda b: b.replace(b"rats", b"ra\x00ts", 1)),
    "an escape sequence": _raw(PAIRS, lambda b: b.replace(b"rats", b"ra\x1b]0;pwned\x07ts", 1)),
    "empty file": _raw(PAIRS, lambda b: b""),
    "not a mapping": _raw(SOURCES, lambda b: b"- just\n- a list\n"),
    "python tag": _raw(PAIRS, lambda b: b"!!python/object/apply:os.system ['touch PWNED']\n" + b),
    "python tag inside": _raw(
        SOURCES, lambda b: b.replace(b"sources:", b"sources: !!python/name:os.system", 1)
    ),
    "synonym group of one": _raw(SYNONYMS, lambda b: b + b"  - [lonely-only-word]\n"),
    "huge file": _huge,
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_each_mutation_is_one_line_error_naming_the_file(
    mutation: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(bundled_knowledge_dir(), kb)
    broken = MUTATIONS[mutation](kb)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--knowledge", str(kb)]) == 2
    lines = capsys.readouterr().err.splitlines()
    # A mutation may break more than one thing (a file cut short loses the pairs others name),
    # and `check` lists every error, then how many.
    errors = lines[:-1] if len(lines) > 1 else lines
    if len(lines) > 1:
        assert lines[-1] == f"{len(errors)} errors; warnings are checked once they are fixed."
    assert all(line.startswith(f"Error: {kb}/") for line in errors), lines
    assert any(line.startswith(f"Error: {kb / broken}") for line in errors), lines
    assert not (tmp_path / "PWNED").exists()


def test_a_control_character_is_reported_with_its_line_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(bundled_knowledge_dir(), kb)
    MUTATIONS["an escape sequence"](kb)
    line = (kb / PAIRS).read_bytes().split(b"\x1b")[0].count(b"\n") + 1
    assert main(["check", "--knowledge", str(kb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {kb / PAIRS}:{line}: invalid YAML: "), err
    assert err.endswith("characters are not allowed\n")  # "control" in libyaml, "special" without


def test_a_mutation_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(bundled_knowledge_dir(), kb)
    MUTATIONS["python tag"](kb)
    result = subprocess.run(
        [sys.executable, "-m", "qa_bot", "ask", "--knowledge", str(kb), "who wrote it?"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "PWNED").exists()
