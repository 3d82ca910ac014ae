"""Text normalisation: one pure, idempotent function."""

from hypothesis import given, settings
from hypothesis import strategies as st

from qa_bot.text import normalise, squash_whitespace, stem, terms


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


def test_stem_brings_word_forms_together() -> None:
    assert stem("connectedness") == stem("connections") == stem("connect")
    assert stem("relapsed") == stem("relapsing") == stem("relapse")
    assert stem("opioids") == stem("opioid")
    assert stem("families") == stem("family")
    assert stem("socialise") == stem("socializing")


def test_terms_drop_stopwords_but_keep_question_words() -> None:
    assert terms(normalise("Who wrote the paper?")) == ["who", stem("wrote"), stem("paper")]


def test_squash_whitespace_keeps_case_and_punctuation() -> None:
    assert squash_whitespace("Tristen K.\u00a0Inagaki\n at") == "Tristen K. Inagaki at"
