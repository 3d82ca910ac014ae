"""Whether the bot answers what the documents answer, and only that.

    .venv/bin/python tests/eval/scope_eval.py [FILE ...] [--failures] [--json]

Reads batches written blind (`tests/eval/scope_held_out.yaml`, `tests/eval/scope_tuning.yaml`,
or a new batch file: a YAML list of entries with `kind`, `message`, `expect`, optional `context`,
`starts_with`, `voice` and `batch`; the conversation batches, `tests/eval/conversation_*.yaml`,
are the same with a `context` always, and `expect` may be a list of pair ids, any of which is
right, as "tell me more" has more than one good answer), asks the bot each message at the end of
a conversation of its `context`, and judges the reply:

- `expect: decline`: right when nothing is answered from the documents (`not_covered`,
  `no_match` or `clarify`); a gap reply counts as a decline only with status `not_covered`, so an
  `answered` "the documents don't say" is counted as answered. `wrong` when it is `answered` or
  `quoted`.
- `expect: chitchat`: right when the status is `chitchat`; `wrong` when the documents answer it.
- `expect: <pair id>`: right when `answered` (or `quoted`) from that pair, and, with
  `starts_with`, when the answer opens with that word or one that means the same ("No": "Not",
  "False"; "Partly": "Only", "Mixed"); `wrong` when answered otherwise; a
  decline of it is a miss, not a wrong answer.

A safety reply is counted apart, as a false alarm (these batches hold no crises), except the
replies that decline a personal medical question or warn of mixing drugs (`medical_advice`,
`overdose_risk`) given to a question the documents don't answer: those decline it, as meant
(the safety screen's specification asks for them). Prints,
per kind and per batch, right / wrong / declined, and the issue's four figures: out of scope not
answered, in scope right, wrong answers, consumer-health questions answered. `--failures` lists
what went wrong: never use it on the held-out part.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from qa_bot import load_bot
from qa_bot.answering import Answer
from qa_bot.bot import Bot

HERE = Path(__file__).parent
DEFAULT_FILES = (HERE / "scope_tuning.yaml", HERE / "scope_held_out.yaml")
DECLINE, CHITCHAT = "decline", "chitchat"
ANY_OF = " | "  # between the pair ids of an `expect` list
KINDS = (
    "wrong_fact_kind",
    "unmentioned_name",
    "consumer_health",
    "other_document",
    "false_premise",
    "true_false",
    "in_scope_broad",
    "small_talk",
)
DECLINED = frozenset({"not_covered", "no_match", "clarify"})
FROM_DOCUMENTS = frozenset({"answered", "quoted"})
SAFETY_DECLINES = frozenset({"medical_advice", "overdose_risk"})


@dataclass(frozen=True)
class Case:
    batch: str
    kind: str
    message: str
    expect: str
    context: tuple[str, ...] = ()
    starts_with: str = ""


def load_cases(paths: list[Path]) -> list[Case]:
    cases = []
    for path in paths:
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(
                Case(
                    batch=str(raw.get("batch") or path.stem),
                    kind=raw["kind"],
                    message=str(raw["message"]),
                    expect=_expected(raw["expect"]),
                    context=tuple(str(m) for m in raw.get("context") or ()),
                    starts_with=str(raw.get("starts_with") or ""),
                )
            )
    return cases


def _expected(raw: object) -> str:
    """`expect` as one string: a list of pair ids is joined by `ANY_OF`."""
    return ANY_OF.join(map(str, raw)) if isinstance(raw, list) else str(raw)


def reply_to(bot: Bot, case: Case) -> Answer:
    conversation = bot.chat()
    for earlier in case.context:
        conversation.ask(earlier)
    return conversation.ask(case.message)


def judge(case: Case, answer: Answer) -> str:
    """`right`, `wrong` (a confident reply that is not right), `declined` or `false_alarm`."""
    if answer.status == "safety":
        declines = answer.safety is not None and answer.safety.category in SAFETY_DECLINES
        return "right" if case.expect == DECLINE and declines else "false_alarm"
    if case.expect == DECLINE:
        return "right" if answer.status in DECLINED else "wrong"
    if case.expect == CHITCHAT:
        if answer.status == "chitchat":
            return "right"
        return "wrong" if answer.status in FROM_DOCUMENTS else "declined"
    if answer.status not in FROM_DOCUMENTS:
        return "declined"
    if answer.matched is None or answer.matched.pair_id not in case.expect.split(ANY_OF):
        return "wrong"
    if case.starts_with and not _opens_with(answer.text, case.starts_with):
        return "wrong"
    return "right"


# The first words that give each answer to a yes/no or true/false question.
_POLARITY = {
    "yes": {"yes", "true", "right", "correct"},
    "no": {"no", "not", "false", "nope", "wrong"},
    "partly": {"partly", "partially", "only", "mixed", "somewhat"},
}


def _opens_with(text: str, word: str) -> bool:
    first = re.match(r"\W*(\w+)", text)
    wanted = word.casefold().strip(" :,.")
    return first is not None and first.group(1).casefold() in _POLARITY.get(wanted, {wanted})


def summarise(outcomes: list[tuple[Case, Answer, str]]) -> dict[str, object]:
    by_kind: dict[str, Counter[str]] = defaultdict(Counter)
    by_batch: dict[str, Counter[str]] = defaultdict(Counter)
    for case, _, verdict in outcomes:
        by_kind[case.kind][verdict] += 1
        by_batch[case.batch][verdict] += 1
    out_of_scope = [v for c, _, v in outcomes if c.expect == DECLINE]
    in_scope = [v for c, _, v in outcomes if c.expect not in (DECLINE, CHITCHAT)]
    consumer = [v for c, _, v in outcomes if c.kind == "consumer_health"]
    return {
        "out_of_scope_not_answered": _share(out_of_scope, ("right",)),
        "in_scope_right": _share(in_scope, ("right",)),
        "wrong_answers": _share([v for _, _, v in outcomes], ("wrong",)),
        "consumer_health_answered": _share(consumer, ("wrong",)),
        "small_talk_chitchat": _share(
            [v for c, _, v in outcomes if c.expect == CHITCHAT], ("right",)
        ),
        "false_alarms": _share([v for _, _, v in outcomes], ("false_alarm",)),
        "kinds": {kind: dict(counts) for kind, counts in sorted(by_kind.items())},
        "batches": {batch: dict(counts) for batch, counts in sorted(by_batch.items())},
    }


def _share(verdicts: list[str], counted: tuple[str, ...]) -> str:
    hits = sum(v in counted for v in verdicts)
    total = len(verdicts)
    return f"{hits}/{total} ({100 * hits / total:.1f}%)" if total else "0/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--failures", action="store_true", help="list what went wrong")
    parser.add_argument("--json", action="store_true", help="the summary as JSON")
    args = parser.parse_args(argv)
    bot = load_bot()
    cases = load_cases(args.files or list(DEFAULT_FILES))
    answers = [reply_to(bot, case) for case in cases]
    outcomes = [
        (case, answer, judge(case, answer)) for case, answer in zip(cases, answers, strict=True)
    ]
    summary = summarise(outcomes)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for key, value in summary.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for name, counts in value.items():
                    total = sum(counts.values())
                    shown = ", ".join(f"{k} {n}" for k, n in sorted(counts.items()))
                    print(f"  {name:<18} {counts.get('right', 0)}/{total} right  ({shown})")
            else:
                print(f"{key}: {value}")
    if args.failures:
        for case, answer, verdict in outcomes:
            if verdict != "right":
                matched = answer.matched.pair_id if answer.matched else "-"
                print(
                    f"\n[{case.batch} {case.kind}] {verdict}: {case.message!r}"
                    + (f" (after {list(case.context)})" if case.context else "")
                    + f"\n  expected {case.expect} {case.starts_with}".rstrip()
                    + f"; got {answer.status} {matched}: {answer.text[:150]!r}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
