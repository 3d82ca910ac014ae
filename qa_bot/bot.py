"""The bot: a knowledge base, a safety screen, a matcher and an answerer, behind `ask`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qa_bot.answering import Answer, Answerer
from qa_bot.cache import CacheSetting, cached
from qa_bot.conversation import Conversation
from qa_bot.documents import Parts
from qa_bot.knowledge import KnowledgeBase, knowledge_dir, load_knowledge, read_knowledge_files
from qa_bot.matching import Match, Matcher
from qa_bot.safety import Screen, bundled_screen


class Bot:
    """Answers questions from one knowledge base. `ask` never raises for a string.

    One bot may be shared between threads: after it is built, nothing in it changes (each
    question is read into values of its own) but a memo of which questions may be suggested,
    the same whichever thread fills it, so build one and let every request use it. A
    `Conversation` (`chat()`) is one person's, and is not shared.

    knowledge          the `KnowledgeBase` it answers from
    screen             the safety screen every message passes first
    scope              one line on what the bot can talk about
    starter_questions  a few questions it can answer, one per topic
    ask(question)      one question on its own: an `Answer`
    chat(state=None)   a `Conversation`, in which follow-ups lean on the previous answers
    search(query, *, limit=5)  the best-matching pairs (`Match`), best first
    """

    def __init__(self, knowledge: KnowledgeBase, screen: Screen | None = None) -> None:
        self.knowledge = knowledge
        self.screen = screen if screen is not None else bundled_screen()
        self._matcher = Matcher(knowledge)
        self._parts = Parts.of(knowledge)
        self._answerer = Answerer(knowledge, self.screen, self._matcher, self._parts)

    @property
    def scope(self) -> str:
        """One line on what the bot can talk about."""
        return self._answerer.scope

    @property
    def starter_questions(self) -> tuple[str, ...]:
        """A few questions the bot can answer, one per topic."""
        return self._answerer.starter_questions

    def ask(self, question: str) -> Answer:
        """Answer one question on its own: cited, or an honest "I don't know" with suggestions.
        Never raises for a string (any string); `TypeError` for anything else."""
        # A question on its own is the first turn of a conversation: one path, same answers.
        return self.chat().ask(question)

    def __repr__(self) -> str:
        return (
            f"Bot(pairs={len(self.knowledge.pairs)}, sources={len(self.knowledge.sources)}, "
            f"knowledge={str(self.knowledge.root)!r})"
        )

    def chat(self, state: object = None) -> Conversation:
        """A conversation, in which follow-up questions lean on the previous answers: a new one,
        or the one a `Conversation.state()` kept (`ValueError` if `state` is not one)."""
        conversation = Conversation(
            self.knowledge, self._matcher, self._answerer, self.screen, self._parts
        )
        if state is not None:
            conversation.restore(state)
        return conversation

    def search(self, query: str, *, limit: int = 5) -> list[Match]:
        """The pairs that best match `query`, best first, with their scores (0..1): at most
        `limit` of them, none when nothing comes close. `TypeError` if `query` is not a string
        or `limit` not an integer, `ValueError` if `limit` is under 1."""
        if not isinstance(query, str):
            raise TypeError(f"the query must be a string, not {type(query).__name__}")
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError(f"limit must be an integer, not {type(limit).__name__}")
        if limit < 1:
            raise ValueError(f"limit must be 1 or more, not {limit}")
        return self._matcher.rank(query, limit=limit)


def load_bot(
    directory: str | Path | None = None,
    *,
    cache: CacheSetting = None,
    on_build: Callable[[], object] | None = None,
) -> Bot:
    """A bot over the bundled knowledge base, or over the one in `directory`.

    A bot built before from exactly the same files comes from the cache (`qa_bot.cache`): by
    default in `$XDG_CACHE_HOME/qa-bot`, or where `$QA_BOT_CACHE` says (`off` for none);
    `cache=False` keeps none, `cache="/some/folder"` keeps it in a `qa-bot` folder inside that
    one. When the cache cannot be used
    (no home folder, a read-only disk), a `CacheWarning` says so. `on_build` is called before a
    build the cache cannot spare (about a second for the bundled base), to say so to a person.
    """
    root = knowledge_dir(directory)
    if not root.is_dir():
        return Bot(load_knowledge(root))  # reports the problem
    contents = read_knowledge_files(root)
    return cached(
        contents,
        lambda: Bot(load_knowledge(root, contents=contents)),
        Bot,
        setting=cache,
        on_build=on_build,
    )
