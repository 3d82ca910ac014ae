"""A cache of the built bot, so a one-off `qa-bot ask` skips reading, validating and indexing.

The cache file is named by a hash of everything the bot is built from: the bytes of the knowledge
base files, exactly those the bot is then built from, and the qa_bot code and safety data (their
sizes and modification times). Change any of them and the name changes, so a stale entry is never
read: it is simply not found.

An entry is a pickle, and reading a pickle runs code, so entries are the user's alone
(`qa_bot.private`): they live in `$XDG_CACHE_HOME/qa-bot` (`~/.cache/qa-bot`), a folder the user
owns with mode 0700 (a folder of someone else's is never used, a looser one of the user's is made
private); an entry is opened with `O_NOFOLLOW` relative to that folder and read only when the
opened file is a regular file the user owns, with no other link to it, that nobody else could
have written; a folder of the user's that others could write to is made private and emptied
first (an entry there may have been swapped for another knowledge base's). An entry is
written whole or not at all (a temporary file, then a rename); temporary files that a killed
process left behind are removed. Anything wrong means a cache miss: the bot is built as usual;
when the cache cannot be used at all (no home folder, a folder of someone else's, a read-only
disk), a `CacheWarning` says so once.

Where the cache lives is the caller's choice (`load_bot(cache=...)`), else the environment's:
`QA_BOT_CACHE=off` turns it off, `QA_BOT_CACHE=/some/folder` puts it in a `qa-bot` folder made
inside that one (the same rules hold for it; the folder named is never changed, so naming one's
home or a project folder loses nothing), and without either it is the XDG folder above. A
relative or empty folder is refused with a `CacheWarning`: it would name a different folder
wherever the command runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import time
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeAlias, TypeVar

from qa_bot.errors import CacheWarning
from qa_bot.private import (
    TEMPORARY_SUFFIX,
    PrivateFileError,
    home_folder,
    open_folder,
    read_file,
    replace_file,
)

T = TypeVar("T")
# What `load_bot(cache=...)` takes: None for the environment's choice, False for no cache, True
# for the default folder, or a folder of one's own.
CacheSetting: TypeAlias = "bool | str | os.PathLike[str] | None"
# The environment variable that says where the cache lives, or that there is none.
CACHE_VARIABLE = "QA_BOT_CACHE"
# Values of `QA_BOT_CACHE` that turn the cache off.
OFF_VALUES = frozenset({"off", "0", "no", "false", "none"})
# Old entries kept besides the one in use: enough for switching between a few knowledge bases.
KEEP_ENTRIES = 8
# An entry bigger than this was not written by qa-bot (100k wordings make about 60 MiB).
MAX_ENTRY_BYTES = 512 * 2**20
# A temporary file older than this belongs to a process that died while writing it.
STALE_TEMPORARY_SECONDS = 600
_ENTRY_PREFIX, _ENTRY_SUFFIX = "bot-", ".pickle"
# The folder of the cache's own inside the folder the user names (the XDG cache folder too).
_FOLDER = "qa-bot"


def cache_dir() -> Path:
    """Where cache entries live by default (`PrivateFileError` when there is no home folder)."""
    return home_folder("XDG_CACHE_HOME", ".cache") / _FOLDER


def cache_folder(setting: CacheSetting = None) -> Path | None:
    """The folder a `load_bot(cache=setting)` keeps its entries in, or None when it keeps none.

    Raises `PrivateFileError` when the default folder cannot be known (no home folder).
    """
    if setting is None:
        setting = os.environ.get(CACHE_VARIABLE, "").strip() or True
        if isinstance(setting, str) and setting.casefold() in OFF_VALUES:
            return None
    if setting is True:
        return cache_dir()
    if setting is False:
        return None
    chosen = Path(setting).expanduser()
    if not str(setting).strip() or not chosen.is_absolute():
        raise PrivateFileError(f"{str(setting)!r} is not an absolute folder")
    return chosen / _FOLDER


def cached(
    files: Mapping[Path, bytes],
    build: Callable[[], T],
    kind: type[T],
    *,
    setting: CacheSetting = None,
    on_build: Callable[[], object] | None = None,
) -> T:
    """`build()`'s result, from the cache when it was built from exactly these files' bytes before.

    `build` must build from `files` as given. An entry that does not hold a `kind` (written by
    other code) counts as a miss. `setting` says where the cache is (`cache_folder`); `on_build`
    is called just before a build, so that a caller can say that it will take a moment.
    """

    def built() -> T:
        if on_build is not None:
            on_build()
        return build()

    name = f"{_ENTRY_PREFIX}{_fingerprint(files)}{_ENTRY_SUFFIX}"
    try:
        where = cache_folder(setting)
        if where is None:
            return built()
        cleared = False

        def clear(shared: int) -> None:
            nonlocal cleared
            _clear(shared)
            cleared = True

        folder = open_folder(where, if_it_was_shared=clear)
    except OSError as exc:  # no home, someone else's folder, a file in its place, a bad setting
        _warn(f"the cache is off (cannot use its folder: {_reason(exc)})")
        return built()
    if cleared:
        _warn(
            f"the cache folder {where} was writable by others, so every entry in it was "
            "removed; it is private now"
        )
    try:
        found = _read(folder, name)
        if isinstance(found, kind):
            return found
        value = built()
        try:
            _write(folder, name, value)
        except (OSError, pickle.PicklingError, TypeError, RecursionError) as exc:
            # a read-only or full disk; a value pickle cannot take
            _warn(f"the cache is off (cannot write to it: {_reason(exc)})")
        return value
    finally:
        os.close(folder)


def _fingerprint(files: Mapping[Path, bytes]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    # The code that built the entry, and the safety screen's data: a new version, or any edit,
    # changes a file's size or time.
    package = Path(__file__).parent
    for module in sorted([*package.glob("*.py"), *(package / "safety").glob("*.*")]):
        info = module.stat()
        digest.update(f"{module.name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    for path, data in files.items():
        digest.update(str(path.resolve()).encode() + b"\0")
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _read(folder: int, name: str) -> object | None:
    try:
        data = read_file(folder, name, MAX_ENTRY_BYTES, refuse_shared=True)
        # Unpickling runs code: this is the user's own file, in the user's own folder (see above).
        loaded: object = pickle.loads(data)
        return loaded
    except Exception:  # missing, planted, truncated or outdated: only a cache miss
        return None


def _write(folder: int, name: str, value: object) -> None:
    replace_file(folder, name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    _prune(folder)


def _warn(message: str) -> None:
    # stacklevel: the warning points at whoever called `load_bot`, past `cached` and `load_bot`.
    warnings.warn(message, CacheWarning, stacklevel=4)


def _reason(exc: BaseException) -> str:
    """`exc` in a few words: `OSError`s carry the file and the system's reason."""
    if isinstance(exc, OSError) and exc.strerror and exc.filename is not None:
        return f"{exc.filename}: {exc.strerror}"
    return str(exc)


def _clear(folder: int) -> None:
    """Remove every entry of a cache folder that others could write to until now: any of them
    may have been swapped for another (it is private from now on)."""
    for name in os.listdir(folder):
        with contextlib.suppress(OSError):  # a folder someone made there is left alone
            os.unlink(name, dir_fd=folder)


def _prune(folder: int) -> None:
    """Keep the newest `KEEP_ENTRIES` entries, and drop temporary files left by dead writers."""
    entries: list[tuple[float, str]] = []
    now = time.time()
    for name in os.listdir(folder):
        try:
            info = os.stat(name, dir_fd=folder, follow_symlinks=False)
        except FileNotFoundError:
            continue  # pruned by another process meanwhile
        if not stat.S_ISREG(info.st_mode):
            continue
        if name.endswith(_ENTRY_SUFFIX) and name.startswith(_ENTRY_PREFIX):
            entries.append((info.st_mtime, name))
        elif (
            name.startswith(f".{_ENTRY_PREFIX}")  # `replace_file`'s, of an entry: nothing else
            and name.endswith(TEMPORARY_SUFFIX)
            and now - info.st_mtime > STALE_TEMPORARY_SECONDS
        ):
            _unlink(folder, name)
    for _, old in sorted(entries)[:-KEEP_ENTRIES]:
        _unlink(folder, old)


def _unlink(folder: int, name: str) -> None:
    with contextlib.suppress(FileNotFoundError):  # another process pruned it first
        os.unlink(name, dir_fd=folder)
