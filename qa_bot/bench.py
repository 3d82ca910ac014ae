"""How fast qa-bot is, and how it grows: `python -m qa_bot.bench [--sizes 1000,10000,100000]`.

Prints figures, asserts nothing (timings on shared machines are noisy; compare the ratios printed
in one run):

* load: the bundled knowledge base, read, validated and indexed, and from the cache;
* per-question latency (p50, p99) over the evaluation questions, or the bundled wordings when the
  evaluation file is not around (an installed package);
* questions made only of unknown words, against the in-scope ones (they once took 8x longer);
* a long conversation of declined questions: the time a turn takes at its start and after
  `CONVERSATION_TURNS` turns, and the memory it grew by (both once grew without bound);
* cold start: the whole process `qa-bot ask "who wrote the paper?"` against the bare
  `python -c "import rapidfuzz, yaml"`, with their ratio, both from compiled bytecode; and the
  first `qa-bot ask` ever, with nothing cached (it builds the bot);
* growth: generated knowledge bases of 1k, 10k and 100k question wordings, each measured in a
  process of its own: load time, p50/p99 latency and peak resident memory.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from qa_bot.bot import Bot, load_bot
from qa_bot.cache import CACHE_VARIABLE
from qa_bot.evaluation import load_cases
from qa_bot.knowledge import load_knowledge

EVAL_FILE = Path(__file__).resolve().parent.parent / "tests" / "eval" / "questions.yaml"
COLD_START_RUNS = 7
WORDINGS_PER_PAIR = 10
PAIRS_PER_PASSAGE = 10
GENERATED_QUESTIONS = 300
CONVERSATION_TURNS = 20_000
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
_GLUE = ["what", "how", "why", "who", "does", "do", "the", "of", "in", "is", "about", "for", "and"]


def percentile(values: Sequence[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latencies(ask: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    """Seconds per question, after one warm-up pass over the first few."""
    for question in questions[:20]:
        ask(question)
    timings = []
    for question in questions:
        start = time.perf_counter()
        ask(question)
        timings.append(time.perf_counter() - start)
    return timings


def bundled_questions(bot: Bot) -> list[str]:
    """The evaluation questions when the file is here, else every wording of the bundled base."""
    if EVAL_FILE.is_file():
        return [case.question for case in load_cases(EVAL_FILE, bot.knowledge.pairs)]
    return [q for pair in bot.knowledge.pairs.values() for q in pair.questions]


def unknown_word_questions(count: int, seed: int = 11) -> list[str]:
    """Questions of made-up words that no knowledge base holds, two to eight of them."""
    rng = random.Random(seed)
    return [
        " ".join(
            "".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(rng.randint(2, 8))
        )
        + "?"
        for _ in range(count)
    ]


def long_conversation(bot: Bot, turns: int) -> tuple[float, float, float]:
    """Milliseconds per turn over the first and the last 200 turns of a conversation of `turns`
    declined questions, and how many MB the process's peak memory grew by meanwhile."""
    conversation = bot.chat()
    questions = unknown_word_questions(turns)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    first = statistics.mean(latencies(conversation.ask, questions[:200]))
    for question in questions[200:-200]:
        conversation.ask(question)
    last = statistics.mean(latencies(conversation.ask, questions[-200:]))
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    return first * 1000, last * 1000, grown_kb / 1024


def cold_start() -> tuple[float, float, float, bool]:
    """Median wall times, each in a fresh process, of `qa-bot ask` with its cache warm, of a
    first-ever `qa-bot ask` (its cache empty: it builds the bot), and of the bare imports; and
    whether qa_bot was compiled to bytecode first.

    Both run from compiled bytecode, as they do after a first run anywhere Python may write its
    cache: pip compiled rapidfuzz and yaml at install, so qa_bot's own modules are compiled here
    first (into its __pycache__, even under PYTHONDONTWRITEBYTECODE=1, which would otherwise make
    every run compile all of qa_bot's source, about 10 ms). If that fails (a read-only install),
    the figure says so.
    """
    compiled = compileall.compile_dir(Path(__file__).parent, quiet=2)
    ask = [sys.executable, "-m", "qa_bot", "ask", "who wrote the paper?"]
    bare = [sys.executable, "-c", "import rapidfuzz, yaml"]
    with tempfile.TemporaryDirectory() as folder:  # caches of its own, whatever the user has
        warm = {**os.environ, CACHE_VARIABLE: folder}
        subprocess.run(ask, capture_output=True, check=False, env=warm)  # fills it
        warm_ask = _median_run(ask, lambda: warm)
        first_ask = _median_run(
            ask, lambda: {**os.environ, CACHE_VARIABLE: tempfile.mkdtemp(dir=folder)}
        )
    return warm_ask, first_ask, _median_run(bare, lambda: dict(os.environ)), bool(compiled)


def _median_run(command: list[str], environment: Callable[[], dict[str, str]]) -> float:
    timings = []
    for _ in range(COLD_START_RUNS):
        env = environment()
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, env=env)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def generate_knowledge(directory: Path, wordings: int, seed: int = 7) -> list[str]:
    """Write a knowledge base of about `wordings` question wordings; returns questions to ask.

    Words are made-up syllables drawn with a long-tailed (Zipf-like) frequency, as in real text:
    a few words are in many wordings, most in few. Each pair's wordings share its topic words, and
    every quote is a verbatim sentence of its passage, so the base passes validation.
    """
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20000)
    ]
    vocabulary = list(dict.fromkeys(vocabulary))
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]

    def words(count: int) -> list[str]:
        return rng.choices(vocabulary, weights=weights, k=count)

    pair_count = max(wordings // WORDINGS_PER_PAIR, 1)
    passages, pairs, questions = [], [], []
    for start in range(0, pair_count, PAIRS_PER_PASSAGE):
        passage_id = f"p{start // PAIRS_PER_PASSAGE + 1}"
        sentences = []
        for number in range(start, min(start + PAIRS_PER_PASSAGE, pair_count)):
            topic = words(3)
            sentence = " ".join([*topic, *words(6)]).capitalize() + "."
            sentences.append(sentence)
            wordings_of_pair = list(
                dict.fromkeys(
                    " ".join(rng.sample(_GLUE, 2) + rng.sample(topic, 2) + words(rng.randint(1, 4)))
                    + f" {number}"
                    for _ in range(WORDINGS_PER_PAIR)
                )
            )
            questions.append(" ".join([*rng.sample(topic, 2), *words(2)]))
            pairs.append(
                {
                    "id": f"pair-{number}",
                    "topic": f"Topic {number % 50}",
                    "questions": wordings_of_pair,
                    "answer": f"Generated answer {number}.",
                    "citations": [{"passage": f"generated#{passage_id}", "quote": sentence}],
                }
            )
        passages.append({"id": passage_id, "text": " ".join(sentences)})
    source = {
        "id": "generated",
        "short": "Generated",
        "title": "Generated document",
        "author": "qa_bot.bench",
        "publisher": "none",
        "kind": "benchmark fixture",
        "reference": "Generated.",
        "passages": passages,
    }
    (directory / "pairs").mkdir(parents=True, exist_ok=True)
    # JSON is YAML: quick to write, and read by the same loader as any knowledge base.
    (directory / "sources.yaml").write_text(json.dumps({"sources": [source]}), encoding="utf-8")
    (directory / "pairs" / "generated.yaml").write_text(
        json.dumps({"pairs": pairs}), encoding="utf-8"
    )
    return questions[:GENERATED_QUESTIONS]


def measure_generated(directory: Path, questions: Sequence[str]) -> dict[str, float]:
    """Load a knowledge base and time questions against it; run in a process of its own."""
    start = time.perf_counter()
    bot = Bot(load_knowledge(directory))
    load = time.perf_counter() - start
    timings = latencies(bot.search, list(questions))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "load_s": load,
        "p50_ms": percentile(timings, 0.5) * 1000,
        "p99_ms": percentile(timings, 0.99) * 1000,
        "peak_mb": peak_kb / 1024,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures; exit 0."""
    parser = argparse.ArgumentParser(prog="python -m qa_bot.bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000", help="generated wordings")
    parser.add_argument("--measure", metavar="DIR", help=argparse.SUPPRESS)  # child process
    args = parser.parse_args(argv)
    if args.measure:
        directory = Path(args.measure)
        questions = json.loads((directory / "questions.json").read_text(encoding="utf-8"))
        print(json.dumps(measure_generated(directory, questions)))
        return 0

    start = time.perf_counter()
    bot = Bot(load_knowledge())
    built = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:  # a cache of its own, whatever QA_BOT_CACHE says
        load_bot(cache=folder)  # fills it
        start = time.perf_counter()
        bot = load_bot(cache=folder)
        cached = time.perf_counter() - start
    print(
        f"load, bundled knowledge base ({_count(bot)}): read, checked and indexed {built:.3f} s; "
        f"from the cache {cached:.3f} s"
    )
    questions = bundled_questions(bot)
    timings = latencies(bot.ask, questions)
    print(
        f"ask, {len(questions)} questions: p50 {percentile(timings, 0.5) * 1000:.3f} ms, "
        f"p99 {percentile(timings, 0.99) * 1000:.3f} ms"
    )
    unknown = latencies(bot.ask, unknown_word_questions(len(questions)))
    print(
        f"ask, {len(unknown)} questions of unknown words: p50 "
        f"{percentile(unknown, 0.5) * 1000:.3f} ms, "
        f"{percentile(unknown, 0.5) / percentile(timings, 0.5):.2f}x the questions above"
    )
    first, last, grown = long_conversation(bot, CONVERSATION_TURNS)
    print(
        f"conversation of {CONVERSATION_TURNS:,} declined questions: {first:.3f} ms a turn at "
        f"the start, {last:.3f} ms at the end ({last / first:.2f}x); peak memory +{grown:.0f} MB"
    )
    ask, first, bare, compiled = cold_start()
    print(
        f"cold start, median of {COLD_START_RUNS}: qa-bot ask {ask * 1000:.0f} ms, "
        f"python -c 'import rapidfuzz, yaml' {bare * 1000:.0f} ms, ratio {ask / bare:.2f}x"
        + ("" if compiled else " (qa_bot could not be compiled to bytecode first)")
    )
    print(
        f"first start, nothing cached, median of {COLD_START_RUNS}: qa-bot ask "
        f"{first * 1000:.0f} ms, ratio {first / bare:.2f}x"
    )
    for size in (int(s) for s in args.sizes.split(",") if s):
        with tempfile.TemporaryDirectory() as temp:
            directory = Path(temp)
            generated = generate_knowledge(directory, size)
            (directory / "questions.json").write_text(json.dumps(generated), encoding="utf-8")
            child = subprocess.run(
                [sys.executable, "-m", "qa_bot.bench", "--measure", str(directory)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(child.stdout)
            print(
                f"generated, {size:>6} wordings: load {figures['load_s']:.2f} s, "
                f"p50 {figures['p50_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, "
                f"peak memory {figures['peak_mb']:.0f} MB"
            )
    return 0


def _count(bot: Bot) -> str:
    wordings = sum(len(p.questions) for p in bot.knowledge.pairs.values())
    return f"{len(bot.knowledge.pairs)} pairs, {wordings} wordings"


if __name__ == "__main__":
    sys.exit(main())
