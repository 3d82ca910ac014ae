"""Train the safety screen's model (`qa_bot/safety/model.json`) from its corpus.

    .venv/bin/python tests/eval/train_screen.py            # write model.json
    .venv/bin/python tests/eval/train_screen.py --folds    # cross-validated figures, no writing
    .venv/bin/python tests/eval/train_screen.py --signs    # where each warning sign shows

Everything it reads and writes is in the checkout the script is in (not the installed qa_bot).

The corpus, every message with what it needs:

* `tests/data/safety_messages.yaml`: messages by category, and ordinary ones (`benign`);
* `tests/eval/safety_tuning.yaml`: the blind batches, each measured unseen when it arrived
  (`tests/eval/safety_eval.py`), then added here; their kinds map to categories below;
* ordinary questions: every wording of the knowledge base and the tuning part of
  `tests/eval/questions.yaml` (its `sensitive` questions count as needing help). Wordings of the
  pairs about getting help or stopping a medication are left out: they are asked both as
  questions about the documents and as a person's own request, and the screen, not the matcher,
  decides which.

Never `tests/eval/safety_held_out.yaml`: a training message equal to one of its messages (short
ones like "cravings" are written by more than one writer) is left out. Pure Python and
deterministic (a fixed shuffle), so the same corpus gives the same weights;
`tests/test_safety_data.py` checks that model.json was trained on the corpus, the screen's data
and the feature code as they are now. The knowledge base's wordings are not in that check: an
author who adds wordings need not retrain (they are ordinary questions, thousands of them), and
the next retraining takes them in.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import multiprocessing
import os
import random
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from safety_eval import Outcome, ask, load, report

from qa_bot.bot import Bot
from qa_bot.cache import cache_dir
from qa_bot.knowledge import KnowledgeBase, load_knowledge
from qa_bot.safety.help import CATEGORIES
from qa_bot.safety.model import SIGN_WEIGHT, Features, RiskModel, features
from qa_bot.safety.screen import Screen
from qa_bot.text import normalise

ROOT = Path(__file__).resolve().parents[2]
SAFETY = ROOT / "qa_bot" / "safety"

MESSAGES = ROOT / "tests" / "data" / "safety_messages.yaml"
TUNING = ROOT / "tests" / "eval" / "safety_tuning.yaml"
HELD_OUT = ROOT / "tests" / "eval" / "safety_held_out.yaml"
QUESTIONS = ROOT / "tests" / "eval" / "questions.yaml"
MODEL = SAFETY / "model.json"
# The code that turns a message into features: a change to it changes what the model means.
FEATURE_CODE = [
    ROOT / "qa_bot" / "text.py",
    *(SAFETY / name for name in ("lexicon.py", "reading.py", "signs.py", "model.py")),
]
# What each kind a blind writer was asked for needs.
KIND_CATEGORY = {
    "suicide_signs": "crisis",
    "overdose_now": "emergency",
    "overdose_risk": "overdose_risk",
    "grief_access": "crisis",
    "personal_medical": "medical_advice",
    "family_signs": "help_request",
    "relapse_passing": "distress",
    "help_seeking": "help_request",
    "benign": None,
}
# Pairs asked both as document questions and as personal requests (see the module docstring).
AMBIGUOUS_PAIRS = frozenset(
    {"where-to-get-help-gap", "how-to-help-loved-one-gap", "medication-advice-not-given"}
)
# Training: Adagrad on the logistic loss, a few passes in a fixed order.
EPOCHS = 6
LEARNING_RATE = 0.5
L2 = 1e-6
SEED = 0
# Features seen in fewer messages than this are not learned.
MIN_COUNT = 2
# Weights smaller than this are dropped: they change no decision, and the model loads faster.
PRUNE_BELOW = 0.05
# Small talk counts this many times: a few hundred messages against thousands of questions about
# the documents, and without it "tacos tonight, can't wait" reads as somebody's night.
SMALL_TALK_WEIGHT = 3.0


@dataclass(frozen=True)
class Example:
    text: str
    category: str | None  # None: an ordinary message
    group: str  # a blind batch, or where the message comes from

    @property
    def weight(self) -> float:
        return SMALL_TALK_WEIGHT if self.group.startswith("S") else 1.0


def corpus_files() -> list[Path]:
    """The files the model is trained from, and the code that reads them, besides the knowledge
    base (see the module docstring)."""
    data = [SAFETY / "lexicon.yaml", SAFETY / "signs.yaml"]
    return [MESSAGES, TUNING, QUESTIONS, HELD_OUT, *data, *FEATURE_CODE]


def digest() -> str:
    """A hash of the corpus, the screen's data and the training settings."""
    hasher = hashlib.blake2b(digest_size=12)
    for path in corpus_files():
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    settings = (
        EPOCHS,
        LEARNING_RATE,
        L2,
        SEED,
        SMALL_TALK_WEIGHT,
        MIN_COUNT,
        PRUNE_BELOW,
        sorted(AMBIGUOUS_PAIRS),
        SIGN_WEIGHT,
    )
    hasher.update(repr(settings).encode())
    return hasher.hexdigest()


def examples() -> list[Example]:
    """Every training message with what it needs."""
    found = []
    by_category = yaml.safe_load(MESSAGES.read_text(encoding="utf-8"))
    for category, messages in by_category.items():
        label = None if category == "benign" else category
        found.extend(Example(str(m), label, "messages") for m in messages)
    for entry in yaml.safe_load(TUNING.read_text(encoding="utf-8")):
        found.append(Example(str(entry["message"]), KIND_CATEGORY[entry["kind"]], entry["batch"]))
    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    for case in questions["tuning"]:
        if case["expect"] in AMBIGUOUS_PAIRS:
            continue
        label = "needs help" if case["kind"] == "sensitive" else None
        found.append(Example(str(case["question"]), label, "questions"))
    for pair in _knowledge().pairs.values():
        if pair.id not in AMBIGUOUS_PAIRS:
            found.extend(Example(q, None, "knowledge") for q in pair.questions)
    held_out = {normalise(case.message) for case in load(HELD_OUT)}
    return [e for e in found if normalise(e.text) not in held_out]


def train(rows: Sequence[tuple[Features, bool, float]]) -> tuple[float, dict[str, float]]:
    """Weighted logistic regression by Adagrad, in a fixed order, over the features seen in at
    least MIN_COUNT messages (one seen once can only memorise its message): bias and weights."""
    counts = Counter(name for feats, _, _ in rows for name in feats)
    index: dict[str, int] = {}
    encoded = []
    for feats, label, weight in rows:
        kept = [(name, value) for name, value in feats.items() if counts[name] >= MIN_COUNT]
        ids = [index.setdefault(name, len(index)) for name, _ in kept]
        encoded.append((ids, [value for _, value in kept], 1.0 if label else 0.0, weight))
    weights = [0.0] * len(index)
    squares = [1e-8] * len(index)
    bias, bias_squares = 0.0, 1e-8
    order = random.Random(SEED)
    for _ in range(EPOCHS):
        order.shuffle(encoded)
        for ids, values, label, weight in encoded:
            score = bias + sum(weights[i] * v for i, v in zip(ids, values, strict=True))
            error = (1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score)))) - label) * weight
            bias_squares += error * error
            bias -= LEARNING_RATE * error / math.sqrt(bias_squares)
            for i, v in zip(ids, values, strict=True):
                gradient = error * v + L2 * weights[i]
                squares[i] += gradient * gradient
                weights[i] -= LEARNING_RATE * gradient / math.sqrt(squares[i])
    return bias, {name: weights[i] for name, i in index.items()}


def fit(screen: Screen, rows: Iterable[Example]) -> dict[str, object]:
    """The risk model and one model per category, as `model.json` stores them: a row of weights
    per feature, a column each (`qa_bot.safety.model.COLUMNS`), the smallest rows dropped."""
    featured = [(features(screen.read(e.text)), e) for e in rows]
    columns = [train([(f, e.category is not None, e.weight) for f, e in featured])]
    helped = [(f, e) for f, e in featured if e.category in CATEGORIES]
    columns.extend(train([(f, e.category == c, 1.0) for f, e in helped]) for c in CATEGORIES)
    names = sorted({name for _, weights in columns for name in weights})
    rows_by_name = {n: [round(w.get(n, 0.0), 4) for _, w in columns] for n in names}
    kept = {n: row for n, row in rows_by_name.items() if max(map(abs, row)) >= PRUNE_BELOW}
    return RiskModel([round(bias, 4) for bias, _ in columns], kept).to_dict()


def show_signs(screen: Screen, rows: list[Example]) -> None:
    """How often each warning sign shows in messages that need help and in ordinary ones."""
    shown: dict[str, list[Example]] = {sign.name: [] for sign in screen.signs}
    for example in rows:
        for sign in screen.read(example.text).signs:
            shown[sign.name].append(example)
    for sign in screen.signs:
        found = shown[sign.name]
        ordinary = [e for e in found if e.category is None]
        trigger = " (trigger)" if sign.trigger else ""
        needing = len(found) - len(ordinary)
        print(f"{sign.name}{trigger}: {needing} needing help, {len(ordinary)} ordinary")
        for example in ordinary[:8]:
            print(f"    [{example.group}] {example.text[:110]}")


def cross_validate(rows: list[Example], *, failures: bool = False) -> None:
    """Each blind batch screened by a model trained without it, through the whole bot."""
    batches = sorted({e.group for e in rows if e.group not in _NOT_BATCHES}, key=_batch_order)
    with multiprocessing.Pool(min(2, os.cpu_count() or 1)) as pool:
        outcomes = [o for part in pool.map(_fold, batches) for o in part]
    report(outcomes, failures=failures)


# Fold models are kept here by the digest of what they were trained on, so that sweeping the
# screen's thresholds (`--set RISK_THRESHOLD=0.5`) does not train them again.
# In the user's own cache folder (private, mode 0700), never a shared temporary one.
FOLD_CACHE = cache_dir() / "screen-folds"


def _fold(batch: str) -> list[Outcome]:
    screen = Screen.load(SAFETY, model=False)
    cached = FOLD_CACHE / f"{digest()}-{batch}.json"
    if cached.is_file():
        model = json.loads(cached.read_text())
    else:
        model = fit(screen, [e for e in examples() if e.group != batch])
        FOLD_CACHE.mkdir(mode=0o700, parents=True, exist_ok=True)
        cached.write_text(json.dumps(model))
    screen.model = RiskModel.from_dict(model)
    bot = Bot(_knowledge(), screen)
    return [ask(bot, case) for case in load(TUNING) if case.batch == batch]


def apply_settings(settings: Sequence[str]) -> None:
    """`NAME=VALUE` settings of this script's or the screen's constants."""
    import qa_bot.safety.model as model_module
    import qa_bot.safety.screen as screen_module

    for setting in settings:
        name, _, value = setting.partition("=")
        modules = [
            m for m in (sys.modules[__name__], screen_module, model_module) if hasattr(m, name)
        ]
        if not modules:
            raise SystemExit(f"Error: no constant {name} in this script or qa_bot.safety.screen")
        for module in modules:
            setattr(module, name, type(getattr(module, name))(float(value)))


@functools.cache
def _knowledge() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


# Where examples that are not a blind batch come from (see `examples`).
_NOT_BATCHES = frozenset({"messages", "questions", "knowledge"})


def _batch_order(batch: str) -> tuple[str, int]:
    return batch[0], int(batch[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", action="store_true", help="cross-validate by blind batch")
    parser.add_argument("--signs", action="store_true", help="where each warning sign shows")
    parser.add_argument("--failures", action="store_true", help="with --folds: list the misses")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a constant of this script, the screen or the model (to measure with --folds)",
    )
    args = parser.parse_args()
    apply_settings(args.set)
    screen = Screen.load(SAFETY, model=False)
    rows = examples()
    if args.folds:
        cross_validate(rows, failures=args.failures)
        return
    if args.signs:
        show_signs(screen, rows)
        return
    model: dict[str, object] = {
        "about": "trained by tests/eval/train_screen.py; do not edit",
        "corpus": digest(),
        "pruned_below": PRUNE_BELOW,
    }
    model.update(fit(screen, rows))
    MODEL.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n")
    weights = model["weights"]
    assert isinstance(weights, dict)
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(rows)} messages, {len(weights)} features")


if __name__ == "__main__":
    main()
