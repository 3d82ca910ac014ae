"""The `qa-bot` command: a thin layer that parses, calls the library and reports.

    qa-bot                         chat (the default)
    qa-bot ask "QUESTION" [--json] one answer; with no question, one per line from stdin
    qa-bot check [--strict] [--all] every error of the knowledge base, then its warnings
    qa-bot eval FILE [--json]      accuracy on an evaluation file
        [--save RUN.json] [--compare RUN.json]   keep each question's outcome; what changed

Exit status: 0 answered (or success), 1 not answered, 2 usage or knowledge error (for `check
--strict`, a warning too), 3 the output could not be written (a full disk, a closed stdout).
Errors are one line each, `Error: ...`, on stderr; never a traceback.

Batch mode (`qa-bot ask` reading stdin) gives one record per input line, blank lines included
(status `empty`), so that line N of the input is record N of the output; each JSON Lines record
carries its `line` number. It exits 0 when every line that is not blank was answered.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from qa_bot import __version__
from qa_bot.bot import Bot, load_bot
from qa_bot.conversation import SAFETY_SCAN_CHARS
from qa_bot.errors import CacheWarning, KnowledgeError, QaBotError
from qa_bot.formatting import format_answer, format_explanation, wrap_text
from qa_bot.text import INVISIBLE, strip_control

if TYPE_CHECKING:
    from qa_bot.evaluation import EvalReport, RunComparison
    from qa_bot.session import Reply

EXIT_OK = 0
EXIT_NOT_ANSWERED = 1
EXIT_ERROR = 2
EXIT_OUTPUT = 3
# Of a line on stdin longer than twice this, its first and last this many characters are kept
# (the safety screen reads as much of each end of a message); a line longer than the maximum is
# an error: it has no end (`qa-bot ask < /dev/zero`), or it is not a question.
LINE_END_CHARS = SAFETY_SCAN_CHARS
MAX_LINE_CHARS = 10_000_000
# What plain batch output says for a blank line of input, in place of the empty question's reply
# ("Please type a question ..." with suggestions, noise between the answers of a file).
BLANK_LINE = "(a blank line: nothing to answer)"
# `qa-bot check` shows this many warnings of each kind, unless asked for all (`--all`).
WARNINGS_SHOWN = 5
# Terminals that understand no escape code (prompt_toolkit's list).
_DUMB_TERMINALS = frozenset({"dumb", "unknown"})

_EXAMPLES = """\
examples:
  qa-bot                                      chat in the terminal
  qa-bot ask "do animals huddling prove anything?"
  qa-bot ask --json "who wrote the paper?"
  printf 'what is a relapse?\\nwhat did the rats choose?\\n' | qa-bot ask --json
  qa-bot check                                validate the bundled knowledge base
  qa-bot eval tests/eval/questions.yaml       accuracy on an evaluation file
  qa-bot eval FILE --save before.json         ... keeping each question's outcome, then
  qa-bot eval FILE --compare before.json      ... after an edit: which questions changed

The answers come only from {these} and are not medical advice.
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, strip_control(f"Error: {message} (see '{self.prog} --help')\n"))


class _HelpAboutDocuments(argparse.Action):
    """`-h`/`--help` of `qa-bot`: the help, saying which documents it answers from: those of
    `--knowledge DIR` when given before it, else the bundled ones. Only their `sources.yaml` is
    read, and only now: no other command pays for it."""

    def __init__(self, option_strings: Sequence[str], dest: str) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help="show this help message and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        parser.description, parser.epilog = _about_documents(getattr(namespace, "knowledge", None))
        parser.print_help()
        parser.exit()


def _about_documents(knowledge_dir: str | None) -> tuple[str, str]:
    """`qa-bot --help`'s description and epilog, naming the knowledge base's documents; without
    them (a folder that is no knowledge base: the command will say so) in general words."""
    from qa_bot.knowledge import document_words, load_sources

    try:
        sources = load_sources(knowledge_dir).values()
    except QaBotError:
        described = "Answers questions about the documents of a knowledge base"
        epilog = _EXAMPLES.format(these="the knowledge base's documents")
        return f"{described}, quoting and citing the text.", epilog
    words = document_words(len(sources))
    titles = "".join(f"\n  “{source.title}” ({source.short})" for source in sources)
    description = f"Answers questions about {words['documents']}, quoting and citing the text:"
    return description + titles, _EXAMPLES.format(**words)


def _parser() -> argparse.ArgumentParser:
    knowledge = _Parser(add_help=False)
    # SUPPRESS keeps a subcommand from overwriting `qa-bot --knowledge DIR ask ...`.
    knowledge.add_argument(
        "--knowledge",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="knowledge base directory (default: the bundled one)",
    )
    chat = _Parser(add_help=False)
    chat.add_argument(
        "--no-history",
        dest="history",
        action="store_false",
        default=argparse.SUPPRESS,
        help="chat: keep no history file",
    )
    chat.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="chat: one JSON object per reply, read from stdin",
    )
    about = _Parser(add_help=False)  # first, where argparse puts its own -h
    about.add_argument("-h", "--help", action=_HelpAboutDocuments)
    parser = _Parser(
        prog="qa-bot",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[about, knowledge, chat],
        add_help=False,
    )
    parser.add_argument("--version", action="version", version=f"qa-bot {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser(
        "ask",
        parents=[knowledge],
        help="answer a question (or one per line from stdin)",
        description="Answer a question. With no question, read one question per line from "
        "stdin and answer each on its own, one record per line (a blank line's is 'empty'). "
        "Exit 0 when every question was answered, 1 otherwise.",
    )
    ask.add_argument("question", nargs="*", help="the question (quote it, or not)")
    ask.add_argument("--json", action="store_true", help="JSON output (JSON Lines for stdin)")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="also show why: the decision, the scores and the threshold it was held to",
    )

    check = commands.add_parser(
        "check",
        parents=[knowledge],
        help="validate the knowledge base: every error, then warnings",
        description="Validate the knowledge base: every error (file, line, entry, field), or its "
        "counts, passage coverage and known gaps' claims, then its warnings (the first few of "
        "each kind). Exit 2 on any error, 0 otherwise.",
    )
    check.add_argument(
        "--strict", action="store_true", help="warnings are errors too: exit 2 on any"
    )
    check.add_argument(
        "--all",
        action="store_true",
        help=f"every warning, not the first {WARNINGS_SHOWN} of each kind",
    )

    evaluate = commands.add_parser(
        "eval",
        parents=[knowledge],
        help="measure accuracy on an evaluation file",
        description="Ask every question of an evaluation file and print accuracy by part, "
        "kind and style, the confusion between wrong answers and wrong refusals, and the failures.",
    )
    evaluate.add_argument("file", help="evaluation YAML, e.g. tests/eval/questions.yaml")
    evaluate.add_argument("--json", action="store_true", help="machine-readable report")
    evaluate.add_argument(
        "--save", metavar="RUN.json", help="write each question's outcome to RUN.json"
    )
    evaluate.add_argument(
        "--compare",
        metavar="RUN.json",
        help="show the questions whose outcome changed since RUN.json (--save wrote it), and the "
        "totals before and after, instead of the report",
    )

    commands.add_parser(
        "chat",
        parents=[knowledge, chat],
        help="chat in the terminal (the default)",
        description="Chat in the terminal. When stdin is not a terminal, read one line at a "
        "time as one conversation and print each reply (JSON Lines with --json).",
    )
    return parser


def run() -> int:
    """The `qa-bot` command (and `python -m qa_bot`): `main`, in a process of its own."""
    # The garbage collector's passes at exit free nothing that the end of the process does not
    # (every file this program writes is closed as soon as it is written, and the standard
    # streams are flushed by the interpreter itself), and they take 4 ms of a one-off `qa-bot
    # ask`: at exit, what is left is frozen out of them. Not in `main`, which other programs and
    # the tests call in processes that go on.
    atexit.register(gc.freeze)
    return main()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if sys.stdin is None:  # started with stdin closed (`qa-bot ask <&-`): nothing to read
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 -- for the whole run
    if sys.stdout is None:  # started with stdout closed (`qa-bot ask ... >&-`)
        if sys.stderr is not None:
            _say("Error: cannot write the output: standard output is closed", file=sys.stderr)
        return EXIT_OUTPUT
    # A terminal that cannot show a curly quote gets a "?", and bytes that are not UTF-8 on stdin
    # a "�", rather than a traceback.
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    try:
        status = _run(args)
        sys.stdout.flush()  # a full disk shows here, not in an "Exception ignored" at exit
        return status
    except QaBotError as exc:
        _say(f"Error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `qa-bot ask | head -1`: the reader has gone; stop quietly, as cat would.
        _discard_output()
        return EXIT_OK
    except OSError as exc:  # the output cannot be written: a full disk, a closed descriptor
        _discard_output()
        _say(f"Error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_OUTPUT


def _discard_output() -> None:
    """Send what is still buffered for stdout nowhere, so that exiting does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run(args: argparse.Namespace) -> int:
    knowledge_dir = getattr(args, "knowledge", None)
    if args.command == "check":
        return _check(knowledge_dir, strict=args.strict, show_all=args.all)
    # The chat says why a person waits for it (a second or more when nothing is cached yet).
    chatting = args.command in (None, "chat") and not getattr(args, "json", False)
    bot = _load_bot(knowledge_dir, progress=chatting and sys.stderr.isatty())
    if args.command == "ask":
        if args.question:
            questions = [" ".join(args.question)]
            return _ask(bot, questions, as_json=args.json, explain=args.explain, out=sys.stdout)
        return _ask(
            bot, _stdin_lines(), as_json=args.json, explain=args.explain, out=sys.stdout, batch=True
        )
    if args.command == "eval":
        return _eval(bot, args.file, as_json=args.json, save=args.save, compare=args.compare)
    return _chat(bot, as_json=getattr(args, "json", False), history=getattr(args, "history", True))


def _load_bot(knowledge_dir: str | None, *, progress: bool = False) -> Bot:
    """`load_bot`, with a cache that is off (no home folder, a read-only disk) said in one line,
    and with `progress`, a line saying that the knowledge base is being read, when it is."""

    def reading() -> None:
        _say("Reading the knowledge base...", file=sys.stderr)  # stdout keeps only replies
        sys.stderr.flush()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CacheWarning)
        bot = load_bot(knowledge_dir, on_build=reading if progress else None)
    for warning in caught:
        _say(f"Warning: {warning.message}.", file=sys.stderr)
    return bot


def _ask(
    bot: Bot,
    questions: Iterable[str],
    *,
    as_json: bool,
    explain: bool,
    out: TextIO,
    batch: bool = False,
) -> int:
    width = _terminal_width()
    status = EXIT_OK
    for line, question in enumerate(questions, start=1):
        answer = bot.ask(question)
        # A blank line in a batch asks nothing: it keeps its record (line N of the input is record
        # N of the output) but fails no batch, as when blank lines were skipped.
        blank = batch and not question
        if not answer.from_documents and not blank:
            status = EXIT_NOT_ANSWERED
        if as_json:
            record = {"line": line, **answer.to_dict()} if batch else answer.to_dict()
            _say(_to_json(record), file=out)
        else:
            if line > 1:
                _say(file=out)
            if batch:
                _say(f"> {question}" if question else ">", file=out)
            if blank:
                _say(BLANK_LINE, file=out)
            else:
                _say(format_answer(answer, width=width), file=out)
                if explain:
                    _say("\n" + format_explanation(answer, width=width), file=out)
        if batch:
            out.flush()  # answered as read: a program at the other end of a pipe need not wait
    return status


def _to_json(data: object, *, indent: int | None = None) -> str:
    """`data` as JSON, with the characters a terminal or an editor would act on escaped."""
    import json  # only for --json: plain output never pays for it (0.7 ms of a cold start)

    text = json.dumps(data, ensure_ascii=False, indent=indent)  # C0 controls escaped as \uXXXX
    return INVISIBLE.sub(lambda found: _json_escape(found.group()), text)


def _json_escape(character: str) -> str:
    """`\\uXXXX`, as a surrogate pair above U+FFFF (JSON has no longer escape)."""
    code = ord(character)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _say(text: str = "", *, file: TextIO | None = None) -> None:
    """Print one line, stripped of control sequences: whatever a question, a knowledge base, an
    evaluation file or a path holds, nothing printed drives the terminal."""
    (file or sys.stdout).write(strip_control(text) + "\n")


def _terminal_width() -> int:
    """Columns to wrap to: the terminal's ($COLUMNS first), 80 when there is none, 100 at most."""
    # shutil.get_terminal_size does the same, but importing shutil costs a cold start 5 ms.
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return min(int(columns), 100)
    try:
        return min(os.get_terminal_size(sys.stdout.fileno()).columns, 100)
    except (OSError, ValueError):
        return 80


def _stdin_lines() -> Iterator[str]:
    """The questions on stdin, one per line (a blank line is an empty question), each as soon as
    it is read: an answer comes before the next line is waited for."""
    if sys.stdin.isatty():
        _say("Reading questions, one per line; end with Ctrl-D.", file=sys.stderr)
    for line in _bounded_lines(sys.stdin):
        yield line.strip()


def _bounded_lines(stream: TextIO) -> Iterator[str]:
    """The lines of `stream`, each as soon as it is read, in bounded memory: of a line longer than
    2 x `LINE_END_CHARS`, its first and last `LINE_END_CHARS` characters (what the safety screen
    reads of a long message; matching reads its end). A line that never ends (`/dev/zero`) is an
    error after `MAX_LINE_CHARS`."""
    while line := _read_line(stream):
        if line.endswith("\n") or len(line) < LINE_END_CHARS:
            yield line
            continue
        head, tail, length = line, "", len(line)
        while (more := _read_line(stream)) and length <= MAX_LINE_CHARS:
            length += len(more)
            tail = (tail + more)[-LINE_END_CHARS:]
            if more.endswith("\n"):
                break
        if length > MAX_LINE_CHARS:
            raise QaBotError(f"a line on stdin is longer than {MAX_LINE_CHARS:,} characters")
        if length <= 2 * LINE_END_CHARS:  # nothing was left out between the two ends
            yield head + tail[len(head) + len(tail) - length :]
        else:
            yield f"{head} … {tail}"


def _read_line(stream: TextIO) -> str:
    """Up to `LINE_END_CHARS` of the next line of `stream`; a stdin that cannot be read (opened
    for writing only) is a one-line error, not an output error."""
    try:
        return stream.readline(LINE_END_CHARS)
    except OSError as exc:
        raise QaBotError(f"cannot read the input: {exc.strerror or exc}") from None


def _check(knowledge_dir: str | None, *, strict: bool, show_all: bool) -> int:
    from qa_bot.checking import WARNING_KINDS, check_knowledge

    try:
        bot = _load_bot(knowledge_dir)
    except KnowledgeError as exc:
        for problem in exc.problems:
            _say(f"Error: {problem}", file=sys.stderr)
        if len(exc.problems) > 1:
            _say(
                f"{len(exc.problems)} errors; warnings are checked once they are fixed.",
                file=sys.stderr,
            )
        return EXIT_ERROR
    kb = bot.knowledge
    pairs = list(kb.pairs.values())
    gaps = sum(p.gap for p in pairs)
    wordings = sum(len(p.questions) for p in pairs)
    covered = len(kb.passages) - len(kb.uncited_passages())
    _say(f"Knowledge base OK: {kb.root}")
    _say(
        f"  {len(kb.sources)} sources, {len(kb.passages)} passages, {len(pairs)} pairs "
        f"({gaps} known gaps), {wordings} question wordings, "
        f"{len(kb.synonyms.entries())} synonym entries"
    )
    _say(
        f"  passage coverage: {covered}/{len(kb.passages)} "
        f"({100 * covered / max(len(kb.passages), 1):.0f}%)"
    )
    screen = bot.screen
    triggers = sum(sign.trigger for sign in screen.signs)
    _say(
        f"Safety screen OK: {len(screen.lexicon.names)} concepts, {len(screen.signs)} warning "
        f"signs ({triggers} raise a concern on their own), "
        f"{screen.model.size if screen.model else 0} features in its model"
    )
    report = check_knowledge(bot)
    if report.gaps:
        _say(
            f"Known gaps: {len(report.gaps)}, each a claim that the documents do not say "
            "something; edit it when a new document does:"
        )
    for gap in report.gaps:
        _say(f"  {gap.pair_id}: {gap.claim}")
    _say(f"Warnings: {len(report.warnings)}" if report.warnings else "No warnings.")
    cut = False
    for kind, heading in WARNING_KINDS.items():
        found = report.of_kind(kind)
        if not found:
            continue
        _say(f"  {heading}: {len(found)}")
        shown = found if show_all else found[:WARNINGS_SHOWN]
        for warning in shown:
            _say(f"    {warning.message}")
        if len(shown) < len(found):
            _say(f"    ... and {len(found) - len(shown)} more")
            cut = True
    if cut:
        _say("  (qa-bot check --all lists every warning)")
    if strict and report.warnings:
        _say(
            f"Error: {len(report.warnings)} warnings, which --strict counts as errors",
            file=sys.stderr,
        )
        return EXIT_ERROR
    return EXIT_OK


def _eval(bot: Bot, path: str, *, as_json: bool, save: str | None, compare: str | None) -> int:
    from qa_bot.evaluation import check_writable, compare_runs, evaluate, load_run, save_run

    earlier = load_run(compare) if compare is not None else None  # a bad file fails at once
    if save is not None:
        check_writable(save)  # and so does a place the run could not be saved to
    report = evaluate(bot, path)
    if save is not None:
        save_run(report, save)
    if earlier is not None and compare is not None:
        comparison = compare_runs(earlier, [result.outcome for result in report.results])
        if as_json:
            _say(_to_json(comparison.to_dict(), indent=2))
        else:
            _print_comparison(comparison, compare)
        return EXIT_OK
    _print_report(report, as_json=as_json)
    return EXIT_OK


def _print_comparison(comparison: RunComparison, earlier: str) -> None:
    from qa_bot.evaluation import CHANGES, SPLITS, tally_outcomes

    counts = ", ".join(f"{comparison.count(change)} {change}" for change in CHANGES)
    _say(f"Since {earlier}: {counts}")
    for change in comparison.changes:
        after = change.after
        _say(
            f"  {change.change:<8}[{after.split}] {after.question!r}: expected {after.expect}, "
            f"was {change.before.got}, now {after.got}"
        )
    if comparison.only_before or comparison.only_after:
        _say(
            f"  ({comparison.only_before} questions only in {earlier}, "
            f"{comparison.only_after} only in this run)"
        )
    _say(f"{'totals':<12}{'before':<18}after")
    for split in (*SPLITS, None):
        before = tally_outcomes(comparison.before, split)
        after_tally = tally_outcomes(comparison.after, split)
        if before.total or after_tally.total:
            _say(
                f"  {split or 'all':<10}{_figure(before.correct, before.total)}  "
                f"{_figure(after_tally.correct, after_tally.total)}"
            )


def _print_report(report: EvalReport, *, as_json: bool) -> None:
    from qa_bot.evaluation import KINDS, SPLITS

    if as_json:
        _say(_to_json(report.to_dict(), indent=2))
        return
    for split in SPLITS:
        total = report.tally(split=split)
        if not total.total:
            continue
        _say(f"{split}: {_figure(total.correct, total.total)}")
        for kind in KINDS:
            tally = report.tally(split=split, kind=kind)
            if tally.total:
                _say(f"  {kind:<22}{_figure(tally.correct, tally.total)}")
        _say("  by style, all kinds:")  # not under the last kind above
        for style in report.styles(split):
            tally = report.tally(split=split, style=style)
            _say(f"    {style:<22}{_figure(tally.correct, tally.total)}")
        errors = report.errors(split)
        _say(
            f"  errors: {errors['answered wrongly']} answered wrongly, "
            f"{errors['abstained wrongly']} abstained wrongly"
        )
    if report.failures:
        _say("\nfailures:")
    for result in report.failures:
        best = result.closest
        best_text = f"{best.pair_id} {best.score:.2f}" if best else "nothing"
        _say(
            f"  [{result.case.split}] {result.error}: {result.case.question!r}\n"
            f"      expected {result.case.expect}, got {result.got} (best: {best_text})"
        )


def _figure(correct: int, total: int) -> str:
    return f"{correct:>4}/{total:<4} {100 * correct / max(total, 1):5.1f}%"


def _chat(bot: Bot, *, as_json: bool, history: bool) -> int:
    """The chat: prompt_toolkit on a terminal; otherwise each line of stdin in turn, as one
    conversation, each reply printed plain (or as JSON). A dumb terminal (`TERM=dumb`, as in an
    editor's shell) gets the plain chat with a prompt: no escape code at all."""
    from qa_bot.session import ChatSession

    session = ChatSession(bot)
    terminal = sys.stdin.isatty() and sys.stdout.isatty() and not as_json
    if terminal and os.environ.get("TERM", "").casefold() not in _DUMB_TERMINALS:
        from qa_bot import repl  # prompt_toolkit is loaded only for a terminal chat

        return repl.run(session, history=history)
    width = _terminal_width()
    if terminal:
        _say(wrap_text(session.welcome(), width=width))
    first = True
    lines = _bounded_lines(sys.stdin)
    while True:
        if terminal:
            sys.stdout.write("\nask> ")
            sys.stdout.flush()
        try:
            line = next(lines, None)
        except KeyboardInterrupt:
            if not terminal:
                raise
            lines = _bounded_lines(sys.stdin)  # Ctrl-C clears the line, as in the full chat
            _say()
            continue
        if line is None:
            break
        reply = session.handle(line)
        if reply.answer is None and not reply.text:
            continue
        if as_json:
            _say(_to_json(_reply_json(reply)))
        else:
            if not first and not terminal:
                _say()
            first = False
            if not terminal:  # the question, echoed before its answer in a transcript
                _say(f"> {line.strip()}")
            if reply.answer is not None:
                _say(format_answer(reply.answer, width=width))
            else:
                _say(wrap_text(reply.text, width=width))
        sys.stdout.flush()
        if reply.quit:
            break
    return EXIT_OK


def _reply_json(reply: Reply) -> Mapping[str, object]:
    if reply.answer is not None:
        return reply.answer.to_dict()
    return {"command": reply.command, "error" if reply.error else "output": reply.text}
