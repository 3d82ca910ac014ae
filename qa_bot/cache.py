"""A cache of the built bot, so a one-off `qa-bot ask` skips reading, validating and indexing.

The cache file is named by a hash of everything the bot is built from: the knowledge base files'
contents, and the qa_bot code and safety data (their sizes and modification times). Change any of
them and the name changes, so a stale entry is never read: it is simply not found. Entries live in
`$XDG_CACHE_HOME/qa-bot` (`~/.cache/qa-bot`), in a folder only the user can open; an entry is
written whole or not at all (a temporary file, then a rename), read only when the user owns it
and nobody else can write it, and anything wrong with it means it is ignored and rebuilt. A cache
that cannot be written is no error: the bot is built as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
# Old entries kept besides the one in use: enough for switching between a few knowledge bases.
KEEP_ENTRIES = 8


def cache_dir() -> Path:
    """Where cache entries live."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qa-bot"


def cached(files: Iterable[Path], build: Callable[[], T], kind: type[T]) -> T:
    """`build()`'s result, from the cache when it was built from exactly these files before.

    An entry that does not hold a `kind` (written by other code) counts as a miss.
    """
    try:
        path = cache_dir() / f"bot-{_fingerprint(files)}.pickle"
    except OSError:
        return build()  # a file vanished while hashing: let the real load report it
    found = _read(path)
    if isinstance(found, kind):
        return found
    value = build()
    _write(path, value)
    return value


def _fingerprint(files: Iterable[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    # The code that built the entry, and the safety screen's data: a new version, or any edit,
    # changes a file's size or time.
    package = Path(__file__).parent
    for module in sorted([*package.glob("*.py"), *(package / "safety").glob("*.*")]):
        stat = module.stat()
        digest.update(f"{module.name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for file in files:
        digest.update(str(file.resolve()).encode() + b"\0")
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> object | None:
    try:
        stat = path.stat()
        # Unpickling runs code: only a file the user owns and nobody else can change.
        if stat.st_uid != os.getuid() or stat.st_mode & 0o022:
            return None
        with path.open("rb") as file:
            loaded: object = pickle.load(file)  # the user's own private file: see above
            return loaded
    except Exception:  # a missing, truncated or outdated entry is only a cache miss
        return None


def _write(path: Path, value: object) -> None:
    import tempfile  # only when writing: a cache hit never pays for it

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except (OSError, pickle.PicklingError):
        pass  # no cache this time; the bot works the same


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("bot-*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-KEEP_ENTRIES]:
        old.unlink(missing_ok=True)
