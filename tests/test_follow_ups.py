"""What a follow-up asks of the last answer, read from its words alone."""

from __future__ import annotations

import pytest

from qa_bot.follow_ups import (
    asks_why,
    bare_request,
    document_reference,
    more_topic,
    picked_number,
    request,
    request_in,
    returns_to_topic,
)
from qa_bot.text import normalise


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("tell me more", "more"),
        ("Interesting. Go on.", "more"),
        ("ok what else", "more"),
        ("go on, anything more on those findings?", "more"),
        ("why?", "why"),
        ("how come", "why"),
        ("ok but why not?", "why"),
        ("where does it say that?", "where"),
        ("Source for that, please.", "where"),
        ("which document please", "where"),
        ("what do you mean?", "again"),
        # not requests
        ("what else can you do?", None),
        ("more people relapse than we think, right?", None),
        ("why do rats huddle?", None),
        ("which document is about opioids?", None),
        ("anything else? no, bye", None),
        ("then why do rats huddle?", None),
        ("ok", None),
    ],
)
def test_requests(message: str, expected: str | None) -> None:
    assert request(normalise(message)) == expected


def test_more_names_its_topic_after_the_cue() -> None:
    assert more_topic(normalise("Tell me more about the treatment side of it.")) == (
        "about the treatment side of it"
    )
    assert more_topic(normalise("go on, anything more on those findings?")) == "on those findings"
    assert more_topic(normalise("go on")) == ""
    assert more_topic(normalise("who wrote it")) is None


def test_a_longer_why_question_asks_why() -> None:
    assert asks_why(normalise("Why would blocking them do that?"))
    assert asks_why(normalise("ok how come peer pressure does that"))
    assert not asks_why(normalise("what does the nida post say about why people relapse"))


def test_a_bare_number_picks() -> None:
    assert picked_number("2") == 2
    assert picked_number("number 3") == 3
    assert picked_number("22") is None
    assert picked_number("2 rats") is None
    assert picked_number("two") == 2


@pytest.mark.parametrize(
    ("message", "place", "says_document"),
    [
        ("what about the other one? where was that published?", "other", False),
        ("does the other document say so", "other", True),
        ("who wrote the second article", "second", True),
        ("the 2nd one whats it about", "second", False),
        ("and the other", "other", False),
    ],
)
def test_a_document_named_by_its_place(message: str, place: str, says_document: bool) -> None:
    found = document_reference(normalise(message))
    assert found is not None
    assert (found.place, found.says_document) == (place, says_document)


def test_other_words_are_not_a_document_by_place() -> None:
    assert document_reference("the other rats chose company") is None
    assert document_reference("the first study on rats") is None
    assert document_reference("are there other sources that say this") is None
    assert document_reference("was this the first paper on the topic") is None


def test_a_return_to_an_earlier_topic() -> None:
    assert returns_to_topic(normalise("Going back to the theory, is it proven?"))
    assert returns_to_topic(normalise("ok back to the rats: did all of them choose company?"))
    assert not returns_to_topic(normalise("what made the rats go back to the drug?"))


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("where's that from", "where"),
        ("Source?", "where"),
        ("Source? Which document and where?", "where"),
        ("Where does it say that? I want to show my class.", "where"),
        ("read me the part where it says that", "where"),
        ("Could you show me the exact words? I want to copy them for my granddaughter.", "where"),
        ("Exact wording and section, please.", "where"),
        ("Where in the article is that? I would like to read it for myself.", "where"),
        ("Quote the sentence for me, please.", "where"),
        ("wheres that part", "where"),
        ("Was that NIDA saying it, or someone else? Where is it written?", "where"),
        ("ok. why?", "why"),
        # a question of its own, with a word about sources
        ("source for my essay: what is the brain opioid theory?", None),
        ("What is the reference list? Who wrote it?", None),
        ("where is the nida post published", None),
        ("where is it written that rats are like people?", None),
    ],
)
def test_requests_in_a_message_of_sentences(message: str, expected: str | None) -> None:
    assert request_in(message) == expected


@pytest.mark.parametrize(
    ("message", "bare"),
    [
        ("why?", True),
        ("tell me more", True),
        ("Interesting. Go on.", True),
        ("where does it say that?", True),
        ("tell me more about relapse, what can I do for him", False),
        ("why? he keeps using", False),
        ("what is relapse", False),
    ],
)
def test_a_bare_request_asks_of_the_last_answer_and_says_nothing_of_its_own(
    message: str, bare: bool
) -> None:
    assert bare_request(message) is bare
