"""What `qa-bot check` tells an author about a knowledge base that loads: what will not work as
meant, and what to look at again when a document is added.

Errors stop a knowledge base from loading: `load_knowledge` raises them all at once, in one
`KnowledgeError`. Warnings are for a base that loads, each of one kind (`WARNING_KINDS`):

- `few_wordings`: a pair with fewer wordings than `MIN_WORDINGS`, too few to be found by people
  who ask in their own words;
- `indistinct`: wordings of different pairs that the matcher cannot tell apart: the same content
  words once normalised, stemmed and folded by the synonyms (only stopwords or the order differ),
  so a question worded like them scores the same on both;
- `unreached`: a wording that, asked on its own, does not get its own pair's reply (another pair's,
  a clarification, small talk, the focus check's "the documents don't say");
- `safety`: a wording the safety screen answers with its safety reply instead of the pair's (the
  help reply to a pair about getting help is that pair's reply);
- `uncited`: a passage, or a sentence of a passage, that no pair's quote touches.

Besides them, every known gap's claim ("The documents don't name the drug"): a new document may
answer it, and then the gap is the author's to edit.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from qa_bot.bot import Bot
from qa_bot.evaluation import pair_given
from qa_bot.knowledge import KnowledgeBase
from qa_bot.matching import gap_claim, passage_sentences
from qa_bot.text import terms

# Fewer wordings than this and a pair is hard to find for people who ask in their own words:
# `tests/eval/learning_curve.py` (`make curve`) found 65% of unseen questions reach their pair
# with 8 wordings a pair, 59% with 5 and 49% with 3, against 69% with 12 and 83% with all (the
# bundled pairs have 29 or more): below 8 the curve falls fast, above it it climbs slowly.
MIN_WORDINGS = 8
WARNING_KINDS = {
    "few_wordings": f"pairs with fewer than {MIN_WORDINGS} wordings, too few to be found",
    "indistinct": "wordings of different pairs that the matcher cannot tell apart",
    "unreached": "wordings that do not reach their own pair",
    "safety": "wordings the safety screen takes over",
    "uncited": "passages and passage sentences no pair cites",
}


@dataclass(frozen=True)
class KnowledgeWarning:
    """Something in a knowledge base that loads but will not work as its author meant."""

    kind: str  # one of WARNING_KINDS
    message: str


@dataclass(frozen=True)
class GapClaim:
    """A known gap and what it claims the documents do not say."""

    pair_id: str
    claim: str


@dataclass(frozen=True)
class CheckReport:
    """The warnings about a knowledge base, in `WARNING_KINDS` order, and its gaps' claims."""

    warnings: tuple[KnowledgeWarning, ...]
    gaps: tuple[GapClaim, ...]

    def of_kind(self, kind: str) -> list[KnowledgeWarning]:
        """The warnings of one kind, in the order found."""
        return [warning for warning in self.warnings if warning.kind == kind]


def check_knowledge(bot: Bot) -> CheckReport:
    """Every warning about the bot's knowledge base, and its known gaps' claims.

    Asks the bot each wording of each pair (about a millisecond each).
    """
    knowledge = bot.knowledge
    warnings = [
        *_few_wordings(knowledge),
        *_indistinct(bot),
        *_not_reaching(bot),
        *_uncited(knowledge),
    ]
    order = list(WARNING_KINDS)
    warnings.sort(key=lambda warning: order.index(warning.kind))
    gaps = [
        GapClaim(pair.id, gap_claim(pair.answer)) for pair in knowledge.pairs.values() if pair.gap
    ]
    return CheckReport(tuple(warnings), tuple(gaps))


def _few_wordings(knowledge: KnowledgeBase) -> list[KnowledgeWarning]:
    return [
        KnowledgeWarning(
            "few_wordings",
            f"'{pair.id}' has {len(pair.questions)} "
            f"{'wording' if len(pair.questions) == 1 else 'wordings'}: add the ways people "
            "would ask it",
        )
        for pair in knowledge.pairs.values()
        if len(pair.questions) < MIN_WORDINGS
    ]


def _indistinct(bot: Bot) -> list[KnowledgeWarning]:
    """Wordings of two or more pairs with the same content words, as the matcher reads them."""
    # The conversation is handed the bot's own matcher: no second index is built.
    prepared = bot.chat().matcher.prepared_wordings()
    groups: dict[frozenset[str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for pair in bot.knowledge.pairs.values():
        for wording, read in zip(pair.questions, prepared[pair.id], strict=True):
            words = frozenset(terms(read))
            if words:
                groups[words][pair.id].append(wording)
    warnings = []
    for by_pair in groups.values():
        if len(by_pair) > 1:
            listed = "; ".join(
                f"'{pair_id}': " + ", ".join(f"“{wording}”" for wording in wordings)
                for pair_id, wordings in by_pair.items()
            )
            warnings.append(KnowledgeWarning("indistinct", listed))
    return warnings


def _not_reaching(bot: Bot) -> list[KnowledgeWarning]:
    """Each wording asked on its own: one that gets the safety reply, or another reply than its
    own pair's."""
    warnings = []
    for pair in bot.knowledge.pairs.values():
        for index, wording in enumerate(pair.questions):
            answer = bot.ask(wording)
            where = f"'{pair.id}', question {index + 1} “{wording}”"
            if answer.status == "safety" and answer.safety is not None:
                if pair.offers_help and answer.safety.category == "help_request":
                    continue  # the help reply answers a pair about getting help
                never_suggested = (
                    ", and it is the first wording, so the pair is never suggested: word it as "
                    "a question about the documents"
                    if index == 0
                    else ""
                )
                warnings.append(
                    KnowledgeWarning(
                        "safety",
                        f"{where} gets the safety reply ({answer.safety.category})"
                        + never_suggested,
                    )
                )
                continue
            given = pair_given(bot.knowledge, answer)
            if given == pair.id:
                continue
            got = f"pair '{given}'" if given is not None else answer.status
            warnings.append(KnowledgeWarning("unreached", f"{where} gets {got} ({answer.reason})"))
    return warnings


def _uncited(knowledge: KnowledgeBase) -> list[KnowledgeWarning]:
    """Passages no pair cites, and the sentences of cited passages that no quote touches."""
    quotes: dict[str, list[str]] = defaultdict(list)
    for pair in knowledge.pairs.values():
        for ref in pair.citations:
            quotes[ref.passage_id].append(ref.quote)
    warnings = []
    for passage_id, passage in knowledge.passages.items():
        if passage_id not in quotes:
            warnings.append(KnowledgeWarning("uncited", f"not cited by any pair: {passage_id}"))
            continue
        cited = [span for quote in quotes[passage_id] for span in _spans(passage.text, quote)]
        start = 0
        for number, sentence in enumerate(passage_sentences(passage.text), start=1):
            start = passage.text.index(sentence, start)
            end = start + len(sentence)
            if not any(low < end and start < high for low, high in cited):
                warnings.append(
                    KnowledgeWarning(
                        "uncited",
                        f"not cited by any pair: {passage_id}, sentence {number} “{sentence}”",
                    )
                )
            start = end
    return warnings


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where `quote` occurs in `text`, every time."""
    spans = []
    at = text.find(quote)
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans
