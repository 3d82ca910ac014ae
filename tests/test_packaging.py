"""The installed package carries the bundled knowledge base and works from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel and installed (without dependencies) into a fresh folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(work / "dist"), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    wheel = next((work / "dist").glob("qa_bot-*.whl"))
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return target


def _run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The installed copy comes first on the path, and the working directory is far from the
    # checkout.
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run(
        [sys.executable, "-m", "qa_bot", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_wheel_ships_the_knowledge_base_inside_the_package(installed: Path) -> None:
    shipped = installed / "qa_bot" / "knowledge"
    assert (shipped / "sources.yaml").is_file()
    assert sorted(p.name for p in (shipped / "pairs").glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "knowledge" / "pairs").glob("*.yaml")
    )


def test_installed_qa_bot_answers_from_another_directory(installed: Path, tmp_path: Path) -> None:
    result = _run_installed(installed, tmp_path, "ask", "--json", "who wrote the paper?")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "answered"
    check = _run_installed(installed, tmp_path, "check")
    assert check.returncode == 0, check.stderr
    assert f"Knowledge base OK: {installed / 'qa_bot' / 'knowledge'}" in check.stdout
