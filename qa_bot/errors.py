"""The exceptions qa-bot raises, each with a message written for the person reading it.

    QaBotError              anything qa-bot reports instead of answering
    ├── KnowledgeError      a knowledge base that cannot be loaded (file, entry, field, line)
    ├── SafetyDataError     the safety screen's data cannot be loaded (file, and entry or line)
    └── EvalFileError       an evaluation file that cannot be read

    CacheWarning            the cache of the built bot is off this time (a `UserWarning`)

`Bot.ask` never raises: a question always gets an `Answer`. These come from loading files, and the
command line turns them into a one-line `Error: <message>` and exit status 2.
"""

from __future__ import annotations

from pathlib import Path


class QaBotError(Exception):
    """Base class: the message is complete and meant for the end user."""


class KnowledgeError(QaBotError):
    """A knowledge base file is missing, malformed or inconsistent."""

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        entry: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.entry = entry
        self.field = field
        self.line = line
        self.reason = message
        super().__init__(_locate(message, self.file, entry, field, line))


class SafetyDataError(QaBotError):
    """The safety screen's concepts, warning signs or model are missing or malformed."""


class EvalFileError(QaBotError):
    """An evaluation file is missing or malformed."""


def _locate(
    message: str, file: str | None, entry: str | None, field: str | None, line: int | None
) -> str:
    """`file:line: entry 'id', field 'name': message`, leaving out what is not known."""
    where = file or ""
    if line is not None:
        where += f":{line}"
    parts = [where] if where else []
    if entry is not None:
        parts.append(f"entry '{entry}'")
    if field is not None:
        parts.append(f"field '{field}'")
    prefix = ", ".join(parts[1:]) if where else ", ".join(parts)
    if where:
        return f"{where}: {prefix + ': ' if prefix else ''}{message}"
    return f"{prefix + ': ' if prefix else ''}{message}"


class CacheWarning(UserWarning):
    """The built bot could not be cached, or the cache could not be used: the bot works the same,
    only its next start is slower. The message says why (no home folder, a folder of another
    user's, a read-only disk)."""
