"""Yes/no and true/false questions: the answer's first word says which.

"Is it right that blocking opioids can decrease connection?" and "so every single rat picked the
other rats?" are both answered by a pair that states what the documents say; the first is a
"Yes", the second a "No": the documents say many rats did, not all. A prepared answer cannot
know which was asked, so the claim in the question is compared with it:

- a claim that goes further than the answer (always, every, all, proved, exactly, only...) when
  the answer says no such thing, that says the opposite of one of its words (increase and
  decrease, more and less, first and again), or that gives a document another role than the
  answer does ("written by" the person the answer says illustrated it), gets "No";
- a claim the answer restates (most of its words are the answer's) gets "Yes";
- anything else gets no verdict: the answer as it is, which says what the documents say.

A question that takes a claim as settled ("why does the post say X?", "since X, ...") gets "No"
the same way when the answer contradicts X, and otherwise no verdict. Answers that already open
with their verdict ("Not on its own.", "Yes, some:") keep it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from qa_bot.text import normalise, sentences, stem

# How a yes/no or true/false question is asked, once normalised.
_ASKS_YES_OR_NO = re.compile(
    r"^(?:so |and |but |wait |ok |okay |hmm |also )*(?:is|are|was|were|do|does|did|can|could|"
    r"has|have|had|will|would|should|isnt|arent|doesnt|dont|didnt|wasnt)\b|"
    r"\b(?:true or false|t f|yes or no|y n|is it true|is it right|is it correct|is it accurate|"
    r"right|correct|true|yes|isnt it|doesnt it|dont they|didnt it|didnt they|arent they)$|"
    r"^(?:true or false|t f|yes or no|y n)\b|"
    # "so the findings always agree?": a statement asked back, with no question word in it
    r"^(?:so|and so|wait so|ok so|okay so) (?!.*\b(?:what|who|whom|whose|why|how|when|where|"
    r"which|i|im|my|me)\b)"
)
_TRUE_OR_FALSE = re.compile(r"\b(?:true or false|t f|true false)\b")
_ASKS_FOR_A_VERDICT = re.compile(r"\b(?:true or false|t f|true false|yes or no|y n)\b")
# A "Yes" needs a claim of this many content words at least, most of them the answer's.
MIN_CLAIM_WORDS = 2
# A claim of more words than this is a story around a question: no verdict is read from it.
MAX_CLAIM_WORDS = 25
# Words with which a claim goes further than what the documents say.
_ABSOLUTES = frozenset(
    """always every everyone everybody all never completely fully entirely exactly definitely
    certainly proves proved proven prove guaranteed guarantee nothing none cure cures cured
    totally 100 solely""".split()  # noqa: SIM905 -- see text.STOPWORDS
)
_NOT_ABSOLUTE = re.compile(r"\b(?:at all|all over|after all|all in all|all right)\b")
# A claim that puts something down to one cause goes further, too ("addiction is only about
# willpower"); "only" alone does not ("is it only rats in the study?" may be true).
_ONE_CAUSE = re.compile(
    r"\b(?:only|just|purely|merely|simply|solely) (?:about|a matter of|a question of|a choice|"
    r"down to|because of|due to|caused by)\b"
)
# Words and their opposites, as a claim and an answer may use them.
_OPPOSITES = {
    "increase": "decrease",
    "increases": "decreases",
    "more": "less",
    "raise": "lower",
    "higher": "lower",
    "positive": "negative",
    "support": "contradict",
    "supported": "contradicted",
    "first": "again",
    "extensive": "scarce",
    "plenty": "scarce",
    "same": "different",
    "easy": "hard",
    "consistent": "mixed",
    "know": "unsure",
    "sure": "unsure",
    "human": "animal",
    "humans": "animals",
}
# Each word with every opposite it has, both ways ("lower" is the opposite of "raise" and of
# "higher").
_OPPOSITE_WORDS: dict[str, set[str]] = {}
for _word, _opposite in _OPPOSITES.items():
    _OPPOSITE_WORDS.setdefault(_word, set()).add(_opposite)
    _OPPOSITE_WORDS.setdefault(_opposite, set()).add(_word)
# "not proven", "no cure": a word of the claim the answer denies.
_DENIED = re.compile(r"\b(?:not|no|never|nor|without) (?:a |an |the |yet |been |be )?(\w+)")
# An answer agrees with a claim ("Yes") only when it uses this share of the claim's words. On
# the tuning batches, 0.4 gave no wrong "Yes" where the right pair was found, but a pair found
# wrongly, about who illustrated the post, restated 3 of the 4 words of "was the post written by
# Dr. Marco Venniro?": a "Yes" there is a confident wrong answer. A claim that gives a document
# another role than the answer does (`_ROLES`) is a "No" instead, so 0.6 is safe: 2 more right
# verdicts of 30 true/false questions of the scope batches, none wrong.
RESTATED_SHARE = 0.6
# Who did what to a document: a claim that gives it one role ("written by Dr. Venniro") when the
# answer gives another and not that one ("its illustration to Dr. Venniro") is wrong.
_ROLES = (
    frozenset({"wrote", "written", "write", "writes", "writer", "author", "authored", "authors"}),
    frozenset({"illustrated", "illustration", "illustrator", "drew", "drawing", "picture"}),
)
_ROLE_TERMS = frozenset(stem(word) for role in _ROLES for word in role)
# The first words of an answer that already gives its verdict.
_VERDICTS = frozenset({"yes", "no", "not", "only", "partly", "true", "false", "both", "neither"})


# A question that takes a claim as settled: "why does the post say X?", "since X, ...".
_PREMISE = re.compile(
    r"^(?:so |but |and |ok |okay )*(?:why (?:does|did|do|would|is|are|was|were)\b|since\b|"
    r"given that\b|if\b|because\b|how come\b)|\b(?:says?|said|claims?|found|shows?|showed|"
    r"proved?|argues?) that\b"
)


def claim_of(question: str) -> str | None:
    """The part of a typed question that makes its claim: the last sentence that asks, with a
    "true or false:" before it; None when that sentence is long (a story around a question
    takes more than word matching to read) or offers a choice ("X, or Y?")."""
    parts = sentences(question)
    asking = [body for body, asks in parts if asks] or [question]
    claim = asking[-1]
    lead = [body for body, _ in parts if _ASKS_FOR_A_VERDICT.fullmatch(normalise(body))]
    words = normalise(claim).split()
    if (
        len(words) > MAX_CLAIM_WORDS
        or " or " in f" {_ASKS_FOR_A_VERDICT.sub('', ' '.join(words))} "
    ):
        return None
    return f"{lead[0].strip()}: {claim.strip()}" if lead and lead[0] not in claim else claim.strip()


def asks_yes_or_no(normalised: str) -> bool:
    """Whether a normalised question asks for a yes or a no (or true or false)."""
    return bool(_ASKS_YES_OR_NO.search(normalised))


def verdict(
    normalised_question: str,
    normalised_answer: str,
    claim_terms: Collection[str],
    answer_terms: Collection[str],
) -> str | None:
    """ "Yes", "No", "True" or "False" for a yes/no question answered by `answer`; None when the
    answer opens with its own verdict, the question does not ask for one, or the answer does
    not restate enough of the claim to agree with it (`claim_terms` and `answer_terms`, their
    content words as the matcher reads them: a "Yes" to "was the post written by Venniro?" from
    an answer about who illustrated it would be a confident wrong answer)."""
    yes_or_no = asks_yes_or_no(normalised_question)
    if not yes_or_no and not _PREMISE.search(normalised_question):
        return None
    answer_words = normalised_answer.split()
    own_verdict = answer_words[0] if answer_words and answer_words[0] in _VERDICTS else None
    # "at all", "all over", "after all" claim nothing of everything.
    claim = set(_NOT_ABSOLUTE.sub(" ", normalised_question).split())
    said = set(answer_words)
    goes_further = any(word in claim and word not in said for word in _ABSOLUTES) or bool(
        _ONE_CAUSE.search(normalised_question)
    )
    contradicts = any(
        word in claim and opposite in said and opposite not in claim and word not in said
        for word, opposites in _OPPOSITE_WORDS.items()
        for opposite in opposites
    )
    # The answer says "not proven" of a claim of "proven" (the claim itself unnegated).
    denied = set(_DENIED.findall(normalised_answer)) - set(_DENIED.findall(normalised_question))
    # Only when the answer names whom the claim names, in the other role.
    named_in_answer = set(claim_terms) - _ROLE_TERMS <= set(answer_terms)
    other_role = named_in_answer and any(
        claim & role and not said & role and any(said & other for other in _ROLES if other != role)
        for role in _ROLES
    )
    contradicts = contradicts or bool(denied & claim) or other_role
    if own_verdict is not None:
        # The answer's own verdict stands, unless it is a "Yes" to a claim that goes further
        # ("all the findings supported it?" to "Yes, some: ..."): then it is a "No".
        if own_verdict != "yes" or not goes_further:
            return None
        agrees = False
    elif goes_further or contradicts:
        agrees = False
    elif not yes_or_no:  # a premise the answer does not contradict: answered as it is
        return None
    else:
        claimed = set(claim_terms)
        restated = len(claimed & set(answer_terms)) / len(claimed) if claimed else 0.0
        # A claim of one word restated says little ("she also wrote it?" is only "wrote").
        if restated < RESTATED_SHARE or len(claimed) < MIN_CLAIM_WORDS:
            return None
        agrees = True
    if _TRUE_OR_FALSE.search(normalised_question):
        return "True" if agrees else "False"
    return "Yes" if agrees else "No"
