"""Adopt the tuning part's in-scope questions into the knowledge base as wordings.

    .venv/bin/python tests/eval/adopt.py

The tuning part's questions were written by people who never saw the wordings, in the styles real
users type; as wordings they teach the matcher how people ask. Measured with `crossval.py` (every
question answered by a bot that lacks it): adopting them took the tuning part's in-scope figure
from 585 to 607 of 678 and wrong answers from 61 to 51, with out of scope unchanged.

Not adopted:
* follow-ups: they lean on the questions before them ("what about him?");
* questions labelled `typo`: a misspelt wording makes its typo a known word, and the matcher then
  stops correcting that typo in other questions (adopting them measured worse);
* any question equal to one of the held-out part, which would leak it;
* questions already a wording.

Each adopted question is appended to its pair's `questions` in `knowledge/pairs/`, leaving the
files' layout and comments alone. Run it again after the tuning part grows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import yaml
from crossval import EVAL_FILE

from qa_bot.evaluation import EvalCase, load_cases
from qa_bot.knowledge import bundled_knowledge_dir, load_knowledge
from qa_bot.text import normalise

NOT_ADOPTED_STYLES = {"typo", "follow_up"}


def adoptable(case: EvalCase) -> bool:
    """Whether a tuning question is fit to become a wording of its pair."""
    return (
        case.split == "tuning"
        and case.kind == "in_scope"
        and not case.context
        and case.style not in NOT_ADOPTED_STYLES
    )


def main() -> None:
    knowledge = load_knowledge()
    cases = load_cases(EVAL_FILE, knowledge.pairs)
    taken = {normalise(q) for pair in knowledge.pairs.values() for q in pair.questions}
    taken |= {normalise(c.question) for c in cases if c.split == "held_out"}
    new: dict[str, list[str]] = defaultdict(list)
    for case in filter(adoptable, cases):
        if normalise(case.question) not in taken:
            taken.add(normalise(case.question))
            new[case.expect].append(case.question)
    for path in sorted((bundled_knowledge_dir() / "pairs").glob("*.yaml")):
        added = _append_wordings(path, new)
        print(f"{path.name}: {added} wordings adopted")


def _append_wordings(path: Path, new: dict[str, list[str]]) -> int:
    """Append each pair's new wordings after its last one, in the file's own layout."""
    lines = path.read_text(encoding="utf-8").split("\n")
    added = 0
    for pair_id, wordings in new.items():
        if f"  - id: {pair_id}" not in lines:
            continue
        start = lines.index(f"  - id: {pair_id}")
        end = lines.index("    questions:", start) + 1
        following = [i for i, line in enumerate(lines) if i > start and line.startswith("  - id:")]
        if following and end > following[0]:
            raise SystemExit(f"{path.name}: pair {pair_id} has no 'questions:' list of its own")
        while end < len(lines) and lines[end].startswith("      - "):
            end += 1
        lines[end:end] = [f"      - {_scalar(w)}" for w in wordings]
        added += len(wordings)
    path.write_text("\n".join(lines), encoding="utf-8")
    return added


def _scalar(text: str) -> str:
    """`text` as a YAML list item: plain when it reads back unchanged, else double-quoted."""
    text = " ".join(text.split())
    try:
        if yaml.safe_load(f"- {text}") == [text]:
            return text
    except yaml.YAMLError:
        pass
    return json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    main()
