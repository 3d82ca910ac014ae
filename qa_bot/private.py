"""The files qa-bot keeps for a person (the cache, the chat history), and nobody else's.

People type health questions here, and the cache holds code that runs when it is read, so both
live in a folder that belongs to the person, mode 0700, in files of their own, mode 0600. Every
check is made on what was opened, never on a path that could change in between:

- the folder is made with mode 0700 (and so are the folders above it that are missing), opened
  with `O_NOFOLLOW` and checked with `fstat`: owned by the user (a folder of someone else's is
  refused, whatever its mode), then put to mode 0700 if it was looser, and what others may have
  put in it meanwhile is cleared by the caller (`if_it_was_shared`);
- files are opened relative to that folder's descriptor, with `O_NOFOLLOW` (a planted symlink
  fails to open) and `O_NONBLOCK` (a FIFO planted there cannot hang the open), then checked with
  `fstat`: a regular file the user owns, with no other hard link to it, put to mode 0600.

A folder or file that fails a check raises `PrivateFileError`, which callers turn into "no cache
this time" or "history is off": never into a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
TEMPORARY_SUFFIX = ".tmp"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class PrivateFileError(OSError):
    """A folder or file that is not the user's alone, and is left alone."""


def home_folder(variable: str, *fallback: str) -> Path:
    """`$variable`, or `~/<fallback...>`: the XDG base folders.

    As the XDG specification asks, a relative `$variable` is ignored (it would name a folder
    wherever the command happens to run). Raises `PrivateFileError` when no folder can be known
    (no `HOME`, or a relative one, and a uid without a passwd entry, as in many containers): the
    caller goes on without the file.
    """
    base = os.environ.get(variable, "")
    if os.path.isabs(base):
        return Path(base)
    try:
        home = Path.home()
    except (RuntimeError, KeyError) as exc:  # Path.home() without HOME or a passwd entry
        raise PrivateFileError(f"no ${variable} and no home folder") from exc
    if not home.is_absolute():  # HOME="" or a relative HOME
        raise PrivateFileError(f"no ${variable} and no home folder")
    return home.joinpath(*fallback)


def open_folder(path: Path, *, if_it_was_shared: Callable[[int], None] | None = None) -> int:
    """A descriptor of the folder at `path`, made if missing, checked and made private.

    A folder that others could write to until now may hold anything they put there: once it is
    private, `if_it_was_shared` is called with its descriptor to clear what cannot be trusted.
    The caller closes the descriptor.
    """
    _make_folders(path)
    descriptor = _open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    shared = _checked(descriptor, str(path), stat.S_ISDIR, "a folder", FOLDER_MODE)
    if shared and if_it_was_shared is not None:
        try:
            if_it_was_shared(descriptor)
        except BaseException:
            os.close(descriptor)
            raise
    return descriptor


def open_file(
    folder: int,
    name: str,
    flags: int,
    *,
    refuse_shared: bool = False,
    if_it_was_shared: Callable[[int], None] | None = None,
) -> int:
    """A descriptor of the file `name` in the folder `folder`, opened with `flags` (created mode
    0600 with `os.O_CREAT`), checked to be a regular file of the user's with no other link to
    it, and made private.

    `refuse_shared` refuses a file that others could have written, instead of making it private:
    for a file whose content runs as code when read. Otherwise, `if_it_was_shared` is called with
    the descriptor of such a file, once it is private. The caller closes the descriptor.
    """
    descriptor = _open(name, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC, FILE_MODE, dir_fd=folder)
    shared = _checked(descriptor, name, stat.S_ISREG, "a regular file", FILE_MODE, refuse_shared)
    try:
        if shared and if_it_was_shared is not None:
            if_it_was_shared(descriptor)
        os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def read_file(folder: int, name: str, limit: int, *, refuse_shared: bool = False) -> bytes:
    """The bytes of the private file `name`, at most `limit` of them (more is an error)."""
    descriptor = open_file(folder, name, os.O_RDONLY, refuse_shared=refuse_shared)
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise PrivateFileError(f"{name} is larger than {limit} bytes")
    return data


def replace_file(folder: int, name: str, data: bytes) -> None:
    """Put `data` in the private file `name` whole or not at all: written to a temporary file
    beside it (named `.NAME.RANDOM.tmp`), then renamed over it."""
    temporary = f".{name}.{secrets.token_hex(8)}{TEMPORARY_SUFFIX}"
    descriptor = open_file(folder, temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())  # on disk before it takes the name, whatever the filesystem
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        os.unlink(temporary, dir_fd=folder)
        raise


def _make_folders(path: Path) -> None:
    """`path` and the folders above it that are missing, each made private (mode 0700, whatever
    the umask): a missing `~/.cache` is not made for everyone to read."""
    missing = []
    for folder in (path, *path.parents):
        if os.path.lexists(folder):
            break
        missing.append(folder)
    for folder in reversed(missing):
        # Made meanwhile by another process, or a file in the way: the open reports the latter.
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, FOLDER_MODE)


def _open(path: str | Path, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
    """`os.open`, with a symlink refused by `O_NOFOLLOW` said as such."""
    try:
        return os.open(path, flags, mode, dir_fd=dir_fd)
    except OSError as exc:
        # ELOOP for a file; ENOTDIR for a folder, as O_DIRECTORY sees the link, not a folder.
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and _is_symlink(path, dir_fd):
            raise PrivateFileError(f"{path} is a symbolic link, never followed") from None
        raise


def _is_symlink(path: str | Path, dir_fd: int | None) -> bool:
    with contextlib.suppress(OSError):
        return stat.S_ISLNK(os.stat(path, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    return False


def _checked(
    descriptor: int,
    name: str,
    is_kind: Callable[[int], bool],
    kind: str,
    mode: int,
    refuse_shared: bool = False,
) -> bool:
    """Check that `descriptor` opened the kind wanted, the user's, and put it to `mode`; whether
    others could write to it until now. Closes it, and raises `PrivateFileError`, otherwise."""
    try:
        info = os.fstat(descriptor)
        if not is_kind(info.st_mode):
            raise PrivateFileError(f"{name} is not {kind}")
        if info.st_uid != os.geteuid():
            raise PrivateFileError(f"{name} belongs to another user")
        if stat.S_ISREG(info.st_mode) and info.st_nlink != 1:
            # A hard link someone made to another file: writing here would write there.
            raise PrivateFileError(f"{name} has other links to it")
        shared = bool(info.st_mode & 0o022)
        if refuse_shared and shared:
            raise PrivateFileError(f"{name} could have been written by others")
        if stat.S_IMODE(info.st_mode) != mode:
            os.fchmod(descriptor, mode)
    except BaseException:
        os.close(descriptor)
        raise
    return shared
