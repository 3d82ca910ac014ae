"""The safety screen's data (concepts, warning signs, the learned model) and how it is read."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from qa_bot.errors import SafetyDataError
from qa_bot.safety import Screen, bundled_screen
from qa_bot.safety.lexicon import Lexicon
from qa_bot.safety.screen import DATA_DIR
from qa_bot.safety.signs import WarningSign, fired
from qa_bot.text import normalise

EVAL_DIR = Path(__file__).parent / "eval"


@pytest.fixture(scope="module")
def train_screen() -> ModuleType:
    """tests/eval/train_screen.py, which imports its sibling scripts as top-level modules."""
    if str(EVAL_DIR) not in sys.path:
        sys.path.insert(0, str(EVAL_DIR))
    return importlib.import_module("train_screen")


def test_the_model_was_trained_on_the_corpus_as_it_is_now(train_screen: ModuleType) -> None:
    model = json.loads((DATA_DIR / "model.json").read_text())
    assert model["corpus"] == train_screen.digest(), (
        "the corpus, the lexicon or the signs changed: run tests/eval/train_screen.py"
    )


def test_no_held_out_message_is_in_the_training_corpus(train_screen: ModuleType) -> None:
    from safety_eval import load

    held_out = {normalise(case.message) for case in load(EVAL_DIR / "safety_held_out.yaml")}
    trained = {normalise(example.text) for example in train_screen.examples()}
    assert held_out and not held_out & trained


def test_every_trigger_sign_is_shown_by_almost_no_ordinary_message(
    train_screen: ModuleType,
) -> None:
    screen = bundled_screen()
    ordinary = [e.text for e in train_screen.examples() if e.category is None]
    shown: dict[str, list[str]] = {s.name: [] for s in screen.signs if s.trigger}
    for text in ordinary:
        for sign in screen.read(text).signs:
            if sign.trigger:
                shown[sign.name].append(text)
    assert len(ordinary) > 10_000
    for name, texts in shown.items():
        assert len(texts) <= len(ordinary) / 1000, (name, texts)


def test_concepts_match_words_phrases_and_prefixes_skipping_fillers() -> None:
    lexicon = Lexicon({"access": ["dealer", "my guy", "stash*"], "burden": ["no one would notice"]})
    assert lexicon.concepts("texted my guy and my dealer") == {"access": 2}
    assert lexicon.concepts("stashed it") == {"access": 1}
    assert lexicon.concepts("no one would really notice") == {"burden": 1}
    assert lexicon.concepts("guy my") == {}


@pytest.mark.parametrize("entry", ["ab*", "two words*", "   "])
def test_a_malformed_lexicon_entry_is_refused(entry: str) -> None:
    with pytest.raises(ValueError, match="entry"):
        Lexicon({"access": [entry]})


def test_a_sign_needs_a_concept_of_every_group_in_one_sentence() -> None:
    sign = WarningSign("giving away", "crisis", (("give_away",), ("possession",)), True, "AFSP")
    assert fired([sign], [({"give_away": 1, "possession": 1}, False)]) == [sign]
    assert fired([sign], [({"give_away": 1}, False), ({"possession": 1}, False)]) == []


def test_a_sign_is_ruled_out_by_its_unless_concepts_in_the_sentence_or_a_question_beside_it() -> (
    None
):
    sign = WarningSign("suicide", "crisis", (("explicit",),), True, "988", unless=("document",))
    question_about_the_text = [({"document": 1}, True), ({"explicit": 1}, False)]
    statement_about_the_text = [({"document": 1}, False), ({"explicit": 1}, False)]
    assert fired([sign], [({"explicit": 1, "document": 1}, False)]) == []
    assert fired([sign], question_about_the_text) == []
    assert fired([sign], statement_about_the_text) == [sign]


def test_a_sign_naming_an_unknown_concept_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lexicon.yaml").write_text("self: [i, me]\n")
    (tmp_path / "signs.yaml").write_text(
        "- name: being a burden\n  category: crisis\n  all: [[burdne], [self]]\n  source: AFSP\n"
    )
    with pytest.raises(
        SafetyDataError, match=r"sign 1 \('being a burden'\) names unknown concepts burdne"
    ):
        Screen.load(tmp_path, model=False)


def test_a_sign_with_an_unknown_category_is_refused(tmp_path: Path) -> None:
    (tmp_path / "lexicon.yaml").write_text("self: [i, me]\n")
    (tmp_path / "signs.yaml").write_text(
        "- name: oops\n  category: panic\n  all: [[self]]\n  source: nowhere\n"
    )
    with pytest.raises(SafetyDataError, match="unknown category 'panic'"):
        Screen.load(tmp_path, model=False)


def test_a_screen_without_its_model_still_hears_the_trigger_signs() -> None:
    screen = Screen.load(model=False)
    concern = screen.check("my brother isn't breathing")
    assert concern is not None and concern.category == "emergency"
    assert screen.check("he seems a bit down") is None


def test_a_concern_says_what_the_screen_saw() -> None:
    concern = bundled_screen().check("90 days clean and picking up tonight, alone")
    assert concern is not None
    assert concern.to_dict() == {
        "category": concern.category,
        "signal": concern.signal,
        "certain": True,
    }
    assert concern.signal
