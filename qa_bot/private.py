"""The files qa-bot keeps for a person (the cache, the chat history), and nobody else's.

People type health questions here, and the cache holds code that runs when it is read, so both
live in a folder that belongs to the person, mode 0700, in files of their own, mode 0600. Every
check is made on what was opened, never on a path that could change in between:

- the folder is opened with `O_NOFOLLOW` and checked with `fstat`: owned by the user (a folder
  of someone else's is refused, whatever its mode), then put to mode 0700 if it was looser;
- files are opened relative to that folder's descriptor, with `O_NOFOLLOW` (a planted symlink
  fails to open) and `O_NONBLOCK` (a FIFO planted there cannot hang the open), then checked with
  `fstat`: a regular file the user owns, put to mode 0600.

A folder or file that fails a check raises `PrivateFileError`, which callers turn into "no cache
this time" or "history is off": never into a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class PrivateFileError(OSError):
    """A folder or file that is not the user's alone, and is left alone."""


def home_folder(variable: str, *fallback: str) -> Path:
    """`$variable`, or `~/<fallback...>`: the XDG base folders.

    Raises `PrivateFileError` when neither can be known (no `HOME` and a uid without a passwd
    entry, as in many containers): the caller goes on without the file.
    """
    base = os.environ.get(variable)
    if base:
        return Path(base)
    try:
        return Path.home().joinpath(*fallback)
    except (RuntimeError, KeyError) as exc:  # Path.home() without HOME or a passwd entry
        raise PrivateFileError(f"no ${variable} and no home folder") from exc


def open_folder(path: Path) -> int:
    """A descriptor of the folder at `path`, made if missing, checked and made private.

    The caller closes it.
    """
    # A file or a dangling symlink where the folder should be fails the open below.
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    descriptor = _open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
    return _checked(descriptor, str(path), stat.S_ISDIR, "a folder", FOLDER_MODE)


def open_file(folder: int, name: str, flags: int, *, refuse_shared: bool = False) -> int:
    """A descriptor of the file `name` in the folder `folder`, opened with `flags` (created mode
    0600 with `os.O_CREAT`), checked to be a regular file of the user's, and made private.

    `refuse_shared` refuses a file that others could have written, instead of making it private:
    for a file whose content runs as code when read. The caller closes the descriptor.
    """
    descriptor = _open(name, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC, FILE_MODE, dir_fd=folder)
    _checked(descriptor, name, stat.S_ISREG, "a regular file", FILE_MODE, refuse_shared)
    os.set_blocking(descriptor, True)
    return descriptor


def read_file(folder: int, name: str, limit: int, *, refuse_shared: bool = False) -> bytes:
    """The bytes of the private file `name`, at most `limit` of them (more is an error)."""
    descriptor = open_file(folder, name, os.O_RDONLY, refuse_shared=refuse_shared)
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise PrivateFileError(f"{name} is larger than {limit} bytes")
    return data


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
) -> int:
    """`descriptor`, once what it opened is of the kind wanted and the user's, put to `mode`;
    closed, and a `PrivateFileError` raised, otherwise."""
    try:
        info = os.fstat(descriptor)
        if not is_kind(info.st_mode):
            raise PrivateFileError(f"{name} is not {kind}")
        if info.st_uid != os.geteuid():
            raise PrivateFileError(f"{name} belongs to another user")
        if refuse_shared and info.st_mode & 0o022:
            raise PrivateFileError(f"{name} could have been written by others")
        if stat.S_IMODE(info.st_mode) != mode:
            os.fchmod(descriptor, mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor
