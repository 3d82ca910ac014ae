"""The knowledge base: loading and validating `knowledge/` into frozen dataclasses.

The YAML schema is documented in `knowledge/README.md`. Files are parsed with a safe loader
only (one that also rejects a key given twice in a mapping), validated by hand (unknown keys are
errors), and every error names the file, the entry id, the field and the line. A load goes on past
each error to find them all, and raises one `KnowledgeError` holding every one. Nothing here knows
how questions are matched or answered.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import stat
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from qa_bot.errors import KnowledgeError, KnowledgeProblem
from qa_bot.text import STOPWORDS, Synonyms, normalise, squash_whitespace, stem_key

# PyYAML is imported only when a file is actually read: a bot from the cache never needs it.

SOURCES_FILE = "sources.yaml"
PAIRS_DIR = "pairs"
PAIR_FILE_SUFFIXES = (".yaml", ".yml")
SYNONYMS_FILE = "synonyms.yaml"  # optional
# No knowledge base file may be bigger: a file this size is a mistake, not a knowledge base, and
# reading it would only exhaust memory. (100k generated wordings take about 10 MiB.)
MAX_FILE_BYTES = 64 * 2**20
# Problems listed for one file at most: past that many, a file is broken as a whole (a list of a
# million entries that are not mappings), and the rest are only counted.
MAX_PROBLEMS_PER_FILE = 200
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Passage:
    """A paragraph-sized span of a document, verbatim."""

    id: str  # "nida-social-connections#p3"
    source_id: str
    text: str
    section: str | None = None
    public_comment: bool = False
    # Where in `text` each line of the source after the first begins (a heading, a byline, a
    # list item): `text` runs them together with a space, and a quote that spans one must not.
    line_starts: tuple[int, ...] = ()

    @property
    def lines(self) -> tuple[str, ...]:
        """The text in the source's lines."""
        return self.lines_of(self.text)

    def lines_of(self, quote: str) -> tuple[str, ...]:
        """`quote` (a span of `text`) cut where the source starts a new line: ("Drugs & Health
        Blog", "Addiction and the Importance of Social Connections"); one line if it spans none."""
        start = self.text.find(quote)
        cuts = [at - start for at in self.line_starts if start < at < start + len(quote)]
        if start < 0 or not cuts:
            return (quote,)
        bounds = [0, *cuts, len(quote)]
        return tuple(quote[a:b].strip() for a, b in itertools.pairwise(bounds))


@dataclass(frozen=True)
class Source:
    """One of the documents the bot answers from."""

    id: str
    short: str
    title: str
    author: str
    publisher: str
    kind: str
    reference: str
    passages: tuple[Passage, ...]
    # What people call the document in a question ("inagaki", "the nida post"): a question that
    # names it is answered from it, or told that it doesn't say.
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuoteRef:
    """A verbatim span of a passage that an answer rests on."""

    passage_id: str
    quote: str


@dataclass(frozen=True)
class Pair:
    """A curated question/answer pair: many wordings of one question, one cited answer."""

    id: str
    topic: str
    questions: tuple[str, ...]
    answer: str
    citations: tuple[QuoteRef, ...]
    related: tuple[str, ...] = ()
    # The pairs that give the reason the documents give for this answer, for "why?"; the pair's
    # own id when its answer gives it. Empty: the documents give no reason (`not_covered`).
    because: tuple[str, ...] = ()
    gap: bool = False
    # A question about getting help (treatment, support, a helpline): its answer comes with the
    # help lines beside it, and the help reply of the safety screen answers it as well.
    offers_help: bool = False
    # The kinds of fact the answer gives besides those its wordings ask (`qa_bot.focus.KINDS`):
    # the full reference answers "when" and "which journal" though few ask it so.
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the bot knows, validated and cross-checked."""

    root: Path
    sources: Mapping[str, Source]
    passages: Mapping[str, Passage]
    pairs: Mapping[str, Pair]
    files: tuple[Path, ...] = field(default=())
    synonyms: Synonyms = field(default_factory=Synonyms)

    @property
    def document_words(self) -> dict[str, str]:
        """How replies name this base's documents: see `document_words`."""
        return document_words(len(self.sources))

    def uncited_passages(self) -> list[str]:
        """Passage ids that no pair cites, in document order."""
        cited = {ref.passage_id for pair in self.pairs.values() for ref in pair.citations}
        return [passage_id for passage_id in self.passages if passage_id not in cited]


_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def document_words(count: int) -> dict[str, str]:
    """The words that name `count` documents in fixed text, for `str.format`: `documents` ("two
    documents", "three documents", "the document" for one), `these` ("these documents", "this
    document") and `them` ("them", "it"). Nothing says "two documents" unless there are two."""
    if count == 1:
        return {"documents": "the document", "these": "this document", "them": "it"}
    number = _NUMBER_WORDS[count] if count < len(_NUMBER_WORDS) else f"{count:,}"
    return {"documents": f"{number} documents", "these": "these documents", "them": "them"}


def bundled_knowledge_dir() -> Path:
    """Where the knowledge base that ships with qa-bot is."""
    # An installed wheel carries it inside the package (pyproject maps knowledge/ to
    # qa_bot/knowledge); a source checkout and an editable install have it beside the package.
    inside = Path(__file__).with_name("knowledge")
    if (inside / SOURCES_FILE).is_file():
        return inside
    return Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_dir(directory: str | Path | None = None) -> Path:
    """The knowledge base directory meant by `directory`: the bundled one when it is None."""
    return Path(directory) if directory is not None else bundled_knowledge_dir()


def knowledge_files(root: Path) -> list[Path]:
    """The files a knowledge base is read from, in the order they are read."""
    # Optional, but a synonyms file that is there must be readable: a folder or a FIFO in its
    # place is reported, not silently left out.
    synonyms = [root / SYNONYMS_FILE] if os.path.lexists(root / SYNONYMS_FILE) else []
    return [root / SOURCES_FILE, *_pair_files(root), *synonyms]


def _pair_files(root: Path) -> list[Path]:
    folder = root / PAIRS_DIR
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.endswith(PAIR_FILE_SUFFIXES) and not is_editor_file(path.name)
    )


def is_editor_file(name: str) -> bool:
    """Whether a file of this name is hidden, or an editor's lock, backup or autosave file, which
    are never part of a knowledge base.

    Emacs locks a file it edits with a symlink `.#name` that leads nowhere: read, it would take the
    whole knowledge base down. Its autosave is `#name#`, and backups end in `~`.
    """
    return name.startswith((".", "#", "~")) or name.endswith(("~", "#"))


def read_knowledge_files(root: Path) -> dict[Path, bytes]:
    """The bytes of every file of the knowledge base in `root` (see `knowledge_files`), each read
    once: the cache names its entry by exactly the bytes the bot is then built from.

    A missing `sources.yaml` or `pairs/` is left for `load_knowledge` to report; files that cannot
    be read are reported together, in one `KnowledgeError`.
    """
    contents: dict[Path, bytes] = {}
    unreadable: list[KnowledgeProblem] = []
    for path in knowledge_files(root):
        # A symlink that leads nowhere (or round in a loop) is reported by `read_bytes`, not
        # skipped.
        if os.path.lexists(path):
            try:
                contents[path] = read_bytes(path)
            except KnowledgeError as exc:
                unreadable.extend(exc.problems)
    if unreadable:
        raise KnowledgeError.of(unreadable, listed_by_check=True)
    return contents


def load_knowledge(
    directory: str | Path | None = None, *, contents: Mapping[Path, bytes] | None = None
) -> KnowledgeBase:
    """Load and validate a knowledge base directory; the bundled one when `directory` is None.

    `contents` is what `read_knowledge_files` read from it, when the caller read it already: the
    knowledge base is built from those bytes and those files, and no others. Every problem found
    is in the one `KnowledgeError` raised (`problems`), in file and line order.
    """
    root = knowledge_dir(directory)
    if not root.is_dir():
        reason = "it is a file" if root.exists() else "it does not exist"
        raise KnowledgeError(f"not a knowledge base directory ({reason})", file=root)
    if contents is None:
        contents = read_knowledge_files(root)
    found: list[KnowledgeProblem] = []
    files: list[_YamlFile] = []

    def read(path: Path) -> _YamlFile | None:
        try:
            yaml_file = _YamlFile(path, _decode(contents[path], path))
        except KnowledgeError as exc:  # not UTF-8, not YAML: the file is reported and left out
            found.extend(exc.problems)
            return None
        files.append(yaml_file)
        return yaml_file

    sources_path = root / SOURCES_FILE
    sources: dict[str, Source] = {}
    passages = _Passages({}, set(), all_read=False)
    if sources_path not in contents:
        found.append(KnowledgeProblem(f"missing {SOURCES_FILE}", str(root)))
    elif (sources_file := read(sources_path)) is not None:
        sources, passages = _read_sources(sources_file)
    pair_paths = [path for path in contents if path.parent == root / PAIRS_DIR]
    if not pair_paths:
        found.append(KnowledgeProblem(f"no question/answer files in {PAIRS_DIR}/", str(root)))
    pairs = _Pairs()
    for path in pair_paths:
        if (pairs_file := read(path)) is not None:
            _read_pairs(pairs_file, passages, pairs)
        else:
            pairs.all_read = False
    pairs.check_references()
    synonyms_path = root / SYNONYMS_FILE
    synonyms = Synonyms()
    if synonyms_path in contents and (synonyms_file := read(synonyms_path)) is not None:
        synonyms = _read_synonyms(synonyms_file)
    for yaml_file in files:
        found.extend(yaml_file.problems)
    if found:
        order = {str(path): index for index, path in enumerate(contents)}
        found.sort(key=lambda problem: (order.get(problem.file or "", -1), problem.line or 0))
        for yaml_file in files:
            if yaml_file.unlisted:
                at = max(i for i, p in enumerate(found) if p.file == str(yaml_file.path)) + 1
                more = f"and {yaml_file.unlisted} more problems in this file, not listed"
                found.insert(at, KnowledgeProblem(more, str(yaml_file.path)))
        raise KnowledgeError.of(found, listed_by_check=True)
    return KnowledgeBase(
        root=root,
        sources=sources,
        passages=passages.found,
        pairs=pairs.found,
        files=tuple(contents),
        synonyms=synonyms,
    )


def load_sources(directory: str | Path | None = None) -> dict[str, Source]:
    """The documents of a knowledge base (its `sources.yaml` alone, validated), the bundled one
    when `directory` is None: what it is about, without reading its pairs."""
    path = knowledge_dir(directory) / SOURCES_FILE
    sources_file = _YamlFile(path, _decode(read_bytes(path), path))
    sources, _ = _read_sources(sources_file)
    if sources_file.problems:
        raise KnowledgeError.of(sources_file.problems, listed_by_check=True)
    return sources


# --- reading YAML with locations -------------------------------------------------------------

_Path = tuple[str | int, ...]


class _YamlFile:
    """A parsed file that can point at the line of any value when something is wrong with it, and
    keeps every problem found in it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.data = _parse(text, path)
        self.problems: list[KnowledgeProblem] = []
        self.unlisted = 0  # problems past `MAX_PROBLEMS_PER_FILE`, only counted
        self._nodes: Any = None  # composed on the first problem: a good base never pays for it
        self._composed = False

    def _walk(self, path: _Path) -> tuple[Any, int | None, bool]:
        """The node at `path` or its nearest ancestor that exists, its 1-based line, and whether
        it is the node at `path` itself."""
        import yaml

        if not self._composed:
            self._composed = True
            try:
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                self._nodes = yaml.compose(self.text, Loader=loader)
            except (yaml.YAMLError, RecursionError):  # the problem is reported without its line
                self._nodes = None
        node = self._nodes
        if node is None:
            return None, None, False
        line = node.start_mark.line + 1
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = [(k, v) for k, v in node.value if getattr(k, "value", None) == step]
                if not match:
                    return node, line, False
                key_node, node = match[0]
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    return node, line, False
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return node, line, False
        return node, line, True

    def line_of(self, path: _Path) -> int | None:
        """1-based line of the value at `path`, or of its nearest ancestor that exists."""
        return self._walk(path)[1]

    def misread(self, path: _Path, value: Any) -> str:
        """What to add to "must be text" about a plain value YAML did not read as text: `no`
        reads as false, `2018` as a number. Empty for anything else."""
        kind = _YAML_READS.get(type(value).__name__)
        node, _, exact = self._walk(path)
        written = getattr(node, "value", None)
        if kind is None or not exact or not isinstance(written, str):
            return ""
        if isinstance(value, bool):
            kind = str(value).lower()
        return f", but YAML reads {written} as {kind}: put it in quotes ({_in_quotes(written)})"

    def report(
        self, message: str, path: _Path, *, entry: str | None = None, field: str | None = None
    ) -> None:
        """Keep a problem found at `path`, and go on."""
        if len(self.problems) >= MAX_PROBLEMS_PER_FILE:
            self.unlisted += 1
            return
        self.problems.append(
            KnowledgeProblem(message, str(self.path), self.line_of(path), entry, field)
        )


# The plain values YAML reads from a scalar that was meant as text, and how to say what it read
# (dates by their type's name: `datetime` is imported only when a file has gone wrong).
_YAML_READS: dict[str, str] = {
    "bool": "true or false",
    "int": "a number",
    "float": "a number",
    "date": "a date",
    "datetime": "a date and time",
}


class _Entry:
    """One mapping of a file (a source, a passage, a pair), read field by field. A field that is
    wrong is reported and read as empty, and the entry is `broken`: it is not built."""

    def __init__(
        self, file: _YamlFile, value: Any, path: _Path, allowed: set[str], kind: str
    ) -> None:
        self.file = file
        self.path = path
        self.id: str | None = None
        self.broken = False
        self.value: dict[Any, Any] = value if isinstance(value, dict) else {}
        # Not a mapping: reported once, and none of its fields is read.
        self.unreadable = not isinstance(value, dict)
        if self.unreadable:
            self.broken = True
            file.report(f"each {kind} must be a mapping of fields", path)
            return
        raw_id = value.get("id")
        self.id = raw_id if isinstance(raw_id, str) else None
        for key in value:
            if key not in allowed:
                self.fail(f"unknown key{_did_you_mean(key, allowed)}", str(key))

    def fail(self, message: str, field: str, *more: str | int) -> None:
        self.broken = True
        self.file.report(message, (*self.path, field, *more), entry=self.id, field=field)

    def not_text(self, message: str, value: Any, field: str, *more: str | int) -> None:
        """Report a value that should have been text, saying what YAML made of it."""
        self.fail(message + self.file.misread((*self.path, field, *more), value), field, *more)

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.value.get(name)
        if value is None and not required:
            return ""
        if value is None:
            self.fail("missing", name)
            return ""
        if not isinstance(value, str):
            self.not_text("must be text", value, name)
            return ""
        if not value.strip():
            self.fail("must not be empty", name)
        return value.strip()

    def ident(self) -> str:
        value = self.text("id")
        if value and not _ID.fullmatch(value):
            self.fail("must be lower-case letters and digits joined by hyphens", "id")
            return ""
        return value

    def flag(self, name: str) -> bool:
        value = self.value.get(name, False)
        if not isinstance(value, bool):
            self.fail("must be true or false", name)
            return False
        return value

    def items(self, name: str, *, required: bool = True) -> Iterator[tuple[int, Any]]:
        value = self.value.get(name)
        if value is None and not required:
            return iter(())
        if not isinstance(value, list) or not value:
            self.fail("must be a non-empty list", name)
            return iter(())
        return enumerate(value)


def read_yaml(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> Any:
    """The plain data in a YAML file of at most `limit` bytes, read safely; any problem is a
    one-line `KnowledgeError`.

    The one place qa-bot parses YAML (the evaluation file is read through it too).
    """
    path = Path(path)
    return _parse(_decode(read_bytes(path, limit), path), path)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file at `path`, of at most `limit` bytes; a one-line
    `KnowledgeError` otherwise.

    Devices and FIFOs are refused before a byte is read (`stat` says 0 bytes for /dev/zero, and
    opening a FIFO to read waits for a writer: `O_NONBLOCK` opens it at once), and the size is
    checked on what was read, so a file that grows while it is read cannot get past the limit.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except OSError as exc:
        raise KnowledgeError(f"cannot read: {exc.strerror}", file=path) from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):  # a folder opens too, and only fails when read
        os.close(descriptor)
        raise KnowledgeError("not a regular file", file=path)
    with os.fdopen(descriptor, "rb") as file:
        if info.st_size > limit:  # said at once, not after reading a sparse 2 GB file
            raise KnowledgeError(f"too large (the limit is {limit // 2**20} MiB)", file=path)
        os.set_blocking(descriptor, True)
        try:
            data = file.read(limit + 1)
        except OSError as exc:
            raise KnowledgeError(f"cannot read: {exc.strerror}", file=path) from None
    if len(data) > limit:
        raise KnowledgeError(f"too large (the limit is {limit // 2**20} MiB)", file=path)
    return data


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise KnowledgeError(f"not valid UTF-8 (byte {exc.start})", file=path) from None


def _parse(text: str, path: Path) -> Any:
    import yaml

    # libyaml's safe loader is the same safe loader in C, several times faster.
    loader = _rejecting_duplicate_keys(getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    try:
        data = yaml.load(text, Loader=loader)  # a safe loader: never one that builds objects
    except _DuplicateKeys as exc:
        raise KnowledgeError.of(
            [replace(problem, file=str(path)) for problem in exc.found]
        ) from None
    except RecursionError:  # "[[[[...]]]]" hundreds deep: PyYAML's parser recurses
        raise KnowledgeError("invalid YAML: nested too deeply", file=path) from None
    except ValueError as exc:  # a number of 5,000 digits, a date "2018-13-45": not YAML's error
        raise KnowledgeError(f"invalid YAML: cannot read a value ({exc})", file=path) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        # A character YAML never allows (a control character) is a ReaderError, with a reason
        # and a position instead of a problem and a mark.
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "unreadable"
        position = getattr(exc, "position", None)
        if line is None and isinstance(position, int):
            line = text.count("\n", 0, position) + 1
        raise KnowledgeError(f"invalid YAML: {problem}", file=path, line=line) from None
    if _shares_a_value(data):
        raise KnowledgeError("YAML aliases (&anchor and *alias) are not allowed", file=path)
    return data


def _shares_a_value(data: Any) -> bool:
    """Whether a list or mapping appears twice in `data`: only a YAML alias makes one.

    A few kilobytes of aliases of aliases stand for billions of values ("billion laughs"): the
    loader shares them, but anything that walks the data would not. Stops at the first repeat.
    """
    seen: set[int] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, (list, dict)):
            if id(value) in seen:
                return True
            seen.add(id(value))
            stack.extend(value.values() if isinstance(value, dict) else value)
    return False


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKeys(Exception):
    """A file gives a key twice in one mapping: YAML would keep only the last (a second `answer:`
    silently replaces the first). Raised once the file is read, with every one of them."""

    def __init__(self, found: list[KnowledgeProblem]) -> None:
        super().__init__(str(found[0]))
        self.found = found


@functools.cache
def _rejecting_duplicate_keys(base: type[Any]) -> type[Any]:
    """`base`, a safe loader, that also rejects a key given twice in one mapping: still safe
    loading, since it only compares the keys the safe loader reads."""

    class UniqueKeyLoader(base):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicate_keys: list[KnowledgeProblem] = []

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            # Looked at before merge keys (`<<`) are spliced in: a key merged in and then given
            # again is what merging is for.
            entry = next(
                (v.value for k, v in node.value if k.value == "id" and isinstance(v.value, str)),
                None,
            )
            first_line: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == _MERGE_TAG:
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    earlier = first_line.get(key)
                except TypeError:  # a list as a key: the safe loader reports it
                    continue
                line = key_node.start_mark.line + 1
                if earlier is None:
                    first_line[key] = line
                    continue
                self.duplicate_keys.append(
                    KnowledgeProblem(
                        f"duplicate key '{key}': it is given on line {earlier} too, and YAML "
                        "would keep only this one",
                        line=line,
                        entry=entry,
                        field=str(key),
                    )
                )
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return mapping

        def get_single_data(self) -> Any:
            data = super().get_single_data()
            if self.duplicate_keys:
                raise _DuplicateKeys(self.duplicate_keys)
            return data

    return UniqueKeyLoader


def _top_list(file: _YamlFile, key: str) -> list[Any]:
    """The file's one top-level list; empty (and reported) when the file is not so."""
    if not isinstance(file.data, dict) or set(file.data) != {key}:
        file.report(f"the file must hold a single top-level key '{key}'", ())
        return []
    items = file.data[key]
    if not isinstance(items, list) or not items:
        file.report(f"'{key}' must be a non-empty list", (key,), field=key)
        return []
    return items


_SOURCE_KEYS = {
    "id", "short", "title", "author", "publisher", "kind", "reference", "passages", "names"
}  # fmt: skip
_PASSAGE_KEYS = {"id", "section", "public_comment", "text"}
_PAIR_KEYS = {
    "id", "topic", "questions", "answer", "citations", "related", "because", "gap", "help",
    "answers"
}  # fmt: skip
# The kinds of fact a pair's `answers` may name (the focus check's, `qa_bot.focus.KINDS`).
FACT_KINDS = ("who", "when", "where", "count", "age", "duration", "name")
_CITATION_KEYS = {"passage", "quote"}


@dataclass
class _Passages:
    """The passages read, and the sources whose passages could not all be read: a citation of a
    passage that may be among those is not reported again as missing."""

    found: dict[str, Passage]
    unread_sources: set[str]
    all_read: bool = True

    def may_be_unread(self, passage_id: str) -> bool:
        return not self.all_read or passage_id.partition("#")[0] in self.unread_sources


def _read_sources(file: _YamlFile) -> tuple[dict[str, Source], _Passages]:
    sources: dict[str, Source] = {}
    passages = _Passages({}, set(), all_read=bool(_top_list(file, "sources")))
    for index, value in enumerate(_top_list(file, "sources") if passages.all_read else ()):
        entry = _Entry(file, value, ("sources", index), _SOURCE_KEYS, "source")
        source_id = "" if entry.unreadable else entry.ident()
        if not source_id:
            passages.all_read = False  # its passages have no ids to be cited by
            continue
        if source_id in sources or source_id in passages.unread_sources:
            entry.fail("duplicate source id", "id")
            continue
        own: dict[str, Passage] = {}
        for p_index, p_value in entry.items("passages"):
            p_entry = _Entry(
                file, p_value, (*entry.path, "passages", p_index), _PASSAGE_KEYS, "passage"
            )
            if p_entry.unreadable:
                entry.broken = True
                continue
            passage_id = f"{source_id}#{p_entry.ident()}"
            p_entry.id = passage_id
            if passage_id in own:
                p_entry.fail("duplicate passage id", "id")
            text = p_entry.text("text")
            passage = Passage(
                id=passage_id,
                source_id=source_id,
                text=squash_whitespace(text),
                line_starts=_line_starts(text),
                section=p_entry.text("section", required=False) or None,
                public_comment=p_entry.flag("public_comment"),
            )
            if p_entry.broken:
                entry.broken = True
            else:
                own[passage_id] = passage
        names = []
        for n_index, name in entry.items("names", required=False):
            if not isinstance(name, str) or not name.strip():
                entry.not_text("must be a list of names", name, "names", n_index)
            else:
                names.append(name)
        source = Source(
            id=source_id,
            short=entry.text("short"),
            title=entry.text("title"),
            author=entry.text("author"),
            publisher=entry.text("publisher"),
            kind=entry.text("kind"),
            reference=squash_whitespace(entry.text("reference")),
            passages=tuple(own.values()),
            names=tuple(names),
        )
        passages.found.update(own)
        if entry.broken:
            passages.unread_sources.add(source_id)
        else:
            sources[source_id] = source
    return sources, passages


def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of `text` after the first begins once its whitespace is squashed."""
    lines = [squash_whitespace(line) for line in text.split("\n")]
    starts, at = [], 0
    for line in filter(None, lines):
        if at:
            starts.append(at)
        at += len(line) + 1  # the space that joins it to the next
    return tuple(starts)


class _Pairs:
    """The pairs read so far, across files, and what is checked once all are read."""

    def __init__(self) -> None:
        self.found: dict[str, Pair] = {}
        # Every pair id read, of broken pairs too: none is reported again as missing.
        self.ids: set[str] = set()
        # A wording shared by two pairs could never find both: each one must belong to one pair.
        self.wording_owner: dict[str, str] = {}
        # `related` and `because` ids, checked to exist once every pair is read.
        self.references: list[tuple[_Entry, str, int, str]] = []
        # False when a file or an entry could not be read, with the ids it holds: then an id
        # that is not found may well be among them, and is not reported as missing.
        self.all_read = True

    def check_references(self) -> None:
        if not self.all_read:
            return
        for entry, key, index, pair_id in self.references:
            if pair_id not in self.ids:
                entry.fail(f"{key} pair '{pair_id}' does not exist", key, index)


def _read_pairs(file: _YamlFile, passages: _Passages, pairs: _Pairs) -> None:
    values = _top_list(file, "pairs")
    if not values:
        pairs.all_read = False
    for index, value in enumerate(values):
        entry = _Entry(file, value, ("pairs", index), _PAIR_KEYS, "pair")
        if entry.unreadable:
            pairs.all_read = False
            continue
        pair_id = entry.ident()
        if not pair_id:
            pairs.all_read = False
        if pair_id in pairs.ids:
            entry.fail("duplicate pair id", "id")
        elif pair_id:
            pairs.ids.add(pair_id)
        questions = _questions(entry, pairs.wording_owner)
        answer = squash_whitespace(entry.text("answer"))
        citations = [
            citation
            for c_index, c_value in entry.items("citations")
            if (citation := _citation(entry, c_index, c_value, answer, passages)) is not None
        ]
        related, because = _pair_ids(entry, "related", pairs), _pair_ids(entry, "because", pairs)
        answers = []
        for a_index, kind in entry.items("answers", required=False):
            if kind not in FACT_KINDS:
                entry.fail(f"must be a list of: {', '.join(FACT_KINDS)}", "answers", a_index)
            answers.append(kind)
        pair = Pair(
            id=pair_id,
            topic=entry.text("topic"),
            questions=tuple(questions),
            answer=answer,
            citations=tuple(citations),
            related=related,
            because=because,
            gap=entry.flag("gap"),
            offers_help=entry.flag("help"),
            answers=tuple(answers),
        )
        if not entry.broken:
            pairs.found[pair_id] = pair


def _questions(entry: _Entry, wording_owner: dict[str, str]) -> list[str]:
    questions: list[str] = []
    seen: set[str] = set()
    for q_index, question in entry.items("questions"):
        if not isinstance(question, str) or not question.strip():
            message = f"question {q_index + 1} must be non-empty text"
            entry.not_text(message, question, "questions", q_index)
            continue
        key = squash_whitespace(question).casefold()
        if key in seen:
            entry.fail(f"question {q_index + 1} repeats an earlier wording", "questions", q_index)
            continue
        seen.add(key)
        questions.append(squash_whitespace(question))
        if entry.id is None:
            continue
        owner = wording_owner.setdefault(normalise(question), entry.id)
        if owner != entry.id:
            entry.fail(
                f"question {q_index + 1} is also a question of pair '{owner}'",
                "questions",
                q_index,
            )
    return questions


def _citation(
    entry: _Entry, index: int, value: Any, answer: str, passages: _Passages
) -> QuoteRef | None:
    """One citation of a pair, checked against the passages; None when it is wrong."""
    citation = _Entry(
        entry.file, value, (*entry.path, "citations", index), _CITATION_KEYS, "citation"
    )
    citation.id = entry.id
    passage_id = citation.text("passage")
    quote = squash_whitespace(citation.text("quote"))
    passage = passages.found.get(passage_id)
    if citation.broken or passage is None:
        if passage_id and passage is None and not passages.may_be_unread(passage_id):
            citation.fail(f"cites passage '{passage_id}', which does not exist", "passage")
        entry.broken = True
        return None
    if quote not in passage.text:
        citation.fail(_not_verbatim(quote, passage), "quote")
    if passage.public_comment and "comment" not in answer.casefold():
        entry.fail(
            f"cites the reader comment '{passage_id}', so the answer must say it is a comment",
            "answer",
        )
    entry.broken = entry.broken or citation.broken
    return QuoteRef(passage_id, quote)


def _not_verbatim(quote: str, passage: Passage) -> str:
    """Why a quote is not in its passage: the span of the passage closest to it, and the first
    character where the two differ (often a straight quote for a curly one, or a word changed)."""
    message = f"quote does not occur verbatim in passage '{passage.id}'"
    span = _closest_span(passage.text, quote)
    if span is None:
        return f"{message}, and no part of the passage is close to it"
    at = next(
        (i for i, (a, b) in enumerate(zip(quote, span, strict=False)) if a != b),
        min(len(quote), len(span)),
    )
    return (
        f"{message}; the closest span is {_in_quotes(span)}, and they first differ at character "
        f"{at + 1}: the quote has {_shown(quote, at)} where the passage has {_shown(span, at)}"
    )


def _shown(text: str, at: int) -> str:
    """A few characters of `text` from `at`, with the first one's code point when it is a
    punctuation mark or a symbol (a curly quote and a straight one look alike)."""
    if at >= len(text):
        return "nothing more"
    first = text[at]
    code = "" if first.isalnum() or first.isspace() else f" (U+{ord(first):04X})"
    return f"{_in_quotes(text[at : at + _SHOWN_CHARS])}{code}"


def _did_you_mean(key: object, allowed: Collection[str]) -> str:
    """ " (did you mean 'related'?)" for a misspelt key, else the keys allowed."""
    import difflib  # only for a wrong key

    close = difflib.get_close_matches(str(key), sorted(allowed), n=1, cutoff=0.7)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (allowed: {', '.join(sorted(allowed))})"


def _in_quotes(text: str) -> str:
    """`text` in double quotes, or in single quotes when it holds a double quote."""
    return f"'{text}'" if '"' in text else f'"{text}"'


_SHOWN_CHARS = 20
# A passage span is close to a quote when they share a run of this many characters at least.
_CLOSE_RUN_CHARS = 8


def _closest_span(text: str, quote: str) -> str | None:
    """The span of `text` most like `quote`, widened to whole words; None when none is close."""
    import difflib  # only when a quote is wrong: it costs every start otherwise

    longest = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(
        0, len(text), 0, len(quote)
    )
    if longest.size < min(_CLOSE_RUN_CHARS, len(quote)):
        return None
    # Where the quote would lie if its longest shared run lined up, and some room either side
    # for words the quote left out or added.
    slack = len(quote) // 2 + _CLOSE_RUN_CHARS
    low = max(longest.a - longest.b - slack, 0)
    high = min(longest.a + len(quote) - longest.b + slack, len(text))
    window = text[low:high]
    runs = [
        block
        for block in difflib.SequenceMatcher(
            None, window, quote, autojunk=False
        ).get_matching_blocks()
        if block.size >= 3
    ]
    if not runs:
        return None
    start = max(low + runs[0].a - runs[0].b, 0)
    end = min(low + runs[-1].a + runs[-1].size + len(quote) - runs[-1].b - runs[-1].size, len(text))
    # Widened to whole words only where it cuts one in two: letters on both sides ("people—"
    # before "including" is another word, and would put the difference at the span's start).
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return text[start:end].strip()


def _pair_ids(entry: _Entry, key: str, pairs: _Pairs) -> tuple[str, ...]:
    """The optional list of pair ids under `key` (checked to exist once all pairs are read)."""
    ids = []
    for index, pair_id in entry.items(key, required=False):
        if not isinstance(pair_id, str):
            entry.fail("must be a list of pair ids", key, index)
            continue
        ids.append(pair_id)
        pairs.references.append((entry, key, index, pair_id))
    return tuple(ids)


def _read_synonyms(file: _YamlFile) -> Synonyms:
    groups: list[list[str]] = []
    # The group (1-based) and entry each entry, as the matcher sees it, was first given in.
    owner: dict[tuple[str, ...], tuple[int, str]] = {}
    for index, group in enumerate(_top_list(file, "synonyms")):
        path: _Path = ("synonyms", index)
        if not isinstance(group, list) or len(group) < 2:
            file.report(f"group {index + 1} must be a list of two or more words or phrases", path)
            continue
        good = True
        for e_index, entry in enumerate(group):
            where = (*path, e_index)
            if not isinstance(entry, str) or not entry.strip():
                message = f"group {index + 1}, entry {e_index + 1} must be non-empty text"
                file.report(message + file.misread(where, entry), where)
                good = False
                continue
            key = stem_key(entry)
            if not key or all(word in STOPWORDS for word in normalise(entry).split()):
                file.report(
                    f"group {index + 1}: '{entry}' has no content words, so it would never match",
                    where,
                )
                good = False
                continue
            if key in owner:
                group_number, earlier = owner[key]
                file.report(
                    f"group {index + 1}: '{entry}' is the same as '{earlier}' "
                    f"(group {group_number}) once stemmed",
                    where,
                )
                good = False
                continue
            owner[key] = (index + 1, entry)
        if good:
            groups.append(group)
    return Synonyms(groups)
