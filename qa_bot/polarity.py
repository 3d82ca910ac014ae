"""Yes/no and true/false questions: the answer's first word says which.

"Is it right that blocking opioids can decrease connection?" and "so every single rat picked the
other rats?" are both answered by a pair that states what the documents say; the first is a
"Yes", the second a "No": the documents say many rats did, not all. A prepared answer cannot
know which was asked, so the claim in the question is compared with it:

- a claim that goes further than the answer (always, every, all, proved, exactly, only...) when
  the answer says no such thing, or that says the opposite of one of its words (increase and
  decrease, more and less, first and again), gets "No";
- a claim the answer restates (most of its words are the answer's) gets "Yes";
- anything else gets no verdict: the answer as it is, which says what the documents say.

Answers that already open with their verdict ("Not on its own.", "Yes, some:") keep it.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# How a yes/no or true/false question is asked, once normalised.
_ASKS_YES_OR_NO = re.compile(
    r"^(?:so |and |but |wait |ok |okay |hmm |also )*(?:is|are|was|were|do|does|did|can|could|"
    r"has|have|had|will|would|should|isnt|arent|doesnt|dont|didnt|wasnt)\b|"
    r"\b(?:true or false|t f|yes or no|y n|is it true|is it right|is it correct|is it accurate|"
    r"right|correct|true|yes|isnt it|doesnt it|dont they|didnt it|didnt they|arent they)$|"
    r"^(?:true or false|t f|yes or no|y n)\b|"
    # "so the findings always agree?": a statement asked back, with no question word in it
    r"^(?:so|and so|wait so|ok so|okay so) (?!.*\b(?:what|who|whom|whose|why|how|when|where|"
    r"which)\b)"
)
_TRUE_OR_FALSE = re.compile(r"\b(?:true or false|t f|true false)\b")
# Words with which a claim goes further than what the documents say.
_ABSOLUTES = frozenset(
    """always every everyone everybody all never completely fully entirely exactly definitely
    certainly proves proved proven prove guaranteed guarantee nothing none cure cures cured
    totally 100 solely only just""".split()  # noqa: SIM905 -- see text.STOPWORDS
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
_OPPOSITES.update({b: a for a, b in list(_OPPOSITES.items())})
# An answer agrees with a claim ("Yes") only when it uses this share of the claim's words
# (on the tuning batches, 0.4 gave no wrong "Yes" where the right pair was found, but a pair
# found wrongly, about who illustrated the post, restated 3 of the 4 words of "was the post
# written by Dr. Marco Venniro?": a "Yes" there is a confident wrong answer).
RESTATED_SHARE = 0.8
# The first words of an answer that already gives its verdict.
_VERDICTS = frozenset({"yes", "no", "not", "only", "partly", "true", "false", "both", "neither"})


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
    if not asks_yes_or_no(normalised_question):
        return None
    answer_words = normalised_answer.split()
    if answer_words and answer_words[0] in _VERDICTS:
        return None
    claim = set(normalised_question.split())
    said = set(answer_words)
    goes_further = any(word in claim and word not in said for word in _ABSOLUTES)
    contradicts = any(
        word in claim and opposite in said and opposite not in claim and word not in said
        for word, opposite in _OPPOSITES.items()
    )
    if goes_further or contradicts:
        agrees = False
    else:
        claimed = set(claim_terms)
        restated = len(claimed & set(answer_terms)) / len(claimed) if claimed else 0.0
        if restated < RESTATED_SHARE:
            return None
        agrees = True
    if _TRUE_OR_FALSE.search(normalised_question):
        return "True" if agrees else "False"
    return "Yes" if agrees else "No"
