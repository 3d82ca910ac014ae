"""Safety: people who need real help get it, and students asking about the text are not alarmed."""

from __future__ import annotations

import pytest
import yaml

from qa_bot import Bot
from qa_bot.safety import check
from tests.conftest import DATA


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("I want to kill myself", "crisis"),
        ("I don't want to be here anymore", "crisis"),
        ("i've been saving up my pills. just in case", "crisis"),
        ("my brother overdosed and isn't breathing", "emergency"),
        ("my boyfriend took something and he won't wake up", "emergency"),
        ("my friends are gone and using is the only thing that stops the pain", "distress"),
        ("I relapsed last night and I feel worthless", "distress"),
        ("nobody cares if i use again", "distress"),
        ("how much methadone is safe?", "medical_advice"),
        ("can I mix xanax with oxy", "medical_advice"),
        ("should I quit methadone cold turkey", "medical_advice"),
        ("am I addicted?", "medical_advice"),
        ("what dose of suboxone should i take", "medical_advice"),
        ("is it safe to stop methadone cold turkey", "medical_advice"),
        ("I've been thinking about taking all my pills at once", "crisis"),
        ("what's the point of living anymore", "crisis"),
        ("my chest feels weird after using", "emergency"),
    ],
)
def test_messages_needing_help_are_recognised(message: str, category: str) -> None:
    concern = check(message)
    assert concern is not None
    assert concern.category == category


@pytest.mark.parametrize(
    "question",
    [
        "what does the paper say about relapse?",
        "how do friends help people in recovery?",
        "what is a relapse",
        "why do people relapse",
        "can social connections help people stop using drugs",
        "does blocking opioids make relapse more likely",
        "what does the article say about overdose",
        "what dose did the studies use",
        "what does the comment say about life or death",
        "my brother has relapsed twice, does the nida post say how often people relapse?",
        "i have an exam on this article, what is the main point",
        "do animals huddling prove anything?",
    ],
)
def test_study_questions_are_not_alarms(question: str) -> None:
    assert check(question) is None


def test_safety_reply_gives_real_help_and_no_match(bot: Bot) -> None:
    answer = bot.ask("I want to end my life")
    assert answer.status == "safety"
    assert answer.matched is None
    for help_line in ("911", "988", "1-800-662-4357"):
        assert help_line in answer.text


def test_medical_advice_reply_declines_and_says_what_the_bot_covers(bot: Bot) -> None:
    answer = bot.ask("how much methadone is safe?")
    assert answer.status == "safety"
    assert "can't give medical advice" in answer.text
    assert "I can only answer from these documents" in answer.text
    assert answer.suggestions


def test_distress_reply_offers_what_the_documents_say_about_connection(bot: Bot) -> None:
    answer = bot.ask("i relapsed and i feel hopeless")
    assert answer.status == "safety"
    assert [c.passage for c in answer.citations] == ["nida-social-connections#p8"]


_MESSAGES = yaml.safe_load((DATA / "safety_messages.yaml").read_text(encoding="utf-8"))
_URGENT = ("emergency", "crisis")


@pytest.mark.parametrize(
    ("message", "written_as"),
    [(m, kind) for kind in _URGENT for m in _MESSAGES[kind]],
)
def test_emergencies_and_crises_get_an_urgent_reply(message: str, written_as: str) -> None:
    concern = check(message)
    assert concern is not None, f"{written_as} not recognised"
    assert concern.category in _URGENT


@pytest.mark.parametrize(
    "message", [m for kind in ("distress", "medical_advice") for m in _MESSAGES[kind]]
)
def test_struggles_and_medical_questions_get_the_safety_reply(message: str) -> None:
    assert check(message) is not None


@pytest.mark.parametrize("message", _MESSAGES["benign"])
def test_ordinary_messages_are_not_alarms(message: str) -> None:
    concern = check(message)
    assert concern is None or concern.alongside_question


def test_a_hard_time_mentioned_while_asking_about_the_documents_gets_the_answer_and_help(
    bot: Bot,
) -> None:
    answer = bot.ask("Honestly I'm falling apart lately. What does the NIDA post say about hope?")
    assert answer.status == "answered"
    assert answer.matched is not None
    assert answer.matched.pair_id == "social-connections-bring-hope"
    assert "988" in answer.notice and "1-800-662-4357" in answer.notice
    assert "alongside the question" in answer.reason
