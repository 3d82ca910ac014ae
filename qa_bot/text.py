"""Text normalisation: the one place that decides when two pieces of text are "the same".

`normalise` is pure and idempotent (a property test holds it to that): the knowledge base is
normalised once at load with it, and every question on the way in. `terms` turns normalised text
into the content words the matcher weighs; `squash_whitespace` is what the loader uses to compare
quotes with passages, where case and punctuation must still match exactly.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# Typographic quotes and dashes people paste from documents, mapped to what they type.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    }
)  # fmt: skip

# "what's" -> "whats", "rats'" -> "rats": an apostrophe joins, it does not separate.
_APOSTROPHE = re.compile(r"'")
# Anything that is not a letter or digit separates words (underscore included).
_SEPARATORS = re.compile(r"[\W_]+")
_WHITESPACE = re.compile(r"\s+")
# The same three rules for printable ASCII text, as one translation table: apostrophes (and the
# backquote typed for one) go, every other character that is not a letter or digit parts words.
_ASCII_WORDS = str.maketrans(
    {c: ("" if c in "'`" else " ") for c in map(chr, range(128)) if not c.isalnum()}
)

# Words that carry no topic. Question words (who, why, how ...), quantities and negations are
# deliberately kept: they separate "who wrote it?" from "what is it?", "how many?" from "how?".
STOPWORDS = frozenset(
    """
    a an the and or but if then so of to in on at by for with from into onto about as than per
    up down out off over under again further once
    is are was were be been being am do does did doing done have has had having get got gets
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those there here itself myself yourself himself herself themselves
    can could would should will shall may might must cant couldnt wouldnt shouldnt wont dont
    doesnt didnt isnt arent wasnt werent havent hasnt hadnt
    just really very also too quite some any such own even still ever already yet
    please tell explain know knew want wanted wondering wonder wondered question questions ask
    asking asked im ive id ill youre youve thats whats theres heres lets hey hi hello ok okay
    um uh like actually basically honestly literally pretty kind sort maybe probably guess
    mean means meant thing things stuff anything something everything anyone someone anybody
    somebody lot lots bit little way ways said say says saying talk talks talking
    mention mentions mentioned part parts point points read reading thanks thank quick
    dumb random idea think thought keep keeps going gonna wanna gotta got let
    one ones yes yeah oh well anyway though although because since while whether
    hes shes theyre theyve theyd youd weve hed whatever lol haha ugh omg btw tbh imo ngl lmao idk
    """.split()  # noqa: SIM905 -- a block of words is easier to read and edit than a list
)

# (suffix, replacement), longest first. One suffix goes per pass and `stem` makes two passes,
# so that "connectedness" and "connections" both arrive at "connect", and "families" and
# "family" at "fami".
_SUFFIXES = (
    ("fulness", ""), ("ational", ""), ("ization", ""), ("ations", ""), ("ation", ""),
    ("nesses", ""), ("ness", ""), ("ments", ""), ("ment", ""), ("ities", ""), ("ity", ""),
    ("ings", ""), ("ing", ""), ("ions", ""), ("ion", ""), ("ies", "y"), ("ied", "y"),
    ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""), ("e", ""),
)  # fmt: skip
_MIN_STEM = 2
# British spellings meet American ones before stripping: "socialise" -> "socialize".
_BRITISH = re.compile(r"is(e|es|ed|ing|ation|ations)$")


# Irregular verb forms, to the base form the suffix stripper then handles: "what drug were the
# rats given?" meets "what did they give the rats?". (Forms that are stopwords are left out.)
_IRREGULAR = {
    "gave": "give", "given": "give", "took": "take", "taken": "take", "wrote": "write",
    "written": "write", "chose": "choose", "chosen": "choose", "ran": "run", "saw": "see",
    "seen": "see", "shown": "show", "found": "find", "made": "make", "felt": "feel",
    "left": "leave", "brought": "bring", "began": "begin", "begun": "begin", "fed": "feed",
    "led": "lead", "went": "go", "gone": "go", "came": "come", "became": "become",
    "held": "hold", "spent": "spend", "sought": "seek", "fell": "fall", "fallen": "fall",
    "taught": "teach", "grew": "grow", "grown": "grow", "drank": "drink", "drunk": "drink",
    "hid": "hide", "hidden": "hide", "understood": "understand", "stood": "stand",
    "lost": "lose", "built": "build", "bought": "buy", "paid": "pay", "heard": "hear",
    "fought": "fight", "caught": "catch", "slept": "sleep", "met": "meet", "sent": "send",
    "broke": "break", "broken": "break", "forgot": "forget", "forgotten": "forget",
    "rode": "ride", "wore": "wear", "worn": "wear", "drove": "drive",
    "driven": "drive", "ate": "eat", "eaten": "eat", "spoke": "speak", "spoken": "speak",
    "won": "win",
}  # fmt: skip

# Chat shorthand people type, spelled out. No value is also a key, which keeps `normalise`
# idempotent.
_SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "y": "why", "wat": "what", "wut": "what", "wot": "what",
    "wht": "what", "wats": "whats", "abt": "about", "bc": "because", "cuz": "because",
    "coz": "because", "ppl": "people", "pple": "people", "pls": "please", "plz": "please",
    "thx": "thanks", "smth": "something", "sth": "something", "b4": "before", "gf": "girlfriend",
    "bf": "boyfriend", "bro": "brother", "sis": "sister", "w": "with", "wo": "without",
    "diff": "difference", "info": "information", "yr": "year", "yrs": "years",
    "teh": "the", "n": "and", "wer": "were", "wen": "when", "kno": "know", "tho": "though",
    "tmrw": "tomorrow", "kinda": "kind of", "sorta": "sort of",
    "actualy": "actually", "acutally": "actually", "realy": "really", "relly": "really",
    "basicly": "basically", "probly": "probably", "prolly": "probably", "becuase": "because",
    "becasue": "because", "beacuse": "because", "somthing": "something", "anythng": "anything",
    "alot": "a lot", "thier": "their", "wich": "which", "whith": "with", "abotu": "about",
    "waht": "what", "whta": "what", "hte": "the", "adn": "and", "taht": "that", "ther": "there",
    "mnay": "many", "offen": "often", "giv": "give", "anywere": "anywhere", "rote": "wrote",
    "explane": "explain", "becuz": "because",
}  # fmt: skip


def normalise(text: str) -> str:
    """Case-fold, NFKC, plain quotes, punctuation to spaces, shorthand spelled out, single
    spaces; idempotent. Escape sequences and invisible characters are not part of the words:
    "who wrote\u200b the paper" is "who wrote the paper"."""
    if text.isascii() and text.isprintable():
        # Most text, and every wording of a large knowledge base: nothing to strip, NFKC leaves
        # it as it is and casefold is lower, so one table does the rest (2.3x faster).
        words = text.lower().translate(_ASCII_WORDS).split()
    else:
        # A zero-width space between words still parts them: "who\u200bwrote" is two words.
        text = unicodedata.normalize("NFKC", strip_control(text.replace("\u200b", " ")))
        # casefold can leave text that NFKC would change again (e.g. "ǰ"): normalise once more.
        text = unicodedata.normalize("NFKC", text.casefold())
        text = _APOSTROPHE.sub("", text.translate(_TYPOGRAPHY))
        words = _SEPARATORS.sub(" ", text).split()
    return " ".join(map(_SHORTHAND.get, words, words))


@functools.lru_cache(maxsize=1 << 16)  # the same few thousand words are stemmed again and again
def stem(word: str) -> str:
    """A light suffix stripper, so that "opioid" meets "opioids" and "relapsed" meets "relapse".

    It only needs to be consistent (the question and the knowledge base go through the same
    function), not linguistically right.
    """
    if not word.isalpha():
        return word
    word = _IRREGULAR.get(word, word)
    if len(word) > 5:
        word = _BRITISH.sub(r"iz\1", word)
    for _ in range(2):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)] + replacement
                break
        else:
            return word
    return word


def terms(normalised: str) -> list[str]:
    """The stemmed content words of already-normalised text, in order, stopwords removed."""
    return [stem(word) for word in normalised.split() if word not in STOPWORDS]


# Escape sequences (colour, cursor moves, window titles) and other control characters, which must
# not reach a terminal from text that is echoed back. Newlines and tabs stay.
_CONTROL = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: ESC [ (or its C1 form) ... final byte
    # OSC, DCS, SOS, PM, APC (or their C1 forms): up to BEL or ST
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-_]?"  # any other escape
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # C0 and C1 controls, except tab and newline
)


# Characters that change how text around them shows without showing themselves: bidi overrides,
# embeddings and isolates ("Trojan Source"), zero-width spaces and joiners, line and paragraph
# separators, the byte order mark, the soft hyphen, fillers and variation selectors, and the tag
# characters that can carry hidden text. Removed where text is echoed, escaped in JSON.
INVISIBLE = re.compile(
    "[\x80-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)


def strip_control(text: str) -> str:
    """`text` without terminal escape sequences, control characters (C0 and C1; tab and newline
    kept) and invisible formatting characters (`INVISIBLE`)."""
    return INVISIBLE.sub("", _CONTROL.sub("", text))


# A sentence of typed text and the punctuation that ends it.
_SENTENCE = re.compile(r"([^.?!;:\n]+)([.?!;:\n]*)")
# How a sentence that asks starts, once normalised.
ASKING = re.compile(
    r"(?:what|whats|who|whom|whose|why|how|hows|when|where|which|does|do|did|is|are|was|were|can|"
    r"could|should|would|will|has|have|tell|explain|describe|according)\b"
)


# A title or a middle initial ends with a full stop, not a sentence: "written by Dr. Marco
# Venniro?", "Tristen K. Inagaki" (but "I got an A. What does ..." and "so did I. Then" end one).
_NOT_AN_END = re.compile(
    r"\b(?:(Dr|Mr|Mrs|Ms|Prof|Drs|St|vs|Mt)|([A-Z][a-z]+ [A-HJ-Z]))\.(?= ?[A-Za-z])"
)


def sentences(text: str) -> list[tuple[str, bool]]:
    """The sentences of typed text, each with whether it asks (ends with "?" or starts like a
    question: "what ...", "does ...", "explain ...")."""
    text = _NOT_AN_END.sub(lambda found: found.group(1) or found.group(2), text)
    return [
        (body, "?" in end or ASKING.match(normalise(body)) is not None)
        for body, end in _SENTENCE.findall(text)
        if body.strip()
    ]


def squash_whitespace(text: str) -> str:
    """Collapse runs of whitespace (newlines, no-break spaces) to one space; nothing else."""
    return _WHITESPACE.sub(" ", text).strip()


_MAX_PASSES = 4


class Synonyms:
    """Words and phrases that mean the same thing here, each group folded into its first entry.

    Built from the knowledge base's `synonyms.yaml` and applied to normalised text (questions and
    wordings alike) before matching, so an author adds "rodents" once instead of rewording every
    question about rats. Entries are compared by their stems, so "opiate" also catches "opiates",
    and a phrase ("go back to using") is replaced as a whole, longest first.
    """

    def __init__(self, groups: Iterable[Sequence[str]] = ()) -> None:
        self._canonical: dict[tuple[str, ...], str] = {}
        self._entries: list[str] = []
        for group in groups:
            canonical = normalise(group[0])
            for entry in group:
                self._canonical[stem_key(entry)] = canonical
                self._entries.append(entry)
        self._longest = max((len(key) for key in self._canonical), default=0)

    def __len__(self) -> int:
        return len(self._canonical)

    def entries(self) -> list[str]:
        """Every entry of every group, as written."""
        return list(self._entries)

    def canonical(self, entry: str) -> str | None:
        """The form `entry` is folded into, or None when it is in no group."""
        return self._canonical.get(stem_key(entry))

    def apply(self, normalised: str) -> str:
        """`normalised` with every synonym replaced by its group's first entry; idempotent."""
        # A replacement can complete a phrase with its neighbour ("reader commentor" becomes
        # "reader comment", itself an entry), so passes repeat until nothing changes.
        for _ in range(_MAX_PASSES):
            folded = self._fold(normalised)
            if folded == normalised:
                break
            normalised = folded
        return normalised

    def _fold(self, normalised: str) -> str:
        if not self._canonical:
            return normalised
        words = normalised.split()
        stems = [stem(word) for word in words]
        out: list[str] = []
        start = 0
        while start < len(words):
            for length in range(min(self._longest, len(words) - start), 0, -1):
                replacement = self._canonical.get(tuple(stems[start : start + length]))
                if replacement is not None:
                    out.append(replacement)
                    start += length
                    break
            else:
                out.append(words[start])
                start += 1
        return " ".join(out)


def stem_key(entry: str) -> tuple[str, ...]:
    """How a synonym entry is looked up: the stems of its normalised words."""
    return tuple(stem(word) for word in normalise(entry).split())
