"""Loading and validating knowledge bases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from qa_bot import KnowledgeError, load_bot, load_knowledge
from qa_bot.errors import KnowledgeProblem
from qa_bot.knowledge import MAX_PROBLEMS_PER_FILE, document_words, load_sources
from qa_bot.text import squash_whitespace
from tests.conftest import DATA, SHARED_SOURCES


def test_tiny_valid_base_loads_into_sources_passages_and_pairs() -> None:
    kb = load_knowledge(DATA / "valid")
    assert list(kb.sources) == ["tiny-doc"]
    assert list(kb.passages) == ["tiny-doc#p1", "tiny-doc#p2"]
    assert list(kb.pairs) == ["rats-huddle", "reader-cats"]
    assert kb.passages["tiny-doc#p2"].public_comment
    assert kb.pairs["rats-huddle"].related == ("reader-cats",)
    assert kb.uncited_passages() == []


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (
            "bad-quote",
            "pairs/facts.yaml:11: entry 'rats-huddle', field 'quote': "
            "quote does not occur verbatim in passage 'tiny-doc#p1'; the closest span is "
            '"Rats that live together huddle for warmth.", and they first differ at character 36: '
            'the quote has "comfort." where the passage has "warmth."',
        ),
        (
            "missing-passage",
            "pairs/facts.yaml:20: entry 'reader-cats', field 'passage': "
            "cites passage 'tiny-doc#p9', which does not exist",
        ),
        (
            "duplicate-id",
            "pairs/facts.yaml:12: entry 'rats-huddle', field 'id': duplicate pair id",
        ),
        (
            "unknown-key",
            "pairs/facts.yaml:15: entry 'reader-cats', field 'answr': "
            "unknown key (did you mean 'answer'?)",
        ),
        (
            "yaml-syntax",
            # libyaml (the C loader, used when the installed PyYAML has it) words it its way.
            "pairs/facts.yaml:18: invalid YAML: did not find expected key"
            if yaml.__with_libyaml__
            else "pairs/facts.yaml:18: invalid YAML: expected <block end>, but found '-'",
        ),
    ],
)
def test_each_broken_base_names_file_line_entry_and_field(base: str, message: str) -> None:
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(DATA / base)
    assert str(raised.value) == f"{DATA / base}/{message}"


def _copy_valid(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(DATA / "valid", target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_answer_citing_a_reader_comment_must_say_so(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "A reader's comment, not the author, says", "The text says")
    with pytest.raises(KnowledgeError, match="so the answer must say it is a comment"):
        load_knowledge(kb)


def test_related_pair_must_exist(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "related: [reader-cats]", "related: [no-such-pair]")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(kb)
    assert str(raised.value).endswith(
        "facts.yaml:12: entry 'rats-huddle', field 'related': "
        "related pair 'no-such-pair' does not exist"
    )


def test_because_pairs_load_and_must_exist(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "related: [reader-cats]", "because: [reader-cats]")
    assert load_knowledge(kb).pairs["rats-huddle"].because == ("reader-cats",)
    _edit(kb / "pairs/facts.yaml", "because: [reader-cats]", "because: [no-such-pair]")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(kb)
    assert str(raised.value).endswith(
        "facts.yaml:12: entry 'rats-huddle', field 'because': "
        "because pair 'no-such-pair' does not exist"
    )


def test_empty_question_is_rejected(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "      - rats huddling\n", "      - '  '\n")
    with pytest.raises(KnowledgeError, match="field 'questions': question 3 must be non-empty"):
        load_knowledge(kb)


def test_empty_answer_is_rejected(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(
        kb / "pairs/facts.yaml",
        "answer: The tiny document says rats that live together huddle for warmth.",
        'answer: ""',
    )
    with pytest.raises(KnowledgeError, match="field 'answer': must not be empty"):
        load_knowledge(kb)


def test_unknown_key_in_sources_is_rejected(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(
        kb / "sources.yaml", "    kind: test fixture\n", "    kind: test fixture\n    year: 2024\n"
    )
    with pytest.raises(KnowledgeError, match=r"sources.yaml:8: entry 'tiny-doc', field 'year'"):
        load_knowledge(kb)


def test_wrong_type_is_rejected(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "    topic: Animals\n", "    topic: [Animals]\n")
    with pytest.raises(KnowledgeError, match="entry 'rats-huddle', field 'topic': must be text"):
        load_knowledge(kb)


def test_invalid_utf8_is_one_clear_error(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "pairs/facts.yaml").write_bytes(b"pairs:\n  - id: caf\xe9\n")
    with pytest.raises(KnowledgeError, match=r"facts.yaml: not valid UTF-8 \(byte 18\)"):
        load_knowledge(kb)


def test_python_tags_are_refused_not_executed(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "pairs/facts.yaml").write_text(
        "pairs: !!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8"
    )
    with pytest.raises(KnowledgeError, match=r"facts\.yaml:1: invalid YAML"):
        load_knowledge(kb)
    assert not Path("pwned").exists()


def test_missing_directory_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not a knowledge base directory"):
        load_knowledge(tmp_path / "nowhere")


def test_directory_without_pairs_is_one_clear_error(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    shutil.rmtree(kb / "pairs")
    with pytest.raises(KnowledgeError, match=r"no question/answer files in pairs/"):
        load_knowledge(kb)


# --- the bundled knowledge base -------------------------------------------------------------


def test_bundled_base_has_both_documents_with_full_details() -> None:
    kb = load_knowledge()
    assert list(kb.sources) == ["opioids-social-connection", "nida-social-connections"]
    inagaki = kb.sources["opioids-social-connection"]
    assert "Current Directions in Psychological Science" in inagaki.reference
    assert "27(2), 85–90" in inagaki.reference
    nida = kb.sources["nida-social-connections"]
    assert "NIDA Blog Team" in nida.author
    assert "Marco Venniro" in nida.author


def test_bundled_base_cites_every_passage() -> None:
    assert load_knowledge().uncited_passages() == []


def test_bundled_base_has_enough_pairs_each_with_five_or_more_wordings() -> None:
    kb = load_knowledge()
    assert len(kb.pairs) >= 60
    thin = [p.id for p in kb.pairs.values() if len(p.questions) < 5]
    assert thin == []


def test_bundled_reader_comment_is_marked_public_and_clutter_is_left_out() -> None:
    kb = load_knowledge()
    comments = [p.id for p in kb.passages.values() if p.public_comment]
    assert comments == ["nida-social-connections#p13", "nida-social-connections#p14"]
    everything = " ".join(p.text for p in kb.passages.values())
    for clutter in ("COVID-19", "Add new comment", "automated spam", "Current state: Approved"):
        assert clutter not in everything


@pytest.mark.skipif(
    not SHARED_SOURCES.is_dir(), reason="the shared source documents are not beside the repository"
)
def test_bundled_passages_are_verbatim_from_the_source_documents() -> None:
    documents = {
        "opioids-social-connection": SHARED_SOURCES / "000_30f1565f48d71503.txt",
        "nida-social-connections": SHARED_SOURCES / "004_0ebded8306efce25.txt",
    }
    kb = load_knowledge()
    for source_id, path in documents.items():
        # Lines of the document, bullets stripped, joined the way passages are.
        lines = [line.strip().lstrip("•").strip() for line in path.read_text("utf-8").splitlines()]
        document = squash_whitespace(" ".join(lines))
        for passage in kb.sources[source_id].passages:
            assert passage.text in document, passage.id


def test_synonyms_file_is_optional_and_folds_words_for_matching(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    assert len(load_knowledge(kb).synonyms) == 0
    assert load_bot(kb).search("rodents") == []
    (kb / "synonyms.yaml").write_text("synonyms:\n  - [rat, rodent]\n", encoding="utf-8")
    knowledge = load_knowledge(kb)
    assert knowledge.synonyms.canonical("rodents") == "rat"
    # Both pairs that speak of rats, found by a word neither uses.
    assert {m.pair_id for m in load_bot(kb).search("rodents")} == {"rats-huddle", "reader-cats"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("synonyms:\n  - [rat]\n", "synonyms.yaml:2: group 1 must be a list of two or more"),
        ("synonyms:\n  - [rat, the]\n", "synonyms.yaml:2: group 1: 'the' has no content words"),
        (
            "synonyms:\n  - [rat, rodent]\n  - [mouse, rodents]\n",
            "synonyms.yaml:3: group 2: 'rodents' is the same as 'rodent' (group 1) once stemmed",
        ),
        ("words:\n  - [rat, rodent]\n", "synonyms.yaml:1: the file must hold a single top-level"),
    ],
)
def test_broken_synonyms_file_is_one_clear_error(
    tmp_path: Path, content: str, message: str
) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "synonyms.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(kb)
    assert message in str(raised.value)


def test_bundled_synonyms_include_the_documents_key_words() -> None:
    synonyms = load_knowledge().synonyms
    assert synonyms.canonical("opiates") == "opioid"
    assert synonyms.canonical("rodents") == "rat"
    assert synonyms.canonical("cuddling") == "huddling"
    assert synonyms.canonical("friendship") == "social connection"


def test_a_passage_remembers_where_the_sources_lines_begin() -> None:
    """Its text runs the lines of the source together (quotes are checked against it); where each
    line began is kept, so a quote that spans two is cut back into them."""
    passage = load_knowledge().passages["nida-social-connections#p1"]
    assert passage.text == (
        "Drugs & Health Blog Addiction and the Importance of Social Connections "
        "Illustration by Dr. Marco Venniro, NIDA IRP The NIDA Blog Team"
    )
    assert [passage.text[at:].split(" ")[0] for at in passage.line_starts] == [
        "Addiction",
        "Illustration",
        "The",
    ]
    assert passage.lines_of("Illustration by Dr. Marco Venniro, NIDA IRP The NIDA Blog Team") == (
        "Illustration by Dr. Marco Venniro, NIDA IRP",
        "The NIDA Blog Team",
    )
    assert passage.lines_of("Health Blog Addiction and the Importance") == (
        "Health Blog",
        "Addiction and the Importance",
    )
    assert passage.lines_of("The NIDA Blog Team") == ("The NIDA Blog Team",)


def test_a_folded_passage_is_one_line() -> None:
    passage = load_knowledge(DATA / "valid").passages["tiny-doc#p1"]
    assert passage.line_starts == ()
    assert passage.lines_of("Rats that live together huddle for warmth. Huddling") == (
        "Rats that live together huddle for warmth. Huddling",
    )


def test_load_sources_reads_only_the_documents() -> None:
    sources = load_sources(DATA / "three-documents")
    assert [s.title for s in sources.values()] == [
        "The Alpha Note",
        "The Beta Note",
        "The Gamma Note",
    ]
    with pytest.raises(KnowledgeError, match=r"sources\.yaml"):
        load_sources(DATA / "nowhere")


def test_load_sources_reports_a_broken_sources_file(tmp_path: Path) -> None:
    shutil.copytree(DATA / "three-documents", tmp_path / "kb")
    sources = tmp_path / "kb" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    with pytest.raises(KnowledgeError, match="titel"):
        load_sources(tmp_path / "kb")


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (1, {"documents": "the document", "these": "this document", "them": "it"}),
        (2, {"documents": "two documents", "these": "these documents", "them": "them"}),
        (3, {"documents": "three documents", "these": "these documents", "them": "them"}),
        (12, {"documents": "12 documents", "these": "these documents", "them": "them"}),
    ],
)
def test_document_words_count_the_documents(count: int, words: dict[str, str]) -> None:
    assert document_words(count) == words


# --- every error of a run -------------------------------------------------------------------


def _load_error(kb: Path) -> KnowledgeError:
    """The error that loading the knowledge base in `kb` raises."""
    with pytest.raises(KnowledgeError) as raised:
        load_knowledge(kb)
    return raised.value


MANY_ERRORS = [
    "pairs/facts.yaml:7: entry 'rats-huddle', field 'questions': question 3 must be non-empty "
    'text, but YAML reads no as false: put it in quotes ("no")',
    "pairs/facts.yaml:11: entry 'rats-huddle', field 'quote': quote does not occur verbatim in "
    "passage 'tiny-doc#p1'; the closest span is \"Rats that live together huddle for warmth.\", "
    'and they first differ at character 36: the quote has "comfort." where the passage has '
    '"warmth."',
    "pairs/facts.yaml:12: entry 'rats-huddle', field 'related': "
    "related pair 'no-such-pair' does not exist",
    "pairs/facts.yaml:18: entry 'reader-cats', field 'answr': unknown key (did you mean 'answer'?)",
    "pairs/more.yml:6: entry 'rats-warmth', field 'questions': question 2 must be non-empty "
    'text, but YAML reads 2018 as a number: put it in quotes ("2018")',
    "synonyms.yaml:3: field 'synonyms': duplicate key 'synonyms': it is given on line 1 too, and "
    "YAML would keep only this one",
]


def test_every_error_of_a_run_is_reported_in_file_and_line_order() -> None:
    """Several files, several entries: one load finds them all (and never reads the backup
    file `facts.yaml~` beside them)."""
    assert [str(problem) for problem in _load_error(DATA / "many-errors").problems] == [
        f"{DATA / 'many-errors'}/{message}" for message in MANY_ERRORS
    ]


def test_an_error_of_several_is_one_line_naming_the_first_and_the_count() -> None:
    error = _load_error(DATA / "many-errors")
    assert str(error) == (
        f"{DATA / 'many-errors'}/{MANY_ERRORS[0]} "
        "(and 5 more errors: `qa-bot check` lists them all)"
    )
    assert (error.file, error.line, error.entry, error.field) == (
        str(DATA / "many-errors/pairs/facts.yaml"),
        7,
        "rats-huddle",
        "questions",
    )


def test_each_problem_is_data_with_file_line_entry_field_and_message() -> None:
    problem = _load_error(DATA / "many-errors").problems[2]
    assert problem == KnowledgeProblem(
        "related pair 'no-such-pair' does not exist",
        file=str(DATA / "many-errors/pairs/facts.yaml"),
        line=12,
        entry="rats-huddle",
        field="related",
    )
    assert problem.to_dict() == {
        "file": str(DATA / "many-errors/pairs/facts.yaml"),
        "line": 12,
        "entry": "rats-huddle",
        "field": "related",
        "message": "related pair 'no-such-pair' does not exist",
    }


def test_several_wrong_fields_of_one_pair_are_each_reported(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "    topic: Animals\n", "    topic: [Animals]\n    gap: maybe\n")
    _edit(kb / "pairs/facts.yaml", "answer: The tiny document", "answr: The tiny document")
    assert [(p.line, p.field, p.message) for p in _load_error(kb).problems] == [
        (2, "answer", "missing"),
        (3, "topic", "must be text"),
        (4, "gap", "must be true or false"),
        (9, "answr", "unknown key (did you mean 'answer'?)"),
    ]  # fmt: skip


def test_a_broken_entry_is_not_reported_again_where_it_is_used(tmp_path: Path) -> None:
    """A pair with a wrong field still exists for `related`; a source with one still has its
    passages for citations: one mistake, one error."""
    kb = _copy_valid(tmp_path)
    _edit(kb / "sources.yaml", "    title: A Tiny Document\n", "")
    _edit(kb / "pairs/facts.yaml", "    topic: Comments\n", "")
    assert [(p.entry, p.field, p.message) for p in _load_error(kb).problems] == [
        ("tiny-doc", "title", "missing"),
        ("reader-cats", "topic", "missing"),
    ]


def test_a_source_file_that_cannot_be_read_leaves_citations_unchecked(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "sources.yaml").write_text("sources: [", encoding="utf-8")
    _edit(kb / "pairs/facts.yaml", "    topic: Comments\n", "")
    assert [(Path(p.file or "").name, p.field) for p in _load_error(kb).problems] == [
        ("sources.yaml", None),
        ("facts.yaml", "topic"),
    ]


@pytest.mark.parametrize(
    ("written", "read_as"),
    [
        ("no", 'no as false: put it in quotes ("no")'),
        ("Yes", 'Yes as true: put it in quotes ("Yes")'),
        ("2018", '2018 as a number: put it in quotes ("2018")'),
        ("1.5", '1.5 as a number: put it in quotes ("1.5")'),
        ("2018-02-01", '2018-02-01 as a date: put it in quotes ("2018-02-01")'),
    ],
)
def test_a_wording_yaml_reads_as_another_type_says_so_and_suggests_quotes(
    tmp_path: Path, written: str, read_as: str
) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "      - rats huddling\n", f"      - {written}\n")
    assert str(_load_error(kb)).endswith(
        "facts.yaml:7: entry 'rats-huddle', field 'questions': question 3 must be non-empty text, "
        f"but YAML reads {read_as}"
    )


def test_an_answer_yaml_reads_as_a_number_says_so(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(
        kb / "pairs/facts.yaml",
        "answer: The tiny document says rats that live together huddle for warmth.",
        "answer: 42",
    )
    assert str(_load_error(kb)).endswith(
        "field 'answer': must be text, but YAML reads 42 as a number: put it in quotes (\"42\")"
    )


def test_a_quote_with_a_straight_quote_for_a_curly_one_shows_both_characters(
    tmp_path: Path,
) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "sources.yaml", "Rats that live together huddle", "Rats that live together “huddle”")
    _edit(
        kb / "pairs/facts.yaml",
        "quote: Rats that live together huddle for warmth.",
        "quote: 'Rats that live together \"huddle\" for warmth.'",
    )
    assert _load_error(kb).reason == (
        "quote does not occur verbatim in passage 'tiny-doc#p1'; the closest span is "
        '"Rats that live together “huddle” for warmth.", and they first differ at character 25: '
        "the quote has '\"huddle\" for warmth.' (U+0022) where the passage has "
        '"“huddle” for warmth." (U+201C)'
    )


def test_a_quote_nothing_like_the_passage_says_so(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "quote: I think cats are better than rats.", "quote: zebras")
    assert _load_error(kb).reason == (
        "quote does not occur verbatim in passage 'tiny-doc#p2', "
        "and no part of the passage is close to it"
    )


def test_a_key_given_twice_is_an_error_not_a_silent_replacement(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    _edit(kb / "pairs/facts.yaml", "    topic: Animals\n", "    topic: Animals\n    topic: Rats\n")
    assert str(_load_error(kb)).endswith(
        "facts.yaml:4: entry 'rats-huddle', field 'topic': duplicate key 'topic': it is given on "
        "line 3 too, and YAML would keep only this one"
    )


def test_pairs_are_read_from_yml_files_too_and_editor_files_are_ignored(tmp_path: Path) -> None:
    kb = _copy_valid(tmp_path)
    pairs = kb / "pairs"
    (pairs / "facts.yaml").rename(pairs / "facts.yml")
    # What editors leave beside a file: an emacs lock (a symlink that leads nowhere), backups
    # and autosaves, a vim swap file, and a hidden file.
    (pairs / ".#facts.yml").symlink_to("someone@host.1234:1700000000")
    for name in ("facts.yml~", "#facts.yml#", ".facts.yml.swp", ".hidden.yaml", "~facts.yaml"):
        (pairs / name).write_text("pairs: [not read\n", encoding="utf-8")
    loaded = load_knowledge(kb)
    assert list(loaded.pairs) == ["rats-huddle", "reader-cats"]
    assert [path.name for path in loaded.files] == ["sources.yaml", "facts.yml"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("pairs: " + "[" * 1000 + "]" * 1000 + "\n", "invalid YAML: "),
        ("".join("  " * depth + f"k{depth}:\n" for depth in range(1000)), "invalid YAML: "),
        ("pairs:\n  - id: a\n    questions: [" + "9" * 5000 + "]\n", "invalid YAML: cannot read"),
        ("pairs:\n  - id: a\n    answer: 2018-13-45\n", "invalid YAML: cannot read a value"),
        ("pairs:\n  - ? [a]\n    : 1\n", "invalid YAML: found unhashable key"),
        ("pairs:\x00\n", "invalid YAML: "),
        ("", "the file must hold a single top-level key 'pairs'"),
    ],
)
def test_a_pathological_pairs_file_is_one_line_never_a_traceback(
    tmp_path: Path, content: str, reason: str
) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "pairs/facts.yaml").write_text(content, encoding="utf-8")
    error = _load_error(kb)
    assert "\n" not in str(error)
    assert error.reason.startswith(reason)


def test_a_file_of_a_hundred_thousand_broken_entries_lists_the_first_few_hundred(
    tmp_path: Path,
) -> None:
    kb = _copy_valid(tmp_path)
    (kb / "pairs/facts.yaml").write_text("pairs: [" + "a, " * 100_000 + "]\n", encoding="utf-8")
    problems = _load_error(kb).problems
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[0].message == "each pair must be a mapping of fields"
    assert problems[-1].message == (
        f"and {100_000 - MAX_PROBLEMS_PER_FILE} more problems in this file, not listed"
    )


def test_a_pairs_file_that_cannot_be_read_does_not_make_the_pairs_it_holds_missing(
    tmp_path: Path,
) -> None:
    """`related: [reader-cats]` in one file names a pair of another file that YAML cannot read:
    the unreadable file is the one error."""
    kb = _copy_valid(tmp_path)
    facts = (kb / "pairs/facts.yaml").read_text(encoding="utf-8")
    split = facts.index("  - id: reader-cats")
    (kb / "pairs/facts.yaml").write_text(facts[:split], encoding="utf-8")
    (kb / "pairs/more.yaml").write_text("pairs:\n" + facts[split:] + "  - [unclosed\n")
    (problem,) = _load_error(kb).problems
    assert problem.file == str(kb / "pairs/more.yaml")
    assert problem.message.startswith("invalid YAML")


def test_a_quote_that_is_not_verbatim_is_shown_where_it_first_differs_from_the_passage() -> None:
    """An author typed " - " for the source's "—": the span starts at the quote's first word
    (not at "people—" before it), so the difference is shown at the dash, not at character 1."""
    from qa_bot.knowledge import _not_verbatim

    passage = load_knowledge().passages["nida-social-connections#p8"]
    message = _not_verbatim(
        "including others who are recovering from the same disorders - seems to help", passage
    )
    assert message.endswith(
        'the closest span is "including others who are recovering from the same disorders—seems '
        'to help", and they first differ at character 60: the quote has " - seems to help" '
        'where the passage has "—seems to help" (U+2014)'
    )


def test_an_unknown_key_like_no_allowed_one_lists_those_allowed(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    facts = kb / "pairs" / "facts.yaml"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace("    topic: Animals\n", "    colour: blue\n"),
        encoding="utf-8",
    )
    messages = [problem.message for problem in _load_error(kb).problems]
    assert (
        "unknown key (allowed: answer, answers, because, citations, gap, help, id, questions, "
        "related, topic)"
    ) in messages
