"""What a follow-up asks of the last answer, read from its words alone.

The conversation (`qa_bot.conversation`) decides what to do with each request; this module only
recognises them, so that each rule can be read and tested on its own:

* `request`: "tell me more" (`more`), "why?" (`why`), "where does it say that?" (`where`), or
  "what do you mean?" (`again`), once leading filler ("ok", "interesting", "thanks") is set aside;
* `more_topic`: what a "tell me more about ..." names, if anything;
* `asks_why`: a longer question that asks why ("why would blocking them do that?");
* `picked_number`: a bare number ("2", "two", "number 2") that picks a numbered option;
* `asked_elsewhere`: "and the other one?", "what about the NIDA post?": the last question again;
* `document_reference`: "the other one", "the second article", naming a document by its place;
* `returns_to_topic`: "going back to the theory, ...", which leaves the last turn behind.

Every function takes normalised text (`qa_bot.text.normalise`), except `request_in`, which reads
a typed message's sentences.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from qa_bot.smalltalk import kind_of
from qa_bot.text import normalise, sentences, terms

Request = Literal["more", "why", "where", "again"]

# Words that open a follow-up without changing what it asks: "ok, go on", "interesting. why?".
_FILLER = re.compile(
    r"^(?:(?:ok+|okay|k|interesting|cool|great|nice|good|perfect|wow|oh|hmm+|hm|alright|"
    r"all right|right|i see|got it|gotcha|thanks|thank you|thx|sure|yes|yeah|yep|wait|so|and|but|"
    r"fascinating|makes sense|fair enough|fair|huh|really|lol|haha) )+"
)
# "Tell me more", "go on", "what else", "anything more on those findings?": something not yet said
# on the same topic. What follows the cue, if anything, names that topic.
_MORE = re.compile(
    r"^(?:(?:please|pls|can you|could you|can u|would you) )?(?:"
    r"tell me (?:a (?:bit|little) |some(?:thing)? )?more|tell me something else|"
    r"say (?:a (?:bit|little) )?more|go on|continue|keep going|carry on|"
    r"(?:and )?then(?: what)?(?=$| please| pls)|"
    r"what else|anything else|anything more|something else|what more|"
    r"give me more|(?:i )?(?:want|would like|d like) (?:to (?:know|hear) )?more|"
    r"more (?:details?|info|information|please|pls)|more(?= about| on| of|$)|elaborate|"
    r"expand(?: on (?:that|this|it))?|go deeper|keep talking)"
    r"(?: please| pls)?\b"
)
# Not a request for more: "what else can you do?" asks about the bot.
_ABOUT_THE_BOT = re.compile(r"^(?:can|could|do) (?:you|u) (?:do|help)\b")
_MAX_MORE_WORDS = 12
_NOT_A_TOPIC = frozenset({"goodbye", "thanks", "filler"})
# "Why?", "how come?", "why not?": the reason the documents give for the last answer.
_WHY = re.compile(
    r"^(?:why|why tho|why though|why is that|why so|why not|why is that so|how come|how so|"
    r"on what basis|based on what|for what reason|what s the reason|whats the reason|"
    r"why would (?:that|it|they|this) be(?: so)?|why would that happen|why is it so|"
    r"what is the reason|why do they say (?:that|so)|why does it say (?:that|so)|explain why)$"
)
_ASKS_WHY = re.compile(r"^(?:why|how come|for what reason|what s the reason|whats the reason)\b")
# "What do you mean?", "explain": the last answer again, which is all the documents say.
_AGAIN = re.compile(
    r"^(?:what do (?:you|u) mean|meaning|explain|explain that|explain it|in what way|"
    r"what does that mean|say that again|come again|repeat that|again)$"
)
# "Where does it say that?", "which document was that from?", "quote that part": the source of
# the last answer, which its citations give.
_WHERE = re.compile(
    r"^(?:wait |ok |so |and |but |sorry )*(?:"
    r"where(?: s|s| is) (?:that|this|it)(?: part| bit| line)?(?: from| in the (?:text|article|"
    r"post|summary|document|paper|blog)| written| said| stated)?|"
    r"where in the (?:text|article|post|summary|document|paper|blog) (?:is|was|does it say) "
    r"(?:that|this|it)|exact wording(?: and (?:section|page|paragraph))?|"
    r"which (?:document|doc|one|article|text) and where|"
    r"where (?:exactly|does it say (?:that|this|so)|did (?:you|u) (?:get|find) (?:that|this)"
    r"(?: from)?|is that (?:from|stated|said|written)(?: exactly)?|(?:you|u) find (?:this|that)"
    r"|in the text is (?:that|this)|does (?:that|this) come from|is (?:that|this) in the text)|"
    r"(?:which|what) (?:doc|document|article|one|text|source|paper|part|paragraph|section|"
    r"part of the text)(?: was| is)? (?:that|this|it)(?: (?:from|in|said|stated|written))?|"
    r"(?:in )?which (?:document|doc|article|one) (?:is|was) (?:this|that) (?:written|said|from|in)|"
    r"which one said (?:that|this|it)|(?:which|what) (?:document|doc|article|text|source)|"
    r"(?:can you |could you |pls |please )?(?:quote|cite|show me|give me|read me|point me to)"
    r" (?:me )?(?:that|this|it|the (?:exact )?(?:line|part|passage|sentence|quote|source|text|"
    r"words|wording))"
    r"(?: part| line| passage| bit)?(?: where it says (?:that|this|so))?"
    r"(?: for me)?(?: word for word| exactly| please| pls)?"
    r"(?: so i can (?:quote|cite) it)?|"
    r"quote|quote it|exact quote|exact words|exact line|"
    r"where exactly is (?:that|this) (?:stated|said|written)|"
    r"where (?:you|u) (?:find|get|got) (?:this|that)(?: which (?:document|doc|one))?|"
    # "was that the NIDA one?", "is that from the comment?", "did you get that from the summary?"
    r"(?:(?:was|is) (?:that|this|it)|did (?:you|u) get (?:that|this)) (?:from |in |said in )?"
    r"(?:the )?(?:nida|inagaki|summary|comment|comments|commenter|blog|paper|post|article|"
    r"reader)(?: (?:one|itself|post|blog|article|paper|summary|comment|comments|commenter|or|from|"
    r"the|nida|inagaki|reader|s|though|then|saying (?:that|it)))*|is (?:that|this) (?:nida|"
    r"inagaki|the commenter|the comment) saying (?:that|it)"
    r"(?: or the (?:commenter|comment|reader))?)(?: or someone else| or not)?"
    r"(?: lol| haha| pls| please| (?:i need|so i|for my) .*)?$"
)
# In other words: a short message that points back ("that", "it") and asks for a source ("where
# ... say / from / find", "which document", "quote", "the line"), with at most a word or two
# besides (a document's name is allowed): "where in the text did u see that".
_POINTING_BACK = frozenset(["that", "this", "it", "those", "these"])
_SOURCE_CUE = re.compile(
    r"\bwhere\b.*\b(?:say|says|said|stated|state|written|write|from|find|found|read|see|"
    r"saw|mention|mentioned|mentions|come from|comes from)\b|"
    r"\b(?:which|what) (?:doc|docs|document|article|text|source|one|part|paragraph|section|paper|"
    r"post|bit|page|line)\b|\b(?:quote|cite|citation|passage|word for word|exact words|"
    r"exact line|the line|reference|source|sources)\b"
)
_WHERE_WORDS = frozenset(
    """where which what doc docs document documents article text source one part paragraph
    section paper post bit page line lines quote quoted cite citation passage word for exact
    words reference say says said stated state written write from find found read see
    saw mention mentioned mentions come comes that this it those these is was does did do in
    the a you u i me can could pls please show give point to exactly sure again tell nida
    inagaki summary blog comment commenter reader s so ok wait and but lol""".split()  # noqa: SIM905
)
_MAX_WHERE_WORDS = 14
_MAX_OTHER_WORDS = 2


# "Source?", "citation pls": the whole message.
_BARE_SOURCE = re.compile(r"(?:source|sources|citation|reference|ref)(?: pls| please)?")


def _asks_where(text: str) -> bool:
    """Whether the normalised message asks where the last answer comes from."""
    if _WHERE.match(text) or _BARE_SOURCE.fullmatch(text):
        return True
    words = text.split()
    return (
        len(words) <= _MAX_WHERE_WORDS
        and bool(_POINTING_BACK & set(words))
        and _SOURCE_CUE.search(text) is not None
        and sum(word not in _WHERE_WORDS for word in words) <= _MAX_OTHER_WORDS
    )


def request_in(question: str) -> Request | None:
    """`request` of a typed message, or of the sentences that ask in it, when they all ask the
    same ("Where does it say that? I want to show my class.", "Source? Which document and
    where?")."""
    asked = request(normalise(question))
    if asked is not None:
        return asked
    parts = sentences(question)
    if len(parts) < 2:
        return None
    # Every sentence that asks, asks the same request: "Source? Which document and where?"
    asked_each = {request(normalise(body)) for body, asks in parts if asks}
    return asked_each.pop() if len(asked_each) == 1 else None


def request(text: str) -> Request | None:
    """What a follow-up asks of the last answer, if it asks one of the requests, else None."""
    plain = _FILLER.sub("", text) or text
    if _asks_where(plain) or _asks_where(text):
        return "where"
    if _WHY.match(plain):
        return "why"
    if _AGAIN.match(plain):
        return "again"
    if more_topic(text) is not None:
        return "more"
    return None


def bare_request(question: str) -> bool:
    """Whether a typed message asks only something of the last answer and says nothing of its
    own: "why?", "tell me more", "where does it say that?", "Interesting. Go on." (not "tell me
    more about relapse, he keeps using", nor "why? he keeps using")."""
    text = normalise(question)
    asked = request(text)
    return asked is not None and (asked != "more" or not terms(more_topic(text) or ""))


def more_topic(text: str) -> str | None:
    """For a request for more, what it names beyond the cue ("" for none); else None.

    "go on, anything more on those findings?" names "on those findings"; "what else does that
    commenter say" names "does that commenter say"."""
    plain = _FILLER.sub("", text)
    found = _MORE.match(plain)
    if found is None or len(text.split()) > _MAX_MORE_WORDS:
        return None
    rest = plain[found.end() :].strip()
    again = _MORE.match(_FILLER.sub("", rest))  # "go on, anything more on ..."
    if again is not None:
        rest = _FILLER.sub("", rest)[again.end() :].strip()
    if _ABOUT_THE_BOT.match(rest) or kind_of(rest) in _NOT_A_TOPIC:
        return None  # "what else can you do?", "anything else? no, bye"
    return rest


def asks_why(text: str) -> bool:
    """Whether a question asks why ("why would blocking them do that?", "how come it works?")."""
    return _ASKS_WHY.match(_FILLER.sub("", text)) is not None


# "Back to the rats: ...", "going back to what you said about huddling, ...", "returning to the
# findings": a topic of an earlier turn, named again.
_RETURN = re.compile(
    r"^(?:(?:ok|okay|so|and|right|alright|now|anyway|wait|sorry) )*(?:(?:going|go|getting|get|"
    r"coming|come|jumping|jump|circling|circle) back to|back to|returning to|to return to|"
    r"to go back to|earlier you said|you said earlier|about what you said (?:before|earlier))\b"
)


def returns_to_topic(text: str) -> bool:
    """Whether a message goes back to an earlier topic, which it names ("back to the rats")."""
    return _RETURN.match(text) is not None


class DocumentReference(NamedTuple):
    """Where a message names a document by its place: "the other one", "the second article".

    `says_document` is false for "one": "the second one" may as well be the second finding."""

    place: Literal["other", "first", "second"]
    start: int
    end: int
    says_document: bool


_DOCUMENT_NOUN = r"(?:(?P<one>one)|document|doc|article|text|piece|reading|source|paper|post|blog)"
_BY_PLACE = re.compile(
    rf"\b(?:the|that|this) (?P<place>other|first|second|1st|2nd) {_DOCUMENT_NOUN}\b"
    # not "the first paper on the topic", "the first study ever"
    r"(?! (?:on|about|ever|of|in|to|that|which|written|published)\b)"
    rf"|\bthe other\b(?! \w+ (?:of|in|from)\b)(?=$| (?:say|says|said|mention|mentions|talk|"
    rf"have|has|name|names|one)\b)"
)
_PLACES = {"1st": "first", "2nd": "second"}


def document_reference(text: str) -> DocumentReference | None:
    """The first place in `text` that names a document by its place, if any."""
    found = _BY_PLACE.search(text)
    if found is None:
        return None
    place = found.group("place") or "other"
    return DocumentReference(
        _PLACES.get(place, place),  # type: ignore[arg-type]
        found.start(),
        found.end(),
        says_document=found.group("place") is not None and found.group("one") is None,
    )


# "1", "one", "the first one", "second": the option they pick, counted from 1.
ORDINALS = {"1": 1, "one": 1, "first": 1, "2": 2, "two": 2, "second": 2, "3": 3, "three": 3,
            "third": 3}  # fmt: skip
_NUMBER = re.compile(r"(?:number |option |no |num |n )?(\w+)(?: please| pls)?")


def picked_number(text: str) -> int | None:
    """The number a bare "2", "two" or "number 2" picks (1 for the first), or None."""
    found = _NUMBER.fullmatch(text)
    if found is None:
        return None
    word = found.group(1)
    return int(word) if word.isdigit() and len(word) == 1 else ORDINALS.get(word)


OTHER = "other"
# "And the other one?", "what about the NIDA post?", "the nida post too?": the last question,
# asked of another document, the whole message.
_ELSEWHERE = re.compile(
    r"^(?:and|what about|how about|same for|and for|ok and|so)? ?(?:the |that |for the )?"
    rf"(?:(?P<other>other) {_DOCUMENT_NOUN}|"
    r"(?P<named>\w+)(?: (?:one|post|paper|article|blog|summary|piece|document))?)"
    r"(?: too| as well| also| then| instead)?$"
)


def asked_elsewhere(text: str) -> str | None:
    """For a message that asks the last question of another document, `OTHER` ("and the other
    one?") or the one word that names it ("what about the nida post?" names "nida"); else None."""
    found = _ELSEWHERE.match(text)
    if found is None:
        return None
    return OTHER if found.group("other") else found.group("named")
