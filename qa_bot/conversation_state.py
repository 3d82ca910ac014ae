"""A conversation's state as a small JSON-ready dict, so a server can keep one per person.

A web or chat-platform app runs many processes and cannot keep a `Conversation` object between a
person's messages. `Conversation.state()` gives what the next turn needs, and `Bot.chat(state=...)`
resumes it:

* the last `KEPT_TURNS` turns: each question (its last `KEPT_QUESTION_CHARS` characters), its
  status, the pair it was answered from and how well, the numbered options and suggestions it
  offered, and what the safety screen found in it; not the answer's text, which no later turn
  reads. About 1 KB a turn for ordinary questions; at most about 25 KB as JSON, whatever was
  typed;
* the answers already given (what "tell me more" must not repeat), the newest `KEPT_GIVEN`;
* the topic that "and the other one?" asks again, and the document "it" last named.

It holds ids of the knowledge base's pairs, never the knowledge base. Resumed with a knowledge
base that no longer has a pair, the turn is kept without it. A state comes back from a client,
so nothing in it is trusted: what is not the knowledge base's own (a pair, a suggestion, a
document) is left out, and anything of the wrong shape raises `ValueError`, saying what.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import NamedTuple

from qa_bot.answering import Answer, Citation, Status
from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.matching import Match
from qa_bot.safety import SafetyConcern
from qa_bot.safety.help import CATEGORIES

VERSION = 1
# Follow-ups look back to the last answer from a pair, the safety screen three turns: six turns
# cover both with room for small talk between.
KEPT_TURNS = 6
# The end of a question, where people put what they ask: enough for the words a follow-up
# borrows and for the safety screen to read a short reply with it (what it found is kept too).
KEPT_QUESTION_CHARS = 300
KEPT_GIVEN = 40
KEPT_CHOICES = 5  # options of a clarification, suggestions
KEPT_SIGNAL_CHARS = 200  # what the safety screen saw, for explanations
_STATUSES = frozenset(status.value for status in Status)


class Restored(NamedTuple):
    """What a conversation resumes from a state."""

    history: list[Answer]
    given: list[str]
    topic: str
    named_before: str | None


def state_of(
    history: Sequence[Answer], given: Sequence[str], topic: str, named_before: str | None
) -> dict[str, object]:
    """The JSON-ready state of a conversation: see the module's docstring."""
    return {
        "version": VERSION,
        "turns": [_turn_state(answer) for answer in history[-KEPT_TURNS:]],
        "given": list(given[-KEPT_GIVEN:]),
        "topic": topic,
        "named_before": named_before,
    }


def restored(
    state: object,
    knowledge: KnowledgeBase,
    cite: Callable[[Pair], tuple[Citation, ...]],
    parts: Collection[str],
) -> Restored:
    """The conversation `state_of` kept; `cite(pair)` gives a pair's citations, `parts` the
    documents (and reader comment) a question may name. A `ValueError` says what is wrong with
    anything that is not such a state: it may come from a client, so nothing in it is trusted.
    What it says must be one of the knowledge base's own (pairs, their first wordings as
    suggestions, documents); what is not is left out."""
    data = _mapping(state, "the state")
    version = data.get("version")
    if type(version) is not int or version != VERSION:  # True == 1, but is no version
        raise ValueError(f"conversation state: 'version' must be {VERSION}")
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise ValueError("conversation state: 'turns' must be a list")
    named_before = data.get("named_before")
    if named_before is not None and (
        not isinstance(named_before, str) or named_before not in parts
    ):
        raise ValueError("conversation state: 'named_before' must name a document or be null")
    topic = _text(data, "topic") if "topic" in data else ""
    known_questions = {pair.questions[0] for pair in knowledge.pairs.values()}
    return Restored(
        history=[
            _restored_turn(turn, knowledge, cite, known_questions) for turn in turns[-KEPT_TURNS:]
        ],
        given=[p for p in _texts(data, "given")[-KEPT_GIVEN:] if p in knowledge.pairs],
        topic=topic if topic in known_questions else "",
        named_before=named_before,
    )


def _turn_state(answer: Answer) -> dict[str, object]:
    concern = answer.safety
    return {
        "question": answer.question[-KEPT_QUESTION_CHARS:],
        "status": answer.status.value,
        "pair": answer.matched.pair_id if answer.matched else None,
        "score": round(answer.confidence, 4),
        "options": list(answer.options[:KEPT_CHOICES]),
        "suggestions": list(answer.suggestions[:KEPT_CHOICES]),
        "safety": None
        if concern is None
        else {
            "category": concern.category,
            "signal": concern.signal[:KEPT_SIGNAL_CHARS],
            "certain": concern.certain,
            "alongside_question": concern.alongside_question,
            "asks_beyond_documents": concern.asks_beyond_documents,
        },
    }


def _restored_turn(
    data: object,
    knowledge: KnowledgeBase,
    cite: Callable[[Pair], tuple[Citation, ...]],
    known_questions: Collection[str],
) -> Answer:
    turn = _mapping(data, "a turn")
    question, status = _text(turn, "question"), _text(turn, "status")
    if status not in _STATUSES:
        raise ValueError(f"conversation state: unknown status {status!r}")
    pair_id = turn.get("pair")
    pair = knowledge.pairs.get(pair_id) if isinstance(pair_id, str) else None
    score = turn.get("score", 0.0)
    if type(score) not in (int, float) or not 0 <= score <= 1:  # not True, NaN or 10**400
        raise ValueError("conversation state: a turn's 'score' must be a number from 0 to 1")
    options = _texts(turn, "options")[:KEPT_CHOICES]
    suggestions = _texts(turn, "suggestions")[:KEPT_CHOICES]
    return Answer(
        question=question[-KEPT_QUESTION_CHARS:],
        status=Status(status),
        text="",
        confidence=float(score),
        citations=cite(pair) if pair is not None else (),
        matched=Match(pair.id, pair.questions[0], float(score)) if pair is not None else None,
        options=tuple(p for p in options if p in knowledge.pairs),
        suggestions=tuple(s for s in suggestions if s in known_questions),
        safety=_concern(turn.get("safety")),
    )


def _concern(data: object) -> SafetyConcern | None:
    if data is None:
        return None
    found = _mapping(data, "a turn's 'safety'")
    category = _text(found, "category")
    if category not in CATEGORIES:
        raise ValueError(f"conversation state: unknown safety category {category!r}")
    flags = {
        key: found.get(key, default)
        for key, default in (
            ("certain", True),
            ("alongside_question", False),
            ("asks_beyond_documents", False),
        )
    }
    if not all(isinstance(value, bool) for value in flags.values()):
        raise ValueError("conversation state: a turn's safety flags must be true or false")
    signal = _text(found, "signal")[:KEPT_SIGNAL_CHARS]
    return SafetyConcern(category, signal, **flags)  # type: ignore[arg-type]


def _mapping(data: object, what: str) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise ValueError(f"conversation state: {what} must be a mapping")
    return data


def _text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"conversation state: {key!r} must be text")
    return value


def _texts(data: Mapping[str, object], key: str) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"conversation state: {key!r} must be a list of text")
    return value
