"""Text normalisation: one pure, idempotent function."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from qa_bot.knowledge import load_knowledge
from qa_bot.text import Synonyms, normalise, sentences, squash_whitespace, stem, terms


def test_normalise_folds_case_quotes_punctuation_and_spaces() -> None:
    assert normalise("  What’s the “Brain  Opioid” THEORY?! ") == "whats the brain opioid theory"


def test_normalise_applies_nfkc_so_full_width_letters_match() -> None:
    assert normalise("Ｏｐｉｏｉｄｓ") == "opioids"


def test_normalise_joins_at_apostrophes_and_splits_at_hyphens() -> None:
    assert normalise("rats’ well-being") == "rats well being"


def test_normalise_of_punctuation_only_is_empty() -> None:
    assert normalise(" ?!… — ") == ""


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
@example("it`s the rats' lever_press, isn't it?")
def test_normalise_reads_plain_ascii_as_it_reads_any_text(text: str) -> None:
    """Printable ASCII takes a shortcut; a zero-width space, which only parts words, sends the
    same text down the general path, and the words must come out the same."""
    assert normalise(text) == normalise(text + "\u200b")


def test_stem_brings_word_forms_together() -> None:
    assert stem("connectedness") == stem("connections") == stem("connect")
    assert stem("relapsed") == stem("relapsing") == stem("relapse")
    assert stem("opioids") == stem("opioid")
    assert stem("families") == stem("family")
    assert stem("socialise") == stem("socializing")
    assert stem("given") == stem("gave") == stem("give")  # irregular forms too
    assert stem("chosen") == stem("chose") == stem("choosing")


def test_terms_drop_stopwords_but_keep_question_words() -> None:
    assert terms(normalise("Who wrote the paper?")) == ["who", stem("wrote"), stem("paper")]


def test_squash_whitespace_keeps_case_and_punctuation() -> None:
    assert squash_whitespace("Tristen K.\u00a0Inagaki\n at") == "Tristen K. Inagaki at"


def test_synonyms_fold_every_entry_into_the_first_one_by_stem() -> None:
    synonyms = Synonyms([["rat", "rodent"], ["relapse", "go back to using"]])
    assert synonyms.apply("do rodents huddle") == "do rat huddle"
    assert synonyms.apply("why do people go back to using") == "why do people relapse"
    assert synonyms.apply("went back to using") == "relapse"  # "went" is a form of "go"
    assert synonyms.apply("back to using") == "back to using"  # a phrase is matched whole
    assert synonyms.apply("what about cats") == "what about cats"


def test_synonyms_prefer_the_longest_phrase() -> None:
    synonyms = Synonyms([["social connection", "friendship"], ["connection", "link"]])
    assert synonyms.apply("social connection and friendship") == (
        "social connection and social connection"
    )
    assert synonyms.apply("a link") == "a connection"


_BUNDLED_SYNONYMS = load_knowledge().synonyms
_SYNONYM_WORDS = st.sampled_from(
    sorted({w for e in _BUNDLED_SYNONYMS.entries() for w in normalise(e).split()} | {"the", "x"})
)


@given(st.lists(_SYNONYM_WORDS, max_size=12).map(" ".join))
def test_bundled_synonyms_are_idempotent(text: str) -> None:
    once = _BUNDLED_SYNONYMS.apply(text)
    assert _BUNDLED_SYNONYMS.apply(once) == once


def test_a_title_or_an_initial_does_not_end_a_sentence() -> None:
    assert sentences("Was it written by Dr. Marco Venniro?") == [
        ("Was it written by Dr Marco Venniro", True)
    ]
    assert [asks for _, asks in sentences("Tristen K. Inagaki wrote it. Who is she?")] == [
        False,
        True,
    ]
    assert len(sentences("so did I. Then we left")) == 2
    assert len(sentences("I got an A. What does the paper say?")) == 2
