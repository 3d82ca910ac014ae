"""The chat session: lines in, replies out; the commands of the chat, with no terminal involved."""

from __future__ import annotations

import pytest

from qa_bot import Bot, load_bot
from qa_bot.session import COMMANDS, ChatSession, find_command
from tests.conftest import DATA


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


def test_topics_lists_every_question_of_every_topic_without_gaps(
    session: ChatSession, bot: Bot
) -> None:
    text = session.handle("/topics").text
    assert text.startswith(
        "What I can answer, by topic (ask in your own words; /topics NAME for one):\n"
    )
    assert "Animal research:" in text
    assert "Not covered by the documents:" not in text
    assert "... and" not in text  # no "... and 11 more" that cannot be seen
    for pair in bot.knowledge.pairs.values():
        assert (f"\n  - {pair.questions[0]}\n" in text + "\n") is not pair.gap, pair.id


def test_topics_name_shows_that_topics_questions(session: ChatSession, bot: Bot) -> None:
    questions = [
        p.questions[0]
        for p in bot.knowledge.pairs.values()
        if p.topic == "Animal research" and not p.gap
    ]
    expected = "Animal research (ask in your own words):\n" + "\n".join(
        f"  - {q}" for q in questions
    )
    assert session.handle("/topics Animal research").text == expected
    assert session.handle("/topics animal").text == expected  # the start of its name will do
    assert session.handle("/t  ANIMAL   research").text == expected
    assert session.handle("/topics findings").text.startswith("Key findings (ask")


def test_topics_name_that_fits_none_or_several_says_which_there_are(session: ChatSession) -> None:
    none = session.handle("/topics zebras")
    assert none.error
    assert none.text == (
        "No topic “zebras”. The topics: Both documents, About the NIDA post, Social connection "
        "and recovery, Animal research, Addiction and the brain, Reader comment, About the "
        "paper, Background, Key findings, Future research."
    )
    several = session.handle("/topics research")
    assert several.error
    assert several.text == (
        "“research” could be: Animal research, Future research. Type more of its name."
    )


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


def test_a_passage_is_shown_in_the_lines_of_its_source(session: ChatSession) -> None:
    assert session.handle("/passage nida-social-connections#p1").text == (
        "“Addiction and the Importance of Social Connections”, nida-social-connections#p1:\n"
        "Drugs & Health Blog\n"
        "Addiction and the Importance of Social Connections\n"
        "Illustration by Dr. Marco Venniro, NIDA IRP\n"
        "The NIDA Blog Team"
    )


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


def test_a_knowledge_base_of_three_documents_is_named_as_three_throughout() -> None:
    """The welcome, the bot's word about itself, the scope line and the safety reply count the
    documents and name all three; a question is answered from the third; "and the other one?"
    asks which of the other two."""
    session = ChatSession(load_bot(DATA / "three-documents"))
    welcome = session.welcome()
    assert welcome.startswith(
        "Ask me about three documents, and I'll answer from them, quoting the text:\n"
        "  - “The Alpha Note” (Alpha note), by Ann\n"
        "  - “The Beta Note” (Beta note), by Bob\n"
        "  - “The Gamma Note” (Gamma note), by Cy\n"
    )
    assert "Answers come only from these documents" in welcome

    about = session.handle("who are you?").answer
    assert about is not None and about.text.startswith(
        "I'm qa-bot, a program (not a person) that answers questions about three documents"
    )
    voles = session.handle("do voles pair for life?").answer
    assert voles is not None and voles.answered
    assert [c.passage for c in voles.citations] == ["gamma#p2"]
    author = session.handle("who wrote the gamma note?").answer
    assert author is not None and author.matched is not None
    assert author.matched.pair_id == "gamma-author"
    other = session.handle("and the other one?").answer
    assert other is not None and other.status == "clarify"
    assert set(other.options) == {"alpha-author", "beta-author"}
    picked = session.handle("2").answer
    assert picked is not None and picked.matched is not None
    assert picked.matched.pair_id == other.options[1]

    unknown = session.handle("what is the capital of peru?").answer
    assert unknown is not None and unknown.status == "no_match"
    assert (
        "I can only answer from these documents: “The Alpha Note” (Alpha note); “The Beta Note” "
        "(Beta note); “The Gamma Note” (Gamma note)." in unknown.text
    )
    crisis = session.handle("i want to die").answer
    assert crisis is not None and crisis.status == "safety"
    assert "I'm only a bot that answers questions about three documents," in crisis.text


def test_a_knowledge_base_of_one_document_is_named_as_the_document(tiny_bot: Bot) -> None:
    session = ChatSession(tiny_bot)
    welcome = session.welcome()
    assert welcome.startswith("Ask me about the document, and I'll answer from it, quoting")
    assert "Answers come only from this document and are not medical advice." in welcome
    hello = session.handle("hello").answer
    assert hello is not None
    assert hello.text == (
        "Hello! I answer questions about the document, quoting it. The document: "
        "“A Tiny Document” (Tiny doc)."
    )
    assert tiny_bot.scope == "I can only answer from this document: “A Tiny Document” (Tiny doc)."


def test_the_bundled_base_is_still_named_as_two_documents(session: ChatSession, bot: Bot) -> None:
    assert session.welcome().startswith(
        "Ask me about two documents, and I'll answer from them, quoting the text:\n"
    )
    assert bot.scope.startswith("I can only answer from these documents: “Social Connectedness")
    hello = session.handle("hello").answer
    assert hello is not None
    assert hello.text.startswith(
        "Hello! I answer questions about two documents, quoting them. The documents: “Social"
    )
