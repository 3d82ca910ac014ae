"""A conversation's state as a small JSON-ready dict, so a server can keep one per person.

A web or chat-platform app runs many processes and cannot keep a `Conversation` object between a
person's messages. `Conversation.state()` gives what the next turn needs, and `Bot.chat(state=...)`
resumes it:

* the last `KEPT_TURNS` turns: each question (its last `KEPT_QUESTION_CHARS` characters), its
  status, the pair it was answered from and how well, the numbered options and suggestions it
  offered, and what the safety screen found in it; not the answer's text, which no later turn
  reads;
* the answers already given (what "tell me more" must not repeat), the newest `KEPT_GIVEN`;
* the topic that "and the other one?" asks again, and the document "it" last named.

It holds ids of the knowledge base's pairs, never the knowledge base. Resumed with a knowledge
base that no longer has a pair, the turn is kept without it. Anything else that is not a state
this module wrote raises `ValueError`, saying what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, get_args

from qa_bot.answering import Answer, Citation, Status
from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.matching import Match
from qa_bot.safety import SafetyConcern
from qa_bot.safety.help import CATEGORIES

VERSION = 1
# Follow-ups look back to the last answer from a pair, the safety screen three turns: six turns
# cover both with room for small talk between.
KEPT_TURNS = 6
KEPT_QUESTION_CHARS = 1000
KEPT_GIVEN = 40
_STATUSES = frozenset(get_args(Status))


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
    state: object, knowledge: KnowledgeBase, cite: Callable[[Pair], tuple[Citation, ...]]
) -> Restored:
    """The conversation `state_of` kept; `cite(pair)` gives a pair's citations. A `ValueError`
    says what is wrong with anything that is not such a state."""
    data = _mapping(state, "the state")
    if data.get("version") != VERSION:
        raise ValueError(f"conversation state: 'version' must be {VERSION}")
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise ValueError("conversation state: 'turns' must be a list")
    named_before = data.get("named_before")
    if named_before is not None and not isinstance(named_before, str):
        raise ValueError("conversation state: 'named_before' must be text or null")
    return Restored(
        history=[_restored_turn(turn, knowledge, cite) for turn in turns[-KEPT_TURNS:]],
        given=[p for p in _texts(data, "given") if p in knowledge.pairs],
        topic=_text(data, "topic") if "topic" in data else "",
        named_before=named_before,
    )


def _turn_state(answer: Answer) -> dict[str, object]:
    concern = answer.safety
    return {
        "question": answer.question[-KEPT_QUESTION_CHARS:],
        "status": answer.status,
        "pair": answer.matched.pair_id if answer.matched else None,
        "score": round(answer.confidence, 4),
        "options": list(answer.options),
        "suggestions": list(answer.suggestions),
        "safety": None
        if concern is None
        else {
            "category": concern.category,
            "signal": concern.signal,
            "certain": concern.certain,
            "alongside_question": concern.alongside_question,
            "asks_beyond_documents": concern.asks_beyond_documents,
        },
    }


def _restored_turn(
    data: object, knowledge: KnowledgeBase, cite: Callable[[Pair], tuple[Citation, ...]]
) -> Answer:
    turn = _mapping(data, "a turn")
    question, status = _text(turn, "question"), _text(turn, "status")
    if status not in _STATUSES:
        raise ValueError(f"conversation state: unknown status {status!r}")
    pair_id = turn.get("pair")
    pair = knowledge.pairs.get(pair_id) if isinstance(pair_id, str) else None
    score = turn.get("score", 0.0)
    if not isinstance(score, (int, float)) or isinstance(score, bool):
        raise ValueError("conversation state: a turn's 'score' must be a number")
    return Answer(
        question=question,
        status=status,  # type: ignore[arg-type]
        text="",
        confidence=float(score),
        citations=cite(pair) if pair is not None else (),
        matched=Match(pair.id, pair.questions[0], float(score)) if pair is not None else None,
        options=tuple(p for p in _texts(turn, "options") if p in knowledge.pairs),
        suggestions=tuple(_texts(turn, "suggestions")),
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
    return SafetyConcern(category, _text(found, "signal"), **flags)  # type: ignore[arg-type]


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
