"""Matching a question to the knowledge base's pairs, with rapidfuzz.

Design, and why:

* **Units.** Every wording of every pair is a choice, and so is every quote a pair cites (the
  passages' own words, as a fallback for questions phrased like the text); a quote counts
  slightly less (`QUOTE_WEIGHT`) than a curated wording.
* **Three signals.** For each choice:
  1. *Weighted term overlap.* Content words (stopwords out, light stemming, see `text.terms`)
     weighted by inverse pair frequency, so that words found in many pairs ("opioid", "social",
     "drug") weigh little and rare ones ("huddling", "lever") weigh a lot. Coverage is measured
     both ways, how much of the question the wording explains and how much of the wording the
     question asks for, combined as an F-score (`QUESTION_BETA` < 1 leans to the wording's side,
     which measured better: long questions carry words no wording has). A word the knowledge
     base has never seen still counts against the question (`UNKNOWN_WEIGHT`): a question about
     "methadone doses" must not ride on its one shared word "opioid".
  2. *Character similarity*: `fuzz.token_sort_ratio` on the normalised strings (stopwords kept),
     mixed in with `LEXICAL_WEIGHT`. It rewards same-shaped questions and survives typos the
     term step did not repair. `token_set_ratio` is deliberately not used (it gives 100 whenever
     one side's words are a subset of the other's) and neither is `WRatio` (it switches to
     partial matching when lengths differ, so every short wording looks perfect inside a long
     question).
  A pair scores as its best choice, and then (3) that score is mixed (`WORDING_WEIGHT`) with how
  much of the question the pair's wordings *together* cover, which catches rambling and reworded
  questions no single wording covers. There a term counts fully only once `PAIR_TERM_SUPPORT`
  wordings of the pair use it (a word in one wording is often an incidental word of a lead-in:
  "my son's friends keep pushing him to try weed"), and a question needs at most
  `COVERAGE_CAP_TERMS` rare words' worth of cover: past that, more words are chatter.
* **Pair models.** Last, the leading pairs (`RERANK_CANDIDATES`) are compared by a model of each
  pair as a whole: which words its wordings share and which they never use (a Bernoulli naive
  Bayes model, `_PairModel`). A pair the model finds less likely than the likeliest leader loses
  `PAIR_MODEL_WEIGHT` per unit of log-likelihood. It tells apart neighbours that single wordings
  do not ("which drug were the rats given?" against "what did the rats press the lever for?"), and
  since no score rises, it never turns a declined question into an answer.
* **Long questions.** People write context first and the question last ("I'm reading this for
  class ... what does the huddling show?"). Each sentence of a question is also scored on its own:
  one that asks (a "?", or "what", "does", "explain" ... first) at `SENTENCE_WEIGHT`, one that sets
  the scene at `STATEMENT_WEIGHT`. In a question of many words the unknown ones weigh less
  (`SHORT_QUESTION_TERMS`).
* **Synonyms.** Questions and wordings alike go through the knowledge base's `synonyms.yaml`
  (`text.Synonyms`) after normalising, so "rodents" meets "rats".
* **Passage sentences.** `best_sentence` scores the passages' own sentences the same way, for the
  answerer's fallback: quoting the text when no pair fits but a sentence plainly does.
* **Tuning.** Every constant below was chosen by a grid search or a sweep (`tests/eval/tune.py`),
  cross-validated on the tuning part of `tests/eval/questions.yaml`, never on the held-out part.
* **Typos.** A question word not in the vocabulary (nor a form of a vocabulary word: "dogs" of
  "dog") is replaced by its closest vocabulary word (Indel distance via `process.extract`, same
  first letter; up to eight letters, one wrong letter, two swapped or two dropped or doubled, and
  a little more for longer words) before weighing. A five-letter word is corrected only for a
  dropped, doubled or swapped letter (one wrong letter turns real words into others: "sorry" into
  "story"); a four-letter word with two equally close corrections is left alone; otherwise a tie
  goes to the word the knowledge base uses most. Misspelt filler and short words ("actualy",
  "becuase", "giv") are spelled out in `text.normalise` instead.
* **Speed.** Everything about the choices is computed at load: normalised strings, term sets,
  weights and an inverted index from term to choices. A question only scores the choices that
  share a term with it; when none do, character similarity alone ranks all choices with a cutoff.

Scores are in 0..1. Deciding whether a score is good enough to answer is `answering`'s job.
"""

from __future__ import annotations

import heapq
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple, TypedDict

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from qa_bot.knowledge import KnowledgeBase, Pair
from qa_bot.text import STOPWORDS, normalise, sentences, stem, terms

LEXICAL_WEIGHT = 0.6
QUESTION_BETA = 0.7
QUOTE_WEIGHT = 0.9
# A pair with fewer wordings than this also leans on its own text: its answer is matched as a
# wording is (at ANSWER_WEIGHT), and the words of its answer and quotes (of a known gap, its claim
# alone) count towards the pair as a whole as if TEXT_PRIOR of a wording used them, both fading
# as the wordings grow towards FEW_WORDINGS (a new author's pair has five or ten; every bundled
# pair has more than 28, so the bundled answers are what they were). Measured with
# `tests/eval/learning_curve.py --tuning`: at eight wordings a pair, in scope 873 -> 941 of
# 1,358, wrong answers 121 -> 120, out of scope declined the same; at three, 544 -> 700 and
# 98 -> 134. (A gap's quotes too found a little more and answered more wrongly, with one wording
# 80 wrong of 455 unseen against 55; lifting the scores of such pairs declined fewer out-of-scope
# questions; the text as a prior of the pair models found fewer.)
FEW_WORDINGS = 24
ANSWER_WEIGHT = 0.9
TEXT_PRIOR = 0.75
# Weight of the best single wording against the pair as a whole (all its wordings together),
# which catches long and reworded questions that no single wording covers. (Adding the answer and
# quotes to the whole did worse on the tuning questions for pairs of many wordings: their
# incidental words attract matches.)
WORDING_WEIGHT = 0.4
# Wordings of a pair a term must appear in to count fully towards the pair as a whole.
PAIR_TERM_SUPPORT = 2
# Added to every term's pair count before the logarithm: it flattens the weight of words that
# occur in only one or two pairs, which are as often incidental ("brother", "month") as telling.
IDF_SMOOTHING = 0.5
# How much a word the knowledge base has never seen weighs, as a fraction of the rarest known word.
UNKNOWN_WEIGHT = 1.0
# Each sentence of a question of several is also scored alone, at this fraction of its score.
SENTENCE_WEIGHT = 1.0
# A sentence is scored alone only with this many content words besides "what", "who", ...
MIN_SENTENCE_TERMS = 2
QUESTION_WORDS = frozenset({"what", "who", "why", "how", "when", "where", "which", "whose"})
MIN_SENTENCE_WORDS = 3
STATEMENT_WEIGHT = 0.7
# Where a known gap's claim ends and what the documents do say begins: "...; the NIDA post ...".
_CLAUSE_END = re.compile(r"[;:](?=\s)")
# Where a passage's sentences end: after . ? ! (and a closing quote), before the next word.
# Not after an initial ("Tristen K. Inagaki"): the full stop must follow a word of two letters or
# more, a digit or a bracket.
_SENTENCE_SPLIT = re.compile(r"(?:(?<=[a-z0-9)][.?!])|(?<=[a-z0-9)][.?!][”\"’]))\s+")
SHORT_QUESTION_TERMS = 6
COVERAGE_CAP_TERMS = 3
# How many of the best pairs the pair models re-rank, and how much a unit of log-likelihood
# below the likeliest of them costs a pair's score.
RERANK_CANDIDATES = 8
PAIR_MODEL_WEIGHT = 0.03
# Smoothing of the pair models' word probabilities (add-alpha over the pair's wordings).
PAIR_MODEL_SMOOTHING = 0.6
# With an exact wording match, no other pair may score more than this (nor ask "did you mean").
EXACT_RUNNER_UP = 0.95
# How many choices, the best by term overlap, are also compared character by character.
SIMILARITY_CANDIDATES = 40
# How many equally close corrections of a typo are weighed by how common each word is.
CORRECTION_CANDIDATES = 5
# A misspelt word this long or longer, once corrected, shows that a question is about something
# the knowledge base knows (see `Matcher.knows_any_term`); shorter ones too often become another
# word ("peru" -> "peer").
KNOWN_CORRECTION_LETTERS = 5
# Character similarity alone, when no term is shared, must be this high to count at all.
CHARACTER_ONLY_CUTOFF = 70.0
# A term in more than this share of all choices is common (as are "what", "how" ...): see
# `Matcher._score`. Measured on the tuning part: from 0.12 up, every answer is the same as without
# this shortcut; at 0.08, three in-scope and three out-of-scope questions change for the worse.
COMMON_TERM_SHARE = 0.12


class MatchDict(TypedDict):
    """`Match.to_dict()`: a pair's id, the wording that matched and the score, rounded."""

    id: str
    question: str
    score: float


@dataclass(frozen=True)
class Match:
    """A pair that matches a question, with the wording that matched best and its score.

    pair_id   the pair's id in the knowledge base, "paper-author"
    question  the pair's wording (or cited quote) that matched best, as written
    score     0..1: how well the question matches the pair (the bot answers from 0.48 up)
    """

    pair_id: str
    question: str
    score: float

    def to_dict(self) -> MatchDict:
        """JSON-ready form: id, question and score (to 3 decimals)."""
        return {"id": self.pair_id, "question": self.question, "score": round(self.score, 3)}


@dataclass(frozen=True)
class SentenceMatch:
    """A sentence of a passage that matches a question, for when no pair does."""

    passage_id: str
    sentence: str
    score: float


# A tuple: a big knowledge base holds many thousands, and the cached bot unpickles them at every
# start, a tuple in less than half the time of a frozen dataclass.
class _Choice(NamedTuple):
    pair_id: str
    text: str  # as written, shown to people as the matched question
    plain: str  # normalised, before synonyms fold it
    normalised: str
    terms: tuple[str, ...]  # distinct; a tuple takes a third of a frozenset's memory
    weight: float  # 1.0 for a wording, QUOTE_WEIGHT for a cited quote, ANSWER_WEIGHT an answer


@dataclass(frozen=True, slots=True)
class _PairModel:
    """Which words a pair's wordings use, and how often: a Bernoulli naive Bayes model,
    restricted to the pair's own words.

    The log-likelihood of a question's set of words under the pair: each word the pair's wordings
    use counts as the share of wordings that use it; each word they never use costs a small
    smoothed share (smaller, the more wordings the pair has); and each of the pair's words the
    question leaves out counts as the share of wordings without it, so a word nearly every wording
    has ("other" in "Inagaki's other papers") speaks against a question without it. (A cost for
    unused words that is the same for every pair measured worse on the tuning part.)
    """

    present: dict[str, float]  # log P(word | pair) - log P(no word | pair), per pair word
    unseen: float  # log P(word | pair) for a word none of the pair's wordings use
    absent: float  # sum of log P(no word | pair) over all the pair's words

    @classmethod
    def of(cls, wordings_with: dict[str, int], wordings: int) -> _PairModel:
        """From how many of the pair's `wordings` use each word."""
        total = wordings + 2 * PAIR_MODEL_SMOOTHING
        present, absent = {}, 0.0
        for term, count in wordings_with.items():
            share = (count + PAIR_MODEL_SMOOTHING) / total
            present[term] = math.log(share) - math.log(1 - share)
            absent += math.log(1 - share)
        return cls(present, math.log(PAIR_MODEL_SMOOTHING / total), absent)

    def log_likelihood(self, question_terms: Iterable[str]) -> float:
        """How likely this pair's wordings make a question with exactly these words."""
        return self.absent + sum(self.present.get(t, self.unseen) for t in question_terms)


class Matcher:
    """Scores questions against a knowledge base's pairs. Build once, query many times."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._synonyms = knowledge.synonyms
        choices: list[_Choice] = []
        for pair in knowledge.pairs.values():
            for wording in pair.questions:
                choices.append(self._choice(pair.id, wording, 1.0))
            for ref in pair.citations:
                choices.append(self._choice(pair.id, ref.quote, QUOTE_WEIGHT))
            if len(pair.questions) < FEW_WORDINGS and not pair.gap:
                # (A known gap's answer says what the documents lack: no question's answer.)
                choices.append(self._choice(pair.id, pair.answer, ANSWER_WEIGHT))
        # What a question needs of each choice, kept column by column: a cached bot unpickles a
        # few lists of strings much faster than thousands of records (a one-off ask 3 ms faster).
        self._choice_pair = [c.pair_id for c in choices]
        self._choice_text = [c.text for c in choices]
        self._choice_normalised = [c.normalised for c in choices]
        # Each choice's words in sorted order: `fuzz.ratio` of two sorted texts is exactly
        # `fuzz.token_sort_ratio`, without sorting every choice again for every question (a
        # question of unknown words is compared with every choice: 12x faster so).
        self._choice_sorted = [_sorted_words(c.normalised) for c in choices]
        self._choice_weight = [c.weight for c in choices]
        # A wording, normalised, and its choice.
        self._exact = {c.plain: index for index, c in enumerate(choices) if c.weight == 1.0}
        # The passages' sentences, for questions no pair answers but the text plainly does.
        self._sentences = [
            self._choice(passage.id, sentence, 1.0)
            for passage in knowledge.passages.values()
            for sentence in _SENTENCE_SPLIT.split(passage.text)
            if len(sentence.split()) >= MIN_SENTENCE_WORDS
        ]

        pairs_with_term: dict[str, set[str]] = defaultdict(set)
        self._index: dict[str, list[int]] = defaultdict(list)
        for index, choice in enumerate(choices):
            for term in choice.terms:
                pairs_with_term[term].add(choice.pair_id)
                self._index[term].append(index)
        # The choices of each common term ("what", "nida", "opioid"): see `_score`.
        self._common_term_choices = {
            term: frozenset(ids)
            for term, ids in self._index.items()
            if term in QUESTION_WORDS or len(ids) > COMMON_TERM_SHARE * len(choices)
        }
        pair_count = max(len(knowledge.pairs), 1)
        self._idf = {
            term: math.log((pair_count + 1) / (len(ids) + IDF_SMOOTHING))
            for term, ids in pairs_with_term.items()
        }
        rarest = math.log((pair_count + 1) / (1 + IDF_SMOOTHING))
        self._unknown_weight = UNKNOWN_WEIGHT * rarest
        self._coverage_cap = COVERAGE_CAP_TERMS * rarest
        self._choice_mass = [sum(self._idf[t] for t in c.terms) for c in choices]
        self._sentence_mass = [
            sum(self._idf.get(t, self._unknown_weight) for t in s.terms) for s in self._sentences
        ]
        # How much each term speaks for a pair as a whole: full weight once it is in
        # PAIR_TERM_SUPPORT of the pair's wordings, less when only one wording has it (often an
        # incidental word of a lead-in: "my son's friends keep pushing him to try weed").
        wordings_with: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for choice in choices:
            if choice.weight == 1.0:
                for term in choice.terms:
                    wordings_with[choice.pair_id][term] += 1
        self._pair_terms = {
            pair_id: {t: min(n / PAIR_TERM_SUPPORT, 1.0) for t, n in counts.items()}
            for pair_id, counts in wordings_with.items()
        }
        for pair in knowledge.pairs.values():
            few = 1 - len(pair.questions) / FEW_WORDINGS
            if few > 0:
                support = self._pair_terms.setdefault(pair.id, {})
                for term in self._text_terms(pair):
                    support[term] = min(support.get(term, 0.0) + TEXT_PRIOR * few, 1.0)
        # The share of each pair's wordings that use each term: what the focus check weighs.
        self._wording_share = {
            pair_id: {t: n / len(knowledge.pairs[pair_id].questions) for t, n in counts.items()}
            for pair_id, counts in wordings_with.items()
        }
        self._pair_models = {
            pair_id: _PairModel.of(counts, len(knowledge.pairs[pair_id].questions))
            for pair_id, counts in wordings_with.items()
        }

        # How often each word occurs: of two equally close corrections, the commoner one wins.
        # (The wordings were normalised for their choices already: a large base has 100k.)
        wordings = (c.plain for c in choices if c.weight == 1.0)
        others = (normalise(text) for text in _texts_besides_wordings(knowledge))
        self._word_counts = Counter(
            w for text in itertools.chain(wordings, others) for w in text.split() if w.isalpha()
        )
        words = {w for w in self._word_counts if w not in STOPWORDS}
        self._vocabulary_set = frozenset(words)
        # A word whose stem is known is a form of a known word ("dogs" of "dog"), not a typo.
        self._known_stems = frozenset(stem(w) for w in words)
        # Typos rarely hit the first letter: corrections only look among words that share it,
        # which also stops most real words being "corrected" into other real words.
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word in sorted(words):
            by_letter[word[0]].append(word)
        self._vocabulary_by_letter = dict(by_letter)

    def rank(
        self,
        question: str,
        *,
        limit: int = 5,
        among: Collection[str] | None = None,
        context: str = "",
    ) -> list[Match]:
        """The best-scoring pairs for `question`, best first, at most one `Match` per pair.

        `among` limits the ranking to those pairs (one document's, say), before the pair models
        compare the leaders: a question's counterpart in one document must not lose points to a
        pair of the other. `context`, the last question for a follow-up, is matched together with
        the question but never alone: "how many rats?" after "what was the rat study?" must not
        find what the rat study alone would.
        """
        whole = f"{question} {context}" if context else question
        exact = self._exact.get(normalise(whole))
        prepared = self.prepare(whole)
        best = self._score(prepared, limit, among)
        # A question of several sentences is usually context and then the question itself ("I'm
        # reading this for class ... what does the huddling show?"): each sentence is also scored
        # on its own, so the chatter around the question does not drown it.
        parts = sentences(question)
        if len(parts) > 1:
            for text, asks in parts:
                sentence = self.prepare(text)
                if len(set(terms(sentence)) - QUESTION_WORDS) < MIN_SENTENCE_TERMS:
                    continue  # "What does that part mean?" says too little on its own
                # A sentence that asks is likelier the question than one that sets the scene.
                weight = SENTENCE_WEIGHT if asks else STATEMENT_WEIGHT
                for pair_id, (score, index) in self._score(sentence, limit, among).items():
                    _keep_best(best, pair_id, weight * score, index)
        best = self._reranked(prepared, best)
        if exact is not None and (among is None or self._choice_pair[exact] in among):
            # A question typed exactly as one of a pair's wordings (the loader makes each wording
            # belong to one pair) is that pair's, however close its neighbours come.
            best = {
                pair_id: (min(score, EXACT_RUNNER_UP), i) for pair_id, (score, i) in best.items()
            }
            best[self._choice_pair[exact]] = (1.0, exact)
        ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)[:limit]
        return [
            Match(pair_id, self._choice_text[index], round(min(score, 1.0), 4))
            for pair_id, (score, index) in ranked
        ]

    def _reranked(
        self, prepared: str, best: dict[str, tuple[float, int]]
    ) -> dict[str, tuple[float, int]]:
        """The leading pairs' scores, less a penalty for each the pair models find less likely.

        Scores compare a question with one wording at a time (and the pair's words pooled); the
        pair models (`_PairModel`) see which words a pair's wordings share and which they never
        use, so they tell apart neighbours that one wording does not: "which drug were the rats
        given?" against "what did the rats press the lever for?". Only the pairs the model finds
        less likely than the likeliest leader lose anything, so no score rises: re-ranking never
        turns a question the bot would decline into an answer.
        """
        leaders = heapq.nlargest(RERANK_CANDIDATES, best.items(), key=lambda item: item[1][0])
        if len(leaders) < 2:
            return best
        # Words no pair uses say nothing about which pair is meant.
        question_terms = frozenset(terms(prepared)).intersection(self._idf)
        likelihood = {
            pair_id: self._pair_models[pair_id].log_likelihood(question_terms)
            for pair_id, _ in leaders
            if pair_id in self._pair_models
        }
        if not likelihood:
            return best
        likeliest = max(likelihood.values())
        reranked = dict(best)
        for pair_id, (score, index) in leaders:
            gap = likeliest - likelihood.get(pair_id, likeliest)
            reranked[pair_id] = (score - PAIR_MODEL_WEIGHT * gap, index)
        return reranked

    def best_sentence(self, question: str) -> SentenceMatch | None:
        """The passage sentence that best matches `question`, scored like a single wording."""
        normalised = self.prepare(question)
        query_terms, weights, query_mass = self._weigh(normalised)
        best: SentenceMatch | None = None
        for sentence, mass in zip(self._sentences, self._sentence_mass, strict=True):
            shared = sum(weights[t] for t in query_terms.intersection(sentence.terms))
            if shared <= 0:
                continue
            lexical = _f_score(shared / query_mass, shared / mass)
            similarity = fuzz.token_sort_ratio(normalised, sentence.normalised) / 100
            score = LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * similarity
            if best is None or score > best.score:
                best = SentenceMatch(sentence.pair_id, sentence.text, round(score, 4))
        return best

    def _weigh(self, normalised: str) -> tuple[frozenset[str], dict[str, float], float]:
        """A prepared question's terms, the weight of each, and their total."""
        query_terms = frozenset(terms(normalised))
        # In a long question most unknown words are chatter around it, not what it asks about.
        unknown = self._unknown_weight * min(1.0, SHORT_QUESTION_TERMS / max(len(query_terms), 1))
        weights = {t: self._idf.get(t, unknown) for t in query_terms}
        return query_terms, weights, sum(weights.values())

    def _content_terms(self, question: str) -> set[str]:
        """A question's terms besides "what", "who" ..., a misspelt word of five letters or more
        corrected (shorter ones too often become another word: "peru" -> "peer")."""
        corrected = self._corrected(normalise(question), shortest=KNOWN_CORRECTION_LETTERS)
        return set(terms(self._synonyms.apply(corrected))) - QUESTION_WORDS

    def knows_any_term(self, question: str) -> bool:
        """Whether a question has a content word the knowledge base uses, or none at all besides
        "what", "who" ...; a misspelt word counts only if it has five letters or more.

        "What is the capital of Peru?" has content words and not one of them is known ("peru" is
        only a letter away from "peer"): whatever it matches with the help of another question's
        words ("what is the brain opioid theory?") is not what it asks about. "Who is the auther?"
        knows "author".
        """
        found = self._content_terms(question)
        return not found or any(term in self._idf for term in found)

    def knows_every_term(self, question: str) -> bool:
        """Whether every content word of a question is one the knowledge base uses (a misspelt
        one once corrected): "does the nida page mention covid" names a topic it never does."""
        return all(term in self._idf for term in self._content_terms(question))

    def wording_share(self, pair_id: str) -> Mapping[str, float]:
        """For each term of the pair's wordings (as `prepare` reads them), the share of its
        wordings that use it."""
        return self._wording_share.get(pair_id, {})

    def prepared_wordings(self) -> dict[str, list[str]]:
        """Each pair's wordings as `prepare` reads them."""
        wordings: dict[str, list[str]] = defaultdict(list)
        for pair_id, text, weight in zip(
            self._choice_pair, self._choice_normalised, self._choice_weight, strict=True
        ):
            if weight == 1.0:
                wordings[pair_id].append(text)
        return wordings

    def prepare(self, text: str) -> str:
        """A question as the matcher compares it: normalised, typos fixed, synonyms folded."""
        return self._synonyms.apply(self._corrected(normalise(text)))

    def _score(
        self, normalised: str, limit: int, among: Collection[str] | None = None
    ) -> dict[str, tuple[float, int]]:
        """Each candidate pair's score and its best choice's index, for a prepared question
        (among the pairs in `among` only, when given)."""
        best: dict[str, tuple[float, int]] = {}
        if not normalised:
            return best
        query_terms, weights, query_mass = self._weigh(normalised)
        sorted_words = _sorted_words(normalised)

        # Weighted overlap with every choice that shares a term, summed along the inverted index.
        # Common terms ("what", "how", "nida", "opioid") each reach a good part of all choices:
        # when the question has another known term, they are added only to the choices that share
        # one of those. (A choice with only common terms in common never leads then: measured,
        # the same answers to every tuning question, in three quarters of the time.)
        common = self._common_term_choices
        own = [t for t in query_terms if t in self._index and t not in common]
        shared: dict[int, float] = defaultdict(float)
        for term in own or query_terms:
            weight = weights[term]
            for index in self._index.get(term, ()):
                shared[index] += weight
        if own:
            for term in query_terms.intersection(common):
                weight, members = weights[term], common[term]
                for index in shared:
                    if index in members:
                        shared[index] += weight
        if among is not None:
            shared = {i: v for i, v in shared.items() if self._choice_pair[i] in among}
        if shared and query_mass > 0:
            # The F-score of the two coverages (see _f_score), simplified to one division: this
            # runs for every candidate.
            beta2 = QUESTION_BETA**2
            mass = self._choice_mass
            lexical = {
                index: (1 + beta2) * overlap / (beta2 * query_mass + mass[index])
                for index, overlap in shared.items()
            }
            # Character similarity is the costly part and weighs 1 - LEXICAL_WEIGHT at most, so it
            # is only worked out for the choices that lead on overlap.
            leaders = heapq.nlargest(SIMILARITY_CANDIDATES, lexical, key=lexical.__getitem__)
            for index in leaders:
                similarity = fuzz.ratio(sorted_words, self._choice_sorted[index]) / 100
                score = self._choice_weight[index] * (
                    LEXICAL_WEIGHT * lexical[index] + (1 - LEXICAL_WEIGHT) * similarity
                )
                _keep_best(best, self._choice_pair[index], score, index)
        else:
            candidates: dict[int, str] | list[str] = self._choice_sorted
            if among is not None:
                candidates = {
                    i: text
                    for i, (text, pair_id) in enumerate(
                        zip(self._choice_sorted, self._choice_pair, strict=True)
                    )
                    if pair_id in among
                }
            for _, similarity, index in process.extract(
                sorted_words,
                candidates,
                scorer=fuzz.ratio,
                score_cutoff=CHARACTER_ONLY_CUTOFF,
                limit=limit * 4,
            ):
                _keep_best(
                    best,
                    self._choice_pair[index],
                    self._choice_weight[index] * (1 - LEXICAL_WEIGHT) * similarity / 100,
                    index,
                )

        if query_mass > 0:
            for pair_id, (score, index) in best.items():
                support = self._pair_terms[pair_id]
                covered = sum(weights[t] * support.get(t, 0.0) for t in query_terms)
                whole_pair = min(covered / min(query_mass, self._coverage_cap), 1.0)
                best[pair_id] = (WORDING_WEIGHT * score + (1 - WORDING_WEIGHT) * whole_pair, index)
        return best

    def _text_terms(self, pair: Pair) -> set[str]:
        """The terms of a pair's answer and quotes, as the matcher reads a wording's; of a known
        gap, only its claim: its quotes, and the rest of its answer, are what the documents do
        say nearby, no evidence that a question asks what they don't."""
        texts = (
            [gap_claim(pair.answer)]
            if pair.gap
            else [pair.answer, *(r.quote for r in pair.citations)]
        )
        return {term for text in texts for term in terms(self._synonyms.apply(normalise(text)))}

    def _choice(self, pair_id: str, text: str, weight: float) -> _Choice:
        plain = normalise(text)
        normalised = self._synonyms.apply(plain)
        distinct_terms = tuple(dict.fromkeys(terms(normalised)))
        return _Choice(pair_id, text, plain, normalised, distinct_terms, weight)

    def _corrected(self, normalised: str, shortest: int = 4) -> str:
        """A normalised question with misspelt words (of `shortest` letters or more) replaced by
        known ones."""
        words = normalised.split()
        for position, word in enumerate(words):
            if (
                word not in STOPWORDS
                and word not in self._vocabulary_set
                and stem(word) not in self._known_stems
                and word.isalpha()
                and len(word) >= shortest
            ):
                words[position] = self._correct(word)
        return " ".join(words)

    def _correct(self, word: str) -> str:
        # Indel distance counts a wrong letter as two edits (one out, one in). A four-letter word
        # may have one letter wrong ("ratz", "durg"); a five-letter one only a dropped or doubled
        # letter, or two swapped ("lonly", "brian"), since one wrong letter there turns real
        # words into others ("sorry" into "story", "bread" into "break"); longer words may have
        # one letter wrong or two swapped, and words of nine letters or more a little more.
        # A real word two letters off a known one stays itself: "literal" is not "literacy".
        allowed = 2 if len(word) <= 8 else 3
        found = process.extract(
            word,
            self._vocabulary_by_letter.get(word[0], ()),
            scorer=Indel.distance,
            score_cutoff=allowed,
            limit=CORRECTION_CANDIDATES,
        )
        if len(word) == 5:
            found = [f for f in found if f[1] <= 1 or _swapped(word, f[0])]
        if not found:
            return word
        closest = [f[0] for f in found if f[1] == found[0][1]]
        if len(closest) > 1 and len(word) <= 4:
            # "dogs" is as close to "docs" as to "dose": a short word with two equally close
            # corrections is likelier a real word the knowledge base doesn't know.
            return word
        # Of two equally close corrections, the word the knowledge base uses more is likelier meant.
        return str(max(closest, key=self._word_counts.__getitem__))


def _swapped(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with two neighbouring letters swapped ("brian", "brain")."""
    if len(typed) != len(word):
        return False
    differ = [i for i, (a, b) in enumerate(zip(typed, word, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and typed[differ[0]] == word[differ[1]]
        and typed[differ[1]] == word[differ[0]]
    )


def _f_score(question_coverage: float, wording_coverage: float) -> float:
    """The weighted harmonic mean of how much of the question and of the wording is shared."""
    if question_coverage <= 0 or wording_coverage <= 0:
        return 0.0
    beta2 = QUESTION_BETA**2
    return (
        (1 + beta2)
        * question_coverage
        * wording_coverage
        / (beta2 * wording_coverage + question_coverage)
    )


def _keep_best(best: dict[str, tuple[float, int]], pair_id: str, score: float, index: int) -> None:
    if pair_id not in best or score > best[pair_id][0]:
        best[pair_id] = (score, index)


def _texts_besides_wordings(knowledge: KnowledgeBase) -> Iterable[str]:
    for pair in knowledge.pairs.values():
        yield pair.answer
    for passage in knowledge.passages.values():
        yield passage.text
    yield from knowledge.synonyms.entries()


def _sorted_words(text: str) -> str:
    return " ".join(sorted(text.split()))


def passage_sentences(text: str) -> list[str]:
    """The sentences of a passage's text, split where the matcher splits them to quote one."""
    return _SENTENCE_SPLIT.split(text)


def gap_claim(answer: str) -> str:
    """What a known gap claims the documents do not say: its answer's first clause ("The
    documents don't name the drug; the NIDA post says only ..."), before what they do say."""
    return _CLAUSE_END.split(passage_sentences(answer)[0], maxsplit=1)[0].rstrip(".")
