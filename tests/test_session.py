"""The chat session: lines in, replies out; the commands of the chat, with no terminal involved."""

from __future__ import annotations

import pytest

from qa_bot import Bot
from qa_bot.session import COMMANDS, ChatSession, find_command


@pytest.fixture
def session(bot: Bot) -> ChatSession:
    return ChatSession(bot)


def test_welcome_names_both_documents_examples_and_help(session: ChatSession) -> None:
    welcome = session.welcome()
    assert "Opioids" in welcome and "Addiction and the Importance of Social Connections" in welcome
    assert "Tristen K. Inagaki" in welcome and "NIDA Blog Team" in welcome
    assert welcome.count("\n  - ") >= 5  # two documents, three example questions
    assert "/help" in welcome and "not medical advice" in welcome


def test_a_question_gets_an_answer_from_the_conversation(session: ChatSession) -> None:
    reply = session.handle("who wrote the paper?")
    assert reply.answer is not None and reply.answer.answered
    follow_up = session.handle("where does she work?")
    assert follow_up.answer is not None
    assert follow_up.answer.matched is not None
    assert follow_up.answer.matched.pair_id == "author-affiliation"


def test_blank_line_gets_no_reply(session: ChatSession) -> None:
    assert session.handle("   ") == session.handle("")
    assert session.handle("").answer is None and not session.handle("").text


def test_help_is_generated_from_the_registry(session: ChatSession) -> None:
    text = session.handle("/help").text
    for command in COMMANDS:
        assert command.usage in text and command.summary in text
    assert session.handle("help").text == text
    assert session.handle("/?").text == text


@pytest.mark.parametrize("line", ["/quit", "/exit", "/q", "quit", "EXIT", "bye"])
def test_ways_to_leave(session: ChatSession, line: str) -> None:
    assert session.handle(line).quit


def test_every_command_has_a_unique_name_and_aliases(session: ChatSession) -> None:
    names = [n for c in COMMANDS for n in (c.name, *c.aliases)]
    assert len(names) == len(set(names))
    assert all(n.startswith("/") for n in names)
    assert find_command("/WHY") is find_command("/why")


def test_unknown_command_suggests_the_closest(session: ChatSession) -> None:
    reply = session.handle("/topcs")
    assert reply.error
    assert (
        reply.text
        == "Unknown command /topcs. Did you mean /topics? Type /help to see the commands."
    )
    assert session.handle("/zzzzzzzz").text == (
        "Unknown command /zzzzzzzz. Type /help to see the commands."
    )


def test_sources_lists_both_documents_with_full_references(session: ChatSession) -> None:
    text = session.handle("/sources").text
    assert "Inagaki, T. K. (2018). Opioids and Social Connection." in text
    assert "NIDA Blog Team. Addiction and the Importance of Social Connections." in text


def test_topics_groups_answerable_questions_without_gaps(session: ChatSession, bot: Bot) -> None:
    text = session.handle("/topics").text
    assert "Animal research:" in text
    assert "Not covered by the documents:" not in text


def test_why_before_any_question_and_after_an_answer_and_a_decline(
    session: ChatSession,
) -> None:
    assert session.handle("/why").text == "Nothing asked yet: /why explains the last answer."
    session.handle("what is the brain opioid theory?")
    why = session.handle("/why").text
    assert "Your question: what is the brain opioid theory?" in why
    assert "Matched: " in why and "(pair brain-opioid-theory)" in why
    assert "at or over the answer threshold" in why
    session.handle("what is the capital of peru")
    why = session.handle("/why").text
    assert "Matched:" not in why
    assert "under the answer threshold" in why


def test_source_n_shows_the_passage_behind_a_citation(session: ChatSession) -> None:
    assert session.handle("/source 1").error  # nothing cited yet
    session.handle("do animals huddling prove anything?")
    text = session.handle("/source 1").text
    assert text.startswith("[1] Inagaki (2018) summary, p2\n")
    assert "Social connectedness is essential to the well-being" in text
    assert session.handle("/source 9").error
    assert session.handle("/source one").error


def test_passage_by_full_id_or_by_local_id_of_the_last_answers_document(
    session: ChatSession,
) -> None:
    text = session.handle("/passage nida-social-connections#p13").text
    assert "A reader's comment, not the author's text." in text
    assert session.handle("/passage p3").error  # which document's p3?
    session.handle("what did the rats choose?")
    assert "In a recent animal study involving rats" in session.handle("/passage p3").text
    assert session.handle("/passage").error
    assert session.handle("/passage nope#p1").error


def test_clear_forgets_the_conversation(session: ChatSession) -> None:
    session.handle("who wrote the paper?")
    reply = session.handle("/clear")
    assert reply.clear and not reply.quit
    assert session.last_answer is None
    assert session.handle("/why").text.startswith("Nothing asked yet")


def test_a_number_after_did_you_mean_picks_the_option(session: ChatSession) -> None:
    clarify = session.handle("who wrote it")
    assert clarify.answer is not None and clarify.answer.status == "clarify"
    picked = session.handle("2")
    assert picked.answer is not None and picked.answer.answered
    assert picked.answer.matched is not None
    assert picked.answer.matched.pair_id == clarify.answer.options[1]
