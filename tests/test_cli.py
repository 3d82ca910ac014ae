"""The command line, through `main([...])` and through a real subprocess."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qa_bot import __version__
from qa_bot.checking import WARNING_KINDS
from qa_bot.cli import main
from tests.conftest import DATA

JSON_FIELDS = [
    "question",
    "status",
    "answer",
    "confidence",
    "citations",
    "matched",
    "suggestions",
    "reason",
    "considered",
    "notice",
    "safety",
    "help",
]
CITATION_FIELDS = ["source", "title", "author", "passage", "quote", "public_comment"]


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_ask_prints_the_answer_then_numbered_quoted_citations(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "do animals huddling prove anything?"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "huddling" in out.lower()
    assert (
        '[1] Inagaki (2018) summary, p2: "In animal research, social behaviors like “huddling”'
        in out
    )


def test_ask_json_has_exactly_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "who wrote the paper?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert list(answer) == JSON_FIELDS
    assert answer["question"] == "who wrote the paper?"
    assert answer["status"] == "answered"
    assert 0 < answer["confidence"] <= 1
    assert answer["citations"]
    for citation in answer["citations"]:
        assert list(citation) == CITATION_FIELDS
    assert answer["citations"][0]["source"] == "opioids-social-connection"
    assert "Inagaki" in answer["answer"]


def test_ask_off_topic_exits_1_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "what is the capital of France?"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "no_match"
    assert answer["citations"] == []
    assert 2 <= len(answer["suggestions"]) <= 3


def test_ask_words_without_quotes_form_one_question(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "who", "wrote", "the", "paper"]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == "who wrote the paper"


def test_ask_reads_one_question_per_line_from_stdin_as_json_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "who wrote the paper?\nwhat did the rats choose?\n")
    assert main(["ask", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [list(record) for record in records] == [["line", *JSON_FIELDS]] * 2
    assert [(r["line"], r["question"]) for r in records] == [
        (1, "who wrote the paper?"),
        (2, "what did the rats choose?"),
    ]


def test_batch_json_gives_a_blank_line_its_own_empty_record(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Line N of the input is record N of the output; blank lines fail no batch."""
    _stdin(monkeypatch, "who wrote the paper?\n\n  \t \nwhat did the rats choose?")
    assert main(["ask", "--json"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["line"], r["question"], r["status"]) for r in records] == [
        (1, "who wrote the paper?", "answered"),
        (2, "", "empty"),
        (3, "", "empty"),
        (4, "what did the rats choose?", "answered"),
    ]


def test_batch_plain_output_keeps_one_record_per_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "who wrote the paper?\n\nwhat did the rats choose?\n")
    assert main(["ask"]) == 0
    out = capsys.readouterr().out
    echoed = [line for line in out.splitlines() if line.startswith(">")]
    assert echoed == ["> who wrote the paper?", ">", "> what did the rats choose?"]
    assert "\n>\n(a blank line: nothing to answer)\n\n> what did the rats choose?\n" in out


def test_batch_line_of_no_words_is_a_question_not_answered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "who wrote the paper?\n?!\n")
    assert main(["ask", "--json"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert (records[1]["line"], records[1]["question"], records[1]["status"]) == (2, "?!", "empty")


def test_batch_record_keeps_a_long_question_whole_and_says_it_matched_its_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "I pasted my class notes here. " * 100 + "Do animals huddling prove anything?"
    _stdin(monkeypatch, question + "\n")
    assert main(["ask", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["question"] == question
    assert record["notice"] == (
        "Your message was long: only its last 1,000 characters were used to find an answer."
    )
    assert record["matched"]["id"] == "huddling-may-support-theory"


def test_batch_exits_1_when_any_question_is_not_answered(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "who wrote the paper?\nbest pizza in town?\n")
    assert main(["ask"]) == 1
    out = capsys.readouterr().out
    assert "> who wrote the paper?" in out
    assert "> best pizza in town?" in out


def test_check_prints_counts_and_full_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--knowledge", str(DATA / "valid")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:3] == [
        f"Knowledge base OK: {DATA / 'valid'}",
        "  1 sources, 2 passages, 2 pairs (0 known gaps), 5 question wordings, 0 synonym entries",
        "  passage coverage: 2/2 (100%)",
    ]
    assert re.fullmatch(r"Safety screen OK: \d+ concepts, \d+ warning signs .*", lines[3])


def test_check_lists_uncited_passages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    facts = kb / "pairs" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text[: text.index("  - id: reader-cats")].replace("    related: [reader-cats]\n", "")
    )
    assert main(["check", "--knowledge", str(kb)]) == 0
    out = capsys.readouterr().out
    assert "passage coverage: 1/2 (50%)" in out
    assert "    not cited by any pair: tiny-doc#p2\n" in out


def test_check_prints_every_error_then_how_many_and_exits_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.test_knowledge import MANY_ERRORS

    assert main(["check", "--knowledge", str(DATA / "many-errors")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        *(f"Error: {DATA / 'many-errors'}/{message}" for message in MANY_ERRORS),
        "6 errors; warnings are checked once they are fixed.",
    ]


def test_check_of_a_pairs_file_nested_a_thousand_deep_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    (kb / "pairs" / "deep.yaml").write_text("pairs: " + "[" * 1000 + "]" * 1000, encoding="utf-8")
    assert main(["check", "--knowledge", str(kb)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"Error: {kb}/pairs/deep.yaml")
    assert "invalid YAML" in err
    assert err.count("\n") == 1


def test_ask_with_a_base_of_several_errors_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--knowledge", str(DATA / "many-errors"), "why do rats huddle?"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.endswith("(and 5 more errors: `qa-bot check` lists them all)\n")


def test_check_prints_warnings_after_the_counts_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--knowledge", str(DATA / "valid")]) == 0
    assert capsys.readouterr().out.splitlines()[4:] == [
        "Warnings: 3",
        "  pairs with fewer than 8 wordings, too few to be found: 2",
        "    'rats-huddle' has 3 wordings: add the ways people would ask it",
        "    'reader-cats' has 2 wordings: add the ways people would ask it",
        "  passages and passage sentences no pair cites: 1",
        "    not cited by any pair: tiny-doc#p1, sentence 2 "
        "“Huddling may show a wish to be close.”",
    ]


def test_check_warns_of_wordings_that_are_alike_unreached_or_taken_by_the_safety_screen(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--knowledge", str(DATA / "warnings")]) == 0
    assert capsys.readouterr().out.splitlines()[4:] == [
        "Known gaps: 1, each a claim that the documents do not say something; edit it when a new "
        "document does:",
        "  huddle-time-gap: The documents don't say how long rats huddle",
        "Warnings: 4",
        "  wordings of different pairs that the matcher cannot tell apart: 1",
        "    'rats-huddle': “Why do rats huddle?”; 'huddle-time-gap': “rats huddle why”",
        "  wordings that do not reach their own pair: 2",
        "    'reader-cats', question 9 “thanks a lot” gets chitchat (small talk (thanks), not a "
        "question about the documents)",
        "    'huddle-time-gap', question 2 “rats huddle why” gets pair 'rats-huddle' "
        "(the best pair scored 0.95, at or over the answer threshold 0.48)",
        "  wordings the safety screen takes over: 1",
        "    'reader-cats', question 10 “should I stop my medication?” gets the safety reply "
        "(medical_advice)",
    ]


def test_check_strict_makes_warnings_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--strict", "--knowledge", str(DATA / "warnings")]) == 2
    assert capsys.readouterr().err == "Error: 4 warnings, which --strict counts as errors\n"
    assert main(["check", "--strict", "--knowledge", str(DATA / "no-warnings")]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == "No warnings."
    assert captured.err == ""


def test_check_shows_five_warnings_of_a_kind_unless_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(DATA / "no-warnings", kb)
    thin = "".join(
        f"  - id: thin-{number}\n    topic: Thin\n    questions: [what is thin thing {number}]\n"
        f"    answer: Thin.\n"
        f"    citations: [{{passage: tiny-doc#p1, quote: Rats that live together}}]\n"
        for number in range(1, 8)
    )
    (kb / "pairs" / "thin.yaml").write_text(f"pairs:\n{thin}", encoding="utf-8")
    assert main(["check", "--knowledge", str(kb)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("  pairs with fewer than 8 wordings, too few to be found: 7")
    assert out[start + 1 : start + 7] == [
        *(
            f"    'thin-{number}' has 1 wording: add the ways people would ask it"
            for number in range(1, 6)
        ),
        "    ... and 2 more",
    ]
    assert out[-1] == "  (qa-bot check --all lists every warning)"
    assert main(["check", "--all", "--knowledge", str(kb)]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index("  pairs with fewer than 8 wordings, too few to be found: 7")
    assert out[start + 7] == "    'thin-7' has 1 wording: add the ways people would ask it"
    assert "... and" not in "\n".join(out)


def test_check_of_the_bundled_base_lists_every_gap_and_a_few_warnings_of_each_kind(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from qa_bot import load_knowledge

    gaps = [pair for pair in load_knowledge().pairs.values() if pair.gap]
    assert main(["check"]) == 0
    out = capsys.readouterr().out.splitlines()
    start = out.index(
        f"Known gaps: {len(gaps)}, each a claim that the documents do not say something; edit it "
        "when a new document does:"
    )
    assert [line.split(":")[0].strip() for line in out[start + 1 : start + 1 + len(gaps)]] == [
        pair.id for pair in gaps
    ]
    # Under each kind's heading, at most five warnings, then how many more there are.
    headings = [
        i
        for i, line in enumerate(out)
        if line.startswith(tuple(f"  {heading}: " for heading in WARNING_KINDS.values()))
    ]
    assert len(headings) >= 3
    for at in headings:
        count = int(out[at].rsplit(": ", 1)[1])
        listed = list(itertools.takewhile(lambda line: line.startswith("    "), out[at + 1 :]))
        if count > 5:
            assert listed[5:] == [f"    ... and {count - 5} more"]
        else:
            assert len(listed) == count


@pytest.mark.parametrize(
    "base", ["bad-quote", "missing-passage", "duplicate-id", "unknown-key", "yaml-syntax"]
)
def test_broken_knowledge_is_one_line_error_and_exit_2(
    base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--knowledge", str(DATA / base)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"Error: {DATA / base}/pairs/facts.yaml:")
    assert captured.err.count("\n") == 1


def test_knowledge_option_works_on_ask_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--knowledge", str(DATA / "valid"), "why do rats huddle"]) == 0
    assert "huddle for warmth" in capsys.readouterr().out
    assert main(["--knowledge", str(DATA / "valid"), "ask", "why do rats huddle"]) == 0


def test_usage_error_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["frobnicate"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: argument COMMAND: invalid choice: 'frobnicate'")
    assert err.count("\n") == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out == f"qa-bot {__version__}\n"


def test_help_shows_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert 'qa-bot ask "do animals huddling prove anything?"' in out
    assert "not medical advice" in out


def test_help_names_the_documents_of_the_knowledge_base(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert (
        "Answers questions about two documents, quoting and citing the text:\n"
        "  “Social Connectedness and Opioids – What’s the relationship?” (Inagaki (2018) summary)\n"
        "  “Addiction and the Importance of Social Connections” (NIDA blog)\n"
    ) in out
    assert out.rstrip().endswith(
        "The answers come only from these documents and are not medical advice."
    )
    with pytest.raises(SystemExit):
        main(["--knowledge", str(DATA / "three-documents"), "--help"])
    out = capsys.readouterr().out
    assert "Answers questions about three documents, quoting and citing the text:\n" in out
    assert "  “The Gamma Note” (Gamma note)\n" in out
    with pytest.raises(SystemExit):
        main(["--knowledge", str(DATA / "valid"), "--help"])
    out = capsys.readouterr().out
    assert "Answers questions about the document, quoting and citing the text:\n" in out
    assert "The answers come only from this document and are not medical advice." in out


def test_help_with_a_folder_that_is_no_knowledge_base_still_helps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--knowledge", str(tmp_path / "nowhere"), "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "Answers questions about the documents of a knowledge base, quoting and citing" in out
    assert "two documents" not in out


def _eval_file(tmp_path: Path) -> Path:
    eval_file = tmp_path / "eval.yaml"
    eval_file.write_text(
        "tuning:\n"
        "  - {question: why do rats huddle, expect: rats-huddle, kind: in_scope, style: plain}\n"
        "  - {question: best pizza, expect: reader-cats, kind: in_scope, style: plain}\n"
        "held_out:\n"
        "  - {question: stock prices today, expect: no_match, kind: out_of_scope,"
        " style: off_topic}\n",
        encoding="utf-8",
    )
    return eval_file


def test_eval_prints_accuracy_by_kind_and_lists_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--knowledge", str(DATA / "valid"), str(_eval_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert "tuning:    1/2     50.0%" in out
    assert "  in_scope                 1/2     50.0%" in out
    assert "held_out:    1/1    100.0%" in out
    assert "errors: 0 answered wrongly, 1 abstained wrongly" in out
    assert "[tuning] abstained wrongly: 'best pizza'" in out


def test_eval_save_then_compare_shows_what_an_edit_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    eval_file, run = _eval_file(tmp_path), tmp_path / "run.json"
    assert (
        main(["eval", "--knowledge", str(DATA / "valid"), str(eval_file), "--save", str(run)]) == 0
    )
    assert "tuning:    1/2     50.0%" in capsys.readouterr().out
    assert json.loads(run.read_text(encoding="utf-8"))["results"][1] == {
        "split": "tuning",
        "question": "best pizza",
        "context": [],
        "expect": "reader-cats",
        "got": "no_match",
        "status": "no_match",
        "correct": False,
    }
    kb = tmp_path / "kb"
    shutil.copytree(DATA / "valid", kb)
    facts = kb / "pairs" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("      - cats or rats\n", "      - cats or rats\n      - best pizza\n")
    )
    assert main(["eval", "--knowledge", str(kb), str(eval_file), "--compare", str(run)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Since {run}: 1 fixed, 0 broken, 0 changed",
        "  fixed   [tuning] 'best pizza': expected reader-cats, was no_match, now reader-cats",
        "totals      before            after",
        "  tuning       1/2     50.0%     2/2    100.0%",
        "  held_out     1/1    100.0%     1/1    100.0%",
        "  all          2/3     66.7%     3/3    100.0%",
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "cannot read: No such file or directory"),
        ("[[[", "not a saved evaluation run (not JSON)"),
        ("[" * 100_000 + "]" * 100_000, "not a saved evaluation run (not JSON)"),
        ('{"results": []}', "not a saved evaluation run (see `qa-bot eval --save`)"),
        ('{"format": "qa-bot evaluation run"}', "a saved evaluation run, but without its results"),
        (
            '{"format": "qa-bot evaluation run", "results": [{"question": 1}]}',
            "result 1 is not an outcome "
            "(split, question, expect, got, status, correct and context)",
        ),
    ],
)
def test_eval_compare_with_a_file_that_is_not_a_run_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, reason: str
) -> None:
    run = tmp_path / "run.json"
    if content is not None:
        run.write_text(content, encoding="utf-8")
    argv = ["eval", "--knowledge", str(DATA / "valid"), str(_eval_file(tmp_path))]
    assert main([*argv, "--compare", str(run)]) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"Error: {run}: {reason}\n")


@pytest.mark.parametrize(
    ("where", "reason"),
    [("missing/run.json", "no folder '{tmp}/missing'"), (".", "it is a folder")],
)
def test_eval_save_to_a_path_that_cannot_be_written_fails_before_the_run(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    reason: str,
) -> None:
    """A mistyped folder costs no evaluation run (minutes on the bundled file)."""
    target = tmp_path / where
    argv = ["eval", "--knowledge", str(DATA / "valid"), str(_eval_file(tmp_path))]

    def run_started(*args: object) -> None:
        raise AssertionError("the evaluation ran")

    monkeypatch.setattr("qa_bot.evaluation.evaluate", run_started)
    assert main([*argv, "--save", str(target)]) == 2
    expected = reason.format(tmp=tmp_path)
    assert capsys.readouterr().err == f"Error: {target}: cannot write: {expected}\n"


def test_eval_rejects_unknown_pair_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    eval_file = tmp_path / "eval.yaml"
    eval_file.write_text(
        "tuning:\n  - {question: q, expect: nope, kind: in_scope, style: plain}\n", encoding="utf-8"
    )
    assert main(["eval", "--knowledge", str(DATA / "valid"), str(eval_file)]) == 2
    assert capsys.readouterr().err == (
        f"Error: {eval_file}: tuning #1: expects pair 'nope', which is not in the knowledge base\n"
    )


def test_eval_file_with_a_part_that_is_not_a_list_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eval_file = tmp_path / "eval.yaml"
    eval_file.write_text("tuning: 5\n", encoding="utf-8")
    assert main(["eval", str(eval_file)]) == 2
    assert capsys.readouterr().err == f"Error: {eval_file}: 'tuning' must be a list of questions\n"


def test_knowledge_path_that_is_a_file_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--knowledge", __file__]) == 2
    assert capsys.readouterr().err.endswith("not a knowledge base directory (it is a file)\n")


# --- a real process -------------------------------------------------------------------------


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "qa_bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_subprocess_ask_json_and_exit_codes() -> None:
    answered = _run("ask", "--json", "who wrote the paper?")
    assert answered.returncode == 0
    assert list(json.loads(answered.stdout)) == JSON_FIELDS
    declined = _run("ask", "--json", "what's the weather in Paris tomorrow?")
    assert declined.returncode == 1
    assert json.loads(declined.stdout)["status"] == "no_match"


def test_subprocess_knowledge_error_has_no_traceback() -> None:
    result = _run("check", "--knowledge", str(DATA / "bad-quote"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: ")


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_output_cut_short_by_the_reader_exits_quietly(command: str) -> None:
    questions = "who wrote the paper?\n" * 300
    shell = f"{sys.executable} -m qa_bot {command} | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell],
        input=questions, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout == "> who wrote the paper?\n"
    assert result.stderr == ""
    assert result.returncode == 0


def test_ask_does_not_import_prompt_toolkit() -> None:
    code = (
        "import sys; from qa_bot.cli import main; status = main(['ask', 'who wrote the paper?']); "
        "assert 'prompt_toolkit' not in sys.modules, 'prompt_toolkit imported'; sys.exit(status)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_ask_explain_shows_the_decision_and_the_scores(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "what is the brain opioid theory?"]) == 0
    out = capsys.readouterr().out
    answer, _, why = out.partition("\nWhy:\n")
    assert "[1] Inagaki (2018) summary" in answer
    assert "at or over the answer threshold 0.48" in why
    assert "brain-opioid-theory:" in why


def test_a_quote_counts_as_answered_for_the_exit_status(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["ask", "--knowledge", str(DATA / "valid"), "may huddling show a wish to be close?"]
    assert main(argv) == 0
    assert '[1] Tiny doc, p1: "Huddling may show a wish to be close."' in capsys.readouterr().out


PIPED_TRANSCRIPT = """\
> who wrote the paper?
The paper's author is Tristen K. Inagaki, at the University of Pittsburgh.

  [1] Inagaki (2018) summary, p1: "Author: Tristen K. Inagaki at the University
      of Pittsburgh"

You could also ask (type a number to ask it):
  1) Which university is the author from?
  2) Where can I find more of Inagaki's work?

> where does she work?
The summary lists the author, Tristen K. Inagaki, as being at the University of
Pittsburgh.

  [1] Inagaki (2018) summary, p1: "Author: Tristen K. Inagaki at the University
      of Pittsburgh"

You could also ask (type a number to ask it):
  1) How do I cite the Inagaki paper?

> /topcs
Unknown command /topcs. Did you mean /topics? Type /help to see the commands.

> quit
Goodbye.
"""


def test_piped_chat_is_one_plain_conversation_until_quit() -> None:
    stdin = "who wrote the paper?\nwhere does she work?\n\n/topcs\nquit\nnot read\n"
    result = subprocess.run(
        [sys.executable, "-m", "qa_bot"],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == PIPED_TRANSCRIPT
    assert "\x1b" not in result.stdout


def test_piped_chat_json_has_one_object_per_reply() -> None:
    result = _run("chat", "--json", stdin="who wrote the paper?\nwhere does she work?\n/why\n")
    assert result.returncode == 0
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(r) for r in replies[:2]] == [JSON_FIELDS, JSON_FIELDS]
    assert replies[1]["matched"]["id"] == "author-affiliation"
    assert replies[2]["command"] == "/why"
    assert "Your question: where does she work?" in replies[2]["output"]


def test_piped_chat_echo_strips_terminal_control_sequences() -> None:
    result = _run(stdin="who \x1b[31mwrote\x1b]0;title\x07 the paper?\x07\n")
    assert result.returncode == 0
    assert result.stdout.startswith("> who wrote the paper?\n")
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


@pytest.mark.parametrize("command", ["ask", "chat"])
def test_bytes_that_are_not_utf8_on_stdin_are_replaced_not_fatal(command: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa_bot", command],
        input=b"who wrote \xff\xfe the paper?\n",
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stderr == b""
    assert "Tristen K. Inagaki" in result.stdout.decode("utf-8")
