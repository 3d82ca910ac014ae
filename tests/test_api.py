"""The public library API: what `import qa_bot` offers and promises."""

from __future__ import annotations

import dataclasses
import inspect
import json
import logging
import re
import sys
import typing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import qa_bot
from qa_bot import (
    Answer,
    AnswerDict,
    Bot,
    Citation,
    CitationDict,
    HelpLine,
    HelpLineDict,
    Match,
    MatchDict,
    SafetyConcern,
    SafetyConcernDict,
    Status,
    load_bot,
)
from qa_bot.answering import ANSWER_THRESHOLD, QUOTE_THRESHOLD


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


RETURNED_TYPES = [Answer, Citation, Match, SafetyConcern, HelpLine]


def test_every_type_the_api_returns_is_exported() -> None:
    for name in (
        "Answer",
        "AnswerDict",
        "Citation",
        "CitationDict",
        "Conversation",
        "HelpLine",
        "HelpLineDict",
        "Match",
        "MatchDict",
        "SafetyConcern",
        "SafetyConcernDict",
        "SafetyDataError",
        "Status",
    ):
        assert name in qa_bot.__all__, name


@pytest.mark.parametrize("returned", RETURNED_TYPES, ids=lambda cls: cls.__name__)
def test_each_returned_dataclass_documents_every_field_in_its_docstring(returned: type) -> None:
    """`help(qa_bot.Answer)` shows what each field means: a line of the docstring starts with it."""
    fields = [field.name for field in dataclasses.fields(returned)]
    documented = re.findall(r"^(\w+)  +\S", inspect.getdoc(returned) or "", re.MULTILINE)
    assert [name for name in documented if name in fields] == fields


@pytest.mark.parametrize(
    ("returned", "typed"),
    [
        (Answer, AnswerDict),
        (Citation, CitationDict),
        (Match, MatchDict),
        (SafetyConcern, SafetyConcernDict),
        (HelpLine, HelpLineDict),
    ],
    ids=lambda cls: cls.__name__,
)
def test_to_dict_returns_its_typed_dict(returned: type, typed: type) -> None:
    assert typing.get_type_hints(returned.to_dict)["return"] is typed


def test_to_dict_has_exactly_the_keys_its_typed_dict_names(bot: Bot) -> None:
    answer = bot.ask("my boyfriend took something and he won't wake up")
    assert answer.safety is not None and answer.help
    assert list(answer.to_dict()) == list(AnswerDict.__annotations__)
    assert list(answer.safety.to_dict()) == list(SafetyConcernDict.__annotations__)
    assert list(answer.help[0].to_dict()) == list(HelpLineDict.__annotations__)
    cited = bot.ask("who wrote the paper?")
    assert list(cited.citations[0].to_dict()) == list(CitationDict.__annotations__)
    assert cited.matched is not None
    assert list(cited.matched.to_dict()) == list(MatchDict.__annotations__)


def test_status_is_a_string_that_compares_prints_and_serialises_as_its_value(bot: Bot) -> None:
    answer = bot.ask("who wrote the paper?")
    assert answer.status is Status.ANSWERED
    assert answer.status == "answered"
    assert isinstance(answer.status, str)
    assert f"{answer.status}" == str(answer.status) == "answered"
    assert json.dumps({"status": answer.status}) == '{"status": "answered"}'
    assert type(answer.to_dict()["status"]) is str
    assert [status.value for status in Status] == [
        "answered",
        "quoted",
        "not_covered",
        "clarify",
        "no_match",
        "safety",
        "chitchat",
        "empty",
    ]


def test_an_answer_built_with_a_status_string_gets_its_status() -> None:
    answer = Answer(question="q", status="no_match", text="t", confidence=0.0)  # type: ignore[arg-type]
    assert answer.status is Status.NO_MATCH
    with pytest.raises(ValueError, match="'maybe' is not a valid Status"):
        Answer(question="q", status="maybe", text="t", confidence=0.0)  # type: ignore[arg-type]


def test_a_readers_comment_is_cited_as_one_in_the_library_and_in_json(tiny_bot: Bot) -> None:
    comment = tiny_bot.ask("What does the reader think of cats?").citations[0]
    assert comment.public_comment is True
    assert comment.to_dict()["public_comment"] is True
    document = tiny_bot.ask("why do rats huddle?").citations[0]
    assert document.public_comment is False
    assert document.to_dict()["public_comment"] is False


def test_matched_is_none_when_nothing_was_matched(bot: Bot) -> None:
    declined = bot.ask("what is the capital of peru")
    assert declined.status == "no_match"
    assert declined.matched is None
    assert declined.to_dict()["matched"] is None
    assert declined.considered, "the pairs it weighed are still shown"
    assert 0 < declined.confidence < ANSWER_THRESHOLD
    for nothing in ("", "hello", "how much methadone is safe?"):
        assert bot.ask(nothing).matched is None


@pytest.mark.parametrize("question", [None, 42, b"who wrote the paper?", ["who"]])
def test_ask_and_search_raise_type_error_for_a_question_that_is_not_a_string(
    bot: Bot, question: object
) -> None:
    kind = type(question).__name__
    with pytest.raises(TypeError, match=f"^the question must be a string, not {kind}$"):
        bot.ask(question)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"^the question must be a string, not {kind}$"):
        bot.chat().ask(question)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=f"^the query must be a string, not {kind}$"):
        bot.search(question)  # type: ignore[arg-type]


@pytest.mark.parametrize("limit", [0, -1])
def test_search_raises_value_error_for_a_limit_under_one(bot: Bot, limit: int) -> None:
    with pytest.raises(ValueError, match=f"^limit must be 1 or more, not {limit}$"):
        bot.search("rats lever", limit=limit)


@pytest.mark.parametrize("limit", [2.5, "5", True])
def test_search_raises_type_error_for_a_limit_that_is_not_an_integer(
    bot: Bot, limit: object
) -> None:
    with pytest.raises(TypeError, match=f"^limit must be an integer, not {type(limit).__name__}$"):
        bot.search("rats lever", limit=limit)  # type: ignore[arg-type]


def test_one_bot_shared_between_threads_answers_as_it_does_serially(bot: Bot) -> None:
    questions = [
        "who wrote the paper?",
        "what did the rats choose?",
        "do animals huddling prove anything?",
        "what is the brain opioid theory?",
        "which drug were the rats given?",
        "who wrote it?",
        "how do I bake sourdough bread?",
        "my boyfriend took something and he won't wake up",
        "hi, I have an exam on these tomorrow",
        "whta is relapse",
        "notes from class. " * 80 + "Does the NIDA post say addiction is a disease?",
        "",
    ]
    serial = [bot.ask(q).to_dict() for q in questions]
    searched = [bot.search(q, limit=3) for q in questions]
    # A new bot, so that what it fills in as it answers (the suggestions it may make) is filled
    # in by the threads at once.
    bot = load_bot(cache=False)
    work = questions * 4
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can: races show
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda q: bot.ask(q).to_dict(), work))
            found = list(pool.map(lambda q: bot.search(q, limit=3), work))
    finally:
        sys.setswitchinterval(switch)
    assert answers == serial * 4
    assert found == searched * 4


def test_each_decision_is_logged_at_debug_level_to_the_qa_bot_logger(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="qa_bot")
    bot.ask("who wrote the paper?")
    logged = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    assert all(name.startswith("qa_bot.") and level == logging.DEBUG for name, level, _ in logged)
    messages = [message for _, _, message in logged]
    assert messages[0] == "safety screen: nothing found"
    assert messages[1].startswith("retrieval: paper-author 1.00, ")
    assert messages[-1] == (
        "reply answered (confidence 1.00): the best pair scored 1.00, at or over the answer "
        "threshold 0.48"
    )


def test_a_safety_decision_is_logged_with_what_the_screen_found(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="qa_bot")
    bot.ask("my boyfriend took something and he won't wake up")
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0] == (
        "safety screen: emergency (someone unresponsive or breathing strangely), certain=True, "
        "alongside a question=False"
    )
    assert messages[-1].startswith("reply safety (confidence 1.00): the safety screen found")


def test_a_follow_up_and_small_talk_are_logged(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    chat = bot.chat()
    chat.ask("who wrote the paper?")
    caplog.set_level(logging.DEBUG, logger="qa_bot")
    chat.ask("where does she work?")
    chat.ask("thanks!")
    messages = [r.getMessage() for r in caplog.records]
    assert "follow-up: may lean on the last answer (pair paper-author); request: none" in messages
    assert "small talk: thanks" in messages


def test_the_library_leaves_logging_to_the_application(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    """Silent by default: a NullHandler on "qa_bot", no level set, nothing added to the root."""
    logger = logging.getLogger("qa_bot")
    assert [type(h) for h in logger.handlers] == [logging.NullHandler]
    assert logger.level == logging.NOTSET
    root_handlers = list(logging.getLogger().handlers)
    bot.ask("who wrote the paper?")
    assert logging.getLogger().handlers == root_handlers
    assert not caplog.records  # at the default level (WARNING), nothing is recorded
