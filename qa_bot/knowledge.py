"""The knowledge base: loading and validating `knowledge/` into frozen dataclasses.

The YAML schema is documented in `knowledge/README.md`. Files are parsed with `yaml.safe_load`
only, validated by hand (unknown keys are errors), and every error names the file, the entry id,
the field and the line. Nothing here knows how questions are matched or answered.
"""

from __future__ import annotations

import itertools
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from qa_bot.errors import KnowledgeError
from qa_bot.text import STOPWORDS, Synonyms, normalise, squash_whitespace, stem_key

# PyYAML is imported only when a file is actually read: a bot from the cache never needs it.

SOURCES_FILE = "sources.yaml"
PAIRS_DIR = "pairs"
SYNONYMS_FILE = "synonyms.yaml"  # optional
# No knowledge base file may be bigger: a file this size is a mistake, not a knowledge base, and
# reading it would only exhaust memory. (100k generated wordings take about 10 MiB.)
MAX_FILE_BYTES = 64 * 2**20
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
    return sorted((root / PAIRS_DIR).glob("*.yaml")) if (root / PAIRS_DIR).is_dir() else []


def read_knowledge_files(root: Path) -> dict[Path, bytes]:
    """The bytes of every file of the knowledge base in `root` (see `knowledge_files`), each read
    once: the cache names its entry by exactly the bytes the bot is then built from.

    A missing `sources.yaml` or `pairs/` is left for `load_knowledge` to report.
    """
    # A symlink that leads nowhere (or round in a loop) is reported by `read_bytes`, not skipped.
    return {path: read_bytes(path) for path in knowledge_files(root) if os.path.lexists(path)}


def load_knowledge(
    directory: str | Path | None = None, *, contents: Mapping[Path, bytes] | None = None
) -> KnowledgeBase:
    """Load and validate a knowledge base directory; the bundled one when `directory` is None.

    `contents` is what `read_knowledge_files` read from it, when the caller read it already: the
    knowledge base is built from those bytes and those files, and no others.
    """
    root = knowledge_dir(directory)
    if not root.is_dir():
        reason = "it is a file" if root.exists() else "it does not exist"
        raise KnowledgeError(f"not a knowledge base directory ({reason})", file=root)
    if contents is None:
        contents = read_knowledge_files(root)
    sources_path = root / SOURCES_FILE
    if sources_path not in contents:
        raise KnowledgeError(f"missing {SOURCES_FILE}", file=root)
    pair_paths = [path for path in contents if path.parent == root / PAIRS_DIR]
    if not pair_paths:
        raise KnowledgeError(f"no question/answer files in {PAIRS_DIR}/", file=root)

    def read(path: Path) -> _YamlFile:
        return _YamlFile(path, _decode(contents[path], path))

    sources = _read_sources(read(sources_path))
    passages = {p.id: p for source in sources.values() for p in source.passages}
    pairs: dict[str, Pair] = {}
    # A wording shared by two pairs could never find both: each one must belong to one pair.
    wording_owner: dict[str, str] = {}
    files = [read(path) for path in pair_paths]
    for yaml_file in files:
        for pair, path in _read_pairs(yaml_file, passages):
            if pair.id in pairs:
                yaml_file.fail("duplicate pair id", (*path, "id"), entry=pair.id, field="id")
            pairs[pair.id] = pair
            for q_index, question in enumerate(pair.questions):
                owner = wording_owner.setdefault(normalise(question), pair.id)
                if owner != pair.id:
                    yaml_file.fail(
                        f"question {q_index + 1} is also a question of pair '{owner}'",
                        (*path, "questions", q_index),
                        entry=pair.id,
                        field="questions",
                    )
    for yaml_file in files:
        _check_related(yaml_file, pairs)
    synonyms_path = root / SYNONYMS_FILE
    synonyms = Synonyms()
    if synonyms_path in contents:
        synonyms = _read_synonyms(read(synonyms_path))
    return KnowledgeBase(
        root=root,
        sources=sources,
        passages=passages,
        pairs=pairs,
        files=tuple(contents),
        synonyms=synonyms,
    )


def load_sources(directory: str | Path | None = None) -> dict[str, Source]:
    """The documents of a knowledge base (its `sources.yaml` alone, validated), the bundled one
    when `directory` is None: what it is about, without reading its pairs."""
    path = knowledge_dir(directory) / SOURCES_FILE
    return _read_sources(_YamlFile(path, _decode(read_bytes(path), path)))


# --- reading YAML with locations -------------------------------------------------------------

_Path = tuple[str | int, ...]


class _YamlFile:
    """A parsed file that can point at the line of any value when something is wrong with it."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text
        self.data = _parse(text, path)

    def line_of(self, path: _Path) -> int | None:
        """1-based line of the value at `path`, or of its nearest ancestor that exists."""
        # Composing is only done on the error path, so loading a good base never pays for it.
        import yaml

        try:
            node = yaml.compose(self.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except (yaml.YAMLError, RecursionError):  # the error is reported without its line
            return None
        line = node.start_mark.line + 1 if node is not None else None
        for step in path:
            if isinstance(node, yaml.MappingNode):
                match = [v for k, v in node.value if getattr(k, "value", None) == step]
                if not match:
                    break
                key_node = next(k for k, v in node.value if v is match[0])
                line = key_node.start_mark.line + 1
                node = match[0]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    break
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def fail(
        self, message: str, path: _Path, *, entry: str | None = None, field: str | None = None
    ) -> NoReturn:
        raise KnowledgeError(
            message, file=self.path, entry=entry, field=field, line=self.line_of(path)
        )


class _Entry:
    """One mapping of a file (a source, a passage, a pair), read field by field."""

    def __init__(
        self, file: _YamlFile, value: Any, path: _Path, allowed: set[str], kind: str
    ) -> None:
        self.file = file
        self.path = path
        self.id: str | None = None
        if not isinstance(value, dict):
            file.fail(f"each {kind} must be a mapping of fields", path)
        self.value: dict[Any, Any] = value
        raw_id = value.get("id")
        self.id = raw_id if isinstance(raw_id, str) else None
        for key in value:
            if key not in allowed:
                self.fail(f"unknown key (allowed: {', '.join(sorted(allowed))})", str(key))

    def fail(self, message: str, field: str, *more: str | int) -> NoReturn:
        self.file.fail(message, (*self.path, field, *more), entry=self.id, field=field)

    def text(self, name: str, *, required: bool = True) -> str:
        value = self.value.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            self.fail("missing" if value is None else "must be text", name)
        if not value.strip():
            self.fail("must not be empty", name)
        return value.strip()

    def ident(self) -> str:
        value = self.text("id")
        if not _ID.fullmatch(value):
            self.fail("must be lower-case letters and digits joined by hyphens", "id")
        return value

    def flag(self, name: str) -> bool:
        value = self.value.get(name, False)
        if not isinstance(value, bool):
            self.fail("must be true or false", name)
        return value

    def items(self, name: str, *, required: bool = True) -> Iterator[tuple[int, Any]]:
        value = self.value.get(name)
        if value is None and not required:
            return iter(())
        if not isinstance(value, list) or not value:
            self.fail("must be a non-empty list", name)
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
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # a safe loader: never one that builds objects
    except RecursionError:  # "[[[[...]]]]" hundreds deep: PyYAML's parser recurses
        raise KnowledgeError("invalid YAML: nested too deeply", file=path) from None
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


def _top_list(file: _YamlFile, key: str) -> list[Any]:
    if not isinstance(file.data, dict) or set(file.data) != {key}:
        file.fail(f"the file must hold a single top-level key '{key}'", ())
    items = file.data[key]
    if not isinstance(items, list) or not items:
        file.fail(f"'{key}' must be a non-empty list", (key,), field=key)
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


def _read_sources(file: _YamlFile) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for index, value in enumerate(_top_list(file, "sources")):
        entry = _Entry(file, value, ("sources", index), _SOURCE_KEYS, "source")
        source_id = entry.ident()
        if source_id in sources:
            entry.fail("duplicate source id", "id")
        passages: dict[str, Passage] = {}
        for p_index, p_value in entry.items("passages"):
            p_entry = _Entry(
                file, p_value, (*entry.path, "passages", p_index), _PASSAGE_KEYS, "passage"
            )
            passage_id = f"{source_id}#{p_entry.ident()}"
            p_entry.id = passage_id
            if passage_id in passages:
                p_entry.fail("duplicate passage id", "id")
            text = p_entry.text("text")
            passages[passage_id] = Passage(
                id=passage_id,
                source_id=source_id,
                text=squash_whitespace(text),
                line_starts=_line_starts(text),
                section=p_entry.text("section", required=False) or None,
                public_comment=p_entry.flag("public_comment"),
            )
        names = []
        for n_index, name in entry.items("names", required=False):
            if not isinstance(name, str) or not name.strip():
                entry.fail("must be a list of names", "names", n_index)
            names.append(name)
        sources[source_id] = Source(
            id=source_id,
            short=entry.text("short"),
            title=entry.text("title"),
            author=entry.text("author"),
            publisher=entry.text("publisher"),
            kind=entry.text("kind"),
            reference=squash_whitespace(entry.text("reference")),
            passages=tuple(passages.values()),
            names=tuple(names),
        )
    return sources


def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of `text` after the first begins once its whitespace is squashed."""
    lines = [squash_whitespace(line) for line in text.split("\n")]
    starts, at = [], 0
    for line in filter(None, lines):
        if at:
            starts.append(at)
        at += len(line) + 1  # the space that joins it to the next
    return tuple(starts)


def _read_pairs(file: _YamlFile, passages: Mapping[str, Passage]) -> Iterator[tuple[Pair, _Path]]:
    for index, value in enumerate(_top_list(file, "pairs")):
        entry = _Entry(file, value, ("pairs", index), _PAIR_KEYS, "pair")
        pair_id = entry.ident()
        questions: list[str] = []
        seen: set[str] = set()
        for q_index, question in entry.items("questions"):
            if not isinstance(question, str) or not question.strip():
                entry.fail(f"question {q_index + 1} must be non-empty text", "questions", q_index)
            key = squash_whitespace(question).casefold()
            if key in seen:
                entry.fail(
                    f"question {q_index + 1} repeats an earlier wording", "questions", q_index
                )
            seen.add(key)
            questions.append(squash_whitespace(question))
        answer = squash_whitespace(entry.text("answer"))
        citations: list[QuoteRef] = []
        for c_index, c_value in entry.items("citations"):
            citation = _Entry(
                file, c_value, (*entry.path, "citations", c_index), _CITATION_KEYS, "citation"
            )
            citation.id = pair_id
            passage_id = citation.text("passage")
            quote = squash_whitespace(citation.text("quote"))
            passage = passages.get(passage_id)
            if passage is None:
                citation.fail(f"cites passage '{passage_id}', which does not exist", "passage")
            if quote not in passage.text:
                citation.fail(f"quote does not occur verbatim in passage '{passage_id}'", "quote")
            if passage.public_comment and "comment" not in answer.casefold():
                entry.fail(
                    f"cites the reader comment '{passage_id}', "
                    "so the answer must say it is a comment",
                    "answer",
                )
            citations.append(QuoteRef(passage_id, quote))
        related, because = _pair_ids(entry, "related"), _pair_ids(entry, "because")
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
        yield pair, entry.path


def _pair_ids(entry: _Entry, key: str) -> tuple[str, ...]:
    """The optional list of pair ids under `key` (checked to exist once all pairs are read)."""
    ids = []
    for index, pair_id in entry.items(key, required=False):
        if not isinstance(pair_id, str):
            entry.fail("must be a list of pair ids", key, index)
        ids.append(pair_id)
    return tuple(ids)


def _read_synonyms(file: _YamlFile) -> Synonyms:
    groups: list[list[str]] = []
    # The group (1-based) and entry each entry, as the matcher sees it, was first given in.
    owner: dict[tuple[str, ...], tuple[int, str]] = {}
    for index, group in enumerate(_top_list(file, "synonyms")):
        path: _Path = ("synonyms", index)
        if not isinstance(group, list) or len(group) < 2:
            file.fail(f"group {index + 1} must be a list of two or more words or phrases", path)
        for e_index, entry in enumerate(group):
            where = (*path, e_index)
            if not isinstance(entry, str) or not entry.strip():
                file.fail(f"group {index + 1}, entry {e_index + 1} must be non-empty text", where)
            key = stem_key(entry)
            if not key or all(word in STOPWORDS for word in normalise(entry).split()):
                file.fail(
                    f"group {index + 1}: '{entry}' has no content words, so it would never match",
                    where,
                )
            if key in owner:
                group_number, earlier = owner[key]
                file.fail(
                    f"group {index + 1}: '{entry}' is the same as '{earlier}' "
                    f"(group {group_number}) once stemmed",
                    where,
                )
            owner[key] = (index + 1, entry)
        groups.append(group)
    return Synonyms(groups)


def _check_related(file: _YamlFile, pairs: Mapping[str, Pair]) -> None:
    for index, value in enumerate(_top_list(file, "pairs")):
        pair = pairs[value["id"]]
        for key, ids in (("related", pair.related), ("because", pair.because)):
            for r_index, related_id in enumerate(ids):
                if related_id not in pairs:
                    file.fail(
                        f"{key} pair '{related_id}' does not exist",
                        ("pairs", index, key, r_index),
                        entry=pair.id,
                        field=key,
                    )
