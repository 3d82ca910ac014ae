"""The public library API: what `import qa_bot` offers and promises."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import qa_bot
from qa_bot import Answer, Bot, load_bot
from qa_bot.answering import QUOTE_THRESHOLD


def test_all_is_sorted_and_lists_exactly_the_public_names() -> None:
    assert qa_bot.__all__ == sorted(qa_bot.__all__)
    public = {
        name
        for name, value in vars(qa_bot).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == set(qa_bot.__all__) - {"__version__"}


def test_package_is_typed() -> None:
    assert (Path(qa_bot.__file__).parent / "py.typed").is_file()


def test_import_needs_neither_prompt_toolkit_nor_argparse() -> None:
    import subprocess
    import sys

    code = "import sys, qa_bot; print('prompt_toolkit' in sys.modules, 'argparse' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_ask_returns_a_cited_answer(bot: Bot) -> None:
    answer = bot.ask("who wrote the paper?")
    assert isinstance(answer, Answer)
    assert answer.status == "answered"
    assert 0 < answer.confidence <= 1
    assert answer.matched is not None
    assert answer.matched.pair_id == "paper-author"
    citation = answer.citations[0]
    assert citation.source == "opioids-social-connection"
    assert citation.passage.startswith("opioids-social-connection#p")
    assert citation.quote in bot.knowledge.passages[citation.passage].text
    assert citation.title and citation.author


def test_to_dict_is_json_ready(bot: Bot) -> None:
    answer = bot.ask("what did the rats choose?")
    assert json.loads(json.dumps(answer.to_dict())) == answer.to_dict()


def test_blank_question_has_status_empty(bot: Bot) -> None:
    for blank in ("", "   ", "?!", "\n\t"):
        answer = bot.ask(blank)
        assert answer.status == "empty"
        assert answer.suggestions


def test_off_topic_question_is_declined_with_scope_and_suggestions(bot: Bot) -> None:
    answer = bot.ask("how do I bake sourdough bread?")
    assert answer.status == "no_match"
    assert "Addiction and the Importance of Social Connections" in answer.text
    assert 2 <= len(answer.suggestions) <= 3
    assert answer.citations == ()


def test_search_ranks_pairs_with_scores(bot: Bot) -> None:
    results = bot.search("rats lever", limit=5)
    assert 1 <= len(results) <= 5
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)
    assert all(0 <= r.score <= 1 for r in results)
    assert len({r.pair_id for r in results}) == len(results)


def test_load_bot_takes_another_knowledge_directory() -> None:
    tiny = load_bot(Path(__file__).parent / "data" / "valid")
    assert tiny.ask("why do rats huddle?").matched.pair_id == "rats-huddle"  # type: ignore[union-attr]


def test_ask_never_raises_on_odd_strings(bot: Bot) -> None:
    statuses = {"answered", "no_match", "empty", "safety", "clarify"}
    odd = [
        "\x00",
        "\x1b[31mred\x1b[0m",
        "🐀🐀🐀",
        "مرحبا",
        "e\u0301" * 50,
        "a" * 100_000,
        "?" * 1000,
    ]
    for text in odd:
        assert bot.ask(text).status in statuses


def test_a_passage_sentence_no_pair_covers_is_quoted_and_labelled_as_a_quote(
    tiny_bot: Bot,
) -> None:
    answer = tiny_bot.ask("may huddling show a wish to be close?")
    assert answer.status == "quoted"
    assert answer.from_documents and not answer.answered
    assert "quote from the text" in answer.text
    assert [c.quote for c in answer.citations] == ["Huddling may show a wish to be close."]
    assert answer.confidence >= QUOTE_THRESHOLD


def test_every_reply_says_why(bot: Bot) -> None:
    answered = bot.ask("what is the brain opioid theory?")
    assert "answer threshold" in answered.reason
    assert answered.considered[0] == answered.matched
    scores = [m.score for m in answered.considered]
    assert scores == sorted(scores, reverse=True)
    assert "under the answer threshold" in bot.ask("what is the capital of peru").reason
    assert "no pair came close" in bot.ask("zzqx vbnm").reason
    assert "safety screen" in bot.ask("how much methadone is safe?").reason
    assert bot.ask("   ").reason


def test_long_question_is_matched_by_its_question_sentence(bot: Bot) -> None:
    answer = bot.ask(
        "My cousin gave me both readings last week and I finally sat down with them tonight. "
        "The one about opioids mentions animals. Do animals huddling prove anything?"
    )
    assert answer.matched is not None
    assert answer.matched.pair_id == "huddling-may-support-theory"
    assert answer.answered
